"""In Chromium, against the demo served by uvicorn: a room of 900 paragraphs comes first
with its first paragraphs, and the rest arrives by itself; a link to a late paragraph
finds it, and a live position on it changes that paragraph, its row and the consensus
only, whether or not its part had arrived."""

from __future__ import annotations

import subprocess
import sys

import pytest

from concilium.web.testing import ROOT, Session
from concilium.web.tests.test_browser import DESKTOP, sign_in, wait_live

pytestmark = pytest.mark.browser

LONG = "SCO/CFM/2020/LONG-ROOM"
PARAGRAPHS = 900
MAKE = f"""
import django
django.setup()
from concilium.documents.models import Document
from concilium.web.sample import sample_document
if not Document.objects.filter(symbol="{LONG}").exists():
    sample_document(symbol="{LONG}", paragraphs={PARAGRAPHS}, positions=False)
"""
ROOM = f"/room/{LONG}?lang=en&on=2020-09-10"
ALL_IN = ("() => !document.querySelector('.para-part') && "
          f"document.querySelectorAll('#room-text article').length === {PARAGRAPHS}")


@pytest.fixture(scope="module")
def long_room(demo_env, demo_server):
    subprocess.run([sys.executable, "-c", MAKE], cwd=ROOT, env=demo_env, check=True)
    return demo_server


@pytest.fixture
def india(browser, long_room):
    """India's delegate, signed in, in a browser of her own."""
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, long_room, "india")
    yield page
    ctx.close()


def china_objects(base: str, paragraph: int, reason: str) -> None:
    status, body = Session(base, "china").post(
        f"/position/{LONG}", {"state": "CHN", "stance": "object", "paragraph": paragraph,
                              "text": reason, "on": "2020-09-10"},
        headers={"HX-Request": "true"})
    assert status == 204, body[:300]


def test_a_link_to_a_late_paragraph_goes_there_once_it_has_come(long_room, india):
    """India follows a link to paragraph 850 of a 900-paragraph text: the page opens with
    the first paragraphs, the rest comes by itself, and she lands on paragraph 850 with the
    keyboard there: Tab reaches its button."""
    india.goto(f"{long_room}{ROOM}#p-850")
    india.wait_for_function("() => document.activeElement && document.activeElement.id === 'p-850'",
                            timeout=20_000)
    india.wait_for_function(ALL_IN, timeout=20_000)
    assert india.locator("#room-matrix tr[id^='m-']").count() == PARAGRAPHS + 1
    assert india.locator("#room-matrix td.muted[colspan]").count() == 0
    box = india.locator("#p-850").bounding_box()
    assert box is not None and 0 <= box["y"] < 800
    india.keyboard.press("Tab")
    focused = india.evaluate("document.activeElement.textContent")
    assert focused == "Propose or take a position on paragraph 850"


def test_a_live_objection_on_a_late_paragraph_changes_only_what_shows_it(long_room, india):
    """China has objected to paragraphs 10 and 900; India has the whole text open. China
    objects to paragraph 850: India sees it on paragraph 850, in its matrix row and in the
    consensus between the other two, and her page fetched only that paragraph."""
    china_objects(long_room, 10, "Too early.")
    china_objects(long_room, 900, "Too late.")
    india.goto(f"{long_room}{ROOM}")
    india.wait_for_function(ALL_IN, timeout=20_000)
    wait_live(india)
    fetched: list[str] = []
    india.on("request", lambda request: fetched.append(request.url))
    china_objects(long_room, 850, "Not in this form.")
    india.locator("#p-850.status-objected").wait_for(timeout=10_000)
    india.locator("#m-850 .stance.object").wait_for(timeout=5_000)
    items = india.locator("#consensus-objections li")
    items.filter(has_text="CHN objects to paragraph 850: Not in this form.").wait_for(
        timeout=5_000)
    assert [items.nth(i).get_attribute("data-paragraph") for i in range(items.count())] == [
        "10", "850", "900"]
    assert india.locator("#room-text article").count() == PARAGRAPHS
    fragments = [url for url in fetched if "/fragment/" in url]
    assert fragments and all("/fragment/paragraph/" in url for url in fragments), fragments


def test_a_position_on_a_paragraph_still_on_its_way_shows_when_it_comes(long_room, india):
    """India's page is still waiting for paragraphs 201-700 (read before the change) when
    China objects to paragraph 650: the consensus shows the objection at once, and
    paragraph 650 and its row show it once they have come."""
    held, holding = [], [True]

    def hold(route):  # read from the server now, given to the page later
        if holding[0]:
            held.append((route, route.fetch()))
        else:
            route.continue_()

    india.route("**/fragment/part/**", hold)
    india.goto(f"{long_room}{ROOM}")
    wait_live(india)
    india.wait_for_function("() => document.querySelector('#part-200.htmx-request')",
                            timeout=10_000)
    assert india.locator("#p-650").count() == 0
    china_objects(long_room, 650, "Needs another reading.")
    india.locator("#consensus-objections li[data-paragraph='650']").wait_for(timeout=10_000)
    fetched: list[str] = []
    india.on("request", lambda request: fetched.append(request.url))
    holding[0] = False
    for route, response in held:
        route.fulfill(response=response)
    india.wait_for_function(ALL_IN, timeout=20_000)
    india.locator("#p-650.status-objected").wait_for(timeout=10_000)
    india.locator("#m-650 .stance.object").wait_for(timeout=5_000)
    assert not [url for url in fetched if "/fragment/text/" in url], "never the whole text"


