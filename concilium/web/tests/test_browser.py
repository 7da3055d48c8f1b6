"""In Chromium, against the demo served by uvicorn: negotiating live, in three languages.

Run with the rest (`pytest concilium/web`); they need /usr/bin/chromium and are marked
`browser`. Screenshots of each main page at desktop and phone widths go to screenshots/.
"""

from __future__ import annotations

import re

import pytest

from concilium.web.testing import DEMO_PASSWORD, DEMO_SYMBOL
from concilium.web.tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

ROOM = f"/room/{DEMO_SYMBOL}?lang=en&on=2020-09-10"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(viewport=DESKTOP):
        ctx = browser.new_context(viewport=viewport, locale="en-GB")
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def wait_live(page) -> None:
    page.wait_for_selector('#live-status[data-state="open"]', timeout=10_000)


def test_a_proposal_made_and_accepted_appears_live_elsewhere(demo_server, context_factory):
    """A delegate proposes an amendment; the chair accepts it; a third browser that never
    reloads sees the proposal appear and then the accepted text."""
    watcher = context_factory().new_page()
    sign_in(watcher, demo_server, "officer")
    watcher.goto(f"{demo_server}{ROOM}")
    wait_live(watcher)
    watcher.evaluate("window.__notReloaded = true")

    delegate = context_factory().new_page()
    sign_in(delegate, demo_server, "india")
    delegate.goto(f"{demo_server}{ROOM}")
    wait_live(delegate)
    delegate.get_by_role("button", name="Propose or take a position on paragraph 4").click()
    delegate.get_by_label("Kind").select_option("amend")
    delegate.get_by_label("Passage to amend (for an amendment: copy it exactly)").fill(
        "reaffirmed their commitment")
    delegate.get_by_label("New text").fill("solemnly reaffirmed their commitment")
    delegate.get_by_role("button", name="Put the proposal on the table").click()
    delegate.locator("#p-4 .proposal").wait_for(timeout=5_000)

    watcher.locator("#p-4 .proposal", has_text="solemnly").wait_for(timeout=3_000)

    chair = context_factory().new_page()
    sign_in(chair, demo_server, "lavrov")
    chair.goto(f"{demo_server}{ROOM}")
    chair.locator("#p-4 .proposal").get_by_role("button", name="Accept").click()
    chair.locator("#p-4 .text", has_text="solemnly reaffirmed").wait_for(timeout=5_000)

    watcher.locator("#p-4 .text", has_text="solemnly reaffirmed").wait_for(timeout=3_000)
    assert watcher.evaluate("window.__notReloaded") is True
    assert watcher.locator("#p-4 .proposal").count() == 0


def test_a_delegate_cannot_act_for_another_state(demo_server, context_factory):
    """The form offers only India; a hand-made request for Pakistan is refused, and nothing
    changes in the positions matrix."""
    page = context_factory().new_page()
    sign_in(page, demo_server, "india")
    page.goto(f"{demo_server}{ROOM}")
    page.get_by_role("button", name="Propose or take a position on paragraph 1").click()
    page.locator("#act-1 form").first.wait_for()
    form_html = page.locator("#act-1").inner_html()
    assert 'value="IND"' in form_html and "PAK" not in form_html
    matrix_before = page.locator("#room-matrix table").inner_html()
    token = page.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value")
    for path, data in ((f"/position/{DEMO_SYMBOL}",
                        {"state": "PAK", "stance": "object", "paragraph": "1",
                         "text": "Not ours to say", "on": "2020-09-10"}),
                       (f"/propose/{DEMO_SYMBOL}",
                        {"state": "PAK", "kind": "delete", "paragraph": "1"})):
        response = page.request.post(f"{demo_server}{path}",
                                     form={**data, "csrfmiddlewaretoken": token},
                                     headers={"X-CSRFToken": token, "Referer": demo_server})
        assert response.status in (403, 404), response.text()
    page.reload()
    assert page.locator("#room-matrix table").inner_html() == matrix_before


