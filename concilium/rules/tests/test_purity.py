"""The rules stay pure: nothing under concilium/rules imports Django."""

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent


def test_no_module_under_rules_imports_django():
    """The institution's rules can be read and tested without a web framework."""
    offenders = []
    for path in RULES.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []
