"""Benchmark of the API under load: a document's summary and its first page of paragraphs.

Why: delegations' tools and the pages poll a document through the session; the full
document grows with its paragraphs (3 MB at 3,000), the summary must not. The targets
(issue "The serving path under load"):

- summary, 2 uvicorn workers, embedded default: >= 1,000 requests/s and >= 0.5x a trivial
  Django endpoint (`/api/me`) measured in the same run;
- PostgreSQL >= 0.8x SQLite for the summary (when DATABASE_URL names PostgreSQL);
- a 3,000-paragraph document's summary and first page within 1.5x (p50 latency) of a
  100-paragraph one's.

How: a store of its own (a temporary SQLite file; a database `<name>_bench_api` beside
DATABASE_URL's on PostgreSQL) with the SCO charter, distinct delegates (one API token each,
one per client) and two documents of 100 and 3,000 paragraphs in three languages with
eight positions on each paragraph (created through the service, the rest inserted in bulk
as the services would have appended them). uvicorn serves it with 2 workers on 127.0.0.1;
a bounded load generator (`concilium.core.loadgen`: N keep-alive clients, each waiting for
its answer) loads each endpoint for a fixed time; the 100- and 3,000-paragraph documents
are loaded in turn, three times each, so that a shared machine's drift falls on both. The
floors, in the same run: a bare ASGI app under the same uvicorn and generator, and
`/api/me`. The server's CPU per request is read from /proc (on PostgreSQL, its backends'
too, as "+ database"). Under uvicorn the summary and the pages are answered by the lean
handler `concilium.documents.asgi` (Django's endpoint gives the same answers; `/api/me`
goes through Django).

Run: ``.venv/bin/python bench/api.py [--quick] [--clients N] [--seconds S]``.
``--quick`` (CI's smoke): SQLite only, 16 clients, 2 s per figure; it shows the shape.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import psycopg
from common import ROOT, Figure, cpu_seconds, stop, table, uvicorn

from concilium.core.loadgen import LoadResult, get, load

SMALL, LARGE = 100, 3_000
PAGE = 100

SETUP = """
import json, os, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", verbosity=0)
with open(os.devnull, "w") as quiet:
    call_command("init", "--charter", "sco", stdout=quiet)
from concilium.accounts.services import token_create, user_create
from concilium.documents import models as m
from concilium.documents import services
from concilium.organization.models import State
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import CLEAN, MEMBERS, TEXTS

users, sizes = int(sys.argv[1]), [int(n) for n in sys.argv[2:]]
tokens = []
for i in range(users):
    name = f"bench{i:03}"
    user_create(username=name, password="bench-pass-2020-long", role="delegate",
                state=MEMBERS[i % len(MEMBERS)], acting_user=SYSTEM)
    tokens.append(token_create(username=name, acting_user=SYSTEM))
states = {s.code: s for s in State.objects.filter(code__in=MEMBERS)}
for n in sizes:
    doc = services.document_create(
        doc_type="declaration", body="cfm", lang="en", symbol=f"SCO/CFM/2020/API.{n}",
        paragraphs=[{k: v.format(n=1) for k, v in TEXTS.items()}],
        titles={"en": f"Declaration of {n} paragraphs"}, acting_user=SYSTEM)
    first = doc.paragraphs.get()
    pars = [first, *m.Paragraph.objects.bulk_create(
        [m.Paragraph(document=doc, key=f"p{i}", position=i, number=i)
         for i in range(2, n + 1)])]
    m.ParagraphText.objects.bulk_create(
        [m.ParagraphText(paragraph=p, lang=lang,
                         text=(TEXTS if p.number % 2 else CLEAN)[lang].format(n=p.number),
                         bracket_count=2 if p.number % 2 else 0)
         for p in pars[1:] for lang in ("ru", "zh", "en")])
    m.Position.objects.bulk_create(
        [m.Position(document=doc, paragraph=p, state=states[c], stance="agree",
                    recorded_by="officer", version=0) for p in pars for c in MEMBERS])
