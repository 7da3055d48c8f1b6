"""What an open room fetches when a live event names one paragraph: that paragraph, its
matrix row and the consensus, not the whole text."""

import pytest
from django.urls import reverse

from concilium.web.sample import sample_document

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
    assert 'id="room-consensus"' in html and 'hx-swap-oob="true"' in html
    by_number = as_india.get(f"{url}?{ON}&number=500").content
    assert by_number == response.content, "a position names the number, an edit the key"
    whole = as_india.get(reverse("web:room_fragment", args=["text", long_text.symbol]) + f"?{ON}")
    assert len(whole.content) > 50 * len(response.content)


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
