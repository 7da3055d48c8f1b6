"""Fixtures for the pages, and for the browser suite against a real ASGI server.

The browser suite never touches pytest-django's test database: `demo_server` sets the demo
up in a temporary SQLite file (or a separate PostgreSQL database) and runs uvicorn in a
subprocess, because live updates need the ASGI server. In CI (CI=true) a browser test that
is skipped fails the run: a missing Chromium must not pass silently.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from concilium.web.sample import sample_document

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "screenshots"




@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (os.environ.get("CI", "").lower() in ("1", "true", "yes")
            and item.get_closest_marker("browser") and report.skipped):
        report.outcome = "failed"
        report.longrepr = f"browser test skipped in CI: {report.longrepr}"


@pytest.fixture
def negotiation(sco):
    """A six-paragraph statement of the 2020 ministers, with every member's positions."""
    return sample_document()


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="demo-pass-2020")
    return client


@pytest.fixture
def as_india(indian_delegate):
    return signed_in("india")


@pytest.fixture
def as_chair(russian_chair):
    return signed_in("lavrov")


@pytest.fixture
def as_officer(secretariat_officer):
    return signed_in("officer")


@pytest.fixture
def as_observer(mongolian_observer):
    return signed_in("mongolia")


# --- the browser suite's server --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def server_env(var_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["CONCILIUM_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "concilium.settings"
    env.pop("PYTEST_CURRENT_TEST", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


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


def start_server(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "concilium.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/login/")
    except Exception:
        proc.kill()
        raise
    return proc


def fresh_postgres_database(url: str, name: str) -> str:
    """A separate database next to the one in `url`, dropped and created anew."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    """The demo, set up once per session in its own store (never the test database)."""
    var_dir = tmp_path_factory.mktemp("demo")
    url = os.environ.get("DATABASE_URL", "")
    database_url = None
    if url.startswith("postgres"):
        database_url = fresh_postgres_database(url, f"concilium_browser_{os.getpid()}")
    env = server_env(var_dir, database_url)
    subprocess.run([sys.executable, "-c", SETUP_SCRIPT], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


@pytest.fixture(scope="session")
def demo_server(demo_env):
    port = free_port()
    proc = start_server(demo_env, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
