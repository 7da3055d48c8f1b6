"""docs/architecture.md stays the true map: every package, module and URL that exists is in it.

A newcomer reads the map before the code; a module or a page that the map does not name is one
they will not find. Adding one without a line in the map fails here, naming what is missing.
"""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from concilium.api import api

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "architecture.md").read_text()
PACKAGE = ROOT / "concilium"


def _modules() -> list[str]:
    """Every non-test, non-migration Python module, as a path relative to concilium/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(rel.parts) or path.name in {"__init__.py", "apps.py"}:
            continue
        if path.name == "conftest.py":
            continue
        found.append(rel.as_posix())
    return found


def _named(module: str) -> bool:
    """A module is named by its path, or by its file name in its package's row of the table
    (the row that names `concilium/<package>/`); a command by `concilium <name>`."""
    if module in DOC:
        return True
    parts = module.split("/")
    if "commands" in parts:
        return f"concilium {Path(module).stem}" in DOC
    if len(parts) == 1:
        return f"concilium/{module}" in DOC
    rows = [line for line in DOC.splitlines() if f"`concilium/{parts[0]}/`" in line]
    return any(parts[-1] in row for row in rows)


def _routes(patterns, prefix="") -> list[str]:
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            route = str(p.pattern)
            if route.startswith("api/") or route.startswith("admin/"):
                out.append("/" + prefix + route)
                continue
            out.extend(_routes(p.url_patterns, prefix + route))
        elif isinstance(p, URLPattern):
            out.append("/" + prefix + str(p.pattern))
    return out


def _shown(route: str) -> str:
    """Django's `<path:symbol>` written as the doc writes it: `<symbol>`."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)


def test_every_module_is_on_the_map():
    missing = [m for m in _modules() if not _named(m)]
    assert missing == []


def test_every_page_url_is_on_the_map():
    missing = [r for r in _routes(get_resolver().url_patterns)
               if _shown(r) not in DOC and not r.startswith("/i18n/")]
    assert missing == []


def test_every_api_path_is_on_the_map():
    """API paths are listed by their prefix (the part before the first parameter)."""
    schema = api.get_openapi_schema()
    prefixes = sorted({re.split(r"/\{", p)[0] for p in schema["paths"]})
    missing = [p for p in prefixes if f"`{p}" not in DOC]
    assert missing == []
