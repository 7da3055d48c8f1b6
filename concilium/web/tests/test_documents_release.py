"""Releasing a document: a confirmation, then everyone it is released to reads it at once."""

import pytest

from concilium.audit.models import AuditRecord
from concilium.documents.models import Document
from concilium.web.sample import sample_document

pytestmark = pytest.mark.django_db
SYMBOL = "SCO/CFM/2020/DEMO"
URL = f"/documents/release/{SYMBOL}"


def test_the_page_asks_for_a_confirmation(as_officer, negotiation):
    html = as_officer.get(URL).content.decode()
    assert "Now: members only." in html and 'value="public" checked' in html
    assert 'name="confirm"' in html


def test_without_the_confirmation_nothing_changes(as_officer, negotiation):
    before = AuditRecord.objects.count()
    response = as_officer.post(URL, {"classification": "public", "expected_version": 0})
    assert response.status_code == 422 and 'id="confirm-error"' in response.content.decode()
    assert Document.objects.get(symbol=SYMBOL).classification == "members"
    assert AuditRecord.objects.count() == before


def test_a_public_release_shows_at_once_in_the_list_registry_and_search(client, as_officer,
                                                                       negotiation):
    assert SYMBOL not in client.get("/search/?q=cooperation").content.decode()
    response = as_officer.post(URL, {"classification": "public", "confirm": "yes",
                                     "expected_version": 0})
    assert response.status_code == 302
    assert SYMBOL in client.get("/documents/").content.decode()
    assert SYMBOL in client.get("/registry/").content.decode()
    assert SYMBOL in client.get("/search/?q=cooperation").content.decode()
    assert client.get(f"/room/{SYMBOL}").status_code == 200


def test_before_the_release_the_public_finds_nothing(client, negotiation):
    assert SYMBOL not in client.get("/search/?q=cooperation").content.decode()
    assert SYMBOL not in client.get("/registry/").content.decode()


def test_an_unknown_level_is_refused_at_the_field(as_officer, negotiation):
    response = as_officer.post(URL, {"classification": "secret", "confirm": "yes"})
    assert response.status_code == 422
    assert 'id="classification-error"' in response.content.decode()


def test_a_stale_page_is_a_conflict(as_officer, negotiation):
    response = as_officer.post(URL, {"classification": "public", "confirm": "yes",
                                     "expected_version": 5})
    assert response.status_code == 409
    assert Document.objects.get(symbol=SYMBOL).classification == "members"


def test_a_delegate_is_refused_and_an_observer_does_not_see_the_draft(as_india, as_observer,
                                                                    negotiation):
    assert as_india.get(URL).status_code == 403
    assert as_india.post(URL, {"classification": "public", "confirm": "yes"}).status_code == 403
    assert as_observer.get(URL).status_code == 404
    assert Document.objects.get(symbol=SYMBOL).classification == "members"


def test_the_page_costs_a_fixed_number_of_queries(as_officer, sco,
                                                  django_assert_max_num_queries):
    sample_document(symbol="R/1", paragraphs=40, positions=False)
    with django_assert_max_num_queries(10):
        as_officer.get("/documents/release/R/1")
