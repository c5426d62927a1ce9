"""Fixtures of the route matrix, shared by the hostile tests."""

from tests.test_route_inventory import cast  # noqa: F401 (a fixture)
