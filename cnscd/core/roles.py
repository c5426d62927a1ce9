"""Roles a user can hold on a unit (shared kernel: every app checks them)."""

from django.db import models


class Role(models.TextChoices):
    NATIONAL_OFFICER = "national_officer", "Cán bộ cấp trung ương"
    PROVINCE_OFFICER = "province_officer", "Cán bộ cấp tỉnh"
    DISTRICT_OFFICER = "district_officer", "Cán bộ cấp huyện"
    COMMUNE_OFFICER = "commune_officer", "Cán bộ cấp xã"
    TEAM_LEADER = "team_leader", "Tổ trưởng Tổ CNSCĐ"
    TEAM_MEMBER = "team_member", "Thành viên Tổ CNSCĐ"
    PARTNER_REPORTER = "partner_reporter", "Báo cáo viên doanh nghiệp"
    VIEWER = "viewer", "Người xem"


# Officers manage the units, users and data of their subtree.
OFFICER_ROLES = frozenset(
    {
        Role.NATIONAL_OFFICER,
        Role.PROVINCE_OFFICER,
        Role.DISTRICT_OFFICER,
        Role.COMMUNE_OFFICER,
    }
)
# Everyone but partner reporters, who see only their organisation's figures.
NON_PARTNER_ROLES = frozenset(r for r in Role if r != Role.PARTNER_REPORTER)
# Roles that must sign in with two-factor authentication (SECURITY A7).
MFA_ROLES = frozenset({Role.NATIONAL_OFFICER, Role.PROVINCE_OFFICER})
