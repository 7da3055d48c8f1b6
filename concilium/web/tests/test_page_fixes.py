"""What was wrong on the pages: the menu in the room, the dashboard's pipeline and presidency,
the demo's accounts and the landing page that tells each persona what to try."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from concilium.documents.services import document_update
from concilium.organization.selectors import presidency_on
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import sample_document


@pytest.mark.django_db
class TestTheMenuAndTheDashboard:
    def test_the_room_highlights_documents_not_the_registry(self, as_india, negotiation):
        html = as_india.get("/room/SCO/CFM/2020/DEMO?on=2020-09-10").content.decode()
        assert 'aria-current="page">Documents' in html
        assert 'aria-current="page">Registry' not in html

    def test_adopted_documents_are_a_count_that_links_to_the_registry(self, as_officer, sco):
        """The board shows the documents under way; adopted ones are counted, not carded."""
        sample_document(symbol="SCO/CFM/2020/LIVE", paragraphs=2)
        sample_document(symbol="SCO/CFM/2020/DONE", paragraphs=2)
        document_update(symbol="SCO/CFM/2020/DONE", status="adopted", acting_user=SYSTEM)
        html = as_officer.get("/?on=2020-09-10").content.decode()
        board = html.split('id="pipeline-h"')[1]
        assert "SCO/CFM/2020/LIVE" in board and "SCO/CFM/2020/DONE" not in board
        assert '<a href="/registry/">1 adopted or closed: see the registry</a>' in board

    def test_a_presidency_without_an_end_runs_until_the_next_summit(self, client, sco):
        """Kyrgyzstan has presided since 2 September 2025; no end is on record yet."""
        assert presidency_on(dt.date(2026, 1, 1)).end is None
        html = client.get("/?on=2026-01-01").content.decode()
        assert "until the next summit" in html and "to </p>" not in html
        assert "From Sept. 2, 2025 to" not in html


@pytest.mark.django_db
class TestTheDemo:
    def test_the_landing_page_tells_each_persona_what_to_try_in_the_demo_only(
            self, client, sco, settings):
        assert "Try the demo as" not in client.get("/").content.decode()
        settings.CONCILIUM_DEMO = True
        html = client.get("/").content.decode()
        assert "Try the demo as" in html
        for who in ("officer", "lavrov", "chair", "india", "mongolia"):
            assert f"<code>{who}</code>" in html
        assert "/chair/document/SCO/CFM/2020/DEMO?on=2020-09-10" in html

    def test_the_demo_has_the_chair_of_the_current_presidency(self, db, capsys):
        call_command("demo", "--no-serve")
        users = get_user_model().objects
        today = presidency_on(dt.date.today())
        chair = users.get(username="chair").profile
        assert chair.role == "chair" and chair.state.code == today.state.code
        assert users.get(username="lavrov").profile.state.code == "RUS"
        assert "the chair of the current presidency" in capsys.readouterr().out
