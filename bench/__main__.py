"""`make bench`: figures, not assertions (docs/performance.md).

Runs against its own database (var/bench/ on SQLite, or DATABASE_URL), so the
demo database is never touched. Prints a table and writes bench/results/latest.json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_ms(fn, runs: int) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description="cnscd benchmarks")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--skip-teams", action="store_true", help="only the unit figures"
    )
    parser.add_argument(
        "--national",
        type=int,
        default=0,
        metavar="FACTS",
        help="also the national pivot benchmark with this many facts (e.g. 10000000)",
    )
    parser.add_argument(
        "--only-uploads",
        action="store_true",
        help="only the malicious-upload figures (issue #13)",
    )
    parser.add_argument(
        "--only-national",
        action="store_true",
        help="only the national pivot benchmark (with --national)",
    )
    args = parser.parse_args()
    os.environ.setdefault("CNSCD_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cnscd.accounts.models import User
    from cnscd.demo.loader import load_demo
    from cnscd.units.loader import load_units
    from cnscd.units.models import AdministrativeUnit

    # Keep one connection for the whole run, as a long-lived worker does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    results: dict[str, object] = {
        "engine": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} CPU, {platform.machine()}",
    }
    rows: list[tuple[str, str]] = []

    first_load = not AdministrativeUnit.objects.exists()
    start = time.perf_counter()
    load_units()
    seconds = time.perf_counter() - start
    key = "load_units_first_s" if first_load else "load_units_rerun_s"
    results[key] = round(seconds, 2)
    rows.append(
        (
            f"load_units ({'first load, both structures' if first_load else 're-run, no change'})",
            f"{seconds:.2f} s",
        )
    )
    if first_load:
        start = time.perf_counter()
        load_units()
        results["load_units_rerun_s"] = round(time.perf_counter() - start, 2)
        rows.append(
            ("load_units (re-run, no change)", f"{results['load_units_rerun_s']:.2f} s")
        )
    if not args.only_national:
        load_demo()

        province = User.objects.get(username="tinh.haiduong")
        if not Authenticator.objects.filter(user=province).exists():
            Authenticator.objects.create(
                user=province,
                type=Authenticator.Type.TOTP,
                data={"secret": "JBSWY3DPEHPK3PXP"},
            )
        operator, _ = User.objects.get_or_create(
            username="bench.operator", defaults={"is_superuser": True, "is_staff": True}
        )
        if not Authenticator.objects.filter(user=operator).exists():
            Authenticator.objects.create(
                user=operator,
                type=Authenticator.Type.TOTP,
                data={"secret": "JBSWY3DPEHPK3PXP"},
            )
        hd = AdministrativeUnit.objects.get(
            structure="legacy", level="province", code="30"
        )

        pages = [
            ("tree_root_province_officer", province, "/units/"),
            ("tree_root_operator_national_2025", operator, "/units/"),
            (
                "tree_root_operator_national_legacy",
                operator,
                "/units/?as_of=2025-06-30",
            ),
            ("unit_detail_hai_duong_12_districts", province, f"/units/{hd.pk}/"),
            ("search_thanh_mien", province, "/units/?q=thanh+mien"),
            ("api_children_hai_duong", province, f"/api/v1/units/{hd.pk}/children/"),
        ]

        def time_page(name: str, user: object, url: str) -> None:
            client = Client()
            client.force_login(user)
            assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            queries = len(
                ctx.captured_queries
            )  # read now: later requests reset the log
            p50, p95 = median_ms(lambda c=client, u=url: c.get(u), args.runs)
            results[name] = {
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "queries": queries,
            }
            rows.append(
                (
                    f"{name} {url}",
                    f"p50 {p50:.1f} ms · p95 {p95:.1f} ms · {queries} queries",
                )
            )

        for name, user, url in pages:
            time_page(name, user, url)

        if not args.skip_teams and not args.only_uploads:
            from bench.teams import bench_import, build_province_network

            province20 = build_province_network()
            for name, user, url in [
                (
                    "coverage_province_1400_teams",
                    operator,
                    f"/teams/coverage/{province20.pk}/?partial=1&on=2025-06-30",
                ),
                (
                    "coverage_demo_province",
                    province,
                    f"/teams/coverage/{hd.pk}/?partial=1&on=2025-06-30",
                ),
                (
                    "team_list_province_1400_teams",
                    operator,
                    f"/teams/?unit={province20.pk}",
                ),
            ]:
                time_page(name, user, url)
            bench_import(rows, results)

        if not args.only_uploads:
            from bench.indicators import bench_indicators, bench_national_sheet

            bench_indicators(rows, results, args.runs)
            bench_national_sheet(rows, results)

            from bench.concurrency import bench_concurrency

            bench_concurrency(rows, results)

            from bench.reports import bench_reports

            bench_reports(rows, results)

        from bench.uploads import bench_uploads

        bench_uploads(rows, results)

    if args.national:
        from bench.national import build, measure

        print(f"National dataset: {args.national:,} facts …")
        results["national_build"] = build(args.national, print)
        nat = measure(args.runs, print)
        results["national"] = nat
        rows.append(
            (
                f"national half-year pivot, 34 provinces ({args.national:,} facts)",
                f"{nat['national_half_year_pivot_ms']:.2f} ms · DuckDB raw scan {nat['duckdb_national_ms']:.2f} ms · ratio {nat['national_ratio']}",
            )
        )
        rows.append(
            (
                "one province by commune (Hà Nội, 126 communes), half-year",
                f"{nat['province_by_commune_ms']:.2f} ms · DuckDB {nat['duckdb_province_ms']:.2f} ms · ratio {nat['province_ratio']}",
            )
        )
        rows.append(
            (
                "the country's own row (its roll-ups), half-year",
                f"{nat['national_total_ms']:.2f} ms",
            )
        )
        rows.append(("results identical to DuckDB's", str(nat["results_agree"])))

    width = max(len(r[0]) for r in rows)
    print(
        f"cnscd bench — {results['engine']}, Python {results['python']}, {results['machine']}"
    )
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    suffix = (
        "-national" if args.only_national else "-uploads" if args.only_uploads else ""
    )
    (out / f"latest-{results['engine']}{suffix}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
