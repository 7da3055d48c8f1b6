"""A consensus decided again after new positions only reads those positions, and gives what
deciding everything afresh gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concilium.documents import models as m
from concilium.documents import services, standing
from concilium.documents.tests.conftest import SEPT_10_2020, everyone_agrees


def decide(doc, previous=None):
    doc.refresh_from_db()
    return standing.document_consensus(doc, on=SEPT_10_2020, lang="en", previous=previous)


@pytest.fixture
def agreed_draft(draft, secretariat_officer):
    everyone_agrees(draft.symbol, secretariat_officer)
    return draft


def test_after_positions_on_a_paragraph_it_equals_a_fresh_decision(agreed_draft,
                                                                   secretariat_officer):
    """Pakistan objects to paragraph 2, then India gives a view on paragraph 3."""
    before = decide(agreed_draft)
    services.position_record(symbol=agreed_draft.symbol, state="PAK", paragraph=2,
                             stance="object", text="The wording is not agreed.",
                             on=SEPT_10_2020, acting_user=secretariat_officer)
    services.position_record(symbol=agreed_draft.symbol, state="IND", paragraph=3,
                             stance="view", text="For the record.", on=SEPT_10_2020,
                             acting_user=secretariat_officer)
    after = decide(agreed_draft, previous=before)
    assert after == decide(agreed_draft)
    assert after.outcome.objecting == ("PAK",) and after.objected == [2]
    assert after.paragraphs[0].outcome is before.paragraphs[0].outcome  # not decided again


def test_a_position_on_the_whole_text_reaches_every_paragraph(agreed_draft,
                                                              secretariat_officer):
    before = decide(agreed_draft)
    services.position_record(symbol=agreed_draft.symbol, state="UZB",
                             stance="not_participating", on=SEPT_10_2020,
                             acting_user=secretariat_officer)
    after = decide(agreed_draft, previous=before)
    assert after == decide(agreed_draft)
    assert all("UZB" in p.outcome.not_participating for p in after.paragraphs)


def test_only_the_positions_since_are_read(agreed_draft, secretariat_officer):
    """The paragraphs, their brackets and the older positions are not read again."""
    before = decide(agreed_draft)
    services.position_record(symbol=agreed_draft.symbol, state="KAZ", paragraph=1,
                             stance="agree", on=SEPT_10_2020, acting_user=secretariat_officer)
    agreed_draft.refresh_from_db()
    with CaptureQueriesContext(connection) as incremental:
        standing.document_consensus(agreed_draft, on=SEPT_10_2020, lang="en", previous=before)
    reads = [q["sql"] for q in incremental.captured_queries]
    assert not [sql for sql in reads if '"documents_paragraph' in sql.split(" WHERE ")[0]]
    positions = [sql for sql in reads if 'FROM "documents_position"' in sql]
    assert len(positions) == 1 and '"documents_position"."id" >' in positions[0]


def test_a_position_committed_after_a_newer_one_is_not_lost(agreed_draft,
                                                            secretariat_officer):
    """Ids are taken when a transaction writes, not when it commits: a position with a
    lower id than one already seen is still counted, in the order of its id."""
    before = decide(agreed_draft)
    late = m.Position.objects.filter(document=agreed_draft).order_by("-id").first()
    services.position_record(symbol=agreed_draft.symbol, state="RUS", paragraph=2,
                             stance="view", text="A view.", on=SEPT_10_2020,
                             acting_user=secretariat_officer)
    # As if the last position known to `before` had not yet been committed when it was made:
    known = before.basis
    hidden = dict(known.rows), dict(known.ids)
    hidden[0][late.paragraph_id] = known.rows[late.paragraph_id][:-1]
    hidden[1][late.paragraph_id] = known.ids[late.paragraph_id][:-1]
    recent = tuple(pk for pk in known.recent if pk != late.pk)
    stale = type(before)(**{**before.__dict__, "basis": type(known)(**{
        **known.__dict__, "rows": hidden[0], "ids": hidden[1], "recent": recent,
        "outcomes": {}})})
    assert decide(agreed_draft, previous=stale) == decide(agreed_draft)


def test_other_terms_decide_afresh(agreed_draft):
    """A result for another language or day is not built upon."""
    before = decide(agreed_draft)
    agreed_draft.refresh_from_db()
    other = standing.document_consensus(agreed_draft, on=SEPT_10_2020, lang="ru",
                                        previous=before)
    assert other.basis.terms != before.basis.terms
    assert other == standing.document_consensus(agreed_draft, on=SEPT_10_2020, lang="ru")
