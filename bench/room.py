"""Benchmark of the negotiation room over real HTTP: 3,000 paragraphs x 3 languages x 8
positions, and what an open room fetches per live event at 1,000 paragraphs.

Why: the room is the page delegations keep open through a session; it must render in
100 ms or less at p95, cold (the first render after a write, as after every live event),
measured as a browser gets it: over HTTP from `uvicorn concilium.asgi:application`, not
through the test client. And a live event must cost an open room at most 10 KB: the
changed paragraph with its matrix row, the consensus summary and that paragraph's objections
and views, not four whole fragments. A long text answers first with its first paragraphs and
fetches the rest in parts: their total, and the whole text asked for at once (`?whole=1`),
are reported beside.

The store is the demo's (SQLite in a temporary directory, or PostgreSQL when DATABASE_URL
says so; BENCH_DB names the database) plus two documents made through the documents
service (brackets and options in every other paragraph), their positions inserted in bulk
as the service would have appended them one by one. Writes are positions recorded through
the room's own form endpoint, as the Secretariat officer for one member state after another.

Floor: a trivial endpoint of the same server (`/api/me`), fetched the same way in the same run.

Run: ``.venv/bin/python bench/room.py [--quick] [--runs 30]``
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import Figure, cpu_seconds, table  # noqa: E402 (the project root first on the path)
from concilium.web.testing import (  # noqa: E402
    Session,
    demo_environment,
    start_server,
    stop_server,
)

TARGET_MS = 100.0
TARGET_EVENT_BYTES = 10_000
BIG = "SCO/CFM/2020/BENCH"
EVENTS = "SCO/CFM/2020/BENCH-1000"
QUERY = "lang=en&lang2=ru&on=2020-09-10"
PART = re.compile(r'class="para-part[^>]* hx-get="([^"]+)"')
MEMBERS = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")

SETUP = """
import sys, time
import django
django.setup()
from concilium.documents.models import Position
from concilium.organization.models import State
from concilium.web.sample import MEMBERS, sample_document
for symbol, paragraphs in ((sys.argv[1], int(sys.argv[2])), (sys.argv[3], int(sys.argv[4]))):
    doc = sample_document(symbol=symbol, paragraphs=paragraphs, positions=False)
    states = dict(State.objects.filter(code__in=MEMBERS).values_list("code", "pk"))
    Position.objects.bulk_create([
        Position(document=doc, paragraph=par, state_id=states[code],
                 stance="object" if (code == "PAK" and par.number % 10 == 2) else "agree",
                 text="Needs work." if (code == "PAK" and par.number % 10 == 2) else "",
                 recorded_by="bench", version=doc.version)
        for par in doc.paragraphs.all() for code in MEMBERS], batch_size=2_000)
