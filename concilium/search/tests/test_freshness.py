"""The index takes in what each write changed, and only that, before the next search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concilium.documents.models import Document
from concilium.documents.services import (
    document_create,
    document_update,
    paragraph_text_set,
    position_record,
)
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020
from concilium.search.models import State
from concilium.search.selectors import search

pytestmark = pytest.mark.django_db


def _draft(officer, paragraphs: int, word: str = "cooperation"):
    return document_create(
        doc_type="statement", body="cfm", titles={"en": "Statement on energy"}, lang="en",
        paragraphs=[f"Paragraph {i} on {word}." for i in range(1, paragraphs + 1)],
        acting_user=officer)


def _queries_of_first_search_after_an_edit(officer, doc, word: str) -> int:
    search(actor=SYSTEM, q="cooperation")  # take in the creation
    paragraph_text_set(symbol=doc.symbol, paragraph=2, lang="en", text=f"Paragraph on {word}.",
                       expected_version=None, acting_user=officer)
    with CaptureQueriesContext(connection) as queries:
        assert [r.paragraph for r in search(actor=SYSTEM, q=word)] == [2]
    return len(queries.captured_queries)


def test_a_paragraph_edit_is_found_at_once_at_the_cost_of_any_search(
        sco, secretariat_officer):
    """The edit rebuilt paragraph 2 in its own transaction: the first search after it runs
    the one query of any search (the search, reading the index's freshness beside its hits),
    for a text of 5 paragraphs or of 60."""
    small = _queries_of_first_search_after_an_edit(secretariat_officer,
                                                    _draft(secretariat_officer, 5), "transport")
    large = _queries_of_first_search_after_an_edit(secretariat_officer,
                                                    _draft(secretariat_officer, 60), "customs")
    assert small == large == 1
    assert len(search(actor=SYSTEM, q="cooperation", limit=100)) == 5 - 1 + 60 - 1


def test_an_index_that_fell_behind_takes_in_the_audit_log_before_the_next_search(
        sco, secretariat_officer):
    """Should indexing with a write have failed (the index is then behind), the next search
    takes in every record since the last one indexed, in order."""
    doc = _draft(secretariat_officer, 3)
    search(actor=SYSTEM, q="cooperation")
    taken = State.objects.get(id=1).fingerprint
    State.objects.filter(id=1).update(fingerprint="2:0")  # as if nothing were indexed yet
    paragraph_text_set(symbol=doc.symbol, paragraph=1, lang="en", text="On hydrogen.",
                       expected_version=None, acting_user=secretariat_officer)
    assert [r.paragraph for r in search(actor=SYSTEM, q="hydrogen")] == [1]
    seq = lambda mark: int(mark.partition(":")[2])  # noqa: E731
    assert seq(State.objects.get(id=1).fingerprint) > seq(taken)


def test_a_position_leaves_the_index_alone(sco, secretariat_officer, indian_delegate):
    doc = _draft(secretariat_officer, 3)
    search(actor=SYSTEM, q="cooperation")
    position_record(symbol=doc.symbol, state="IND", stance="agree", paragraph=1,
                    acting_user=indian_delegate)
    with CaptureQueriesContext(connection) as queries:
        assert len(search(actor=SYSTEM, q="cooperation")) == 3
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].startswith(("INSERT", "DELETE", "UPDATE")) and "search_entry" in q["sql"]]
    assert writes == [], "the record is read, no entry rebuilt"
    assert len(queries.captured_queries) <= 9


def test_a_release_shows_the_text_to_observers_at_the_next_search(
        sco, secretariat_officer, mongolian_observer):
    """Observers never find a members-only text; released, they find it at once."""
    doc = _draft(secretariat_officer, 2, word="hydrogen")
    assert search(actor=mongolian_observer, q="hydrogen") == []
    document_update(symbol=doc.symbol, classification="released", acting_user=secretariat_officer)
    assert {r.symbol for r in search(actor=mongolian_observer, q="hydrogen")} == {doc.symbol}
    document_update(symbol=doc.symbol, classification="members", acting_user=secretariat_officer)
    assert search(actor=mongolian_observer, q="hydrogen") == []


def test_a_title_change_is_found_at_once(sco, secretariat_officer):
    doc = _draft(secretariat_officer, 1)
    search(actor=SYSTEM, q="energy")
    document_update(symbol=doc.symbol, titles={"en": "Statement on transport"},
                    acting_user=secretariat_officer)
    assert search(actor=SYSTEM, q="energy") == []
    assert [(r.kind, r.symbol) for r in search(actor=SYSTEM, q="transport")] == [
        ("title", doc.symbol)]


def test_terror_and_terrorism_find_the_2020_statements_on_terrorist_ideology(sco):
    """The statement "on Countering the Spread of Terrorist and Extremist Ideology": the
    doctrine and the agent noun share a root in English and in Russian."""
    sco_2020.load(acting_user=SYSTEM)
    (statement,) = [d.symbol for d in Document.objects.all()
                    if "Terrorist and Extremist Ideology" in d.titles.get("en", "")]
    for q in ("terrorism", "terror", "terrorist", "терроризм", "террористов", "extremism"):
        titles = {r.symbol for r in search(actor=SYSTEM, q=q, limit=100) if r.kind == "title"}
        assert statement in titles, q