print(json.dumps(tokens))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store(kind: str, users: int) -> tuple[dict, list[str]]:
    """A fresh store of `kind` ("SQLite" or "PostgreSQL"); its environment and tokens."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CONCILIUM_VAR_DIR=tempfile.mkdtemp(prefix="bench-api-"),
               DJANGO_SETTINGS_MODULE="concilium.settings", CONCILIUM_DEBUG="0",
               PYTHONPATH=str(ROOT))
    if kind == "PostgreSQL":
        url = os.environ["DATABASE_URL"]
        name = urllib.parse.urlparse(url).path.lstrip("/") + "_bench_api"
        base = url.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"
    out = subprocess.run([sys.executable, "-c", SETUP, str(users), str(SMALL), str(LARGE)],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return env, json.loads(out.strip().splitlines()[-1])


class Measure:
    """Load one path on a server with `clients` distinct users for `seconds`."""

    def __init__(self, server, port: int, tokens: list[str], clients: int, seconds: float,
                 database: str | None = None):
        self.server, self.port, self.tokens = server, port, tokens
        self.database = database  # PostgreSQL: its backends' CPU is counted too
        self.clients, self.seconds = clients, seconds
        self.failures: list[str] = []

    def run(self, path: str, extra: dict | None = None) -> dict:
        return self.alternate([path], extra, rounds=1)[0]

    def alternate(self, paths: list[str], extra: dict | None = None, rounds: int = 3
                  ) -> list[dict]:
        """Each path loaded in turn, `rounds` times for a share of `seconds`: a figure that
        compares two paths then sees the same drift of a shared machine on both."""
        def plan_for(path: str):
            def plan(n: int, i: int):
                return get(path, {"Authorization":
                                  f"Bearer {self.tokens[n % len(self.tokens)]}",
                                  **(extra or {})})
            return plan

        merged = [(LoadResult(), [0.0, 0.0]) for _ in paths]
        for path in paths:
            load("127.0.0.1", self.port, clients=self.clients, per_client=5,
                 plan=plan_for(path))  # warm
        for _ in range(rounds):
            for path, (total, cpu) in zip(paths, merged, strict=True):
                before = cpu_seconds(self.server) if self.server else 0.0
                before_db = backends_cpu(self.database)
                result = load("127.0.0.1", self.port, clients=self.clients,
                              duration=self.seconds / rounds, plan=plan_for(path),
                              keep_bodies=True)
                cpu[0] += (cpu_seconds(self.server) - before) if self.server else 0.0
                cpu[1] += sum(t - before_db.get(pid, 0.0)
                              for pid, t in backends_cpu(self.database).items())
                total.statuses.update(result.statuses)
                total.errors.update(result.errors)
                total.latencies.extend(result.latencies)
                total.bodies.update(result.bodies)
                total.elapsed += result.elapsed
        answers = []
        for path, (result, cpu) in zip(paths, merged, strict=True):
            bad = {s: n for s, n in result.statuses.items() if s not in (200, 304)}
            if bad or result.errors:
                self.failures.append(f"{path}: {bad} {dict(result.errors)} "
                                     f"{result.bodies.get(next(iter(bad), 0), b'')[:200]!r}")
            answers.append({
                "rate": result.rate, "p50": result.percentile(0.5) * 1000,
                "p99": result.percentile(0.99) * 1000, "count": result.count,
                "cpu_ms": cpu[0] * 1000 / result.count if result.count else 0.0,
                "db_cpu_ms": cpu[1] * 1000 / result.count if result.count else 0.0,
                "body": result.bodies.get(200, b"")})
        return answers


def backends_cpu(database: str | None) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving `database` (Linux, local
    server), by process id; nothing for SQLite."""
    if not database:
        return {}
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        pids = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])]
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def bench_store(kind: str, clients: int, seconds: float, bare: dict) -> tuple[dict, bool]:
    env, tokens = store(kind, users=clients)
    port = free_port()
    server = uvicorn("concilium.asgi:application", env=env, port=port, workers=2,
                     probe="/api/me")
    try:
        database = (urllib.parse.urlparse(env["DATABASE_URL"]).path.lstrip("/")
                    if kind == "PostgreSQL" else None)
        m = Measure(server, port, tokens, clients, seconds, database=database)
        doc = "/api/documents/SCO/CFM/2020/API.{n}"
        me = m.run("/api/me")
        small, large = m.alternate([doc.format(n=n) + "/summary" for n in (SMALL, LARGE)])
        page_small, page_large = m.alternate(
            [doc.format(n=n) + f"/paragraphs?limit={PAGE}" for n in (SMALL, LARGE)])
        tag = _etag(port, doc.format(n=LARGE) + "/summary", tokens[0])
        revalidated = m.run(doc.format(n=LARGE) + "/summary", {"If-None-Match": tag})
        full = m.run(doc.format(n=SMALL))  # the whole document, for comparison
    finally:
        stop(server)
    rps = "req/s"

    def db(figure: dict) -> str:
        return f" + database {figure['db_cpu_ms']:.2f}" if database else ""

    figures = [
        Figure("bare ASGI app (uvicorn + generator)", bare["rate"], unit=rps,
               note=f"p50 {bare['p50']:.1f} ms"),
        Figure("GET /api/me (trivial Django)", me["rate"], floor=bare["rate"], unit=rps,
               note=f"p50 {me['p50']:.1f} ms, server CPU {me['cpu_ms']:.2f}{db(me)} ms/req"),
        Figure(f"summary, {SMALL} paragraphs", small["rate"], floor=me["rate"], unit=rps,
               least=1000 if kind == "SQLite" else None, least_ratio=0.5,
               note=f"p50 {small['p50']:.1f} ms, p99 {small['p99']:.1f} ms, server CPU "
                    f"{small['cpu_ms']:.2f}{db(small)} ms/req, {len(small['body'])} B"),
        Figure(f"summary p50, {LARGE:,} vs {SMALL} paragraphs", large["p50"],
               floor=small["p50"], unit="ms", most_ratio=1.5,
               note=f"{large['rate']:.0f} req/s, server CPU "
                    f"{large['cpu_ms']:.2f}{db(large)} ms/req"),
        Figure(f"first page ({PAGE}) p50, {LARGE:,} vs {SMALL} paragraphs",
               page_large["p50"], floor=page_small["p50"], unit="ms", most_ratio=1.5,
               note=f"{page_large['rate']:.0f} vs {page_small['rate']:.0f} req/s, "
                    f"{len(page_large['body']) // 1024} KB"),
        Figure("summary revalidated (304)", revalidated["rate"], floor=me["rate"], unit=rps,
               note=f"p50 {revalidated['p50']:.1f} ms, server CPU "
                    f"{revalidated['cpu_ms']:.2f}{db(revalidated)} ms/req"),
        Figure(f"whole document, {SMALL} paragraphs", full["rate"], floor=me["rate"],
               unit=rps, note=f"{len(full['body']) // 1024} KB: what the summary replaces"),
    ]
    ok = table(f"API, {kind}, 2 uvicorn workers, {clients} clients (distinct users), "
               f"{seconds:g} s per figure", figures)
    for failure in m.failures:
        print(f"  ERROR {failure}")
    return {"summary": small, "me": me}, ok and not m.failures


