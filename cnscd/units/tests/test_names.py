"""Invisible characters (bidi overrides, zero-width characters) in village names."""

import pytest
from django.core.exceptions import ValidationError

from cnscd.units import services
from conftest import Tree, client_for


def test_village_names_lose_invisible_characters_on_every_path(
    tree: Tree, commune_a_officer
) -> None:
    client = client_for(commune_a_officer)
    client.post(
        f"/units/{tree.a.pk}/villages/new/",
        {"name": "Thôn\u202e Bắc\u200b", "unit_type": "thon"},
    )
    services.village_update(
        actor=commune_a_officer,
        village=tree.a1,
        name="\ufeffThôn\u2066 Đông Mới",
        unit_type="thon",
        version=1,
    )
    services.villages_import(
        actor=commune_a_officer,
        data="Mã xã,Tên thôn\n90001,Thôn\u200d Nam\u202c Mới\n".encode(),
        filename="thon.csv",
    )
    assert sorted(tree.a.children.values_list("name", "search_key")) == [
        ("Thôn Bắc", "thon bac"),
        ("Thôn Nam Mới", "thon nam moi"),
        ("Thôn Đoài", "thon doai"),
        ("Thôn Đông Mới", "thon dong moi"),
    ]


def test_a_village_name_of_invisible_characters_is_refused(
    tree: Tree, commune_a_officer
) -> None:
    with pytest.raises(ValidationError) as info:
        services.village_create(
            actor=commune_a_officer,
            commune=tree.a,
            name="\u200b\u202e",
            unit_type="thon",
        )
    assert info.value.messages == ["Tên thôn, tổ dân phố không được để trống."]
    assert tree.a.children.count() == 2
