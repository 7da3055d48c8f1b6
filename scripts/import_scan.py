"""The import map of the concilium package: which package imports which, upward arrows, cycles.

Run: python scripts/import_scan.py [--function-level]. Exit 1 when an arrow points up, a cycle
exists or project code is imported dynamically. The scan itself is `concilium.core.import_map`
(which the test suite runs too); the floors are those of docs/architecture.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from concilium.core.import_map import MAX_LINES, scan  # after the path above


def main() -> int:
    found = scan()
    upward = found.upward()
    print(f"package arrows: {len(found.edges)}")
    print(f"upward arrows: {len(upward)}")
    for a, b, where in upward:
        print(f"  {a} -> {b}  ({', '.join(where[:3])}{' ...' if len(where) > 3 else ''})")
    cycles = found.cycles()
    print(f"cycles between packages: {len(cycles)}")
    for group in cycles:
        print("  " + " <-> ".join(group))
    print(f"dynamic imports of project code: {len(found.dynamic)}")
    for line in found.dynamic:
        print("  " + line)
    print(f"imports inside function bodies: {len(found.inner)}")
    if "--function-level" in sys.argv:
        for line in found.inner:
            print("  " + line)
    long = found.long_modules()
    print(f"modules of {MAX_LINES} lines or more (outside rules/): {len(long)}")
    for path, n in long:
        print(f"  {path}: {n}")
    return 1 if upward or cycles or found.dynamic else 0


if __name__ == "__main__":
    sys.exit(main())
