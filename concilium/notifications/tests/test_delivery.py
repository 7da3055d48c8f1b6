"""Specification of notifications by e-mail, checked on what a real SMTP server receives:
circulation reaches each member state's coordinator in their language with the deadline,
an observer hears nothing of a members-only draft, the 24-hour silence reminder goes once,
and a mail server that fails is tried again."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from concilium.accounts.services import actor_for, user_create
from concilium.meetings import services as meetings
from concilium.meetings.tests import scenario
from concilium.notifications import delivery, services
from concilium.notifications import models as n
from concilium.notifications.tests.conftest import mail_to, run_queue
from concilium.rules.permissions import SYSTEM

DRAFT = "SCO/CFM/2020/ST.9"


@pytest.fixture
def chinese_delegate(sco):
    user = user_create(username="china", password="demo-pass-2020", role="delegate",
                       state="CHN", acting_user=SYSTEM)
    return actor_for(user)


@pytest.fixture
def cfm_agenda(secretariat_officer):
    """The ministers' meeting of 10 September 2020 with the public report and a members-only
    draft statement on its agenda."""
    cfm = meetings.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                  host_state="RUS", acting_user=secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    scenario.draft(secretariat_officer, DRAFT, "cfm-statement", "On the pandemic")
    meetings.agenda_item_add(meeting=cfm.slug, decision_sought="take_note",
                             documents=[scenario.REPORT], acting_user=secretariat_officer)
    meetings.agenda_item_add(meeting=cfm.slug, decision_sought="approve", documents=[DRAFT],
                             acting_user=secretariat_officer)
    return cfm


def _circulate(officer, meeting, documents, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_circulate(meeting=meeting.slug, documents=documents,
                                   date="2020-08-21", acting_user=officer)
    run_queue()


class TestCirculation:
    def test_each_coordinator_is_mailed_in_their_language_with_the_deadline(
            self, smtp, secretariat_officer, indian_delegate, russian_chair, chinese_delegate,
            cfm_agenda, django_capture_on_commit_callbacks):
        """The Indian delegate reads English, the Russian chair Russian, the Chinese
        delegate Chinese: each receives one e-mail naming the draft and the deadline for
        comments, 31 August (the charter's ten days before the meeting)."""
        mail_to(indian_delegate, "india@mission.example")
        mail_to(russian_chair, "russia@mission.example", "ru")
        mail_to(chinese_delegate, "china@mission.example", "zh-hans")
        _circulate(secretariat_officer, cfm_agenda, [DRAFT], django_capture_on_commit_callbacks)

        (english,) = smtp.to("india@mission.example")
        assert english["Subject"] == (f"{DRAFT} circulated for the Council of Foreign "
                                      "Ministers, comments by 2020-08-31")
        assert "On the pandemic" in smtp.text(english)
        assert "Comments are due by 2020-08-31" in smtp.text(english)
        (russian,) = smtp.to("russia@mission.example")
        assert russian["Subject"].strip() == (f"{DRAFT} разослан к заседанию: Совет министров "
                                      "иностранных дел; замечания до 2020-08-31")
        assert "Замечания принимаются до 2020-08-31" in smtp.text(russian)
        assert russian["Content-Language"] == "ru"
        (chinese,) = smtp.to("china@mission.example")
        assert chinese["Subject"].strip() == f"{DRAFT}已为成员国外长理事会分发，意见截止日期2020-08-31"
        assert "意见截止日期为2020-08-31" in smtp.text(chinese)
        assert len(smtp.messages) == 3
        assert set(n.Notification.objects.values_list("email_state", flat=True)) == {"sent"}

    def test_an_observer_following_the_meeting_hears_nothing_of_a_members_only_draft(
            self, smtp, secretariat_officer, mongolian_observer, cfm_agenda,
            django_capture_on_commit_callbacks):
        """Mongolia follows the meeting: told of the public report, never of the draft."""
        mail_to(mongolian_observer, "mongolia@mission.example")
        services.follow_add(username="mongolia", kind="meeting", key=cfm_agenda.slug,
                            acting_user=mongolian_observer)
        _circulate(secretariat_officer, cfm_agenda, [scenario.REPORT, DRAFT],
                   django_capture_on_commit_callbacks)
        received = smtp.to("mongolia@mission.example")
        assert [m["Subject"].split(" ")[0] for m in received] == [scenario.REPORT]
        assert DRAFT not in smtp.text(received[0])
        assert not n.Notification.objects.filter(user__username="mongolia", document=DRAFT)

    def test_the_officer_who_circulates_is_not_told_of_it(
            self, smtp, secretariat_officer, cfm_agenda, django_capture_on_commit_callbacks):
        services.follow_add(username="officer", kind="meeting", key=cfm_agenda.slug,
                            acting_user=secretariat_officer)
        _circulate(secretariat_officer, cfm_agenda, [DRAFT], django_capture_on_commit_callbacks)
        assert not n.Notification.objects.filter(user__username="officer").exists()


class TestSilenceReminder:
    def test_the_24_hour_reminder_is_sent_once(self, smtp, secretariat_officer, russian_chair,
                                               indian_delegate):
        """Opened on 1 October for 72 hours: nothing on the 2nd, one reminder on the 3rd
        however often the task runs, and none after the silence ended."""
        mail_to(indian_delegate, "india@mission.example")
        scenario.draft(secretariat_officer, "S9", "statement", "On the drug threat")
        scenario.between_meetings(secretariat_officer, "S9")
        opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
        meetings.silence_open(document="S9", deadline=opened + dt.timedelta(hours=72),
                              now=opened, acting_user=russian_chair)
        delivery.emails_send()
        assert [m["Subject"] for m in smtp.to("india@mission.example")] == [
            "Silence procedure on S9 until 2020-10-04 09:00"]

        assert delivery.silence_reminders_create(opened + dt.timedelta(hours=24)) == []
        for hours in (49, 50, 60, 71):
            with time_machine.travel(opened + dt.timedelta(hours=hours), tick=False):
                delivery.silence_reminders_create()
                delivery.emails_send()
        reminders = [m for m in smtp.to("india@mission.example")
                     if "less than 24 hours" in m["Subject"]]
        assert len(reminders) == 1
        assert "2020-10-04 09:00" in smtp.text(reminders[0])
        assert n.Notification.objects.filter(kind="silence_closing", user__username="india").count() == 1


class TestRetry:
    def test_a_refused_message_is_sent_again_later(self, smtp, secretariat_officer,
                                                   indian_delegate, cfm_agenda,
                                                   django_capture_on_commit_callbacks):
        """The mail server refuses the first attempt (451): the notification waits, then a
        later run sends it, once."""
        mail_to(indian_delegate, "india@mission.example")
        smtp.refuse = 1
        _circulate(secretariat_officer, cfm_agenda, [DRAFT], django_capture_on_commit_callbacks)
        row = n.Notification.objects.get(user__username="india")
        assert (row.email_state, row.attempts, smtp.messages) == ("pending", 1, [])
        assert delivery.emails_send() == 0  # not yet due: the next attempt is a minute later
        with time_machine.travel(row.next_attempt_at + dt.timedelta(seconds=1)):
            assert delivery.emails_send() == 1
            assert delivery.emails_send() == 0
        assert len(smtp.to("india@mission.example")) == 1
