"""Import of the member lists communes keep in Excel (one row per member).

Columns (header text varies; matched ignoring case, spacing and diacritics):
STT, Họ và tên, Giới tính, Năm sinh, Chức vụ trong Tổ, Đơn vị công tác,
Số điện thoại, Thôn/Tổ dân phố. A dry run says what would be created, updated,
left unchanged and rejected, row by row; the commit stores every row or none;
re-importing the same file changes nothing. Reads are batched: the number of
queries does not grow with the number of rows.
"""

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cnscd.core import audit
from cnscd.core.spreadsheets import SpreadsheetError, read_workbook
from cnscd.core.system import Actor
from cnscd.core.text import search_key
from cnscd.teams.choices import BodyKind, BodyStatus
from cnscd.teams.member_rows import (
    ImportResult,
    PlannedRow,
    RowResult,
    parse_rows,
    village_key,
)
from cnscd.teams.models import Body, Membership, Person
from cnscd.teams.selectors import ELSEWHERE, people_out_of_reach
from cnscd.teams.services import default_body_name
from cnscd.units.choices import Level, UnitType
from cnscd.units.models import AdministrativeUnit
from cnscd.units.selectors import can_manage
from cnscd.units.services import new_village


def members_import(
    *,
    actor: Actor,
    commune: AdministrativeUnit,
    data: bytes,
    filename: str = "",
    create_villages: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Plan (and unless `dry_run`, store) the members of `commune`'s teams."""
    if commune.level != Level.COMMUNE:
        raise ValidationError("Hãy chọn một xã, phường, thị trấn để nhập danh sách.")
    if not can_manage(actor, commune):
        raise PermissionDenied("Bạn không quản lý đơn vị này.")
    try:
        sheet = read_workbook(data, filename)[0]
    except SpreadsheetError as exc:
        raise ValidationError(exc.message) from exc
    with transaction.atomic():
        result = _apply(actor, commune, sheet.rows, create_villages, store=not dry_run)
        if result.rejected or dry_run:
            transaction.set_rollback(True)
            result.stored = False
            return result
        audit.record(
            actor=actor,
            action="members.import",
            obj=commune,
            unit_path=commune.path,
            after={
                "file": filename[:200],
                "sha256": hashlib.sha256(data).hexdigest(),
                **{k: v for k, v in result.as_dict().items() if k != "rejected"},
                "villages_created": result.villages_created,
                "teams_created": result.teams_created,
            },
        )
        result.stored = True
        return result


def _apply(
    actor: Actor,
    commune: AdministrativeUnit,
    sheet_rows: list[list[Any]],
    create_villages: bool,
    *,
    store: bool,
) -> ImportResult:
    result = ImportResult()
    planned = parse_rows(sheet_rows, result)
    villages = {
        village_key(v.name): v
        for v in AdministrativeUnit.objects.filter(parent=commune, level=Level.VILLAGE)
    }
    teams = {
        b.unit_id: b
        for b in Body.objects.filter(
            unit__parent=commune, kind=BodyKind.COMMUNITY_TEAM, status=BodyStatus.ACTIVE
        ).order_by("-pk")
    }
    phones = {p.person_fields["phone"] for p in planned if p.person_fields["phone"]}
    people_by_phone = {p.phone: p for p in Person.objects.filter(phone__in=phones)}
    # People sitting in bodies the officer does not cover are not linked, and
    # not named (ADR 0004).
    elsewhere = people_out_of_reach(actor, list(people_by_phone.values()))
    open_memberships = {
        (m.body_id, m.person_id): m
        for m in Membership.objects.filter(
            body__in=list(teams.values()), ended_on__isnull=True
        ).select_related("person")
    }
    by_name: dict[tuple[int, str, int | None], Person] = {
        (m.body_id, m.person.search_key, m.person.birth_year): m.person
        for m in open_memberships.values()
    }
    seen_phone: dict[tuple[str, str], int] = {}
    seen_name: dict[tuple[str, str, int | None], int] = {}
    new_village_names: dict[str, str] = {}
    accepted: list[PlannedRow] = []
    for p in planned:
        fields = p.person_fields
        if p.village_key not in villages and not create_villages:
            result.rows.append(
                RowResult(
                    p.row,
                    "rejected",
                    f"Thôn/tổ dân phố “{p.village_name}” không có trong {commune.name} "
                    "(dùng tùy chọn tạo thôn mới nếu cần).",
                )
            )
            continue
        if fields["phone"]:
            phone_key = (fields["phone"], p.village_key)
            if phone_key in seen_phone:
                result.rows.append(
                    RowResult(
                        p.row,
                        "rejected",
                        f"Số điện thoại trùng với dòng {seen_phone[phone_key]} (cùng thôn).",
                    )
                )
                continue
            seen_phone[phone_key] = p.row
            existing = people_by_phone.get(fields["phone"])
            if existing and existing.pk in elsewhere:
                result.rows.append(RowResult(p.row, "rejected", ELSEWHERE))
                continue
            if existing and existing.search_key != search_key(fields["full_name"]):
                result.rows.append(
                    RowResult(
                        p.row,
                        "rejected",
                        f"Số điện thoại {fields['phone']} đã thuộc về {existing.full_name}; "
                        "kiểm tra lại hoặc gộp thành viên.",
                    )
                )
                continue
        name_key = (
            p.village_key,
            search_key(fields["full_name"]),
            fields["birth_year"],
        )
        if name_key in seen_name:
            result.rows.append(
                RowResult(
                    p.row,
                    "rejected",
                    f"Trùng người với dòng {seen_name[name_key]} (cùng thôn).",
                )
            )
            continue
        seen_name[name_key] = p.row
        if p.village_key not in villages:
            new_village_names.setdefault(p.village_key, p.village_name)
        accepted.append(p)
    if not store or result.rejected:
        _classify_without_storing(
            accepted,
            villages,
            teams,
            people_by_phone,
            open_memberships,
            by_name,
            result,
        )
        result.rows.sort(key=lambda r: r.row)
        return result

    # Store: villages, then teams, then people, then memberships.
    for key, name in new_village_names.items():
        village = new_village(
            commune, _next_code(commune, villages), name, UnitType.THON
        )
        village.save()
        villages[key] = village
        result.villages_created += 1
    for p in accepted:
        village = villages[p.village_key]
        if village.pk not in teams:
            teams[village.pk] = Body.objects.create(
                kind=BodyKind.COMMUNITY_TEAM,
                unit=village,
                name=default_body_name(BodyKind.COMMUNITY_TEAM, village),
            )
            result.teams_created += 1
    new_people: list[Person] = []
    new_memberships: list[Membership] = []
    for p in accepted:
        team = teams[villages[p.village_key].pk]
        fields = p.person_fields
        person = (
            people_by_phone.get(fields["phone"])
            if fields["phone"]
            else by_name.get(
                (team.pk, search_key(fields["full_name"]), fields["birth_year"])
            )
        )
        action = "unchanged"
        if person is None:
            person = Person(search_key=search_key(fields["full_name"]), **fields)
            new_people.append(person)
            if fields["phone"]:
                people_by_phone[fields["phone"]] = person
            action = "created"
        elif person.pk and _fill_blanks(person, fields):
            person.version += 1
            person.save()
            action = "updated"
        membership = open_memberships.get((team.pk, person.pk)) if person.pk else None
        if membership is None:
            new_memberships.append(
                Membership(
                    person=person,
                    body=team,
                    position=p.position,
                    custom_title=p.custom_title,
                    affiliation=p.affiliation,
                    affiliation_text="" if p.affiliation else p.affiliation_text,
                    started_on=team.established_on,  # unknown start: the team's founding
                )
            )
            action = "created"
        elif _membership_differs(membership, p):
            membership.position, membership.custom_title = p.position, p.custom_title
            membership.affiliation = p.affiliation
            membership.affiliation_text = "" if p.affiliation else p.affiliation_text
            membership.version += 1
            membership.save()
            action = "updated"
        result.rows.append(RowResult(p.row, action))
    Person.objects.bulk_create([p for p in new_people if p.pk is None], batch_size=500)
    for m in new_memberships:
        m.person_id = m.person.pk
    Membership.objects.bulk_create(new_memberships, batch_size=500)
    result.rows.sort(key=lambda r: r.row)
    return result


def _classify_without_storing(
    accepted: list[PlannedRow],
    villages: dict[str, AdministrativeUnit],
    teams: dict[int, Body],
    people_by_phone: dict[str, Person],
    open_memberships: dict[tuple[int, int], Membership],
    by_name: dict[tuple[int, str, int | None], Person],
    result: ImportResult,
) -> None:
    for p in accepted:
        fields = p.person_fields
        village = villages.get(p.village_key)
        team = teams.get(village.pk) if village else None
        if team is None:
            result.rows.append(
                RowResult(p.row, "created", "tổ mới" if village else "thôn và tổ mới")
            )
            continue
        person = (
            people_by_phone.get(fields["phone"])
            if fields["phone"]
            else by_name.get(
                (team.pk, search_key(fields["full_name"]), fields["birth_year"])
            )
        )
        membership = open_memberships.get((team.pk, person.pk)) if person else None
        if person is None or membership is None:
            result.rows.append(RowResult(p.row, "created"))
        elif _membership_differs(membership, p) or _would_fill(person, fields):
            result.rows.append(RowResult(p.row, "updated"))
        else:
            result.rows.append(RowResult(p.row, "unchanged"))


def _membership_differs(m: Membership, p: PlannedRow) -> bool:
    return (
        m.position,
        m.custom_title,
        m.affiliation_id,
        "" if m.affiliation_id else m.affiliation_text,
    ) != (
        p.position,
        p.custom_title,
        p.affiliation.pk if p.affiliation else None,
        "" if p.affiliation else p.affiliation_text,
    )


def _would_fill(person: Person, fields: dict[str, Any]) -> bool:
    return any(
        not getattr(person, f) and fields.get(f) for f in ("sex", "birth_year", "phone")
    )


def _fill_blanks(person: Person, fields: dict[str, Any]) -> bool:
    changed = False
    for f in ("sex", "birth_year", "phone"):
        if not getattr(person, f) and fields.get(f):
            setattr(person, f, fields[f])
            changed = True
    return changed


def _next_code(
    commune: AdministrativeUnit, villages: dict[str, AdministrativeUnit]
) -> str:
    numbers = [
        int(v.code.rsplit(".", 1)[1])
        for v in villages.values()
        if "." in v.code and v.code.rsplit(".", 1)[1].isdigit()
    ]
    return f"{commune.code}.{max(numbers, default=0) + 1:03d}"
