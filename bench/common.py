"""What every benchmark shares: the table of measured / floor / ratio / target / verdict, and
real servers to measure against.

Why a floor: on a shared two-core machine an absolute figure says little; beside the floor
measured in the same run (the bare engine or server doing the least that could answer) the
ratio is what the code adds, and it holds under load where absolute times do not. A target
is an absolute bound (`most`, `least`), a bound on the ratio to the floor (`most_ratio`,
`least_ratio`), or both; the verdict is PASS only when every bound holds. The machine's load
average is printed with every table, as `uptime` gives it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from concilium.core.loadgen import wait_for  # noqa: E402 (the project root first on the path)


@dataclass
class Figure:
    name: str
    measured: float
    floor: float | None = None
    unit: str = "ms"
    most: float | None = None
    least: float | None = None
    most_ratio: float | None = None
    least_ratio: float | None = None
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
        if self.ratio is not None:
            if self.most_ratio is not None:
                checks.append(self.ratio <= self.most_ratio)
            if self.least_ratio is not None:
                checks.append(self.ratio >= self.least_ratio)
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
        if self.least_ratio is not None:
            parts.append(f">= {self.least_ratio:g}x floor")
        return ", ".join(parts) or "(reported)"

    @property
    def verdict(self) -> str:
        if self.target == "(reported)":
            return "-"
        return "PASS" if self.ok else "MISS"


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
    """Print the figures; True when every verdict is PASS (reported-only figures aside)."""
    width = max([len(f.name) for f in figures] + [6])
    print(f"\n{title}  (load average {load()}, {os.cpu_count()} cores)")
    print(f"  {'figure':<{width}}  {'measured':>15}  {'floor':>15}  {'ratio':>7}  "
          f"{'target':<28} verdict")
    for f in figures:
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x"
        print(f"  {f.name:<{width}}  {_value(f.measured, f.unit):>15}  "
              f"{_value(f.floor, f.unit):>15}  {ratio:>7}  {f.target:<28} "
              f"{f.verdict}{'  ' + f.note if f.note else ''}")
    sys.stdout.flush()
    return all(f.ok for f in figures)


# --- servers ------------------------------------------------------------------------------


def uvicorn(app: str, *, env: dict, port: int, workers: int = 2,
            probe: str = "/") -> subprocess.Popen:
    """uvicorn serving `app` on 127.0.0.1 with `workers` processes, once it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}{probe}", timeout=60)
    except Exception:
        proc.kill()
        raise
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def cpu_seconds(proc: subprocess.Popen) -> float:
    """CPU time (user + system) of a server and its worker processes so far (Linux)."""
    pids = [proc.pid]
    try:
        pids += [int(p) for p in
                 Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    except OSError:
        return 0.0
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


async def bare_app(scope, receive, send):
    """The floor of any HTTP answer: an ASGI app that answers a fixed JSON body."""
    if scope["type"] != "http":
        return
    body = b'{"ok": true}'
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
