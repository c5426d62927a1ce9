"""Users' full names are stored without invisible characters."""

import pytest
from django.core.exceptions import ValidationError

from cnscd.accounts import services
from cnscd.accounts.models import User
from cnscd.core.roles import Role
from conftest import PASSWORD, Tree


def _create(officer: User, tree: Tree, full_name: str) -> User:
    return services.user_create(
        actor=officer,
        username="canbo.moi",
        full_name=full_name,
        unit=tree.a,
        role=Role.COMMUNE_OFFICER,
        password=PASSWORD,
    )


def test_a_full_name_loses_bidi_and_zero_width_characters(
    tree: Tree, province_officer: User
) -> None:
    user = _create(province_officer, tree, "Phạm\u202e Thị\u200b Dung\ufeff")
    assert user.full_name == "Phạm Thị Dung"


def test_a_full_name_of_invisible_characters_is_refused(
    tree: Tree, province_officer: User
) -> None:
    with pytest.raises(ValidationError) as info:
        _create(province_officer, tree, "\u200b\u2067")
    assert info.value.messages == ["Họ và tên không được để trống."]
    assert not User.objects.filter(username="canbo.moi").exists()
