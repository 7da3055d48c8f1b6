"""A new draft in the browser: the form, the proposed symbol, refusals at the field."""

import pytest

from concilium.audit.models import AuditRecord
from concilium.documents.models import Document

pytestmark = pytest.mark.django_db

DRAFT = {"doc_type": "cfm-statement", "body": "cfm", "lang": "en", "classification": "members",
         "title": "Statement on trade", "symbol": "",
         "paragraphs": "1. The Ministers met in Moscow.\n\n2. They [welcomed] the report."}


def test_the_form_proposes_the_symbol_of_the_body(as_officer):
    html = as_officer.get("/documents/new?body=cfm").content.decode()
    assert 'value="SCO/CFM/' in html and "/DRAFT.1" in html
    fragment = as_officer.get("/documents/new?fragment=symbol&body=chs").content.decode()
    assert 'id="symbol-field"' in fragment and "<html" not in fragment


def test_the_officer_creates_a_draft_and_lands_in_its_room(as_officer):
    response = as_officer.post("/documents/new", {**DRAFT, "symbol": "SCO/CFM/2020/T1"})
    assert response.status_code == 302 and response["Location"] == "/room/SCO/CFM/2020/T1"
    doc = Document.objects.get(symbol="SCO/CFM/2020/T1")
    assert doc.title("en") == "Statement on trade"
    texts = [p.texts.get().text for p in doc.paragraphs.order_by("position")]
    assert texts == ["The Ministers met in Moscow.", "They [welcomed] the report."]


def test_an_empty_symbol_takes_the_proposed_one(as_officer):
    as_officer.post("/documents/new", DRAFT)
    assert Document.objects.get().symbol.endswith("/DRAFT.1")


def test_bad_notation_stays_on_the_form_with_the_message_at_the_field(as_officer):
    """An unclosed bracket in paragraph 2: 422, the form as typed, the message at the
    paragraphs field naming paragraph 2, and nothing written."""
    before = AuditRecord.objects.count()
    bad = {**DRAFT, "paragraphs": "First.\n\nSecond [unclosed."}
    response = as_officer.post("/documents/new", bad)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="paragraphs-error"' in html and "paragraphs.2.en" in html
    assert "Second [unclosed." in html and 'value="Statement on trade"' in html
    assert not Document.objects.exists() and AuditRecord.objects.count() == before


def test_a_taken_symbol_is_refused_at_the_symbol_field(as_officer):
    as_officer.post("/documents/new", {**DRAFT, "symbol": "X/1"})
    response = as_officer.post("/documents/new", {**DRAFT, "symbol": "X/1"})
    assert response.status_code == 422
    assert 'id="symbol-error"' in response.content.decode()
    assert Document.objects.count() == 1


def test_a_delegate_may_not_draft(as_india):
    assert as_india.get("/documents/new").status_code == 403
    assert as_india.post("/documents/new", {**DRAFT, "symbol": "X/2"}).status_code == 403
    assert not Document.objects.exists()


def test_the_public_may_not_draft(client, sco):
    assert client.get("/documents/new").status_code == 403


def test_the_form_costs_a_fixed_number_of_queries(as_officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        as_officer.get("/documents/new")
