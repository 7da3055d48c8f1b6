"""The import map of the concilium package: which package imports which, and what breaks it.

Read from the source with `ast`, never by importing it: arrows between packages (an arrow
pointing to a higher floor is upward), cycles between packages, dynamic imports
(`import_module`, `find_spec`, `__import__`), imports inside function bodies, and modules of
`MAX_LINES` or more. `scripts/import_scan.py` prints it; `core/tests/test_import_map.py`
holds the code to it. The floors are those of docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOORS = [
    {"rules"},
    {"core", "audit"},
    {"organization"},
    {"accounts", "documents"},
    {"meetings"},
    {"search", "live", "scenarios", "notifications"},
    {"outcomes"},
    {"web", "api", "root"},
]
"""Lower floors first; a package imports only packages on lower floors, or on its own floor
in a direction that SAME_FLOOR allows. `root` is the top-level modules (settings, urls,
asgi, wsgi, __main__), `api` is `concilium/api.py`."""
SAME_FLOOR = {("core", "audit"), ("documents", "accounts"), ("root", "api"), ("root", "web"),
              ("api", "web")}
LEVEL = {pkg: i for i, floor in enumerate(FLOORS) for pkg in floor}
DYNAMIC = {"import_module", "find_spec", "__import__"}
MAX_LINES = 500
"""A module this long is split by capability; `rules/` may say why it is not."""


@dataclass
class ImportMap:
    edges: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    """(importer, imported) package pairs, each with the file:line of its imports."""
    dynamic: list[str] = field(default_factory=list)
    inner: list[str] = field(default_factory=list)
    """Imports inside function bodies, file:line."""
    lines: dict[str, int] = field(default_factory=dict)
    """The length of every module scanned, by path."""

    def upward(self) -> list[tuple[str, str, list[str]]]:
        """The arrows that point up, or sideways where SAME_FLOOR does not allow it."""
        found = []
        for (a, b), where in sorted(self.edges.items()):
            la, lb = LEVEL.get(a, len(FLOORS)), LEVEL.get(b, len(FLOORS))
            if lb > la or (lb == la and (a, b) not in SAME_FLOOR):
                found.append((a, b, where))
        return found

    def cycles(self) -> list[tuple[str, ...]]:
        """Each group of packages that import one another, directly or through others."""
        graph = defaultdict(set)
        for a, b in self.edges:
            graph[a].add(b)
        reach = {pkg: _reachable(graph, pkg) for pkg in list(graph)}
        groups = {tuple(sorted({a} | {b for b in reach[a] if a in reach.get(b, ())}))
                  for a in reach if a in reach[a]}
        return sorted(groups)

    def long_modules(self, limit: int = MAX_LINES) -> list[tuple[str, int]]:
        """Modules of `limit` lines or more, outside `rules/`."""
        return [(path, n) for path, n in sorted(self.lines.items())
                if n >= limit and not path.startswith("concilium/rules/")]


def _reachable(graph, start: str) -> set[str]:
    seen, todo = set(), list(graph.get(start, ()))
    while todo:
        pkg = todo.pop()
        if pkg not in seen:
            seen.add(pkg)
            todo.extend(graph.get(pkg, ()))
    return seen


def package_of(path: Path) -> str:
    rel = path.relative_to(ROOT)
    if len(rel.parts) == 1:
        return "api" if rel.stem == "api" else "root"
    return rel.parts[0]


def _target(module: str) -> str | None:
    """The package a dotted module name belongs to, or None outside the project."""
    parts = module.split(".")
    if parts[0] != "concilium" or len(parts) < 2:
        return None
    if (ROOT / parts[1]).is_dir():
        return parts[1]
    return "api" if parts[1] == "api" else "root"


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "concilium":  # from concilium import api, web
            return [f"concilium.{a.name}" for a in node.names]
        return [node.module]
    return []


def _is_dynamic(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    fn = node.func
    return (getattr(fn, "id", None) or getattr(fn, "attr", None)) in DYNAMIC


def project_modules():
    """The project's own modules: not its tests, migrations or pytest fixtures."""
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "conftest.py":
            continue
        yield path


def scan() -> ImportMap:
    found = ImportMap()
    for path in project_modules():
        src = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT.parent).as_posix()
        found.lines[where] = len(src.splitlines())
        tree = ast.parse(src)
        mine = package_of(path)
        for node in ast.walk(tree):
            if _is_dynamic(node):
                found.dynamic.append(f"{where}:{node.lineno}")
            for name in _imported(node):
                target = _target(name)
                if target is not None and target != mine:
                    found.edges[(mine, target)].append(f"{where}:{node.lineno}")
        inner = {node.lineno for fn in ast.walk(tree)
                 if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                 for node in ast.walk(fn) if isinstance(node, ast.Import | ast.ImportFrom)}
        found.inner.extend(f"{where}:{line}" for line in sorted(inner))
    return found
