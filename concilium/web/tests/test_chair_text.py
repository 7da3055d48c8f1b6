"""The chair's page for one text (outcomes, the screen, the silence procedure) and the
screen in the room."""

import datetime as dt

import pytest
from django.utils import timezone

from concilium.documents.models import Document, TextOutcome
from concilium.meetings import services as meetings
from concilium.meetings.models import SilenceProcedure
from concilium.meetings.tests import scenario
from concilium.web.sample import sample_document

SYMBOL = "SCO/CFM/2020/DEMO"
PAGE = f"/chair/document/{SYMBOL}?on=2020-09-10"
CLEAN = "SCO/CFM/2020/CLEAN"


@pytest.mark.django_db
class TestOutcomesOnTheText:
    def test_the_page_offers_what_the_consensus_allows_and_says_why_not(self, as_chair,
                                                                        negotiation):
        """Paragraph 4 is clean and agreed by all: the chair may record it. Paragraph 2 meets
        Pakistan's objection, paragraph 1 keeps brackets: disabled, with the reason."""
        html = as_chair.get(PAGE).content.decode()
        assert 'name="paragraph" value="4"' in html
        assert "The text cannot be recorded as agreed: PAK object." in html
        assert "bracket(s) remain" in html
        response = as_chair.post(f"/chair/outcome/{SYMBOL}", {
            "paragraph": "4", "kind": "agreed", "on": "2020-09-10"})
        assert response.status_code == 302
        assert TextOutcome.objects.get().paragraph.number == 4
        assert "recorded:" in as_chair.get(PAGE).content.decode()

    def test_a_delegate_sees_the_reasons_but_no_buttons(self, as_india, negotiation):
        html = as_india.get(PAGE).content.decode()
        assert "Only the chair" in html and 'name="kind" value="agreed"' not in html
        response = as_india.post(f"/chair/outcome/{SYMBOL}", {
            "paragraph": "4", "kind": "agreed", "on": "2020-09-10"})
        assert response.status_code == 403 and not TextOutcome.objects.exists()

    def test_the_page_costs_the_same_queries_for_a_longer_text(
            self, as_chair, sco, django_assert_max_num_queries):
        sample_document(symbol="A/1", paragraphs=3)
        sample_document(symbol="A/2", paragraphs=40)
        with django_assert_max_num_queries(40) as few:
            as_chair.get("/chair/document/A/1?on=2020-09-10")
        with django_assert_max_num_queries(len(few.captured_queries)):
            as_chair.get("/chair/document/A/2?on=2020-09-10")


@pytest.mark.django_db
class TestTheScreenInTheRoom:
    def test_the_screen_follows_the_paragraph_the_chair_opens(self, as_chair, as_india,
                                                              negotiation):
        """Before the chair opens a paragraph the screen shows the whole text; after, only
        that paragraph, large, with its brackets and options marked, and no controls."""
        html = as_india.get(f"/screen/{SYMBOL}?lang=en").content.decode()
        assert 'id="screen-p1"' in html and 'id="screen-p6"' in html
        assert as_chair.post(f"/chair/focus/{SYMBOL}", {"paragraph": "3",
                                                        "on": "2020-09-10"}).status_code == 302
        frame = as_india.get(f"/screen/frame/{SYMBOL}?lang=en").content.decode()
        assert 'id="screen-p3"' in frame and 'id="screen-p1"' not in frame
        assert '<mark class="bracket">' in frame and '<mark class="options">' in frame
        page = as_india.get(f"/screen/{SYMBOL}?lang=en").content.decode()
        assert "<form" not in page and "<button" not in page and "<nav" not in page

    def test_the_language_is_chosen_in_the_url(self, as_india, negotiation):
        html = as_india.get(f"/screen/{SYMBOL}?lang=ru").content.decode()
        assert 'lang="ru"' in html and "Министры отметили" in html
        html = as_india.get(f"/screen/{SYMBOL}?lang=zh").content.decode()
        assert "外长们" in html

    def test_pending_proposals_are_on_the_screen(self, as_india, as_chair, negotiation):
        as_india.post(f"/propose/{SYMBOL}", {"kind": "replace", "paragraph": "3",
                                             "state": "IND", "text": "India's better text."})
        as_chair.post(f"/chair/focus/{SYMBOL}", {"paragraph": "3", "on": "2020-09-10"})
        frame = as_india.get(f"/screen/frame/{SYMBOL}?lang=en").content.decode()
        assert "Proposals on the table" in frame and "India&#x27;s better text." in frame

    def test_only_readers_see_the_screen(self, client, as_observer, negotiation):
        assert client.get(f"/screen/{SYMBOL}").status_code == 404
        assert as_observer.get(f"/screen/frame/{SYMBOL}").status_code == 404

    def test_the_screen_costs_the_same_queries_for_a_longer_text(
            self, as_india, sco, django_assert_max_num_queries):
        sample_document(symbol="A/1", paragraphs=3)
        sample_document(symbol="A/2", paragraphs=40)
        with django_assert_max_num_queries(20) as few:
            as_india.get("/screen/A/1?lang=en")
        with django_assert_max_num_queries(len(few.captured_queries)):
            as_india.get("/screen/A/2?lang=en")


