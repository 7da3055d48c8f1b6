"""Showing a document costs a fixed number of queries, whatever its length."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concilium.documents import models as m
from concilium.documents import selectors, services
from concilium.documents.tests.conftest import SEPT_10_2020
from concilium.organization.models import State

MEMBERS = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


def build(n: int, actor) -> m.Document:
    """A document of n paragraphs in ru, zh, en with 8 positions on each (bulk, for speed)."""
    doc = services.document_create(doc_type="declaration", body="cfm", lang="en",
                                   paragraphs=["Paragraph [one]."], titles={},
                                   symbol=f"SCO/CFM/2020/BIG.{n}", acting_user=actor)
    pars = m.Paragraph.objects.bulk_create(
        [m.Paragraph(document=doc, key=f"p{i}", position=i, number=i) for i in range(2, n + 1)])
    pars = [doc.paragraphs.get(key="p1"), *pars]
    m.ParagraphText.objects.bulk_create(
        [m.ParagraphText(paragraph=p, lang=lang, text=f"Text [{p.key}] {lang}.",
                         bracket_count=1) for p in pars[1:] for lang in ("ru", "zh", "en")]
        + [m.ParagraphText(paragraph=pars[0], lang=lang, text="Paragraph [one].",
                           bracket_count=1) for lang in ("ru", "zh")])
    states = {s.code: s for s in State.objects.filter(code__in=MEMBERS)}
    m.Position.objects.bulk_create(
        [m.Position(document=doc, paragraph=p, state=states[c], stance="agree",
                    recorded_by="officer", version=0) for p in pars for c in MEMBERS])
    return doc


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.fixture
def small_and_large(secretariat_officer):
    return build(10, secretariat_officer), build(1000, secretariat_officer)


def test_detail_endpoint_queries_do_not_grow(small_and_large, django_assert_max_num_queries):
    """The detail API for 10 and for 1,000 paragraphs takes the same number of queries."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="officer"))
    small, large = small_and_large
    counts = []
    for doc in (small, large):
        def fetch(doc=doc):
            r = client.get(f"/api/documents/{doc.symbol}")
            assert r.status_code == 200
            assert len(r.json()["paragraphs"]) == (10 if doc is small else 1000)
        counts.append(queries(fetch))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(12):
        client.get(f"/api/documents/{large.symbol}")


def test_consensus_selector_queries_do_not_grow(small_and_large,
                                                django_assert_max_num_queries):
    small, large = small_and_large
    counts = [queries(lambda d=d: selectors.document_consensus(d, on=SEPT_10_2020))
              for d in (small, large)]
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(8):
        result = selectors.document_consensus(large, on=SEPT_10_2020)
    assert len(result.paragraphs) == 1000 and result.brackets == 1000
    assert result.paragraphs[-1].outcome.supporters[:2] == ("CHN", "IND")
