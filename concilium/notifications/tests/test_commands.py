"""Specification of `concilium notify`: follow, list in the account's language, send the
e-mails due and the digests (idempotent), the calendar address; bad input exits 2."""

from __future__ import annotations

import json

from django.test import Client

from concilium.core.tests.commands import refused, run
from concilium.meetings import services as meetings
from concilium.meetings.tests import scenario
from concilium.notifications.tests.conftest import mail_to


def test_an_observer_follows_a_meeting_and_is_told_in_russian(smtp, secretariat_officer,
                                                              mongolian_observer):
    cfm = meetings.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                  host_state="RUS", acting_user=secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    meetings.agenda_item_add(meeting=cfm.slug, decision_sought="take_note",
                             documents=[scenario.REPORT], acting_user=secretariat_officer)
    mail_to(mongolian_observer, "mongolia@mission.example")
    assert "mongolia follows meeting" in run("notify", "follow", "mongolia", "meeting",
                                             cfm.slug)
    assert "language ru" in run("notify", "settings", "mongolia", "--language", "ru")
    meetings.meeting_circulate(meeting=cfm.slug, documents=[scenario.REPORT],
                               date="2020-08-21", acting_user=secretariat_officer)
    (row,) = json.loads(run("notify", "list", "mongolia", "--json"))
    assert "разослан" in row["subject"] and row["email"] == "pending"
    assert "1 e-mails sent" in run("notify", "send")
    assert "0 e-mails sent" in run("notify", "send")
    assert len(smtp.to("mongolia@mission.example")) == 1
    assert "0 digests sent" in run("notify", "digest")


def test_the_calendar_address_from_the_shell(indian_delegate):
    path = run("notify", "calendar", "india").strip()
    assert Client().get(path).status_code == 200
    assert run("notify", "calendar", "india", "--revoke").strip() == "Revoked."
    assert Client().get(path).status_code == 404


def test_bad_input_exits_2_naming_the_field(indian_delegate):
    assert "key:" in str(refused("notify", "follow", "india", "meeting", "nowhere"))
    assert "username:" in str(refused("notify", "list", "nobody"))
    assert "language:" in str(refused("notify", "settings", "india", "--language", "fr"))