@pytest.fixture
def clean(secretariat_officer):
    """A clean draft nobody objects to, which the coordinators did not need to agree (the
    secretariat recorded why): it may go under silence."""
    doc = scenario.draft(secretariat_officer, CLEAN, "cfm-statement", "A clean statement")
    meetings.ladder_exception_record(document=CLEAN, body="cnc",
                                     reason="Agreed by correspondence.",
                                     acting_user=secretariat_officer)
    return doc


@pytest.mark.django_db
class TestTheSilenceProcedure:
    def _deadline(self, hours):
        return (timezone.now() + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")

    def test_the_officer_launches_with_the_charters_minimum_enforced(self, as_officer, clean):
        url = f"/chair/silence/{CLEAN}"
        short = as_officer.post(url, {"action": "open", "deadline": self._deadline(10)})
        assert short.status_code == 422 and "at least 72 hours" in short.content.decode()
        assert not SilenceProcedure.objects.exists()
        assert as_officer.post(url, {"action": "open",
                                     "deadline": self._deadline(80)}).status_code == 302
        html = as_officer.get(f"/chair/document/{CLEAN}").content.decode()
        assert "Under silence until" in html and "data-countdown=" in html
        banner = as_officer.get(f"/chair/silence-banner/{CLEAN}").content.decode()
        assert "data-countdown=" in banner

    def test_the_charters_path_must_be_followed_first(self, as_officer, secretariat_officer):
        """Without the coordinators' agreement (or an exception) the launch is disabled, and
        the page says which body has not agreed it."""
        scenario.draft(secretariat_officer, "SCO/CFM/2020/EARLY", "cfm-statement", "Early")
        html = as_officer.get("/chair/document/SCO/CFM/2020/EARLY").content.decode()
        assert "Not possible now:" in html and "has not agreed it" in html

    def test_a_bracketed_text_cannot_go_under_silence(self, as_officer, negotiation,
                                                     secretariat_officer):
        meetings.ladder_exception_record(document=SYMBOL, body="cnc", reason="By letter.",
                                         acting_user=secretariat_officer)
        html = as_officer.get(f"/chair/document/{SYMBOL}").content.decode()
        assert "Not possible now:" in html and "The text is not agreed" in html

    def test_india_breaks_silence_for_india_only(self, as_officer, as_india, clean,
                                                 indian_delegate):
        as_officer.post(f"/chair/silence/{CLEAN}", {"action": "open",
                                                    "deadline": self._deadline(80)})
        html = as_india.get(f"/chair/document/{CLEAN}").content.decode()
        assert "Breaking silence for IND" in html
        refused = as_india.post(f"/chair/silence/{CLEAN}", {
            "action": "break", "state": "PAK", "reason": "Not ours to break."})
        assert refused.status_code == 403
        assert SilenceProcedure.objects.get().status == "open"
        assert as_india.post(f"/chair/silence/{CLEAN}", {
            "action": "break", "state": "IND", "reason": "Paragraph 1 needs work."}
        ).status_code == 302
        assert SilenceProcedure.objects.get().status == "broken"
        assert Document.objects.get(symbol=CLEAN).status == "negotiation"

    def test_the_secretariat_processes_the_result_after_the_deadline(
            self, as_officer, as_india, clean, secretariat_officer):
        past = timezone.now() - dt.timedelta(hours=100)
        meetings.silence_open(document=CLEAN, deadline=past + dt.timedelta(hours=80),
                              now=past, acting_user=secretariat_officer)
        assert "Process the result" not in as_india.get(f"/chair/document/{CLEAN}").content.decode()
        html = as_officer.get(f"/chair/document/{CLEAN}").content.decode()
        assert "The deadline has passed" in html and "Process the result" in html
        assert as_officer.post(f"/chair/silence/{CLEAN}",
                               {"action": "process"}).status_code == 302
        assert Document.objects.get(symbol=CLEAN).status == "adopted"
