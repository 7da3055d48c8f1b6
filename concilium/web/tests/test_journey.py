"""One whole meeting cycle of the current presidency, in Chromium, through the pages only.

After the demo server has started nothing is done through the API, the shell or a service:
the Secretariat officer plans the ministers' meeting, imports a Word draft with a change
India tracked, and circulates it late with the warning in view; the Indian delegate proposes
an amendment and records India's position; the chair (Kyrgyzstan holds the presidency) gives
India the floor, tables a compromise as the chair, records agreement and submits the package;
the heads of state adopt it at their summit, through its chair's desk; the officer composes,
previews in English, Russian and Chinese, and publishes the press release; the Mongolian
observer and an anonymous visitor find it in search and in the registry. A second browser
(the Chinese delegate) sees each step arrive, in tabs opened before the step and never
reloaded: the dashboard and the meetings list (planning, the draft, its status), the
meeting page (agenda, circulation, decisions), the room (amendment, position, compromise,
every member heard), the chair's desk (the floor, the package), the chair's text page (the
agreement), the summit's page (adoption) and the documents list (the release saved, then
public). The screen in the room follows the paragraph the chair opens, one then another.
The exceptions and votes pages are on the cycle. The same suite refuses what must be
refused. axe-core finds no serious or critical violation on any page of the cycle at 1280
and 390 px; each step leaves a screenshot under screenshots/journey/ (ignored by git).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from concilium.web.testing import DEMO_PASSWORD, DEMO_SYMBOL
from concilium.web.tests.journey import (
    CFM,
    CFM_DAY,
    CHAIR,
    CHS,
    CHS_DAY,
    CNC,
    CNC_DAY,
    DRAFT,
    LIVE,
    MEMBERS,
    PACKAGE,
    PRESIDENCY,
    SHOTS,
    Journey,
    Watcher,
    draft,
    plan,
    position,
    serious,
)
from concilium.web.tests.test_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def journey(demo_server, browser):
    """The demo as set up (charter, members, 2020 history, demo accounts): a new cycle,
    under the current presidency, begins on it."""
    j = Journey(browser, demo_server)
    yield j
    j.close()


def test_a_whole_cycle_through_the_pages(journey, tmp_path):
    j = journey
    # --- 1. the Secretariat plans the ministers' meeting, imports and circulates ----------
    officer = j.page("officer")
    j.go(officer, "/accounts/new", who="officer", name="account-new")
    officer.fill("#username", CHAIR)
    officer.select_option("#role", "chair")
    officer.select_option("#state", PRESIDENCY)
    officer.get_by_role("button", name="Create the account").click()
    chair_password = officer.locator(".secret").inner_text().strip()
    assert chair_password
    j.passwords[CHAIR] = chair_password

    # China watches from the start: the dashboard (meetings and documents) and the
    # meetings list, neither ever reloaded.
    w = Watcher(j)
    w.open("dashboard", "/", "dashboard")
    w.open("meetings", "/meetings/", "meetings")

    j.go(officer, "/meetings/new/", who="officer", name="meeting-new")
    officer.get_by_label("Body").select_option("cfm")
    officer.get_by_label("First day").fill(f"{CFM_DAY:%Y-%m-%d}")
    officer.get_by_label("City (English)").fill("Bishkek")
    officer.get_by_label("Host state").select_option(PRESIDENCY)
    j.shot(officer, "01-plan")
    officer.get_by_role("button", name="Plan the meeting").click()
    officer.wait_for_url(re.compile(rf".*/meetings/{CFM}/$"))
    w.sees("meetings", f"#meetings-live a[href='/meetings/{CFM}/']", shot="01-watcher-meetings")
    w.sees("dashboard", f"#dashboard-live a[href='/meetings/{CFM}/']")
    w.close("meetings")
    w.open("meeting", f"/meetings/{CFM}/", "meeting")
    desk = f"/chair/meeting/{CFM}/"
    w.open("desk", desk, "desk-watcher")

    j.go(officer, "/documents/import", who="officer", name="import")
    officer.set_input_files("#file", str(draft(tmp_path / "water.docx")))
    officer.select_option("#body", "cfm")
    officer.select_option("#doc_type", "statement")  # the heads of state adopt it
    officer.fill("#symbol", DRAFT)
    officer.get_by_role("button", name="Preview").click()
    officer.wait_for_selector("#preview-h")
    assert "1 tracked change, to become a proposal" in officer.content()
    j.shot(officer, "02-import-preview")
    preview_problems = serious(officer)
    officer.get_by_role("button", name="Import the draft").click()
    officer.wait_for_url(f"**/room/{DRAFT}")
    w.sees("dashboard", "#dashboard-live .doc-card", has_text=DRAFT,
           shot="02-watcher-sees-the-draft")

    j.go(officer, f"/meetings/{CFM}/agenda/", who="officer", name="agenda")
    officer.get_by_label("A document", exact=True).select_option(DRAFT)
    officer.get_by_role("button", name="Add to the agenda").click()
    officer.wait_for_selector(f"#agenda-builder >> text={DRAFT}")
    w.sees("meeting", "#meeting-live .symbol", has_text=DRAFT)

    j.go(officer, f"/meetings/{CFM}/circulate/", who="officer", name="circulate")
    assert "days late" in officer.locator("#late-warning").inner_text()
    officer.get_by_label("Joint statement on water cooperation", exact=False).check()
    officer.get_by_label("I know the documents are late", exact=False).check()
    j.shot(officer, "03-circulate-late")
    officer.get_by_role("button", name="Circulate", exact=True).click()
    officer.wait_for_url(re.compile(rf".*/meetings/{CFM}/$"))
    w.sees("meeting", "#meeting-live td", has_text=re.compile(r"late: \d+ days? before"),
           shot="03-watcher-sees-the-circulation")
    assert preview_problems == []

    # --- 2. the Indian delegate proposes an amendment and records India's position ----------
    india = j.page("india")
    room = f"/room/{DRAFT}?lang=en"
    w.open("room", room, "room-watcher")
    j.go(india, room, who="india", name="room")
    expect(india.locator('#live-status[data-state="open"]')).to_be_attached(timeout=LIVE)
    india.get_by_role("button", name="Propose or take a position on paragraph 1").click()
    form = india.locator("#act-1 form[action^='/propose/']")
    form.get_by_label("Kind").select_option("amend")
    form.get_by_label("Passage to amend (for an amendment: copy it exactly)").fill(
        "[transboundary]")
    form.get_by_label("New text").fill("shared")
    form.get_by_role("button", name="Put the proposal on the table").click()
    india.locator("#p-1 .proposal", has_text="shared").wait_for(timeout=LIVE)
    w.sees("room", "#p-1 .proposal", has_text="shared")
    position(india, 2, stance="agree")
    w.sees("room", "#m-2 .stance.agree", shot="04-watcher-sees-the-proposal-and-position")
    j.shot(india, "04-india-proposes")

    # --- 3. the chair gives India the floor, tables a compromise, records agreement -----------
    j.go(india, desk, who="india", name="desk-delegate")
    india.get_by_role("button", name="Ask for the floor for IND").first.click()
    india.locator(".speaker-list", has_text="IND").first.wait_for(timeout=LIVE)
    w.sees("desk", ".speaker-list", has_text="IND")

    chair = j.page(CHAIR, chair_password)
    j.go(chair, desk, who=CHAIR, name="desk")
    chair.get_by_role("button", name="Give the floor to IND").first.click()
    w.sees("desk", ".now-speaking", has_text="IND", shot="05-watcher-sees-india-speak")
    j.shot(chair, "05-chair-gives-india-the-floor")

    # The screen in the room (a third browser, never reloaded) follows the chair.
    screen = j.page("china")
    j.go(screen, f"/screen/{DRAFT}?lang=en", who="china", name="screen")
    screen.wait_for_selector("#screen-p2")
    screen.evaluate("window.__notReloaded = true")
    j.go(chair, room, who=CHAIR, name="room-chair")
    chair.get_by_role("button", name="Propose or take a position on paragraph 1").click()
    chair.get_by_role("button", name="Open paragraph 1 on the screen").click()
    expect(screen.locator("#screen-p2")).to_have_count(0, timeout=LIVE)
    expect(screen.locator("#screen-p1")).to_have_count(1)
    j.shot(screen, "06-screen-follows-the-chair")
    chair.get_by_label("The chair's text").fill(
        "The Ministers discussed the shared water resources of the region.")
    chair.get_by_role("button", name="Table the chair's text").click()
    chair.locator("#p-1 .text", has_text="shared water").wait_for(timeout=LIVE)
    w.sees("room", "#p-1 .text", has_text="shared water",
           shot="06-watcher-sees-the-compromise")
    expect(screen.locator("#screen-p1", has_text="shared water")).to_be_visible(timeout=LIVE)
    chair.get_by_role("button", name="Propose or take a position on paragraph 2").click()
    chair.get_by_role("button", name="Open paragraph 2 on the screen").click()
    expect(screen.locator("#screen-p1")).to_have_count(0, timeout=LIVE)
    expect(screen.locator("#screen-p2")).to_have_count(1)
    chair.locator("#p-2 .proposal").get_by_role("button", name="Accept").click()
    chair.locator("#p-2 .text", has_text="welcomed").wait_for(timeout=LIVE)
    w.sees("room", "#p-2 .text", has_text="welcomed")
    expect(screen.locator("#screen-p2", has_text="welcomed")).to_be_visible(timeout=LIVE)
    assert screen.evaluate("window.__notReloaded") is True
    j.shot(screen, "07-screen-follows-to-paragraph-2")
    j.shot(chair, "07-chair-tables-a-compromise")
    # Every member speaks on the texts as they now stand; the Secretariat records what the
    # delegations say in the room (at a meeting, silence is not agreement).
    j.go(officer, room, who="officer", name="room-officer")
    for code in MEMBERS:
        position(officer, None, code)
    officer.locator("#room-consensus", has_text="can be adopted").first.wait_for(timeout=LIVE)
    w.sees("room", "#room-consensus", has_text="can be adopted",
           shot="07-watcher-sees-every-member-heard")
    j.shot(officer, "07-every-member-heard")
    w.close("room")

    text_page = f"/chair/document/{DRAFT}"
    w.open("text", text_page, "chair-text-watcher")
    j.go(chair, text_page, who=CHAIR, name="chair-text")
    chair.locator("section[aria-labelledby=whole-h] button[name=kind][value=agreed]").click()
    chair.locator("#chair-text-panel", has_text="recorded:").wait_for(timeout=LIVE)
    w.sees("text", "#chair-text-panel", has_text="recorded:",
           shot="08-watcher-sees-the-agreement")
    j.shot(chair, "08-chair-records-agreement")
    w.close("text")

    # The official languages gate agreement: the officer translates the text into Russian
    # and Chinese, paragraph by paragraph.
    for lang, sentence in (("ru", "Министры приветствовали сотрудничество в области водных "
                                  "ресурсов."),
                           ("zh", "部长们欢迎水资源领域的合作。")):
        j.go(officer, f"/documents/translations/{DRAFT}?lang={lang}", who="officer",
             name=f"translations-{lang}")
        for box in officer.locator("textarea[name^=text-]").all():
            box.fill(sentence)
        officer.get_by_role("button", name="Save the translation").click()
        officer.locator("main", has_text="up to date").first.wait_for(timeout=LIVE)

    # The charter's path: the national coordinators agree it ad referendum first.
    plan(j, officer, "cnc", CNC_DAY, CNC)
    w.sees("dashboard", f"#dashboard-live a[href='/meetings/{CNC}/']")
    j.go(chair, f"/chair/meeting/{CNC}/", who=CHAIR, name="desk-cnc")
    chair.locator("#desk-decisions button[name=kind][value=agreed_ad_ref]").first.click()
    chair.locator("#desk-decisions", has_text="Decided:").wait_for(timeout=LIVE)
    w.sees("dashboard", "#dashboard-live .doc-card",
           has_text=re.compile(rf"{re.escape(DRAFT)}\s*agreed ad referendum", re.I))

    # The exceptions and waivers, and votes, have their pages: nothing to set aside here,
    # and the ministers decide by consensus.
    j.go(officer, f"/meetings/{CFM}/exceptions/", who="officer", name="exceptions")
    assert DRAFT in officer.locator("#exceptions-table").inner_text()
    j.go(chair, f"/meetings/{CFM}/votes/", who=CHAIR, name="votes")
    assert "by consensus under the charter" in chair.locator("main").inner_text()

    j.go(chair, desk, who=CHAIR, name="desk-package")
    chair.get_by_text("Group documents into a package", exact=False).click()
    chair.get_by_label("Symbol of the package").fill(PACKAGE)
    chair.get_by_label("Title (English)").fill("Water cooperation")
    chair.get_by_role("button", name="Agree and submit the package").click()
    chair.locator("#desk-decisions", has_text="agreed and submitted (").wait_for(timeout=LIVE)
    w.sees("desk", "#desk-decisions", has_text="agreed and submitted (")
    w.sees("meeting", "#meeting-live table.decisions tr", has_text=PACKAGE,
           shot="09-watcher-sees-the-package-submitted")
    j.shot(chair, "09-package-submitted")
    w.close("desk")
    w.close("meeting")

    # --- 4. the heads of state adopt it at the summit, through its chair's desk -----------
    plan(j, officer, "chs", CHS_DAY, CHS, add=False)  # submitted: on the summit's agenda
    w.sees("dashboard", f"#dashboard-live a[href='/meetings/{CHS}/']")
    w.open("summit", f"/meetings/{CHS}/", "meeting-chs")
    w.open("documents", "/documents/?sort=date", "documents")

    j.go(chair, f"/chair/meeting/{CHS}/", who=CHAIR, name="desk-chs")
    chair.locator("#desk-decisions button[name=kind][value=adopted]").first.click()
    chair.locator("#desk-decisions", has_text="Decided:").wait_for(timeout=LIVE)
    j.shot(chair, "10-heads-of-state-adopt")
    w.sees("summit", "#meeting-live table.decisions tr", has_text=DRAFT,
           shot="10-watcher-sees-the-adoption")
    w.sees("documents", "#documents-live tr", has_text=re.compile(
        rf"{re.escape(DRAFT)}.*Adopted", re.I | re.S))
    w.close("summit")

    # --- 5. the officer composes, previews in three languages and publishes -----------------
    j.go(officer, f"/meetings/{CHS}/publish/?kind=press-release", who="officer", name="publish")
    assert officer.locator("#preview article").count() == 3
    for lang in ("en", "ru", "zh"):
        assert officer.locator(f'#preview article[lang="{lang}"]').inner_text().strip()
    j.shot(officer, "11-press-release-preview")
    officer.get_by_role("button", name="Save as a document").click()
    saved = re.search(r"Saved as (\S+): members only",
                      officer.locator(".notice").first.inner_text()).group(1)
    release_row = f"#documents-live tr:has(a[href='/room/{saved}'])"
    w.sees("documents", release_row, has_text="Members only")
    officer.get_by_role("button", name="Publish: make it public").first.click()
    officer.wait_for_selector("text=is published")
    release = saved
    assert release in officer.locator(".notice").first.inner_text()
    w.sees("documents", release_row, has_text="Public",
           shot="12-watcher-sees-the-release-public")
    j.shot(officer, "12-published")
    w.close("documents")
    w.close("dashboard")

    # --- 6. the observer and an anonymous visitor find it in search and in the registry ---
    for who, visitor in (("mongolia", j.page("mongolia")), ("", j.page())):
        j.go(visitor, "/registry/", who=who, name=f"registry-{who or 'public'}")
        expect(visitor.locator("main")).to_contain_text(release)
        j.go(visitor, "/search/?q=Bishkek", who=who, name=f"search-{who or 'public'}")
        expect(visitor.locator("main")).to_contain_text(release)
        j.shot(visitor, f"13-{who or 'visitor'}-finds-it")


def test_what_must_be_refused_is_refused(journey):
    """India cannot speak for Pakistan; an observer asking for a members-only draft gets the
    same answer as for a document that does not exist; a meeting whose last day comes
    before its first, and an exception without a reason, are refused with the message at
    the field, and nothing is written; India sees why it may record no exception."""
    j = journey
    officer = j.page("officer")
    assert officer.goto(f"{j.base}/room/{DRAFT}").status == 200  # it exists, members only

    india = j.page("india")  # in an open negotiation (the statement is adopted by now)
    india.goto(f"{j.base}/room/{DEMO_SYMBOL}?lang=en&on=2020-09-10")
    india.get_by_role("button", name="Take a position on the whole text").click()
    form = india.locator("#act-whole form")
    assert 'value="IND"' in form.inner_html() and "PAK" not in form.inner_html()
    matrix = india.locator("#room-matrix table").inner_html()
    consensus = india.locator("#room-consensus").inner_text()
    token = india.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value")
    for path, data in ((f"/position/{DEMO_SYMBOL}", {"state": "PAK", "stance": "object",
                                                     "paragraph": "", "text": "Not ours",
                                                     "on": "2020-09-10"}),
                       (f"/propose/{DEMO_SYMBOL}", {"state": "PAK", "kind": "delete",
                                                    "paragraph": "1"})):
        answer = india.request.post(f"{j.base}{path}",
                                    form={**data, "csrfmiddlewaretoken": token},
                                    headers={"X-CSRFToken": token, "Referer": j.base})
        assert answer.status in (403, 404), answer.text()
    india.reload()
    assert india.locator("#room-matrix table").inner_html() == matrix
    assert india.locator("#room-consensus").inner_text() == consensus

    observer = j.page("mongolia")
    hidden = observer.goto(f"{j.base}/room/{DRAFT}")
    hidden_text = observer.locator("main").inner_text().replace(DRAFT, "SYMBOL")
    missing = observer.goto(f"{j.base}/room/SCO/CFM/2026/NOSUCH")
    missing_text = observer.locator("main").inner_text().replace("SCO/CFM/2026/NOSUCH",
                                                                  "SYMBOL")
    assert hidden.status == missing.status == 404
    assert hidden_text == missing_text
    j.shot(observer, "14-observer-not-found")

    officer.goto(f"{j.base}/meetings/new/")
    officer.get_by_label("Body").select_option("cnc")
    officer.get_by_label("First day").fill("2027-03-10")
    officer.get_by_label("Last day").fill("2027-03-01")
    officer.get_by_label("City (English)").fill("Osh")
    officer.get_by_label("Host state").select_option(PRESIDENCY)
    officer.get_by_role("button", name="Plan the meeting").click()
    assert officer.locator("#f-end").get_attribute("aria-invalid") == "true"
    assert officer.locator("#end-error").inner_text().strip()
    assert officer.locator("#f-city").input_value() == "Osh"  # what was typed is kept
    j.shot(officer, "15-bad-input-at-the-field")
    j.visited["bad-input"] = None
    assert officer.goto(f"{j.base}/meetings/cnc-2027-03-10/").status == 404
    assert "cnc-2027-03-10" not in officer.goto(f"{j.base}/meetings/").text()

    # An exception to the charter's path needs a reason; India may record none at all.
    exceptions = f"{j.base}/meetings/{CFM}/exceptions/"
    officer.goto(exceptions)
    officer.locator("#ladder-reason").fill("   ")
    officer.get_by_role("button", name="Record the exception").click()
    expect(officer.locator("#ladder-reason")).to_have_attribute("aria-invalid", "true")
    expect(officer.locator("#ladder-reason-error")).to_contain_text("reason")
    expect(officer.locator("#exceptions-table")).not_to_contain_text("Step set aside")
    j.shot(officer, "16-an-exception-without-a-reason")
    india.goto(exceptions)
    expect(india.get_by_role("button", name="Record the exception")).to_be_disabled()
    expect(india.locator("#exceptions-refusal")).to_contain_text(
        "Only the secretariat records an exception")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation_on_any_page_of_the_cycle(journey, viewport):
    """Each page of the cycle, as the person who used it, at 1280 and 390 px."""
    j = journey
    assert len(j.visited) > 15, "the cycle runs first"
    pages, found = {}, {}
    for name, seen in j.visited.items():
        if seen is None:
            continue
        path, who = seen
        if who not in pages:
            pages[who] = j.page(who or None, j.passwords.get(who, DEMO_PASSWORD),
                                viewport=viewport)
        page = pages[who]
        page.goto(f"{j.base}{path}")
        page.wait_for_load_state("networkidle")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"axe-{name}-{viewport['width']}.png"))
        found[name] = serious(page)
    assert {k: v for k, v in found.items() if v} == {}

