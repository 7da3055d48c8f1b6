"""Helpers for tests that talk to a real server: start uvicorn on the demo, sign in, stream.

The browser suite and the live tests use a server in a subprocess (server-sent events need
ASGI), set up in its own store: a temporary SQLite file, or a separate PostgreSQL database
when DATABASE_URL points at PostgreSQL. They never share pytest-django's test database.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

from concilium.core.loadgen import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "concilium-demo"
DEMO_SYMBOL = "SCO/CFM/2020/DEMO"

SETUP_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("demo", "--no-serve")
from concilium.documents.models import Document
from concilium.web.sample import sample_document
if not Document.objects.filter(symbol="SCO/CFM/2020/DEMO").exists():
    sample_document()
"""


_CREATED: list[tuple[str, str]] = []  # (server, name) of the databases made here


def fresh_postgres_database(url: str, name: str) -> str:
    """A separate database beside the one in `url`, dropped and created anew; dropped again
    when the test session ends (`drop_created_databases`)."""
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    if (base, name) not in _CREATED:
        _CREATED.append((base, name))
    return f"{base}/{name}"


def drop_created_databases() -> None:
    """Drop the databases this process made: the PostgreSQL server is shared, and a test
    run leaves nothing on it."""
    while _CREATED:
        base, name = _CREATED.pop()
        try:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.Error as error:  # the run's own result stands; say what is left
            print(f"could not drop the test database {name}: {error}")


def demo_environment(var_dir: Path, *, database: str | None = None,
                     sqlite_url: bool = False, extra: dict | None = None) -> dict:
    """Set the demo up in `var_dir` (SQLite) or in PostgreSQL database `database`; return
    the environment a server process needs to serve it. `sqlite_url` names the SQLite file
    through DATABASE_URL=sqlite:///... instead of the default path; `extra` adds variables."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER")}
    env["CONCILIUM_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "concilium.settings"
    env["CONCILIUM_DEMO"] = "1"
    env.update(extra or {})
    url = os.environ.get("DATABASE_URL", "")
    if database and url.startswith("postgres"):
        env["DATABASE_URL"] = fresh_postgres_database(url, database)
    elif sqlite_url:
        env["DATABASE_URL"] = f"sqlite:///{Path(var_dir).resolve() / 'named.sqlite3'}"
    subprocess.run([sys.executable, "-c", SETUP_SCRIPT], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def start_server(env: dict, port: int | None = None, *, workers: int = 1,
                 log: Path | None = None, timeout: float = 90.0
                 ) -> tuple[subprocess.Popen, str]:
    """uvicorn on 127.0.0.1 with `workers` processes, once it answers (within `timeout`
    seconds: a busy machine starts several Django processes slowly); its errors go to `log`
    if given."""
    port = port or free_port()
    errors = log.open("ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "concilium.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/login/", timeout=timeout)
    except Exception:
        proc.kill()
        raise
    return proc, url


def demo_tokens(env: dict, usernames: list[str]) -> dict[str, str]:
    """An API token for each demo account named, created in the server's store."""
    script = ("import django; django.setup()\n"
              "from concilium.accounts.services import token_create\n"
              "from concilium.rules.permissions import SYSTEM\n"
              f"for name in {usernames!r}:\n"
              "    print(name, token_create(username=name, acting_user=SYSTEM))\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return dict(line.split() for line in out.splitlines() if line.strip())


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Session:
    """A signed-in HTTP session against a running server (cookies and CSRF handled)."""

    def __init__(self, base: str, username: str | None = None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        if username:
            self.login(username)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def login(self, username: str) -> None:
        html = self.opener.open(f"{self.base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.post("/login/", {"csrfmiddlewaretoken": token, "username": username,
                              "password": DEMO_PASSWORD, "next": "/"})
        assert self.cookie("sessionid"), f"could not sign in as {username}"

    def post(self, path: str, data: dict, headers: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(
            f"{self.base}{path}", data=body,
            headers={"X-CSRFToken": self.cookie("csrftoken"), "Referer": f"{self.base}/",
                     **(headers or {})})
        try:
            with self.opener.open(request) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(f"{self.base}{path}") as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class EventStream:
    """A minimal server-sent-events client: open, then read events with a timeout."""

    def __init__(self, base: str, topics: str, *, cookie: str = "", last_id: int | None = None):
        parsed = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
        headers = {"Accept": "text/event-stream"}
        if cookie:
            headers["Cookie"] = cookie
        if last_id is not None:
            headers["Last-Event-ID"] = str(last_id)
        self.conn.request("GET", f"/live/stream?topics={urllib.parse.quote(topics)}",
                          headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status

    def next_event(self, timeout: float = 5.0) -> dict | None:
        """The next event (id, event, data), skipping comments and retry lines; None on
        timeout."""
        self.conn.sock.settimeout(timeout)
        fields: dict = {}
        try:
            while True:
                line = self.response.fp.readline().decode().rstrip("\n")
                if line == "":
                    if "data" in fields:
                        fields["data"] = json.loads(fields["data"])
                        return fields
                    fields = {}
                    continue
                if line.startswith(":") or line.startswith("retry:"):
                    continue
                name, _sep, value = line.partition(": ")
                fields[name] = value
        except TimeoutError:
            return None

    def close(self) -> None:
        self.conn.close()
