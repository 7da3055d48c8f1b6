"""In Chromium, against the demo: the Indian delegate gives India's delegation to the
ministers' meeting in English and Russian (a Russian list that does not match is refused in
its own part of the form, with what was typed kept); the Secretariat officer records the
credentials, reads the list of participants in Russian, wholly in Russian, and issues the
convocation, which takes the next number of the registry and downloads as a PDF. axe-core
finds no serious or critical violation on these pages at desktop and phone widths.
"""

from __future__ import annotations

import re

import pytest

from concilium.web.tests.test_browser import PHONE, context_factory, sign_in
from concilium.web.tests.test_browser_meetings import serious

pytestmark = pytest.mark.browser

__all__ = ["context_factory"]  # the fixture, shared with the main browser suite

CFM = "cfm-2020-09-10"
MEMBERS_EN = "Vikas Swarup | Secretary (West)\nAnurag Srivastava | Spokesperson"
MEMBERS_RU = "Викас Сваруп | Секретарь (Запад)\nАнураг Шривастава | Официальный представитель"


def test_india_gives_its_delegation_and_the_officer_issues_the_convocation(
        demo_server, context_factory):
    india = context_factory().new_page()
    sign_in(india, demo_server, "india")
    india.goto(f"{demo_server}/meetings/{CFM}/delegations/")
    assert india.locator("form input[name=state]").evaluate_all(
        "inputs => inputs.map(i => i.value)") == ["IND"]  # India's form only
    assert india.locator("#head-IND").input_value() == "Subrahmanyam Jaishankar"
    india.locator("#members-IND").fill(MEMBERS_EN)
    india.locator("#state-IND summary", has_text="Russian").click()
    india.locator("#members-IND-ru").fill(MEMBERS_RU.splitlines()[0])
    india.locator("#state-IND").get_by_role("button", name="Save the composition").click()
    error = india.locator("#members-error")
    error.wait_for()
    assert "members.ru: give one line per person" in error.inner_text()
    assert india.locator("#state-IND details").first.get_attribute("open") is not None
    assert india.locator("#members-IND").input_value() == MEMBERS_EN  # nothing lost
    assert india.locator("#members-IND-ru").get_attribute("aria-invalid") == "true"
    india.locator("#members-IND-ru").fill(MEMBERS_RU)
    india.locator("#state-IND").get_by_role("button", name="Save the composition").click()
    india.wait_for_url(re.compile(r".*/delegations/#state-IND$"))
    assert "Saved." in india.content()
    assert india.locator("#members-IND-ru").input_value() == MEMBERS_RU

    officer = context_factory().new_page()
    sign_in(officer, demo_server, "officer")
    officer.goto(f"{demo_server}/meetings/{CFM}/delegations/")
    assert "India: complete" not in officer.content()
    officer.locator("#received-IND").fill("2020-09-08")
    officer.locator("#state-IND").get_by_role("button", name="Record the credentials").click()
    officer.wait_for_url(re.compile(r".*#state-IND$"))
    assert "received on" in officer.locator("#state-IND").inner_text()
    assert serious(officer) == []

    officer.goto(f"{demo_server}/meetings/{CFM}/correspondence/")
    officer.get_by_role("link", name="List of participants").click()
    officer.get_by_role("link", name="Russian").click()
    preview = officer.locator('#preview-h ~ article[lang="ru"]')
    assert "Анураг Шривастава" in preview.inner_text()
    assert "Официальный представитель" in preview.inner_text()
    assert "Anurag" not in preview.inner_text()

    officer.get_by_role("link", name="Note verbale: convocation").click()
    officer.get_by_role("button", name="Issue the note: give it the next number").click()
    issued = officer.locator(".notice[role=status]", has_text="Issued as note")
    issued.first.wait_for()
    number = re.search(r"SCO/NV/\d{4}/\d+", issued.first.inner_text()).group(0)
    row = officer.locator("table tbody tr", has_text=number)
    assert row.count() == 1
    with officer.expect_download() as download:
        row.get_by_role("link", name="ru pdf").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
    assert serious(officer) == []

    phone = context_factory(PHONE).new_page()
    sign_in(phone, demo_server, "officer")
    for path in ("delegations/", "correspondence/?what=participants&lang=zh"):
        phone.goto(f"{demo_server}/meetings/{CFM}/{path}")
        assert serious(phone) == [], path
