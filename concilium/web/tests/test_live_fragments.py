"""What an open room fetches when a live event names one paragraph: that paragraph, its
matrix row, the consensus summary and that paragraph's objections and views, not the whole
text nor every objection."""

import pytest
from django.urls import reverse

from concilium.documents import services
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import SESSION_DAY, sample_document

pytestmark = pytest.mark.django_db

ON = "lang=en&on=2020-09-10"


@pytest.fixture
def long_text(sco):
    return sample_document(symbol="SCO/CFM/2020/LONG", paragraphs=1000, positions=False)


def test_one_changed_paragraph_costs_a_few_kilobytes_at_a_thousand_paragraphs(
        long_text, as_india, django_assert_max_num_queries):
    key = long_text.paragraphs.get(number=500).key
    url = reverse("web:room_fragment", args=["paragraph", long_text.symbol])
    as_india.get(f"{url}?{ON}&key={key}")  # the room's data, kept per data version
    with django_assert_max_num_queries(12):
        response = as_india.get(f"{url}?{ON}&key={key}")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) <= 10_000
    assert html.count("<article") == 1 and 'id="p-500"' in html
    assert '<tr id="m-500" hx-swap-oob="true">' in html
    assert '<div id="consensus-summary" hx-swap-oob="true">' in html
    assert '<div id="consensus-delta" hx-swap-oob="true" hidden data-paragraph="500">' in html
    assert 'id="room-consensus"' not in html, "the whole consensus stays where it is"
    by_number = as_india.get(f"{url}?{ON}&number=500").content
    assert by_number == response.content, "a position names the number, an edit the key"
    whole = as_india.get(reverse("web:room_fragment", args=["text", long_text.symbol]) + f"?{ON}")
    assert len(whole.content) > 50 * len(response.content)


def test_an_event_sends_only_the_objections_on_its_paragraph(long_text, as_india):
    """Pakistan objects to a hundred and one paragraphs, and Kazakhstan gives a view on one of
    them: the room shows every objection, but the fragment of paragraph 500 carries only
    the two items on paragraph 500, so its size does not grow with the objections."""
    url = reverse("web:room_fragment", args=["paragraph", long_text.symbol])
    before = len(as_india.get(f"{url}?{ON}&number=500").content)
    for number in range(2, 1001, 10):
        services.position_record(symbol=long_text.symbol, state="PAK", stance="object",
                                 text="Needs work.", paragraph=number, on=SESSION_DAY,
                                 acting_user=SYSTEM)
    services.position_record(symbol=long_text.symbol, state="PAK", stance="object",
                             text="Not this way.", paragraph=500, on=SESSION_DAY,
                             acting_user=SYSTEM)
    services.position_record(symbol=long_text.symbol, state="KAZ", stance="view",
                             text="Reads well.", paragraph=500, on=SESSION_DAY,
                             acting_user=SYSTEM)
    room = as_india.get(reverse("web:room", args=[long_text.symbol]) + f"?{ON}")
    assert room.content.decode().count('<li data-paragraph="') == 102
    html = as_india.get(f"{url}?{ON}&number=500").content.decode()
    objections = html[html.index('data-into="consensus-objections"'):]
    assert html.count("<li ") == 2
    assert objections.index("PAK objects to paragraph 500:") < objections.index("</ul>")
    assert "Not this way." in html and "Reads well." in html
    assert "objects to paragraph 502" not in html
    assert len(html.encode()) <= before + 600


def test_the_paragraph_fragment_refuses_what_the_room_refuses(long_text, as_observer):
    """A members-only text: an observer gets the same 404 as for a missing document."""
    key = long_text.paragraphs.get(number=1).key
    url = reverse("web:room_fragment", args=["paragraph", long_text.symbol])
    assert as_observer.get(f"{url}?{ON}&key={key}").status_code == 404
    missing = reverse("web:room_fragment", args=["paragraph", "SCO/NONE/1"])
    assert as_observer.get(f"{missing}?{ON}&key={key}").status_code == 404


def test_list_pages_follow_every_document_and_meeting_live(sco, as_india):
    """The dashboard and the meetings list open a stream on the lists' topics."""
    assert 'data-live-topics="documents,meetings"' in as_india.get("/").content.decode()
    assert 'data-live-topics="meetings"' in as_india.get("/meetings/").content.decode()
    assert 'data-live-topics="documents"' in as_india.get("/documents/").content.decode()
