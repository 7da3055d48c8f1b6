"""The room keeps what it derives from the data between renders: a warm render costs fewer
queries, whatever the length of the text, yet never shows the room as it was before a
write, and never one user's controls or form tokens to another."""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concilium.audit.models import AuditRecord
from concilium.documents import services
from concilium.documents.models import ParagraphText, Proposal
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import SESSION_DAY, sample_document

SYMBOL = "SCO/CFM/2020/DEMO"
ROOM = f"/room/{SYMBOL}?lang=en&on=2020-09-10"
QUERY = "lang=en&on=2020-09-10"
PROPOSAL_TOKEN = re.compile(
    r'csrfmiddlewaretoken" value="([^"]+)"><input type="hidden" name="proposal"')


def without_tokens(html: str) -> str:
    """The page without its form tokens (masked afresh on every render)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


def matrix_row(html: str, number: int) -> str:
    """The positions matrix row of one paragraph."""
    table = html[html.index('<table class="matrix">'):]
    return re.search(rf'<tr id="m-{number}"><th scope="row">{number}</th>(.*?)</tr>', table).group(1)


def cells(html: str, number: int) -> list[str]:
    """The stance classes of one matrix row, member by member."""
    return re.findall(r'<td><span class="(?:stance )?([a-z_]+)"', matrix_row(html, number))


def queries_of(client: Client, url: str) -> tuple[int, str]:
    """How many queries a page costs, and its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def record(state, stance, paragraph, text="", symbol=SYMBOL):
    services.position_record(symbol=symbol, state=state, stance=stance, text=text,
                             paragraph=paragraph, on=SESSION_DAY, acting_user=SYSTEM)


def propose(text, paragraph, symbol=SYMBOL):
    return services.proposal_create(symbol=symbol, kind="replace", lang="en", state="IND",
                                    paragraph=paragraph, text=text, acting_user=SYSTEM)


@pytest.mark.django_db
class TestAWarmRoomCostsLess:
    def test_a_second_render_is_the_same_page_for_fewer_queries(self, as_officer,
                                                                negotiation):
        """Nothing changed: the same page, at least five queries cheaper."""
        cold, first = queries_of(as_officer, ROOM)
        warm, second = queries_of(as_officer, ROOM)
        assert without_tokens(second) == without_tokens(first)
        assert warm <= cold - 5

    def test_warm_and_updated_renders_do_not_grow_with_the_text(self, as_officer, sco):
        """A warm room, and a room after new positions, cost the same queries for a
        3-paragraph and a 60-paragraph text."""
        sample_document(symbol="S/1", paragraphs=3)
        sample_document(symbol="S/2", paragraphs=60)
        costs = {}
        for symbol in ("S/1", "S/2"):
            url = f"/room/{symbol}?{QUERY}"
            queries_of(as_officer, url)
            warm, _html = queries_of(as_officer, url)
            record("IND", "object", 1, "Not yet.", symbol=symbol)
            updated, html = queries_of(as_officer, url)
            assert "IND objects to paragraph 1" in html
            costs[symbol] = (warm, updated)
        assert costs["S/1"] == costs["S/2"]

    def test_after_positions_only_less_is_derived_again_than_after_other_writes(
            self, as_officer, negotiation):
        """New positions change only the consensus and the matrix: the room reads only
        those again. Any other write (a proposal) makes it derive everything."""
        cold, _html = queries_of(as_officer, ROOM)
        record("IND", "view", 3, "A view for the minutes.")
        record("KAZ", "object", 3, "Not yet.")
        after_positions, html = queries_of(as_officer, ROOM)
        assert cells(html, 3)[1:3] == ["view", "object"]
        assert "KAZ objects to paragraph 3" in html and "View of IND on paragraph 3" in html
        assert 'class="para status-objected" id="p-3"' in html
        record("IND", "agree", 4)
        propose("Another text.", 4)
        after_proposal, html = queries_of(as_officer, ROOM)
        assert "Another text." in html
        assert after_positions < after_proposal
        assert after_proposal >= cold  # as much as a first render


