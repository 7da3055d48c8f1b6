"""Every kind of live event that reaches an open room names the least the room must fetch
again: the paragraph (or few) it changed, or after a position on the whole text only the
standing (consensus, the state's column, each paragraph's status), never the whole text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concilium.core import bus
from concilium.documents import services
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import SESSION_DAY, sample_document

pytestmark = pytest.mark.django_db

ON = "lang=en&lang2=ru&on=2020-09-10"


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Run a write; what its live event says, as it is published (in-process, or by NOTIFY
    on PostgreSQL: `bus.publish` sends both ways)."""
    def run(write, *args, **kwargs):
        seen, publish = [], bus.publish
        bus.publish = seen.append
        try:
            with django_capture_on_commit_callbacks(execute=True):
                result = write(*args, **kwargs)
        finally:
            bus.publish = publish
        assert len(seen) == 1
        return result, seen[0].data
    return run


def _doc(paragraphs, symbol="SCO/CFM/2020/EVENTS"):
    return sample_document(symbol=symbol, paragraphs=paragraphs, positions=False)


def test_each_kind_of_event_names_its_paragraphs(sco, russian_chair, published):
    """The Russian chair and the delegations work on a text: each write's event says which
    paragraph it changed (by key or number), and the document's new version."""
    doc = _doc(8)
    key = dict(doc.paragraphs.values_list("number", "key"))
    prop, data = published(services.proposal_create, symbol=doc.symbol, kind="replace",
                           state="IND", paragraph=7, text="A new seventh paragraph.",
                           acting_user=SYSTEM)
    assert data["number"] == 7
    _, data = published(services.proposal_accept, symbol=doc.symbol, proposal=prop.pk,
                        on=SESSION_DAY, acting_user=russian_chair)
    doc.refresh_from_db()
    assert data["paragraph"] == key[7] and data["version"] == doc.version
    other, _ = published(services.proposal_create, symbol=doc.symbol, kind="replace",
                         state="IND", paragraph=3, text="Again.", acting_user=SYSTEM)
    _, data = published(services.proposal_reject, symbol=doc.symbol, proposal=other.pk,
                        on=SESSION_DAY, acting_user=russian_chair)
    assert data["paragraph"] == key[3]
    _, data = published(services.chair_text_table, symbol=doc.symbol, paragraph=5,
                        text="The chair's text.", on=SESSION_DAY, acting_user=russian_chair)
    doc.refresh_from_db()
    assert data["paragraph"] == key[5] and data["version"] == doc.version
    _, data = published(services.translation_set, symbol=doc.symbol, lang="zh",
                        texts={2: "第二段。", 4: "第四段。"}, expected_version=None,
                        acting_user=SYSTEM)
    assert data["numbers"] == [2, 4]
    _, data = published(services.paragraph_text_set, symbol=doc.symbol, paragraph=1,
                        lang="en", text="No brackets left.", expected_version=None,
                        acting_user=SYSTEM)
    assert data["paragraph"] == key[1]
    _, data = published(services.position_record, symbol=doc.symbol, state="KAZ",
                        stance="agree", on=SESSION_DAY, acting_user=SYSTEM)
    assert data["whole"] == "KAZ" and "paragraph" not in data and "number" not in data


def test_an_insert_or_a_deletion_renumbers_and_names_the_whole_text(sco, russian_chair,
                                                                   published):
    """Accepting an insertion moves the number of every later paragraph: no paragraph is
    named, and the room fetches its parts whole."""
    doc = _doc(6)
    prop = services.proposal_create(symbol=doc.symbol, kind="insert", state="IND", after=2,
                                    text="An inserted paragraph.", acting_user=SYSTEM)
    _, data = published(services.proposal_accept, symbol=doc.symbol, proposal=prop.pk,
                        on=SESSION_DAY, acting_user=russian_chair)
    assert "paragraph" not in data and "number" not in data and "numbers" not in data


