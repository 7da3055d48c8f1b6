"""The votes page in Chromium, where the charter says vote: the Union of Lake States' clerk
records the assembly's vote on a resolution by clicking each state's choice; the ballot is
listed with its tally. axe-core finds no serious or critical violation on the page, with its
forms and with the ballots taken, at 1280 and 390 px."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from concilium.web.testing import ROOT, fresh_postgres_database, start_server, stop_server
from concilium.web.tests.journey import SHOTS, serious
from concilium.web.tests.test_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PASSWORD = "demo-pass-2020"
ASSEMBLY = "assembly-2026-03-02"
# The union set up in the server's own store (the browser suite never shares the test
# database): its charter, the assembly with two resolutions on its agenda, and the clerk.
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from concilium.accounts.services import user_create
from concilium.documents.services import document_create
from concilium.meetings import services
from concilium.organization.services import organization_init_from_file
from concilium.rules.permissions import SYSTEM, Role
organization_init_from_file(path={str(ROOT / "concilium/rules/tests/voting.toml")!r},
                            acting_user=SYSTEM)
meeting = services.meeting_create(body="assembly", start="2026-03-02", city="Lakeside",
                                  acting_user=SYSTEM)
for symbol in ("ULS/RES/1", "ULS/RES/2"):
    document_create(doc_type="resolution", body="assembly", titles={{"en": symbol}}, lang="en",
                    paragraphs=["The States agree."], symbol=symbol, acting_user=SYSTEM)
services.agenda_item_add(meeting=meeting.slug, titles="Texts", decision_sought="adopt",
                         documents=["ULS/RES/1", "ULS/RES/2"], acting_user=SYSTEM)
user_create(username="clerk", password={PASSWORD!r}, role=Role.SECRETARIAT, acting_user=SYSTEM)
"""


@pytest.fixture(scope="module")
def union_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("union")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER")}
    env.update(CONCILIUM_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="concilium.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        env["DATABASE_URL"] = fresh_postgres_database(url, f"concilium_votes_{os.getpid()}")
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    proc, base = start_server(env)
    yield base
    stop_server(proc)


@pytest.fixture
def clerk_page(union_server, browser):
    contexts = []

    def open_as_clerk(viewport=DESKTOP):
        ctx = browser.new_context(viewport=viewport, locale="en-GB")
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(f"{union_server}/login/")
        page.get_by_label("User name").fill("clerk")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{union_server}/")
        page.goto(f"{union_server}/meetings/{ASSEMBLY}/votes/")
        return page

    yield open_as_clerk
    for ctx in contexts:
        ctx.close()


def test_the_clerk_records_a_vote_by_clicking_each_states_choice(clerk_page):
    page = clerk_page()
    form = page.locator("#vote-1 form")
    form.get_by_label("Decision voted on").select_option("adopted")
    for name, choice in (("Alpinia", "yes"), ("Borealia", "yes"), ("Corvinia", "yes"),
                         ("Dunmark", "yes"), ("Elvania", "no"), ("Fennia", "abstain")):
        form.get_by_label(f"{name}: {choice}", exact=True).check()
    form.get_by_role("button", name="Record the vote").click()
    expect(page.locator("#ballots tr[data-ballot='ULS/RES/1']")).to_contain_text(
        "adopted by vote")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "votes-recorded.png"), full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_votes_page_passes_axe(clerk_page, viewport):
    page = clerk_page(viewport)
    assert serious(page) == []
    # Every state absent (as the form starts): the vote is on record, without a quorum.
    page.locator("#vote-2 form").get_by_role("button", name="Record the vote").click()
    expect(page.locator("#ballots tr[data-ballot='ULS/RES/2']").last).to_contain_text(
        "no quorum")
    assert serious(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"votes-{viewport['width']}.png"), full_page=True)
