"""The demo province: Hải Dương (code 30, legacy structure) as `make run` shows it.

Idempotent: units and accounts are created once; a second run changes nothing.
Demo passwords are random, generated when an account is created, kept in
var/demo-accounts.txt (mode 0600) so that every run can print them again.
"""

import dataclasses
import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from cnscd.accounts.models import Assignment, Organisation, User
from cnscd.accounts.services import generate_password
from cnscd.activities.choices import ActivityKind
from cnscd.activities.models import Activity
from cnscd.activities.services import Entry as ActivityEntry
from cnscd.activities.services import activity_create
from cnscd.core import audit
from cnscd.core.periods import parse_period
from cnscd.core.roles import Role
from cnscd.core.system import SYSTEM
from cnscd.core.text import search_key
from cnscd.demo import present
from cnscd.demo.network import load_network
from cnscd.evaluation.choices import TargetMethod
from cnscd.evaluation.models import Target
from cnscd.evaluation.targets import targets_distribute
from cnscd.indicators import workflow
from cnscd.indicators.imports import import_sheet
from cnscd.indicators.models import Indicator
from cnscd.indicators.seed_appendix import appendix_workbook
from cnscd.indicators.selectors import form_get
from cnscd.teams.carry_over import CarryResult, carry_over
from cnscd.teams.choices import BodyKind
from cnscd.teams.models import Body
from cnscd.units.choices import Level, Structure, UnitType
from cnscd.units.loader import load_units
from cnscd.units.models import AdministrativeUnit
from cnscd.units.services import new_village

PROVINCE_CODE = "30"
TODAY_PROVINCE_CODE = "31"  # Thành phố Hải Phòng (2025), which took in Hải Dương
DISTRICT_CODE = "300"  # Huyện Thanh Miện: the demo district
VILLAGE_NAMES = [
    "Thôn Đông",
    "Thôn Đoài",
    "Thôn Nam",
    "Thôn Bắc",
    "Thôn Trung",
    "Thôn Thượng",
]
URBAN_TYPES = {UnitType.PHUONG, UnitType.THI_TRAN}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit: AdministrativeUnit
    password: str
    today: str = ""  # the units of the 2025 structure it also works on


@dataclass(frozen=True)
class DemoResult:
    villages_created: int
    people_created: int
    accounts: list[DemoAccount]
    appendix_findings: int
    carried: CarryResult | None = None
    present_reports: int = 0
    present_sessions: int = 0


def _credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


