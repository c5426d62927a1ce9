"""Fixtures shared by the report tests."""

import pytest

from cnscd.indicators.imports import import_sheet
from cnscd.indicators.tests.test_sheet_pages import ROWS, sheet
from conftest import Tree


@pytest.fixture
def reported(tree: Tree, province_officer, settings, tmp_path) -> Tree:
    settings.MEDIA_ROOT = tmp_path
    assert import_sheet(
        actor=province_officer,
        data=sheet(ROWS),
        filename="t6.xlsx",
        period="202306",
        parent=tree.p,
    ).stored
    return tree
