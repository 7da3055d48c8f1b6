"""The whole-cycle journey's cast and helpers: the browser contexts and pages visited (for
axe-core), the second browser's tabs that never reload, the Word draft, and the steps the
journey repeats (a position in the room, a meeting planned with the draft on its agenda).
The dates are counted from today, so the cycle is always the current presidency's."""

from __future__ import annotations

import datetime as dt
import re

import docx
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from concilium.documents.tests.test_import import _run
from concilium.web.testing import DEMO_PASSWORD
from concilium.web.tests.conftest import SCREENSHOTS
from concilium.web.tests.test_browser import DESKTOP

SHOTS = SCREENSHOTS / "journey"
TODAY = dt.date.today()
CFM_DAY = TODAY + dt.timedelta(days=10)  # circulated today: late (the charter wants more)
CNC_DAY = TODAY + dt.timedelta(days=5)
CHS_DAY = TODAY + dt.timedelta(days=20)
CFM = f"cfm-{CFM_DAY:%Y-%m-%d}"
CNC = f"cnc-{CNC_DAY:%Y-%m-%d}"
CHS = f"chs-{CHS_DAY:%Y-%m-%d}"
DRAFT = f"SCO/CFM/{CFM_DAY:%Y}/WATER"
PACKAGE = f"SCO/CFM/{CFM_DAY:%Y}/PKG"
PRESIDENCY = "KGZ"
CHAIR = "kgz-chair"
MEMBERS = ("BLR", "IND", "IRN", "KAZ", "CHN", "KGZ", "PAK", "RUS", "TJK", "UZB")
AXE = Axe()
LIVE = 30_000  # ms: how long a step may take to arrive on a loaded machine

class Journey:
    """The browser contexts of the cycle, the pages visited (for axe-core) and screenshots."""

    def __init__(self, browser, base):
        self.browser, self.base = browser, base
        self.contexts = []
        self.visited: dict[str, tuple[str, str] | None] = {}  # name -> (path, who)
        self.passwords: dict[str, str] = {}

    def page(self, username: str | None = None, password: str = DEMO_PASSWORD,
             viewport=DESKTOP):
        ctx = self.browser.new_context(viewport=viewport, locale="en-GB")
        self.contexts.append(ctx)
        page = ctx.new_page()
        if username:
            page.goto(f"{self.base}/login/")
            page.get_by_label("User name").fill(username)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(re.compile(r".*/$"))
        return page

    def go(self, page, path: str, *, who: str, name: str):
        response = page.goto(f"{self.base}{path}")
        assert response.status == 200, (path, response.status)
        self.visited[name] = (path, who)
        return response

    def shot(self, page, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self):
        for ctx in self.contexts:
            ctx.close()


def draft(path):
    """A two-paragraph Word draft: a bracketed passage, and a change India tracked."""
    d = docx.Document()
    d.add_heading("Joint statement on water cooperation", level=1)
    d.add_paragraph("The Ministers discussed [transboundary] water resources of the region.")
    p = d.add_paragraph()
    _run(p, "They ")
    _run(p, "noted ", "del", author="India")
    _run(p, "welcomed ", "ins", author="India")
    _run(p, "the joint study of the basins.")
    d.save(path)
    return path


def position(page, number: int | None, state: str | None = None, stance: str = "agree"
              ) -> None:
    """Record a position in the room on a paragraph or (None) on the whole text; the
    Secretariat names the state it records for."""
    form = page.locator(f"#act-{number or 'whole'} form[action^='/position/']")
    if not form.is_visible():
        page.get_by_role("button", name=f"Propose or take a position on paragraph {number}"
                         if number else "Take a position on the whole text").click()
    try:
        form.wait_for(timeout=LIVE)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failed-position.png"), full_page=True)
        raise
    if state:
        form.get_by_label("State").select_option(state)
    form.locator(f"input[name=stance][value={stance}]").check()
    with page.expect_response(lambda r: "/position/" in r.url and r.request.method == "POST"
                              ) as answer:
        form.get_by_role("button", name="Record the position").click()
    assert answer.value.status < 400, answer.value.text()


def plan(j, officer, body: str, day: dt.date, slug: str, *, add: bool = True) -> None:
    """The officer plans a meeting of `body` in Bishkek and puts the draft on its agenda
    (unless the draft, submitted to the body, is on it already)."""
    j.go(officer, "/meetings/new/", who="officer", name=f"meeting-new-{body}")
    officer.get_by_label("Body").select_option(body)
    officer.get_by_label("First day").fill(f"{day:%Y-%m-%d}")
    officer.get_by_label("City (English)").fill("Bishkek")
    officer.get_by_label("Host state").select_option(PRESIDENCY)
    officer.get_by_role("button", name="Plan the meeting").click()
    officer.wait_for_url(re.compile(rf".*/meetings/{slug}/$"))
    j.go(officer, f"/meetings/{slug}/agenda/", who="officer", name=f"agenda-{body}")
    if add:
        officer.get_by_label("A document", exact=True).select_option(DRAFT)
        officer.get_by_role("button", name="Add to the agenda").click()
    officer.wait_for_selector(f"#agenda-builder >> text={DRAFT}")


def serious(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target'][0]) for n in v['nodes'])}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


class Watcher:
    """The second browser: the Chinese delegate, signed in once, follows the cycle in tabs
    that are opened before the step they watch and never reloaded. `sees` waits (without a
    fixed sleep) for what a step must show, and checks the tab was not reloaded meanwhile."""

    def __init__(self, j: Journey):
        self.j = j
        self.first = j.page("china")  # the first tab; the others open in the same context
        self.context = self.first.context
        self.tabs: dict = {}

    def open(self, name: str, path: str, page_name: str | None = None):
        tab, self.first = self.first or self.context.new_page(), None
        self.j.go(tab, path, who="china", name=page_name or f"watch-{name}")
        expect(tab.locator('#live-status[data-state="open"]')).to_be_attached(timeout=LIVE)
        tab.evaluate("window.__notReloaded = true")
        self.tabs[name] = tab
        return tab

    def sees(self, name: str, selector: str, *, has_text=None, shot: str | None = None):
        tab = self.tabs[name]
        expect(tab.locator(selector, has_text=has_text).first).to_be_visible(timeout=LIVE)
        assert tab.evaluate("window.__notReloaded") is True, f"the {name} tab was reloaded"
        if shot:
            self.j.shot(tab, shot)

    def close(self, name: str) -> None:
        tab = self.tabs.pop(name)
        assert tab.evaluate("window.__notReloaded") is True, f"the {name} tab was reloaded"
        tab.close()