def test_the_language_switch(demo_server, context_factory):
    page = context_factory().new_page()
    page.goto(f"{demo_server}/")
    page.get_by_role("button", name="Русский").click()
    page.get_by_role("heading", name="Председательство").wait_for()
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("button", name="简体中文").click()
    page.get_by_role("heading", name="主席国").wait_for()
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Presidency").wait_for()


PAGES = [
    ("dashboard", "/?on=2020-09-10"),
    ("organization", "/organization/?on=2020-09-10"),
    ("meetings", "/meetings/"),
    ("room", ROOM + "&lang2=ru"),
    ("redline", f"/redline/{DEMO_SYMBOL}?lang=en"),
    ("registry", "/registry/"),
    ("search", "/search/?q=cooperation"),
]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_the_main_pages(demo_server, context_factory, width):
    """Every main page renders without a horizontal scroll on a phone; screenshots are kept."""
    viewport = DESKTOP if width == "desktop" else PHONE
    page = context_factory(viewport).new_page()
    sign_in(page, demo_server, "india")
    SCREENSHOTS.mkdir(exist_ok=True)
    from concilium.web.testing import Session

    meetings = Session(demo_server).get("/meetings/")[1]
    found = re.search(r'href="/meetings/([a-z0-9-]+)/"', meetings)
    pages = PAGES + ([("meeting", f"/meetings/{found.group(1)}/")] if found else [])
    for name, path in pages:
        response = page.goto(f"{demo_server}{path}")
        assert response.status == 200, (name, response.status)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=False)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width} width"


def _propose_amendment(page, number: int, passage: str, text: str, *, submit: bool) -> None:
    page.get_by_role("button", name=f"Propose or take a position on paragraph {number}").click()
    form = page.locator(f"#act-{number} form").first
    form.get_by_label("Kind").select_option("amend")
    form.get_by_label("Passage to amend (for an amendment: copy it exactly)").fill(passage)
    form.get_by_label("New text").fill(text)
    if submit:
        form.get_by_role("button", name="Put the proposal on the table").click()


def test_a_live_update_keeps_the_form_a_delegate_is_typing_in(demo_server, context_factory):
    """India types an amendment to paragraph 4 and has not sent it; China proposes on the
    same paragraph and on another. India sees both proposals arrive, and her open form
    keeps every word she typed; she sends it, and it goes away."""
    india = context_factory().new_page()
    sign_in(india, demo_server, "india")
    india.goto(f"{demo_server}{ROOM}")
    wait_live(india)
    india.evaluate("window.__notReloaded = true")
    _propose_amendment(india, 4, "reaffirmed their commitment",
                       "firmly reaffirmed their commitment", submit=False)
    india.locator("#p-2").click()  # India looks elsewhere: the form loses focus

    china = context_factory().new_page()
    sign_in(china, demo_server, "china")
    china.goto(f"{demo_server}{ROOM}")
    _propose_amendment(china, 4, "their commitment", "their lasting commitment", submit=True)
    china.locator("#p-4 .proposal", has_text="lasting").wait_for(timeout=5_000)
    _propose_amendment(china, 6, "their commitment", "their full commitment", submit=True)
    china.locator("#p-6 .proposal", has_text="full").wait_for(timeout=5_000)

    india.locator("#p-4 .proposal", has_text="lasting").wait_for(timeout=5_000)
    india.locator("#p-6 .proposal", has_text="full").wait_for(timeout=5_000)
    form = india.locator("#act-4 form")
    assert form.get_by_label("New text").input_value() == "firmly reaffirmed their commitment"
    assert form.get_by_label("Kind").input_value() == "amend"
    assert india.evaluate("window.__notReloaded") is True

    form.get_by_role("button", name="Put the proposal on the table").click()
    india.locator("#p-4 .proposal", has_text="firmly").wait_for(timeout=5_000)
    india.locator("#act-4 form").wait_for(state="detached", timeout=5_000)