@pytest.mark.django_db
class TestTheRoomAfterAWrite:
    def test_a_warm_room_shows_a_new_position_at_once(self, as_officer, as_india,
                                                       negotiation):
        before = as_officer.get(ROOM).content.decode()
        as_officer.get(ROOM)  # now served from what the first render kept
        assert cells(before, 1)[1] == "agree"  # India (second member by code)
        assert "IND objects to paragraph 1" not in before
        response = as_india.post(f"/position/{SYMBOL}", {
            "stance": "object", "text": "Not acceptable as drafted.", "paragraph": "1",
            "on": "2020-09-10"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 204
        after = as_officer.get(ROOM).content.decode()
        assert cells(after, 1)[1] == "object"
        assert "Not acceptable as drafted." in after
        assert "IND objects to paragraph 1" in after
        assert 'id="p-1" data-key' not in after.split('class="para status-objected"')[0]
        for fragment, expected in (("matrix", "Not acceptable as drafted."),
                                   ("consensus", "IND objects to paragraph 1"),
                                   ("text", 'class="para status-objected" id="p-1"')):
            html = as_officer.get(f"/fragment/{fragment}/{SYMBOL}?{QUERY}").content.decode()
            assert expected in html, fragment

    def test_a_warm_room_shows_a_new_proposal_at_once(self, as_officer, negotiation):
        as_officer.get(ROOM)
        as_officer.get(ROOM)
        propose("A new text on the table.", 2)
        html = as_officer.get(ROOM).content.decode()
        assert "A new text on the table." in html and 'value="accept"' in html

    def test_a_warm_room_shows_an_accepted_proposal_at_once(self, as_india, as_chair,
                                                           negotiation):
        propose("A better text.", 2)
        as_chair.get(ROOM)
        html = as_chair.get(ROOM).content.decode()
        assert "A better text." in html and 'value="accept"' in html
        services.proposal_accept(symbol=SYMBOL, proposal=Proposal.objects.get().pk,
                                 on=SESSION_DAY, acting_user=SYSTEM)
        html = as_chair.get(ROOM).content.decode()
        assert 'value="accept"' not in html
        assert "A better text.</div>" in html  # now the paragraph's text

    def test_a_write_rolled_back_is_never_shown(self, as_officer, negotiation):
        """A store rolled back and written again (a test database rebuilt) reaches the
        same record numbers with other records: the room derives everything again."""
        with transaction.atomic():
            propose("A text that was never kept.", 2)
            assert "A text that was never kept." in as_officer.get(ROOM).content.decode()
            transaction.set_rollback(True)
        record("IND", "view", 3, "A view for the minutes.")
        record("KAZ", "object", 3, "Not yet.")
        html = as_officer.get(ROOM).content.decode()
        assert "A text that was never kept." not in html
        assert "KAZ objects to paragraph 3" in html

    def test_without_an_audit_record_nothing_is_kept(self, as_officer, negotiation):
        """A store with no audit record has no version to key on: every render derives
        the room afresh, so even a change made outside the services shows."""
        AuditRecord.objects.all().delete()
        cold, _html = queries_of(as_officer, ROOM)
        ParagraphText.objects.filter(paragraph__number=2, lang="en").update(
            text="A text changed outside the services.")
        again, html = queries_of(as_officer, ROOM)
        assert "A text changed outside the services." in html
        assert again == cold


@pytest.mark.django_db
class TestWhatIsKeptIsTheSameForEveryone:
    def test_one_users_controls_never_reach_another(self, as_officer, as_india, as_chair,
                                                    negotiation):
        as_india.post(f"/propose/{SYMBOL}", {"kind": "delete", "paragraph": "2"})
        officer = as_officer.get(ROOM).content.decode()
        assert 'value="withdraw"' not in officer  # the proposal is India's
        assert '<select id="state-' not in officer  # the choice of state is in the form
        india = as_india.get(ROOM).content.decode()
        assert 'value="withdraw"' in india and 'value="accept"' not in india
        chair = as_chair.get(ROOM).content.decode()
        assert 'value="accept"' in chair and 'value="withdraw"' not in chair

    def test_each_user_gets_their_own_form_tokens(self, secretariat_officer,
                                                   indian_delegate, negotiation):
        """The forms of a kept room carry the token of whoever looks: India's withdraw
        form works for India, and the token another user's page carried does not."""
        propose("A text India will withdraw.", 2)
        clients = {}
        for name in ("officer", "india"):
            clients[name] = Client(enforce_csrf_checks=True)
            assert clients[name].login(username=name, password="demo-pass-2020")
        officer = clients["officer"].get(ROOM).content.decode()
        india = clients["india"].get(ROOM).content.decode()
        [officer_token] = PROPOSAL_TOKEN.findall(officer)
        [india_token] = PROPOSAL_TOKEN.findall(india)
        form = {"proposal": Proposal.objects.get().pk, "decision": "withdraw"}
        refused = clients["india"].post(f"/decide/{SYMBOL}",
                                        {**form, "csrfmiddlewaretoken": officer_token})
        assert refused.status_code == 403
        assert Proposal.objects.get().status == "pending"
        done = clients["india"].post(f"/decide/{SYMBOL}",
                                     {**form, "csrfmiddlewaretoken": india_token})
        assert done.status_code == 302
        assert Proposal.objects.get().status == "withdrawn"

    def test_who_may_not_act_gets_no_act_buttons(self, as_officer, sco):
        sample_document(symbol="SCO/CFM/2020/PUB", classification="public")
        url = "/room/SCO/CFM/2020/PUB?lang=en&on=2020-09-10"
        assert 'id="act-1"' in as_officer.get(url).content.decode()
        assert 'id="act-1"' not in Client().get(url).content.decode()
        assert 'id="act-1"' in as_officer.get(url).content.decode()

    def test_each_interface_language_has_its_own_html(self, as_officer, negotiation):
        english = without_tokens(as_officer.get(ROOM).content.decode())
        assert "objected to" in english
        russian = as_officer.get(ROOM, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "objected to" not in russian
        assert without_tokens(as_officer.get(ROOM).content.decode()) == english
