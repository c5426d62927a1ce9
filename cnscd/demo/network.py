"""The demo province's team network, shaped like the seed's section I: a
provincial steering committee of 113 members (decision 689/QĐ-UBND of 21/3/2022),
district committees with 357 members in all, a committee in every commune, and a
community team in (almost) every village with 3–7 members. Names and phone
numbers are generated (deterministic); nobody real is listed."""

import datetime as dt
import random

from cnscd.accounts.models import Organisation
from cnscd.core.text import search_key
from cnscd.teams.choices import BodyKind, DecisionKind, Position, Sex
from cnscd.teams.models import Body, Decision, Membership, Person
from cnscd.units.choices import Level
from cnscd.units.models import AdministrativeUnit

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Phan",
    "Trịnh",
    "Mạc",
    "Cao",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thế", "Xuân", "Công"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Phương"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Nhung",
    "Phương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]
PROVINCE_COMMITTEE_SIZE = 113
DISTRICT_MEMBERS = 357
PROVINCE_DECISION = ("689/QĐ-UBND", dt.date(2022, 3, 21), "UBND tỉnh Hải Dương")


class _People:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0
        self.rows: list[Person] = []

    def make(self) -> Person:
        rng = self.rng
        female = rng.random() < 0.42
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        self.serial += 1
        phone = f"09{self.serial + 61_000_000:08d}" if rng.random() < 0.9 else ""
        person = Person(
            full_name=name,
            search_key=search_key(name),
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_year=rng.randint(1960, 2003),
            phone=phone,
        )
        self.rows.append(person)
        return person


