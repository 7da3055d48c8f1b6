"""The one table every benchmark prints: measured / floor / ratio / target / verdict.

Why: a figure alone says little on a shared machine; beside the floor measured in the same
run (the bare engine or server doing the least that could answer) the ratio is what the
code adds, and it holds under load where absolute times do not. A target is either an
absolute bound (`most`, `least`) or a bound on the ratio to the floor (`most_ratio`), or
both; the verdict is PASS only when every bound holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    measured: float
    floor: float | None = None
    unit: str = "ms"
    most: float | None = None
    least: float | None = None
    most_ratio: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0):
            return None
        return self.measured / self.floor

    @property
    def ok(self) -> bool:
        checks = []
        if self.most is not None:
            checks.append(self.measured <= self.most)
        if self.least is not None:
            checks.append(self.measured >= self.least)
        if self.most_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.most_ratio)
        return all(checks)

    @property
    def target(self) -> str:
        parts = []
        if self.most is not None:
            parts.append(f"<= {self.most:g} {self.unit}")
        if self.least is not None:
            parts.append(f">= {self.least:g} {self.unit}")
        if self.most_ratio is not None:
            parts.append(f"<= {self.most_ratio:g}x floor")
        return ", ".join(parts) or "(reported)"


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f} {unit}"
    return f"{value:.2f} {unit}"


def load() -> str:
    """The machine's load average, as `uptime` prints it."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(title: str, figures: list[Figure]) -> bool:
    """Print the figures; True when every verdict is PASS."""
    width = max([len(f.name) for f in figures] + [6])
    print(f"\n{title}  (load average {load()})")
    print(f"  {'figure':<{width}}  {'measured':>13}  {'floor':>13}  {'ratio':>7}  "
          f"{'target':<26} verdict")
    for f in figures:
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x"
        print(f"  {f.name:<{width}}  {_value(f.measured, f.unit):>13}  "
              f"{_value(f.floor, f.unit):>13}  {ratio:>7}  {f.target:<26} "
              f"{'PASS' if f.ok else 'MISS'}{'  ' + f.note if f.note else ''}")
    return all(f.ok for f in figures)
