"""Which unit levels each role may be assigned on."""

from cnscd.core.roles import Role
from cnscd.units.choices import Level

ROLE_LEVELS: dict[str, set[str]] = {
    Role.NATIONAL_OFFICER: {Level.COUNTRY},
    Role.PROVINCE_OFFICER: {Level.PROVINCE},
    Role.DISTRICT_OFFICER: {Level.DISTRICT},
    Role.COMMUNE_OFFICER: {Level.COMMUNE},
    Role.TEAM_LEADER: {Level.VILLAGE, Level.COMMUNE},
    Role.TEAM_MEMBER: {Level.VILLAGE, Level.COMMUNE},
    Role.PARTNER_REPORTER: {Level.PROVINCE, Level.DISTRICT, Level.COMMUNE},
    Role.VIEWER: {
        Level.COUNTRY,
        Level.PROVINCE,
        Level.DISTRICT,
        Level.COMMUNE,
        Level.VILLAGE,
    },
}
