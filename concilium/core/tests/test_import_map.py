"""The package map holds: imports point down the floors, no cycles, no hidden imports, short
modules (see docs/architecture.md; `scripts/import_scan.py` prints the same scan)."""

import pytest

from concilium.core.import_map import FLOORS, MAX_LINES, ImportMap, scan


@pytest.fixture(scope="module")
def found() -> ImportMap:
    return scan()


def test_no_package_imports_one_on_a_higher_floor(found):
    """rules ← core, audit ← organization ← accounts, documents ← meetings ← search, live,
    scenarios ← outcomes ← web, api: an arrow the other way names its file and line."""
    upward = [f"{a} -> {b} ({', '.join(where)})" for a, b, where in found.upward()]
    assert upward == []


def test_no_two_packages_import_each_other(found):
    """Not directly, and not through a third package."""
    assert found.cycles() == []


def test_project_code_is_never_imported_dynamically(found):
    """No import_module, find_spec or __import__: every dependency is a plain import."""
    assert found.dynamic == []


def test_no_module_outside_rules_reaches_the_size_limit(found):
    """Modules are split by capability before they reach 500 lines (tests and migrations
    aside; a module in rules/ that is longer says why in its docstring)."""
    assert MAX_LINES == 500
    assert found.long_modules() == []


def test_every_package_has_its_floor(found):
    """A new package is placed on a floor before it is imported, so the map stays complete."""
    placed = set().union(*FLOORS)
    packages = {pkg for edge in found.edges for pkg in edge}
    assert packages - placed == set()


def test_the_map_names_an_upward_arrow_and_the_cycle_it_makes():
    """What the checks above would report: core importing accounts, which imports core."""
    made_up = ImportMap(edges={("core", "accounts"): ["concilium/core/admin.py:5"],
                             ("accounts", "core"): ["concilium/accounts/services.py:14"],
                             ("web", "live"): ["concilium/web/views.py:3"]})
    assert made_up.upward() == [("core", "accounts", ["concilium/core/admin.py:5"])]
    assert made_up.cycles() == [("accounts", "core")]
