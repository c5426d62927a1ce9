"""Issue #3 figures: a 10,000-member import and the coverage page of a province
with 1,400 teams and 7,000 members."""

import io
import random
import time
from typing import Any

from openpyxl import Workbook

from cnscd.teams.exports import HEADER


def member_workbook(rows: int, villages: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["DANH SÁCH THÀNH VIÊN TỔ CNSCĐ"])
    ws.append(HEADER)
    positions = ["Tổ trưởng", "Tổ phó", "Tổ viên", "Tổ viên", "Tổ viên"]
    orgs = [
        "Trưởng thôn",
        "Đoàn Thanh niên",
        "Công an xã",
        "Hội Phụ nữ",
        "VNPT",
        "Viettel",
        "Bưu điện",
    ]
    for i in range(rows):
        ws.append(
            [
                i + 1,
                f"Thành Viên Số {i + 1}",
                rng.choice(["Nam", "Nữ"]),
                rng.randint(1960, 2003),
                positions[i % 5],
                rng.choice(orgs),
                f"097{i:07d}",
                f"Thôn Thử {i % villages + 1}",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def bench_import(rows_out: list[tuple[str, str]], results: dict[str, Any]) -> None:
    from cnscd.core.system import SYSTEM
    from cnscd.teams.imports import members_import
    from cnscd.units.models import AdministrativeUnit

    # A commune of another province, so the demo data is not touched.
    commune = (
        AdministrativeUnit.objects.filter(
            structure="legacy", level="commune", code="06001"
        ).first()
        or AdministrativeUnit.objects.filter(structure="legacy", level="commune")
        .order_by("-code")
        .first()
    )
    assert commune is not None
    data = member_workbook(10_000, villages=200)
    kb = len(data) // 1024
    start = time.perf_counter()
    dry = members_import(
        actor=SYSTEM,
        commune=commune,
        data=data,
        filename="bench.xlsx",
        create_villages=True,
        dry_run=True,
    )
    t_dry = time.perf_counter() - start
    start = time.perf_counter()
    done = members_import(
        actor=SYSTEM,
        commune=commune,
        data=data,
        filename="bench.xlsx",
        create_villages=True,
    )
    t_commit = time.perf_counter() - start
    start = time.perf_counter()
    again = members_import(
        actor=SYSTEM,
        commune=commune,
        data=data,
        filename="bench.xlsx",
        create_villages=True,
    )
    t_again = time.perf_counter() - start
    results["import_10000"] = {
        "file_kib": kb,
        "dry_run_s": round(t_dry, 2),
        "commit_s": round(t_commit, 2),
        "reimport_s": round(t_again, 2),
        "dry_run": dry.as_dict()["created"],
        "created": done.as_dict()["created"],
        "unchanged_on_reimport": again.as_dict()["unchanged"],
    }
    rows_out.append(
        (f"import 10,000 members ({kb} KiB .xlsx): dry run", f"{t_dry:.2f} s")
    )
    rows_out.append(
        (
            "import 10,000 members: commit (200 villages, teams, people)",
            f"{t_commit:.2f} s",
        )
    )
    rows_out.append(
        ("import 10,000 members: re-import (all unchanged)", f"{t_again:.2f} s")
    )


def build_province_network(teams: int = 1400, members: int = 7000) -> Any:
    """Villages, teams and members under one legacy province (Lạng Sơn, code 20)."""
    from cnscd.core.text import search_key
    from cnscd.teams.choices import BodyKind, Position
    from cnscd.teams.models import Body, Membership, Person
    from cnscd.units.models import AdministrativeUnit
    from cnscd.units.services import new_village

    province = AdministrativeUnit.objects.get(
        structure="legacy", level="province", code="20"
    )
    if Body.objects.filter(unit__path__startswith=province.path).count() >= teams:
        return province
    communes = list(
        AdministrativeUnit.objects.filter(
            path__startswith=province.path, level="commune"
        )
    )
    villages = []
    for i in range(teams):
        commune = communes[i % len(communes)]
        villages.append(
            new_village(
                commune,
                f"{commune.code}.{900 + i // len(communes):03d}",
                f"Thôn Đo {i}",
                "thon",
            )
        )
    AdministrativeUnit.objects.bulk_create(villages, batch_size=1000)
    bodies = Body.objects.bulk_create(
        [
            Body(kind=BodyKind.COMMUNITY_TEAM, unit=v, name=f"Tổ CNSCĐ {v.name}")
            for v in villages
        ],
        batch_size=1000,
    )
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=f"Người Đo {i}",
                search_key=search_key(f"Người Đo {i}"),
                phone=f"096{i:07d}",
                sex="male" if i % 2 else "female",
            )
            for i in range(members)
        ],
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=p,
                body=bodies[i % teams],
                position=Position.LEADER if i < teams else Position.MEMBER,
            )
            for i, p in enumerate(people)
        ],
        batch_size=1000,
    )
    return province
