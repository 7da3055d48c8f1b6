"""The import map of the concilium package: which package imports which, upward arrows, cycles.

Run: python scripts/import_scan.py [--function-level]. Exit 1 when an arrow points up, a cycle
exists or project code is imported dynamically. The floors are those of docs/architecture.md.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "concilium"

# Lower floors first; a package may import only packages on its own floor or below.
FLOORS = [
    {"rules"},
    {"core", "audit"},
    {"organization"},
    {"accounts", "documents"},
    {"meetings"},
    {"search", "live", "scenarios"},
    {"outcomes"},
    {"web", "api", "root"},
]
# Within a floor, the allowed direction (importer, imported).
SAME_FLOOR = {("audit", "core"), ("core", "audit"), ("documents", "accounts"), ("root", "api"),
              ("root", "web"), ("api", "web")}
LEVEL = {pkg: i for i, floor in enumerate(FLOORS) for pkg in floor}


def package_of(path: Path) -> str:
    rel = path.relative_to(ROOT)
    if len(rel.parts) == 1:
        return "api" if rel.stem == "api" else "root"
    return rel.parts[0]


def scan():
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    dynamic, inner = [], []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "conftest.py":
            continue
        src = path.read_text()
        tree = ast.parse(src)
        mine = package_of(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                if isinstance(node, ast.Call):
                    fn = node.func
                    name = getattr(fn, "id", None) or getattr(fn, "attr", None)
                    if name in {"import_module", "find_spec", "__import__"}:
                        dynamic.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
                continue
            for name in names:
                if not name.startswith("concilium."):
                    continue
                parts = name.split(".")
                target = parts[1] if parts[1] not in {"api", "settings", "urls", "asgi"} else (
                    "api" if parts[1] == "api" else "root")
                if target != mine:
                    edges[(mine, target)].append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        inner.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return edges, dynamic, inner


def cycles(edges):
    graph = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    found = set()
    for a, b in edges:
        if a in graph.get(b, set()):
            found.add(tuple(sorted((a, b))))
    return sorted(found)


def main() -> int:
    edges, dynamic, inner = scan()
    upward = []
    for (a, b), where in sorted(edges.items()):
        la, lb = LEVEL.get(a, 99), LEVEL.get(b, 99)
        if lb > la or (lb == la and (a, b) not in SAME_FLOOR):
            upward.append(f"{a} -> {b}  ({', '.join(where[:3])}{' ...' if len(where) > 3 else ''})")
    print(f"package arrows: {len(edges)}")
    print(f"upward arrows: {len(upward)}")
    for line in upward:
        print("  " + line)
    cyc = cycles(edges)
    print(f"cycles between packages: {len(cyc)}")
    for a, b in cyc:
        print(f"  {a} <-> {b}")
    print(f"dynamic imports of project code: {len(dynamic)}")
    for line in dynamic:
        print("  " + line)
    print(f"imports inside function bodies: {len(inner)}")
    if "--function-level" in sys.argv:
        for line in inner:
            print("  " + line)
    return 1 if upward or cyc or dynamic else 0


if __name__ == "__main__":
    sys.exit(main())
