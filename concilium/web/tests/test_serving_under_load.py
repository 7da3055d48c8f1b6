"""The server under load keeps its database connections bounded and its writers orderly.

Under ASGI every request runs in a thread of its own. Connections kept per thread once held
every connection PostgreSQL allows and locked its other clients out; on a SQLite file named
through DATABASE_URL, concurrent writers got "database is locked". These tests run uvicorn
on the demo and load it from 127.0.0.1 as several signed-in accounts.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.parse

import psycopg
import pytest

from concilium import settings as project_settings
from concilium.core.loadgen import get, load
from concilium.web.testing import (
    DEMO_SYMBOL,
    demo_environment,
    demo_tokens,
    free_port,
    start_server,
    stop_server,
)

READERS = ["officer", "lavrov", "india", "china", "pakistan", "kazakhstan"]
DELEGATES = {"india": "IND", "china": "CHN", "kazakhstan": "KAZ", "kyrgyzstan": "KGZ",
             "pakistan": "PAK", "russia": "RUS", "tajikistan": "TJK", "uzbekistan": "UZB"}
DOC = f"/api/documents/{DEMO_SYMBOL}"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_sqlite_url_keeps_wal_immediate_transactions_and_the_busy_timeout(monkeypatch):
    """DATABASE_URL=sqlite:///path gives the same options as the embedded default."""
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite3")
    named = project_settings._database()
    monkeypatch.delenv("DATABASE_URL")
    default = project_settings._database()
    assert named["NAME"] == "/tmp/elsewhere.sqlite3"
    assert named["OPTIONS"] == default["OPTIONS"]
    assert "journal_mode=WAL" in named["OPTIONS"]["init_command"]
    assert named["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert named["OPTIONS"]["timeout"] == 20


def test_postgresql_goes_through_a_pool_sized_from_the_environment(monkeypatch):
    """A process holds at most CONCILIUM_DB_POOL_MAX connections; none is kept per thread."""
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/concilium")
    monkeypatch.setenv("CONCILIUM_DB_POOL_MIN", "2")
    monkeypatch.setenv("CONCILIUM_DB_POOL_MAX", "6")
    monkeypatch.setenv("CONCILIUM_DB_POOL_TIMEOUT", "3.5")
    config = project_settings._database()
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 6, "timeout": 3.5}
    assert config["OPTIONS"]["options"] == "-c jit=off"  # no compile of a planner's guess
    monkeypatch.delenv("CONCILIUM_DB_POOL_MIN")
    monkeypatch.delenv("CONCILIUM_DB_POOL_MAX")
    monkeypatch.delenv("CONCILIUM_DB_POOL_TIMEOUT")
    assert project_settings._database()["OPTIONS"]["pool"] == {
        "min_size": 1, "max_size": 4, "timeout": 30}


def test_fifty_concurrent_writers_on_a_sqlite_url_get_only_successes_and_conflicts(tmp_path):
    """50 writers at once (8 delegates recording positions, the Secretariat editing one
    paragraph with the version it read) on two server processes: each write either succeeds
    or is refused as stale (409); none meets a locked database."""
    env = demo_environment(tmp_path, sqlite_url=True, extra={"CONCILIUM_DEBUG": "0"})
    tokens = demo_tokens(env, ["officer", *DELEGATES])
    proc, url = start_server(env, workers=2)
    try:
        port = int(url.rsplit(":", 1)[1])
        first = load("127.0.0.1", port, clients=1, per_client=1,
                     plan=lambda n, i: get(DOC, _bearer(tokens["officer"])))
        version = json.loads(first.bodies[200])["version"]
        names = list(DELEGATES)

        def plan(n: int, i: int):
            if n % 5 == 0:
                body = json.dumps({"text": f"The Ministers agreed, edit {n}.{i}.",
                                   "expected_version": version}).encode()
                return ("PUT", f"{DOC}/paragraphs/2/texts/en",
                        {**_bearer(tokens["officer"]), "Content-Type": "application/json"}, body)
            name = names[n % len(names)]
            body = json.dumps({"state": DELEGATES[name], "stance": "agree",
                               "paragraph": 1 + (i % 6)}).encode()
            return ("POST", f"{DOC}/positions",
                    {**_bearer(tokens[name]), "Content-Type": "application/json"}, body)

        result = load("127.0.0.1", port, clients=50, per_client=6, plan=plan)
    finally:
        stop_server(proc)
    assert result.errors == {}
    assert set(result.statuses) <= {200, 201, 409}, result.bodies
    assert result.statuses[201] == 40 * 6  # every position recorded
    assert result.statuses[200] == 1  # one edit wins; the other 59 saw a stale version
    assert result.statuses[409] == 10 * 6 - 1


def _database_name(url: str) -> str:
    return urllib.parse.urlparse(url).path.lstrip("/")


@pytest.mark.postgresql
def test_four_workers_under_200_clients_stay_within_their_pools(tmp_path):
    """4 uvicorn workers with pools of at most 4, 200 concurrent clients for 20 s (Django's
    endpoints and the lean handler's summary and page, side by side): no 5xx,
    never more than 16 server connections for the database, and another client can still
    connect to PostgreSQL meanwhile."""
    base = os.environ["DATABASE_URL"]
    name = f"{_database_name(base)}_load"
    env = demo_environment(tmp_path, database=name, extra={
        "CONCILIUM_DEBUG": "0", "CONCILIUM_DB_POOL_MIN": "1", "CONCILIUM_DB_POOL_MAX": "4"})
    tokens = demo_tokens(env, READERS)
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    seen: list[int] = []
    probes: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            while not stop.is_set():
                seen.append(conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND application_name <> 'concilium-probe'", [name]).fetchone()[0])
                if len(seen) % 10 == 5:  # another client, arriving in the middle of the load
                    try:
                        with psycopg.connect(env["DATABASE_URL"],
                                             application_name="concilium-probe",
                                             connect_timeout=5) as other:
                            probes.append(other.execute("SELECT 1").fetchone() == (1,))
                    except psycopg.OperationalError:
                        probes.append(False)
                time.sleep(0.25)

    proc, url = start_server(env, free_port(), workers=4, log=tmp_path / "server.log")
    watcher = threading.Thread(target=watch)
    try:
        port = int(url.rsplit(":", 1)[1])
        # The summary and a page are answered by the lean handler (documents.asgi), whose
        # threads hold pool connections too; the rest by Django.
        paths = [DOC, "/api/me", "/api/states", f"{DOC}/consensus", f"{DOC}/summary",
                 f"{DOC}/paragraphs?limit=20"]

        def plan(n: int, i: int):
            return get(paths[(n + i) % len(paths)], _bearer(tokens[READERS[n % len(READERS)]]))

        watcher.start()
        result = load("127.0.0.1", port, clients=200, duration=20, plan=plan)
    finally:
        stop.set()
        if watcher.is_alive():
            watcher.join()
        stop_server(proc)
    assert result.errors == {}
    assert not [s for s in result.statuses if s >= 500], (tmp_path / "server.log").read_text()[-3000:]
    assert set(result.statuses) == {200}
    assert result.count >= 200  # every client was answered (how many more: the machine's speed)
    assert max(seen) <= 4 * 4, seen
    assert probes and all(probes)
