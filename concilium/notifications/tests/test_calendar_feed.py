"""Specification of the calendar people subscribe to: a secret address per account with the
meetings they follow; a moved meeting comes back with a higher SEQUENCE, a cancelled one as
CANCELLED, and a revoked or replaced address answers 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from concilium.core.errors import Conflict, Forbidden
from concilium.meetings import services as meetings
from concilium.meetings.tests import scenario
from concilium.notifications import services


@pytest.fixture
def autumn_2020(secretariat_officer):
    return scenario.plan_2020(secretariat_officer)


def _feed(token) -> dict[str, object]:
    response = Client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return {str(ev["uid"]).split("@")[0]: ev
            for ev in Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_moved_meeting_has_a_higher_sequence_and_a_cancelled_one_is_cancelled(
        secretariat_officer, indian_delegate, autumn_2020):
    """India follows every body by default: all three meetings; moving the ministers by a
    day raises their SEQUENCE, cancelling the coordinators' meeting marks it CANCELLED."""
    cnc, cfm, chs = autumn_2020
    token = services.calendar_feed_create(username="india", acting_user=indian_delegate)
    before = _feed(token)
    assert set(before) == {cnc.slug, cfm.slug, chs.slug}
    assert (before[cfm.slug]["sequence"], str(before[cfm.slug]["status"])) == (0, "CONFIRMED")

    meetings.meeting_update(meeting=cfm.slug, start="2020-09-11", end="2020-09-11",
                            acting_user=secretariat_officer)
    meetings.meeting_cancel(meeting=cnc.slug, reason="Held by correspondence",
                            acting_user=secretariat_officer)
    after = _feed(token)
    assert after[cfm.slug]["sequence"] == 1
    assert after[cfm.slug].decoded("dtstart") == dt.date(2020, 9, 11)
    assert (after[cnc.slug]["sequence"], str(after[cnc.slug]["status"])) == (1, "CANCELLED")
    assert after[chs.slug]["sequence"] == 0


def test_a_change_that_calendars_do_not_show_keeps_the_sequence(secretariat_officer,
                                                                indian_delegate, autumn_2020):
    """Correcting who chairs changes nothing a calendar shows: same SEQUENCE."""
    _cnc, cfm, _chs = autumn_2020
    meetings.meeting_chair_set(meeting=cfm.slug, chair_state="TJK", reason="Russia asked",
                               acting_user=secretariat_officer)
    token = services.calendar_feed_create(username="india", acting_user=indian_delegate)
    assert _feed(token)[cfm.slug]["sequence"] == 0


def test_an_observer_sees_only_the_meetings_they_follow(mongolian_observer, autumn_2020):
    _cnc, cfm, _chs = autumn_2020
    services.follow_add(username="mongolia", kind="meeting", key=cfm.slug,
                        acting_user=mongolian_observer)
    token = services.calendar_feed_create(username="mongolia", acting_user=mongolian_observer)
    assert set(_feed(token)) == {cfm.slug}


def test_a_revoked_or_replaced_address_answers_404(indian_delegate, autumn_2020):
    first = services.calendar_feed_create(username="india", acting_user=indian_delegate)
    second = services.calendar_feed_create(username="india", acting_user=indian_delegate)
    assert Client().get(f"/calendar/{first}.ics").status_code == 404
    assert _feed(second)
    assert services.calendar_feed_revoke(username="india", acting_user=indian_delegate)
    assert Client().get(f"/calendar/{second}.ics").status_code == 404
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_only_the_account_or_the_secretariat_makes_its_address(pakistani_delegate,
                                                                indian_delegate, sco):
    with pytest.raises(Forbidden):
        services.calendar_feed_create(username="india", acting_user=pakistani_delegate)


class TestCancellingAMeeting:
    def test_a_meeting_with_decisions_cannot_be_cancelled(self, secretariat_officer,
                                                          russian_chair, autumn_2020):
        cnc, _cfm, _chs = autumn_2020
        scenario.documents_2020(secretariat_officer)
        scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
        with pytest.raises(Conflict) as refused:
            meetings.meeting_cancel(meeting=cnc.slug, acting_user=secretariat_officer)
        assert refused.value.field == "meeting"
        cnc.refresh_from_db()
        assert cnc.status != "cancelled" and cnc.sequence == 0

    def test_cancelling_twice_changes_nothing_and_a_cancelled_meeting_is_not_edited(
            self, secretariat_officer, autumn_2020):
        _cnc, cfm, _chs = autumn_2020
        first = meetings.meeting_cancel(meeting=cfm.slug, acting_user=secretariat_officer)
        again = meetings.meeting_cancel(meeting=cfm.slug, acting_user=secretariat_officer)
        assert (first.sequence, again.sequence, again.status) == (1, 1, "cancelled")
        with pytest.raises(Conflict):
            meetings.meeting_update(meeting=cfm.slug, start="2020-09-12",
                                    acting_user=secretariat_officer)

    def test_a_delegate_does_not_cancel(self, indian_delegate, autumn_2020):
        with pytest.raises(Forbidden):
            meetings.meeting_cancel(meeting=autumn_2020[1].slug, acting_user=indian_delegate)

    def test_the_api_and_the_command_cancel(self, secretariat_officer, autumn_2020):
        cnc, cfm, _chs = autumn_2020
        client = Client()
        client.force_login(get_user_model().objects.get(username="officer"))
        answer = client.post(f"/api/meetings/{cfm.slug}/cancel",
                             {"reason": "Postponed"}, content_type="application/json")
        assert (answer.status_code, answer.json()["status"], answer.json()["sequence"]) == (
            200, "cancelled", 1)
        call_command("meeting", "edit", cnc.slug, "--cancel")
        cnc.refresh_from_db()
        assert cnc.status == "cancelled"
