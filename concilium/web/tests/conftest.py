"""Fixtures for the pages, and for the browser suite against a real ASGI server.

The browser suite never touches pytest-django's test database: `demo_server` sets the demo
up in a temporary SQLite file (or a separate PostgreSQL database) and runs uvicorn in a
subprocess, because live updates need the ASGI server. In CI (CI=true) a browser test that
is skipped fails the run: a missing Chromium must not pass silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from concilium.web.sample import sample_document
from concilium.web.testing import ROOT, demo_environment, start_server, stop_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "screenshots"




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


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    """The demo, set up once per session in its own store (never the test database)."""
    return demo_environment(tmp_path_factory.mktemp("demo"),
                            database=f"concilium_browser_{os.getpid()}")


@pytest.fixture(scope="session")
def demo_server(demo_env):
    proc, url = start_server(demo_env)
    yield url
    stop_server(proc)


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
