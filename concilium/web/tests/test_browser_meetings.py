"""In Chromium, against the demo: the officer plans a meeting, builds its agenda, circulates
late with the warning in view, and publishes the ministers' press release, which an
anonymous visitor then finds; a second browser sees the agenda grow live. axe-core finds no
serious or critical violation on these pages at desktop and phone widths.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from concilium.web.tests.conftest import SCREENSHOTS
from concilium.web.tests.test_browser import DESKTOP, PHONE, context_factory, sign_in, wait_live

pytestmark = pytest.mark.browser

__all__ = ["context_factory"]  # the fixture, shared with the main browser suite

SLUG = "cfm-2027-06-15"
CFM_2020 = "cfm-2020-09-10"


def serious(page) -> list[str]:
    """The serious and critical axe-core violations on the page, as 'rule: target'."""
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in found
            if v.get("impact") in ("serious", "critical")]


def test_the_officer_plans_circulates_and_publishes(demo_server, context_factory):
    officer = context_factory().new_page()
    sign_in(officer, demo_server, "officer")
    officer.goto(f"{demo_server}/meetings/")
    officer.get_by_role("link", name="New meeting").click()
    officer.get_by_label("Body").select_option("cfm")
    officer.get_by_label("First day").fill("2027-06-15")
    officer.get_by_label("City (English)").fill("Astana")
    officer.get_by_label("Host state").select_option("KAZ")
    officer.get_by_role("button", name="Plan the meeting").click()
    officer.wait_for_url(re.compile(rf".*/meetings/{SLUG}/$"))

    watcher = context_factory().new_page()
    sign_in(watcher, demo_server, "india")
    watcher.goto(f"{demo_server}/meetings/{SLUG}/")
    wait_live(watcher)
    watcher.evaluate("window.__notReloaded = true")

    officer.goto(f"{demo_server}/meetings/{SLUG}/agenda/")
    officer.get_by_label("A document", exact=True).select_option("SCO/CFM/2020/DEMO")
    officer.get_by_role("button", name="Add to the agenda").click()
    officer.wait_for_selector("#agenda-builder >> text=SCO/CFM/2020/DEMO")
    officer.get_by_label("Title (for a free item", exact=False).fill("Afghanistan")
    officer.get_by_role("button", name="Add to the agenda").click()
    officer.wait_for_selector("#agenda-builder td >> text=Afghanistan")
    officer.get_by_role("button", name="Move item 2 up").click()
    officer.wait_for_function(
        "document.querySelector('#agenda-builder tbody tr td:nth-child(2)')"
        ".textContent.includes('Afghanistan')")
    watcher.wait_for_selector("#meeting-live >> text=Afghanistan", timeout=10_000)
    assert watcher.evaluate("window.__notReloaded") is True

    officer.goto(f"{demo_server}/meetings/{SLUG}/circulate/?date=2027-06-10")
    assert "15 days late" in officer.locator("#late-warning").inner_text()
    officer.get_by_label("Joint statement of the Ministers", exact=False).check()
    officer.get_by_role("button", name="Circulate", exact=True).click()
    assert "accept_late" in officer.locator("#accept_late-error").inner_text()
    officer.get_by_label("I know the documents are late", exact=False).check()
    officer.get_by_label("Joint statement of the Ministers", exact=False).check()
    officer.get_by_role("button", name="Circulate", exact=True).click()
    officer.wait_for_url(re.compile(rf".*/meetings/{SLUG}/$"))

    officer.goto(f"{demo_server}/meetings/{CFM_2020}/publish/?kind=press-release")
    assert officer.locator("#preview article").count() == 3
    assert officer.locator('#preview article[lang="zh"]').inner_text().strip()
    officer.get_by_role("button", name="Save as a document").click()
    officer.get_by_role("button", name="Publish: make it public").first.click()
    officer.wait_for_selector("text=is published")
    symbol = re.search(rf"{CFM_2020}/press-release(-\d+)?",
                       officer.locator(".notice").first.inner_text()).group(0)

    visitor = context_factory().new_page()
    visitor.goto(f"{demo_server}/registry/")
    assert symbol in visitor.content()
    visitor.goto(f"{demo_server}/search/?q=Lavrov")
    assert symbol in visitor.content()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_workspace_pages_pass_axe(demo_server, context_factory, width):
    page = context_factory(DESKTOP if width == "desktop" else PHONE).new_page()
    sign_in(page, demo_server, "officer")
    SCREENSHOTS.mkdir(exist_ok=True)
    pages = [("meeting-new", "/meetings/new/"), ("meeting-edit", f"/meetings/{CFM_2020}/edit/"),
             ("meeting-agenda", f"/meetings/{CFM_2020}/agenda/"),
             ("meeting-attendance", f"/meetings/{CFM_2020}/attendance/"),
             ("meeting-circulate", f"/meetings/{CFM_2020}/circulate/?date=2020-09-01"),
             ("meeting-publish", f"/meetings/{CFM_2020}/publish/"),
             ("meeting-page", f"/meetings/{CFM_2020}/")]
    problems = {}
    for name, path in pages:
        response = page.goto(f"{demo_server}{path}")
        assert response.status == 200, (name, response.status)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=False)
        found = serious(page)
        if found:
            problems[name] = found
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width} width"
    assert problems == {}