def _villages_for(commune: AdministrativeUnit) -> list[tuple[str, str]]:
    count = 3 + (int(commune.code) // 3) % 4
    if commune.unit_type in URBAN_TYPES:
        return [
            (f"Khu dân cư số {i}", UnitType.KHU_DAN_CU) for i in range(1, count + 1)
        ]
    return [(name, UnitType.THON) for name in VILLAGE_NAMES[:count]]


def _ensure_villages(province: AdministrativeUnit) -> int:
    communes = list(
        AdministrativeUnit.objects.subtree_of(province.path).filter(level=Level.COMMUNE)
    )
    existing = {
        (v.parent_id, v.search_key)
        for v in AdministrativeUnit.objects.subtree_of(province.path).filter(
            level=Level.VILLAGE
        )
    }
    new = []
    for commune in communes:
        for index, (name, unit_type) in enumerate(_villages_for(commune), start=1):
            if (commune.pk, search_key(name)) in existing:
                continue
            code = f"{commune.code}.{index:03d}"
            new.append(new_village(commune, code, name, unit_type))
    AdministrativeUnit.objects.bulk_create(new, batch_size=500)
    if new:
        audit.record(
            actor=None,
            action="demo.villages",
            unit_path=province.path,
            message=f"Tạo {len(new)} thôn, khu dân cư trình diễn",
        )
    return len(new)


def load_appendix(province: AdministrativeUnit) -> int:
    """The seed's appendix for 2023S1 through the officers' import path;
    returns the number of findings (re-running stores nothing new)."""
    result = import_sheet(
        actor=SYSTEM,
        data=appendix_workbook(),
        filename="phu-luc-bao-cao-08-8-2023.xlsx",
        period="2023S1",
        parent=province,
    )
    if not result.stored:
        raise RuntimeError(
            "The seed appendix did not import: " + str(result.as_dict()["findings"])
        )
    return len(result.findings)


# What the seed says each enterprise reported (its section II.2-3, figures as
# of August 2023), entered as the enterprises' own reports for 2023Q2.
PARTNER_FIGURES = {
    "VNPT": {"digital_signatures": "372"},
    "Viettel": {
        "qr_markets": "16",
        "qr_merchants": "370",
        "elearning_users": "225",
        "elearning_lessons": "109",
    },
    "MobiFone": {"mobile_money_accounts": "1.953"},
    "Bưu điện": {"digital_addresses": "566.344", "martyr_graves_digitised": "38.941"},
}
PARTNER_PERIOD = "2023Q2"


def load_partner_reports(province: AdministrativeUnit) -> int:
    """The enterprises' reports to the demo province (once), submitted through
    the same workflow a partner reporter uses; returns how many were made."""
    form = form_get("bc-doanh-nghiep")
    period = parse_period(PARTNER_PERIOD)
    made = 0
    for short_name, figures in PARTNER_FIGURES.items():
        organisation = Organisation.objects.get(short_name=short_name)
        report = workflow.report_for_display(
            form=form, unit=province, period=period, organisation=organisation
        )
        if report.pk:
            continue
        workflow.report_save(
            actor=SYSTEM,
            report=report,
            period=period,
            version=1,
            raw=figures,
            submit=True,
        )
        made += 1
    return made


def load_activities(commune: AdministrativeUnit) -> int:
    """Generated sessions (deterministic, illustrative: the seed has no
    activity log) for the teams of one demo commune in 2023S1, logged through
    the same service a team member uses; returns how many were made (once)."""
    teams = list(
        Body.objects.filter(
            kind=BodyKind.COMMUNITY_TEAM, unit__parent=commune
        ).order_by("unit__code")
    )
    if not teams or Activity.objects.filter(body__in=teams).exists():
        return 0
    rng = random.Random(commune.code)  # noqa: S311 - demo data, not secrets
    kinds = list(ActivityKind.values)
    made = 0
    for index, team in enumerate(teams):
        for _ in range(2 + 2 * index % 7):
            day = dt.date(2023, rng.randint(1, 6), rng.randint(1, 28))
            activity_create(
                actor=SYSTEM,
                body=team,
                entry=ActivityEntry(day, rng.choice(kinds), rng.randint(5, 60)),
            )
            made += 1
    return made


# Illustrative, not from the seed (which says targets were assigned but not
# what they were): 400.000 citizens to guide in 2023S1, split by villages.
DEMO_TARGET = ("citizens_guided", "2023S1", Decimal(400_000))


def load_targets(province: AdministrativeUnit) -> int:
    """The demo province's targets for its districts (once); returns how many."""
    code, period, total = DEMO_TARGET
    existing = Target.objects.filter(
        unit__parent=province, indicator__code=code, period=period
    )
    if existing.exists():
        return existing.count()
    result = targets_distribute(
        actor=SYSTEM,
        parent=province,
        indicator=Indicator.objects.get(code=code),
        period=parse_period(period),
        total=total,
        method=TargetMethod.VILLAGES,
    )
    return len(result.shares)


def _slug(unit: AdministrativeUnit) -> str:
    return search_key(unit.short_name).replace(" ", "")


@transaction.atomic
def load_demo(*, reset_passwords: bool = False) -> "DemoResult":
    """Create the demo province's villages, network and accounts (once)."""
    units = AdministrativeUnit.objects.filter(structure=Structure.LEGACY)
    province = units.filter(level=Level.PROVINCE, code=PROVINCE_CODE).first()
    if province is None:
        load_units()
        province = units.get(level=Level.PROVINCE, code=PROVINCE_CODE)
    villages = _ensure_villages(province)
    people = load_network(province)
    appendix = load_appendix(province)
    load_targets(province)
    load_partner_reports(province)
    district = units.get(level=Level.DISTRICT, code=DISTRICT_CODE)
    communes = list(units.filter(parent=district).order_by("code")[:2])
    village = (
        units.filter(parent=communes[0], level=Level.VILLAGE).order_by("code").first()
    )
    load_activities(communes[0])
    if village is None:
        raise RuntimeError("Demo commune has no village.")
    country = units.get(level=Level.COUNTRY)
    plan = [
        ("bo.khcn", "Cán bộ Bộ KH&CN (trình diễn)", Role.NATIONAL_OFFICER, country),
        ("tinh.haiduong", "Cán bộ Sở (trình diễn)", Role.PROVINCE_OFFICER, province),
        (
            f"huyen.{_slug(district)}",
            "Cán bộ huyện (trình diễn)",
            Role.DISTRICT_OFFICER,
            district,
        ),
        (
            f"xa.{_slug(communes[0])}",
            "Cán bộ xã (trình diễn)",
            Role.COMMUNE_OFFICER,
            communes[0],
        ),
        (
            f"xa.{_slug(communes[1])}",
            "Cán bộ xã bên cạnh (trình diễn)",
            Role.COMMUNE_OFFICER,
            communes[1],
        ),
        (
            "dn.viettel",
            "Báo cáo viên Viettel Hải Dương (trình diễn)",
            Role.PARTNER_REPORTER,
            province,
        ),
        (
            f"totruong.{_slug(communes[0])}",
            "Tổ trưởng Tổ CNSCĐ (trình diễn)",
            Role.TEAM_LEADER,
            village,
        ),
    ]
    path = _credentials_file()
    saved: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    accounts = []
    for username, full_name, role, unit in plan:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        if created or reset_passwords or username not in saved:
            saved[username] = generate_password()
            user.set_password(saved[username])
            user.save()
            audit.record(
                actor=None,
                action="demo.account",
                obj=user,
                unit_path=unit.path,
                message="Tài khoản trình diễn",
            )
        Assignment.objects.get_or_create(
            user=user,
            unit=unit,
            role=role,
            defaults={
                "organisation": Organisation.objects.get(short_name="Viettel")
                if role == Role.PARTNER_REPORTER
                else None
            },
        )
        accounts.append(DemoAccount(username, full_name, role, unit, saved[username]))
    path.write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    path.chmod(0o600)
    city, carried = _carry_into_today(accounts)
    reports = present.load_monthly_figures(city)
    leader = next(a for a in accounts if a.role == Role.TEAM_LEADER)
    village_today = (
        Assignment.objects.filter(
            user__username=leader.username, unit__structure=Structure.FROM_2025
        )
        .select_related("unit__parent")
        .first()
    )
    sessions = (
        present.load_recent_sessions(village_today.unit.parent)
        if village_today and village_today.unit.parent
        else 0
    )
    accounts = [
        dataclasses.replace(a, today=_units_today(a.username)) for a in accounts
    ]
    return DemoResult(villages, people, accounts, appendix, carried, reports, sessions)


def _carry_into_today(
    accounts: list[DemoAccount],
) -> tuple[AdministrativeUnit, CarryResult]:
    """The present: Hải Phòng in the 2025 structure (Hải Dương is part of it),
    its network carried over by the same path a province officer uses, the
    demo accounts carried with it; the national account sees both structures."""
    today = AdministrativeUnit.objects.filter(structure=Structure.FROM_2025)
    city = today.get(level=Level.PROVINCE, code=TODAY_PROVINCE_CODE)
    carried = carry_over(actor=SYSTEM, province=city, accept_proposals=True)
    national = next(a for a in accounts if a.role == Role.NATIONAL_OFFICER)
    Assignment.objects.get_or_create(
        user=User.objects.get(username=national.username),
        unit=today.get(level=Level.COUNTRY),
        role=Role.NATIONAL_OFFICER,
    )
    return city, carried


def _units_today(username: str) -> str:
    return ", ".join(
        Assignment.objects.filter(
            user__username=username, unit__structure=Structure.FROM_2025
        )
        .order_by("unit__path")
        .values_list("unit__name", flat=True)
    )