def load_network(province: AdministrativeUnit) -> int:
    """Create the network once; return the number of people created (0 if present)."""
    if Body.objects.filter(unit=province, kind=BodyKind.STEERING_COMMITTEE).exists():
        return 0
    rng = random.Random(30)  # noqa: S311 - demo data, deterministic on purpose
    orgs = {o.short_name: o for o in Organisation.objects.all()}
    people = _People(rng)
    bodies: list[Body] = []
    decisions: list[tuple[Body, tuple[str, dt.date, str]]] = []
    seats: list[tuple[Body, Person, str, str | None]] = []

    def body(
        kind: str,
        unit: AdministrativeUnit,
        name: str,
        established: dt.date,
        decision: tuple[str, dt.date, str] | None,
    ) -> Body:
        b = Body(kind=kind, unit=unit, name=name, established_on=established)
        bodies.append(b)
        if decision:
            decisions.append((b, decision))
        return b

    # Province: leader from Sở TTTT, standing deputy from the youth union,
    # deputies from departments, unions, district people's committees and companies.
    pc = body(
        BodyKind.STEERING_COMMITTEE,
        province,
        f"Tổ chỉ đạo triển khai công nghệ số cộng đồng {province.name[0].lower()}{province.name[1:]}",
        PROVINCE_DECISION[1],
        PROVINCE_DECISION,
    )
    seats.append((pc, people.make(), Position.LEADER, "Sở TTTT"))
    seats.append((pc, people.make(), Position.STANDING_DEPUTY, "Đoàn Thanh niên"))
    deputies = [
        "VP UBND tỉnh",
        "Sở GDĐT",
        "Hội Phụ nữ",
        "Hội Nông dân",
        "VNPT",
        "Bưu điện",
        "Viettel",
        "MobiFone",
    ] + ["UBND huyện"] * 12
    for short in deputies:
        seats.append((pc, people.make(), Position.DEPUTY, short))
    member_orgs = [
        "Sở TTTT",
        "VP UBND tỉnh",
        "Sở GDĐT",
        "Hội Nông dân",
        "Hội Phụ nữ",
        "Đoàn Thanh niên",
        "UBND huyện",
        "VNPT",
        "Bưu điện",
        "Viettel",
        "Viettel Post",
        "MobiFone",
    ]
    for i in range(PROVINCE_COMMITTEE_SIZE - len(deputies) - 2):
        seats.append(
            (pc, people.make(), Position.MEMBER, member_orgs[i % len(member_orgs)])
        )

    districts = list(
        AdministrativeUnit.objects.filter(parent=province).order_by("code")
    )
    per_district = [DISTRICT_MEMBERS // len(districts)] * len(districts)
    for i in range(DISTRICT_MEMBERS - sum(per_district)):
        per_district[i] += 1
    for index, (district, size) in enumerate(zip(districts, per_district, strict=True)):
        signed = dt.date(2022, 4, 5) + dt.timedelta(days=7 * index)
        dc = body(
            BodyKind.STEERING_COMMITTEE,
            district,
            f"Tổ chỉ đạo triển khai CNSCĐ {district.name}",
            signed,
            (f"{rng.randint(600, 1999)}/QĐ-UBND", signed, f"UBND {district.name}"),
        )
        seats.append((dc, people.make(), Position.LEADER, "UBND huyện"))
        seats.append((dc, people.make(), Position.STANDING_DEPUTY, "Đoàn Thanh niên"))
        for j in range(size - 2):
            position = Position.DEPUTY if j < 3 else Position.MEMBER
            seats.append(
                (
                    dc,
                    people.make(),
                    position,
                    member_orgs[(j + index) % len(member_orgs)],
                )
            )

    communes = AdministrativeUnit.objects.filter(parent__in=districts).order_by("path")
    villages_by_commune: dict[int, list[AdministrativeUnit]] = {}
    for v in AdministrativeUnit.objects.filter(
        parent__in=communes, level=Level.VILLAGE
    ).order_by("code"):
        villages_by_commune.setdefault(v.parent_id or 0, []).append(v)
    team_orgs = [
        "Đoàn Thanh niên",
        "Công an",
        "Hội Phụ nữ",
        "Trường học",
        "VNPT",
        "Viettel",
        "Bưu điện",
        "Hội Nông dân",
    ]
    for index, commune in enumerate(communes):
        signed = dt.date(2022, 6, 1) + dt.timedelta(days=index % 120)
        number = f"{rng.randint(10, 199)}/QĐ-UBND"
        issuer = f"UBND {commune.name}"
        cc = body(
            BodyKind.STEERING_COMMITTEE,
            commune,
            f"Tổ chỉ đạo triển khai CNSCĐ {commune.name}",
            signed,
            (number, signed, issuer),
        )
        seats.append((cc, people.make(), Position.LEADER, "UBND xã"))
        for j in range(5):
            seats.append((cc, people.make(), Position.MEMBER, team_orgs[j]))
        for village in villages_by_commune.get(commune.pk, []):
            if rng.random() < 0.04:
                continue  # a few villages have no team yet
            team = body(
                BodyKind.COMMUNITY_TEAM,
                village,
                f"Tổ CNSCĐ {village.name}",
                signed,
                (number, signed, issuer),
            )
            size = rng.choice([2, 3, 4, 5, 5, 5, 6, 6, 7])
            if rng.random() > 0.05:
                seats.append((team, people.make(), Position.LEADER, "Thôn, TDP"))
                size -= 1
            if size > 1:
                seats.append((team, people.make(), Position.DEPUTY, "Đoàn Thanh niên"))
                size -= 1
            for j in range(size):
                seats.append(
                    (
                        team,
                        people.make(),
                        Position.MEMBER,
                        team_orgs[(j + index) % len(team_orgs)],
                    )
                )

    Body.objects.bulk_create(bodies, batch_size=500)
    Decision.objects.bulk_create(
        [
            Decision(
                body=b,
                kind=DecisionKind.ESTABLISH,
                number=d[0],
                signed_on=d[1],
                issuer=d[2],
            )
            for b, d in decisions
        ],
        batch_size=500,
    )
    Person.objects.bulk_create(people.rows, batch_size=1000)
    Membership.objects.bulk_create(
        [
            Membership(
                body=b,
                person=p,
                position=pos,
                affiliation=orgs.get(org) if org else None,
                started_on=b.established_on,
            )
            for b, p, pos, org in seats
        ],
        batch_size=1000,
    )
    return len(people.rows)