def _etag(port: int, path: str, token: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("ETag", "")


def bare_floor(clients: int, seconds: float) -> dict:
    port = free_port()
    server = uvicorn("bench.common:bare_app", env=dict(os.environ), port=port, workers=2)
    try:
        return Measure(server, port, ["-"], clients, seconds).run("/")
    finally:
        stop(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="SQLite only, short and small")
    parser.add_argument("--clients", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    clients = args.clients or (16 if args.quick else 64)
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    kinds = ["SQLite"]
    if not args.quick and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        kinds.append("PostgreSQL")
    bare = bare_floor(clients, seconds)
    results, ok = {}, True
    for kind in kinds:
        results[kind], passed = bench_store(kind, clients, seconds, bare)
        ok = ok and passed
    if "PostgreSQL" in results:
        pg, lite = results["PostgreSQL"]["summary"], results["SQLite"]["summary"]
        ok = table("API, PostgreSQL against SQLite in the same run", [
            Figure("summary, PostgreSQL vs SQLite", pg["rate"], floor=lite["rate"],
                   unit="req/s", least_ratio=0.8,
                   note=f"p50 {pg['p50']:.1f} vs {lite['p50']:.1f} ms")]) and ok
    print(f"\nAPI bench: {'every target met' if ok else 'some targets missed'}")
    # A miss fails `make bench`; the quick smoke (16 clients, 2 s) only shows the shape.
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