def _standing(client, doc, state):
    url = reverse("web:room_fragment", args=["standing", doc.symbol])
    client.get(f"{url}?{ON}&state={state}")  # the room's data, kept per data version
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}?{ON}&state={state}")
    assert response.status_code == 200
    return response, len(queries)


def test_a_position_on_the_whole_text_sends_the_standing_not_the_text(sco, as_india):
    """Kazakhstan agrees to the whole text of a thousand paragraphs: the room gets the
    consensus, the row on the whole text, Kazakhstan's column and each paragraph's status,
    in a few KB and a number of queries that does not grow with the text."""
    small, big = _doc(100, "SCO/CFM/2020/SMALL"), _doc(1000, "SCO/CFM/2020/BIG")
    for doc in (small, big):
        services.position_record(symbol=doc.symbol, state="KAZ", stance="agree",
                                 on=SESSION_DAY, acting_user=SYSTEM)
    _, few = _standing(as_india, small, "KAZ")
    response, many = _standing(as_india, big, "KAZ")
    html = response.content.decode()
    assert many == few
    assert len(response.content) <= 10_000
    assert "<article" not in html, "no paragraph's text"
    assert '<tr id="m-whole" hx-swap-oob="true">' in html
    assert '<div id="consensus-summary" hx-swap-oob="true">' in html
    assert 'data-numbers="1-1000"' in html
    assert '<template data-state="KAZ" data-column="3"' in html
    statuses = html.split('data-statuses="')[1].split('"')[0]
    assert len(statuses) == 1000 and set(statuses) <= set("abop")


@pytest.mark.parametrize("paragraphs", [100, 1000])
def test_a_changed_paragraph_costs_the_same_queries_whatever_the_length(
        sco, as_india, paragraphs):
    """The fragment of one paragraph (an accepted proposal's, a translation's) carries that
    paragraph in both shown languages and its matrix row, in a fixed number of queries."""
    doc = _doc(paragraphs)
    key = doc.paragraphs.get(number=paragraphs - 1).key
    url = reverse("web:room_fragment", args=["paragraph", doc.symbol])
    as_india.get(f"{url}?{ON}&key={key}")
    with CaptureQueriesContext(connection) as queries:
        response = as_india.get(f"{url}?{ON}&key={key}")
    html = response.content.decode()
    assert html.count("<article") == 1 and f'id="p-{paragraphs - 1}"' in html
    assert 'lang="en"' in html and 'lang="ru"' in html
    assert len(queries) <= 12
    assert len(response.content) <= 10_000


def test_a_decided_proposal_sends_its_row_and_those_it_superseded(sco, russian_chair,
                                                                 published, as_india):
    """Forty proposals are listed; the chair's text on paragraph 4 supersedes India's
    proposal there: the event names both, and their rows come alone, in a fixed number of
    queries, the size of two rows whatever the list."""
    doc = _doc(50)
    for n in range(40):
        services.proposal_create(symbol=doc.symbol, kind="replace", state="KAZ",
                                 paragraph=10 + n % 40, text="Earlier.", acting_user=SYSTEM)
    india = services.proposal_create(symbol=doc.symbol, kind="replace", state="IND",
                                     paragraph=4, text="India's wording.", acting_user=SYSTEM)
    chair, data = published(services.chair_text_table, symbol=doc.symbol, paragraph=4,
                            text="The chair's bridge.", on=SESSION_DAY,
                            acting_user=russian_chair)
    assert data["proposals"] == [chair.pk, india.pk]
    url = reverse("web:room_fragment", args=["rows", doc.symbol])
    query = f"{ON}&proposal={chair.pk}&proposal={india.pk}"
    as_india.get(f"{url}?{query}")
    with CaptureQueriesContext(connection) as queries:
        html = as_india.get(f"{url}?{query}").content.decode()
    assert len(queries) <= 12
    assert html.count("<tr ") == 2
    assert html.index(f'id="pr-{chair.pk}"') < html.index(f'id="pr-{india.pk}"'), "newest first"
    assert "badge superseded" in html and '<div id="proposals-delta" hx-swap-oob="true" hidden>' in html
    assert len(html.encode()) <= 1_500
