"""The room keeps what it derives from the data between renders: never past a write, and
never one user's controls for another."""

import re

import pytest
from django.test import Client

from concilium.documents import services
from concilium.documents.models import Proposal
from concilium.rules.permissions import SYSTEM
from concilium.web import room
from concilium.web.sample import SESSION_DAY, sample_document

SYMBOL = "SCO/CFM/2020/DEMO"
ROOM = f"/room/{SYMBOL}?lang=en&on=2020-09-10"
QUERY = "lang=en&on=2020-09-10"


def without_tokens(html: str) -> str:
    """The page without its form tokens (masked afresh on every render)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


def matrix_row(html: str, number: int) -> str:
    """The positions matrix row of one paragraph."""
    table = html[html.index('<table class="matrix">'):]
    return re.search(rf'<tr><th scope="row">{number}</th>(.*?)</tr>', table).group(1)


def cells(html: str, number: int) -> list[str]:
    """The stance classes of one matrix row, member by member."""
    return re.findall(r'<td><span class="(?:stance )?([a-z_]+)"', matrix_row(html, number))


@pytest.mark.django_db
class TestTheRoomAfterAWrite:
    def test_a_second_render_reuses_what_the_first_derived(self, as_officer, negotiation,
                                                           django_assert_max_num_queries):
        with django_assert_max_num_queries(40) as first:
            first_html = without_tokens(as_officer.get(ROOM).content.decode())
        with django_assert_max_num_queries(len(first.captured_queries) - 5):
            assert without_tokens(as_officer.get(ROOM).content.decode()) == first_html

    def test_a_cached_room_shows_a_new_position_at_once(self, as_officer, as_india,
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

    def test_a_cached_room_shows_an_accepted_proposal_at_once(self, as_india, as_chair,
                                                             negotiation):
        services.proposal_create(symbol=SYMBOL, kind="replace", lang="en", state="IND",
                                 paragraph=2, text="A better text.", acting_user=SYSTEM)
        as_chair.get(ROOM)
        html = as_chair.get(ROOM).content.decode()
        assert "A better text." in html and 'value="accept"' in html
        services.proposal_accept(symbol=SYMBOL, proposal=Proposal.objects.get().pk,
                                 on=SESSION_DAY, acting_user=SYSTEM)
        html = as_chair.get(ROOM).content.decode()
        assert 'value="accept"' not in html
        assert "A better text.</div>" in html  # now the paragraph's text


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

    def test_nothing_is_kept_without_a_data_version(self, monkeypatch, as_officer,
                                                    negotiation):
        """A store with no audit record has no version to key on: derive every time."""
        monkeypatch.setattr(room.pages, "data_version", lambda: None)
        made = []
        real = room.room_data
        monkeypatch.setattr(room, "room_data", lambda *a, **k: made.append(1) or real(*a, **k))
        as_officer.get(ROOM)
        as_officer.get(ROOM)
        assert len(made) == 2


@pytest.mark.django_db
class TestAfterOnlyPositions:
    """After writes that only record positions, the room derives the consensus and the
    matrix again and keeps the texts and proposals; after any other write, everything."""

    def spy(self, monkeypatch):
        calls = []
        for name in ("room_data", "with_new_positions"):
            real = getattr(room, name)
            monkeypatch.setattr(room, name, lambda *a, _n=name, _r=real, **k:
                                calls.append(_n) or _r(*a, **k))
        return calls

    def record(self, state, stance, paragraph, text=""):
        services.position_record(symbol=SYMBOL, state=state, stance=stance, text=text,
                                 paragraph=paragraph, on=SESSION_DAY, acting_user=SYSTEM)

    def test_positions_only_update_the_consensus(self, monkeypatch, as_officer, negotiation):
        calls = self.spy(monkeypatch)
        as_officer.get(ROOM)
        self.record("IND", "view", 3, "A view for the minutes.")
        self.record("KAZ", "object", 3, "Not yet.")
        html = as_officer.get(ROOM).content.decode()
        assert calls == ["room_data", "with_new_positions"]
        assert cells(html, 3)[1:3] == ["view", "object"]
        assert "KAZ objects to paragraph 3" in html and "View of IND on paragraph 3" in html
        assert 'class="para status-objected" id="p-3"' in html

    def test_any_other_write_derives_everything(self, monkeypatch, as_officer, negotiation):
        calls = self.spy(monkeypatch)
        as_officer.get(ROOM)
        self.record("IND", "agree", 4)
        services.proposal_create(symbol=SYMBOL, kind="replace", lang="en", state="IND",
                                 paragraph=4, text="Another text.", acting_user=SYSTEM)
        html = as_officer.get(ROOM).content.decode()
        assert calls == ["room_data", "room_data"]
        assert "Another text." in html

    def test_a_version_from_another_store_derives_everything(self, monkeypatch, as_officer,
                                                             negotiation):
        calls = self.spy(monkeypatch)
        as_officer.get(ROOM)
        key, (seen, data) = next(reversed(room.DERIVED._items.items()))
        room.DERIVED.put(key, ((seen[0] - 1, "not-this-chain"), data))
        as_officer.get(ROOM)
        assert calls == ["room_data", "room_data"]
