"""In Chromium, against the demo: the officer's documents workspace through pages only.

The officer imports a Word draft with a tracked change (previewed first), translates a
paragraph, releases the draft to the public, and creates an account; an anonymous visitor
in another browser then finds the released draft in search and the documents list. Each
step leaves a screenshot in screenshots/ (ignored by git).
"""

from __future__ import annotations

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe

from concilium.documents.tests.test_import import _run
from concilium.web.tests.conftest import SCREENSHOTS
from concilium.web.tests.test_browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser
SYMBOL = "SCO/CFM/2020/BROWSER"
AXE = Axe()


def _draft(path):
    d = docx.Document()
    d.add_heading("Statement on water cooperation", level=1)
    d.add_paragraph("The Ministers discussed [transboundary] water resources.")
    p = d.add_paragraph()
    _run(p, "They ")
    _run(p, "noted ", "del")
    _run(p, "welcomed ", "ins")
    _run(p, "the joint study.")
    d.save(path)
    return path


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"documents-{name}.png"), full_page=True)


def test_import_translate_release_and_find_it_as_a_visitor(demo_server, browser, tmp_path):
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, demo_server, "officer")
    page.get_by_role("link", name="Documents").first.click()
    page.get_by_role("link", name="Import a file").click()
    page.set_input_files("#file", str(_draft(tmp_path / "water.docx")))
    page.select_option("#body", "cfm")
    page.select_option("#doc_type", "cfm-statement")
    page.fill("#symbol", SYMBOL)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#preview-h")
    assert "Replace paragraph 2 with:" in page.content()
    assert "1 tracked change, to become a proposal" in page.content()
    _shot(page, "import-preview")
    page.get_by_role("button", name="Import the draft").click()
    page.wait_for_url(f"**/room/{SYMBOL}")
    assert "is imported: 2 paragraphs, 1 tracked changes as proposals" in page.content()

    page.goto(f"{demo_server}/documents/translations/{SYMBOL}?lang=ru")
    page.fill("#text-1", "Министры обсудили [трансграничные] водные ресурсы.")
    page.fill("#text-2", "Они отметили совместное исследование.")
    _shot(page, "translations")
    page.get_by_role("button", name="Save the translation").click()
    page.wait_for_selector("text=Every paragraph is up to date in Russian.")

    page.goto(f"{demo_server}/documents/release/{SYMBOL}")
    page.get_by_label("I confirm the new classification.").check()
    _shot(page, "release")
    page.get_by_role("button", name="Change the classification").click()
    page.wait_for_url(f"**/room/{SYMBOL}")

    visitor = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    visitor.goto(f"{demo_server}/search/?q=transboundary")
    assert SYMBOL in visitor.content()
    visitor.goto(f"{demo_server}/documents/?classification=public")
    assert SYMBOL in visitor.content()
    _shot(visitor, "list-phone")
    visitor.context.close()
    ctx.close()


def test_the_officer_creates_an_account_and_a_delegate_is_refused(demo_server, browser):
    ctx = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, demo_server, "officer")
    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name="New account").click()
    page.fill("#username", "browser-delegate")
    page.select_option("#role", "delegate")
    page.get_by_role("button", name="Create the account").click()
    assert page.locator("#state-error").is_visible()  # a delegate needs a state
    assert page.input_value("#username") == "browser-delegate"
    page.select_option("#state", "KAZ")
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_selector(".secret")
    _shot(page, "account-created")
    ctx.close()

    delegate = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    sign_in(delegate, demo_server, "india")
    assert delegate.goto(f"{demo_server}/accounts/").status == 403
    assert delegate.goto(f"{demo_server}/documents/import").status == 403
    delegate.context.close()


def _serious(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {', '.join(n['target'][0] for n in v['nodes'])}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation_on_the_workspace_pages(demo_server, browser,
                                                                   viewport, tmp_path):
    """axe-core finds no serious or critical violation on any page of the workspace,
    including the import preview and a form showing a refusal at its field."""
    ctx = browser.new_context(viewport=viewport, locale="en-GB")
    page = ctx.new_page()
    sign_in(page, demo_server, "officer")
    found = {}
    for path in ("/documents/", "/documents/new", "/documents/import", "/accounts/",
                 "/accounts/new", "/accounts/india/",
                 "/documents/translations/SCO/CFM/2020/DEMO?all=1",
                 "/documents/release/SCO/CFM/2020/DEMO"):
        page.goto(f"{demo_server}{path}")
        found[path] = _serious(page)
    page.goto(f"{demo_server}/documents/import")
    page.set_input_files("#file", str(_draft(tmp_path / "water.docx")))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#preview-h")
    found["import preview"] = _serious(page)
    page.goto(f"{demo_server}/accounts/new")
    page.fill("#username", "axe-check")
    page.select_option("#role", "delegate")
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_selector("#state-error")
    found["refused form"] = _serious(page)
    ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