"""


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def fetch(session: Session, path: str) -> tuple[float, int]:
    """(ms, bytes) of one GET over HTTP."""
    t = time.perf_counter()
    status, body = session.get(path)
    ms = (time.perf_counter() - t) * 1000
    assert status == 200, (status, path, body[:200])
    return ms, len(body.encode())


def position(session: Session, symbol: str, n: int, paragraphs: int) -> int:
    """A position through the room's form, as the officer for the next member state; the
    paragraph it was on."""
    paragraph = 1 + (7 * n) % paragraphs
    stance = "view" if n % 2 else "agree"
    status, body = session.post(f"/position/{symbol}", {
        "state": MEMBERS[n % len(MEMBERS)], "stance": stance, "paragraph": paragraph,
        "text": "A view for the minutes." if stance == "view" else "", "on": "2020-09-10"},
        headers={"HX-Request": "true"})
    assert status == 204, body[:300]
    return paragraph


def per_event(base: str, officer: Session, args) -> dict[str, list[int]]:
    """Bytes an open room fetches after each kind of live event, as live.js asks for them:
    what the event names (a paragraph, or the standing after a position on the whole
    text) and the rows of the proposals it names. Writes go through the room's and the
    chair's own forms, after 40 proposals already listed."""
    chair = Session(base, "lavrov")
    para = f"/fragment/paragraph/{EVENTS}?{QUERY}"
    rows = f"/fragment/rows/{EVENTS}?{QUERY}"
    out: dict[str, list[int]] = {}

    def sent(kind: str, paths: list[str]) -> None:
        out.setdefault(kind, []).append(sum(fetch(officer, path)[1] for path in paths))

    def post(session: Session, path: str, data: dict) -> None:
        status, body = session.post(path, {"on": "2020-09-10", **data},
                                    headers={"HX-Request": "true"})
        assert status == 204, (path, body[:300])

    def proposed(number: int, text: str) -> str:
        post(officer, f"/propose/{EVENTS}", {"state": "IND", "kind": "replace",
                                             "paragraph": number, "text": text})
        return newest()

    def newest() -> str:
        body = officer.get(f"/fragment/proposals/{EVENTS}?{QUERY}")[1]
        return re.search(r'id="pr-(\d+)"', body).group(1)

    # Proposals made before, so that the list is a session's: its rows are not re-sent.
    for n in range(40):
        proposed(1 + (13 * n) % args.event_paragraphs, "An earlier wording.")
    late = args.event_paragraphs - 10
    for n in range(min(args.runs, 10)):
        number = position(officer, EVENTS, n, args.event_paragraphs)
        sent("position on a paragraph", [f"{para}&number={number}"])
        state = MEMBERS[n % len(MEMBERS)]
        post(officer, f"/position/{EVENTS}", {"state": state, "stance": "agree"})
        sent("position on the whole text", [f"/fragment/standing/{EVENTS}?{QUERY}&state={state}"])
        pk = proposed(late - n, f"A new wording, the {n + 1}th.")
        sent("proposal made", [f"{para}&number={late - n}", f"{rows}&proposal={pk}"])
        post(chair, f"/decide/{EVENTS}", {"proposal": pk, "decision": "accept"})
        sent("proposal accepted", [f"{para}&number={late - n}", f"{rows}&proposal={pk}"])
        pk = proposed(late - n, "A wording the chair will not take.")
        post(chair, f"/decide/{EVENTS}", {"proposal": pk, "decision": "reject"})
        sent("proposal rejected", [f"{para}&number={late - n}", f"{rows}&proposal={pk}"])
        post(chair, f"/chair/text/{EVENTS}", {"paragraph": late - n - 20, "lang": "en",
                                              "text": f"The chair's bridge, {n + 1}."})
        sent("chair's text tabled", [f"{para}&number={late - n - 20}",
                                     f"{rows}&proposal={newest()}"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=3_000)
    parser.add_argument("--event-paragraphs", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="300 and 100 paragraphs, 8 runs")
    args = parser.parse_args()
    if args.quick:
        args.paragraphs, args.event_paragraphs, args.runs = 300, 100, 8
    with tempfile.TemporaryDirectory() as tmp:
        print(f"setting up the demo in {tmp} ...", flush=True)
        env = demo_environment(Path(tmp), database=os.environ.get("BENCH_DB",
                                                                  "concilium_bench_room"))
        store = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
        started = time.perf_counter()
        env["CONCILIUM_MAX_PARAGRAPHS"] = str(max(args.paragraphs, args.event_paragraphs,
                                                  int(env.get("CONCILIUM_MAX_PARAGRAPHS", 0))))
        subprocess.run([sys.executable, "-c", SETUP, BIG, str(args.paragraphs), EVENTS,
                        str(args.event_paragraphs)], cwd=ROOT, env=env, check=True)
        print(f"documents of {args.paragraphs} and {args.event_paragraphs} paragraphs x 3 "
              f"languages x {len(MEMBERS)} positions in {time.perf_counter() - started:.0f} s")
        proc, base = start_server(env)
        try:
            figures, sizes = measure(base, args, proc)
        finally:
            stop_server(proc)
    print(f"negotiation room over HTTP, {store}, uvicorn 1 worker, {args.runs} renders each; "
          f"first answer {sizes['page'] / 1024:.0f} KB at {args.paragraphs} paragraphs")
    ok = table("room (floor: /api/me on the same server)", figures)
    return 0 if ok else 1


def measure(base: str, args, proc) -> tuple[list[Figure], dict]:
    officer = Session(base, "officer")
    page = f"/room/{BIG}?{QUERY}"
    fetch(officer, page)  # templates, catalogues and code paths loaded once
    before = cpu_seconds(proc)
    floor = sorted(fetch(officer, "/api/me")[0] for _ in range(args.runs))
    floor_cpu = (cpu_seconds(proc) - before) * 1000 / args.runs
    cold, warm, size, cold_cpu = [], [], 0, 0.0
    for n in range(args.runs):
        position(officer, BIG, n, args.paragraphs)
        before = cpu_seconds(proc)
        ms, size = fetch(officer, page)
        cold_cpu += cpu_seconds(proc) - before
        cold.append(ms)
    for _ in range(args.runs):
        warm.append(fetch(officer, page)[0])
    # The page answers with the first paragraphs; the rest follow in parts, one request
    # after another: their total after a write, and the whole text asked for at once.
    rest, rest_bytes, whole, whole_cpu = [], 0, [], 0.0
    for n in range(args.runs, args.runs + max(3, args.runs // 3)):
        position(officer, BIG, n, args.paragraphs)
        body = officer.get(page)[1]
        total, rest_bytes = 0.0, 0
        while (found := PART.search(body)) is not None:
            t = time.perf_counter()
            status, body = officer.get(html.unescape(found.group(1)))
            total += (time.perf_counter() - t) * 1000
            assert status == 200, (status, body[:200])
            rest_bytes += len(body.encode())
        rest.append(total)
        position(officer, BIG, n + 1, args.paragraphs)
        before = cpu_seconds(proc)
        whole.append(fetch(officer, f"{page}&whole=1")[0])
        whole_cpu += cpu_seconds(proc) - before
    # What an open room fetches per event, kind by kind, as live.js asks for it (see
    # `per_event`); the floor: what every event made it fetch before, four fragments whole.
    fetch(officer, f"/room/{EVENTS}?{QUERY}")
    events = per_event(base, officer, args)
    fragments = [fetch(officer, f"/fragment/{fragment}/{EVENTS}?{QUERY}")[1]
                 for fragment in ("text", "consensus", "matrix", "proposals")]
    fragments.append(fetch(officer, f"/chair/silence-banner/{EVENTS}")[1])
    figures = [
        Figure("cold render p50", statistics.median(cold), statistics.median(floor)),
        Figure("cold render p95", p95(cold), p95(floor), most=TARGET_MS),
        Figure("cold render, server CPU", cold_cpu * 1000 / args.runs, floor_cpu,
               note="mean per request, from /proc"),
        Figure("warm render p50", statistics.median(warm), statistics.median(floor)),
        Figure("warm render p95", p95(warm), p95(floor), most=TARGET_MS),
        Figure("rest of the text, all parts", statistics.median(rest), statistics.median(floor),
               note=f"{rest_bytes / 1024:.0f} KB, after a write, one part after another"),
        Figure("whole text at once p95", p95(whole), p95(floor),
               note="?whole=1 after a write"),
        Figure("whole text at once, server CPU", whole_cpu * 1000 / len(whole), floor_cpu,
               note="mean per request, from /proc"),
    ]
    figures += [Figure(f"sent per event at {args.event_paragraphs} ¶: {kind}",
                       max(sizes) / 1000, sum(fragments) / 1000, unit="KB",
                       most=TARGET_EVENT_BYTES / 1000,
                       note="floor: the four fragments whole, as before")
                for kind, sizes in events.items()]
    return figures, {"page": size}


if __name__ == "__main__":
    sys.exit(main())