def test_a_delegates_own_position_fetches_only_its_paragraph(long_room, india):
    """India objects to paragraph 820 from her own page: what comes back is that
    paragraph, its row and the consensus items, not the whole text or matrix."""
    india.goto(f"{long_room}{ROOM}")
    india.wait_for_function(ALL_IN, timeout=20_000)
    wait_live(india)
    fetched: list[str] = []
    india.on("request", lambda request: fetched.append(request.url))
    india.get_by_role("button", name="Propose or take a position on paragraph 820").click()
    form = india.locator("#act-820 form").nth(1)
    form.get_by_label("objects").check()
    form.get_by_label("The view or the reason for objecting").fill("Not as drafted.")
    form.get_by_role("button", name="Record the position").click()
    india.locator("#p-820.status-objected").wait_for(timeout=10_000)
    india.locator("#consensus-objections li", has_text="IND objects to paragraph 820:").wait_for(
        timeout=5_000)
    india.locator("#m-820 .stance.object").wait_for(timeout=5_000)
    india.wait_for_timeout(500)  # anything else the answer would have triggered
    fragments = [url for url in fetched if "/fragment/" in url]
    assert all("/fragment/paragraph/" in url for url in fragments), fragments


def test_an_accepted_proposal_on_a_late_paragraph_reaches_a_second_browser_alone(
        long_room, india, browser):
    """India proposes a new text for paragraph 880 and starts typing a proposal on
    paragraph 3; the Russian chair, in a browser of his own, accepts hers. India sees
    paragraph 880's new text without her page fetching the text or the matrix whole: a few
    KB, her typing untouched, and her other forms carry the new version."""
    status, body = Session(long_room, "india").post(
        f"/propose/{LONG}", {"state": "IND", "kind": "replace", "paragraph": 880,
                             "text": "The ministers agreed on a new wording."},
        headers={"HX-Request": "true"})
    assert status == 204, body[:300]
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
    chair = ctx.new_page()
    sign_in(chair, long_room, "lavrov")
    chair.goto(f"{long_room}{ROOM}")
    chair.wait_for_function(ALL_IN, timeout=20_000)
    india.goto(f"{long_room}{ROOM}")
    india.wait_for_function(ALL_IN, timeout=20_000)
    wait_live(india)
    india.get_by_role("button", name="Propose or take a position on paragraph 3",
                     exact=True).click()
    india.locator("#text-3").fill("Typed while the chair decides.")
    version = india.locator("#room-text").get_attribute("data-version")
    finished: list = []
    india.on("requestfinished", lambda request: finished.append(request))
    chair.locator("#p-880 .proposal").get_by_role("button", name="Accept").click()
    india.locator("#p-880 .text", has_text="The ministers agreed on a new wording.").wait_for(
        timeout=10_000)
    india.wait_for_timeout(500)  # anything else the event made the page fetch
    ctx.close()
    fragments = [r for r in finished if "/fragment/" in r.url]
    assert fragments and not [r.url for r in fragments
                              if "/fragment/text/" in r.url or "/fragment/matrix/" in r.url]
    sent = sum(r.sizes()["responseBodySize"] for r in fragments)
    assert sent <= 10_000, [(r.url, r.sizes()["responseBodySize"]) for r in fragments]
    assert india.locator("#text-3").input_value() == "Typed while the chair decides."
    assert india.locator("#room-text article").count() == PARAGRAPHS
    assert int(india.locator("#room-text").get_attribute("data-version")) == int(version) + 1


def whole_text(base: str, state: str, stance: str) -> None:
    status, body = Session(base, "officer").post(
        f"/position/{LONG}", {"state": state, "stance": stance, "on": "2020-09-10"},
        headers={"HX-Request": "true"})
    assert status == 204, body[:300]


def test_a_position_on_the_whole_text_changes_the_standing_without_the_text(long_room, india):
    """Seven members have agreed to the whole text; India has it open and is typing on
    paragraph 3 when Uzbekistan agrees too: paragraph 852 becomes agreed, Uzbekistan's
    column shows it on every paragraph, and her page fetched only the standing,
    a few KB, her typing untouched."""
    for state in ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK"):
        whole_text(long_room, state, "agree")
    india.goto(f"{long_room}{ROOM}")
    india.wait_for_function(ALL_IN, timeout=20_000)
    wait_live(india)
    assert india.locator("#p-852.status-pending").count() == 1
    india.get_by_role("button", name="Propose or take a position on paragraph 3",
                     exact=True).click()
    india.locator("#text-3").fill("Typed while Uzbekistan speaks.")
    finished: list = []
    india.on("requestfinished", lambda request: finished.append(request))
    whole_text(long_room, "UZB", "agree")
    india.locator("#p-852.status-agreed").wait_for(timeout=10_000)
    assert india.locator("#p-852 .para-head").inner_text().endswith("agreed")
    assert india.locator("#m-852 .stance.agree").count() == 8
    india.wait_for_timeout(500)
    fragments = [r.url for r in finished if "/fragment/" in r.url]
    assert fragments and all("/fragment/standing/" in url for url in fragments), fragments
    assert sum(r.sizes()["responseBodySize"] for r in finished) <= 10_000
    assert india.locator("#text-3").input_value() == "Typed while Uzbekistan speaks."
