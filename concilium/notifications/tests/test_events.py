"""Specification of what people are told of and who is told: a position or a proposal on a
followed document, a silence procedure broken or ended, a decision, a publication; the
state's own documents; opting out of the role's defaults; and the daily digest."""

from __future__ import annotations

import datetime as dt

import pytest

from concilium.documents.services import document_update, position_record, proposal_create
from concilium.meetings import services as meetings
from concilium.meetings.tests import scenario
from concilium.notifications import delivery, services
from concilium.notifications import models as n
from concilium.notifications.tests.conftest import mail_to
from concilium.notifications.texts import worded


def _told(username, kind=None):
    qs = n.Notification.objects.filter(user__username=username)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("id"))


@pytest.fixture
def statement(secretariat_officer):
    return scenario.draft(secretariat_officer, "S9", "statement", "On the drug threat")


def test_a_position_reaches_the_followers_but_not_the_state_that_took_it(
        secretariat_officer, indian_delegate, pakistani_delegate, statement):
    """Pakistan objects to paragraph 1: India is told, in words; Pakistan's own delegate,
    who wrote it, is not."""
    position_record(symbol="S9", state="PAK", paragraph=1, stance="object",
                    text="Not acceptable", acting_user=pakistani_delegate)
    (row,) = _told("india", "position")
    subject, sentence = worded(row.kind, row.params, "en")
    assert subject == "Pakistan stated a position on S9"
    assert sentence == "Pakistan stated a position on S9 “On the drug threat”, paragraph 1: objects."
    assert not _told("pakistan")


def test_a_proposal_on_a_followed_document(secretariat_officer, indian_delegate,
                                           pakistani_delegate, mongolian_observer, statement):
    """India proposes a change: Pakistan is told; Mongolia follows S9 but may not read a
    members-only draft, and is not; India, who proposed it, is not."""
    services.follow_add(username="mongolia", kind="document", key="S9",
                        acting_user=mongolian_observer)
    proposal_create(symbol="S9", kind="amend", paragraph=1, lang="en", span="reaffirmed",
                    text="confirmed", acting_user=indian_delegate)
    (row,) = _told("pakistan", "proposal")
    assert worded(row.kind, row.params, "en")[1] == \
        "India proposed a change to S9 “On the drug threat”, paragraph 1."
    assert not _told("mongolia")
    assert not _told("india")


def test_a_silence_broken_and_an_unbroken_one_ended(secretariat_officer, russian_chair,
                                                    indian_delegate, pakistani_delegate,
                                                    statement):
    scenario.between_meetings(secretariat_officer, "S9")
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    meetings.silence_open(document="S9", deadline=opened + dt.timedelta(hours=72), now=opened,
                          acting_user=russian_chair)
    meetings.silence_break(document="S9", state="PAK", reason="An amendment",
                           now=opened + dt.timedelta(hours=1), acting_user=pakistani_delegate)
    kinds = [r.kind for r in _told("india")]
    # Returned to negotiation is a decision too, recorded as the silence breaks.
    assert kinds == ["silence_opened", "decision", "silence_broken"]
    broken = _told("india", "silence_broken")[0]
    assert worded(broken.kind, broken.params, "ru")[0] == \
        "Пакистан: процедура умолчания по S9 прервана"


def test_the_end_of_a_silence_and_the_publication(secretariat_officer, russian_chair,
                                                  indian_delegate, statement):
    scenario.between_meetings(secretariat_officer, "S9")
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    meetings.silence_open(document="S9", deadline=opened + dt.timedelta(hours=72), now=opened,
                          acting_user=russian_chair)
    meetings.silence_process(now=opened + dt.timedelta(hours=73),
                             acting_user=secretariat_officer)
    document_update(symbol="S9", classification="public", acting_user=secretariat_officer)
    kinds = [r.kind for r in _told("india")]
    assert {"silence_ended", "decision", "published"} <= set(kinds)
    decision = _told("india", "decision")[0]
    assert "adopted" in worded(decision.kind, decision.params, "en")[1]


def test_a_delegate_who_opts_out_of_the_defaults_hears_only_what_they_chose(
        secretariat_officer, indian_delegate, pakistani_delegate, statement):
    services.notification_settings_update(username="india", defaults=False,
                                          acting_user=indian_delegate)
    position_record(symbol="S9", state="PAK", stance="agree", acting_user=pakistani_delegate)
    assert not _told("india")
    services.follow_add(username="india", kind="document", key="S9",
                        acting_user=indian_delegate)
    position_record(symbol="S9", state="PAK", stance="object", text="No",
                    acting_user=pakistani_delegate)
    assert [r.kind for r in _told("india")] == ["position"]


def test_the_daily_digest_gathers_the_day_in_one_message(smtp, secretariat_officer,
                                                         indian_delegate, pakistani_delegate,
                                                         statement):
    mail_to(indian_delegate, "india@mission.example")
    services.notification_settings_update(username="india", email="daily",
                                          acting_user=indian_delegate)
    for stance in ("agree", "object"):
        position_record(symbol="S9", state="PAK", stance=stance, text="x",
                        acting_user=pakistani_delegate)
    assert delivery.emails_send() == 0  # digests are not sent one by one
    assert delivery.digests_send() == 1
    assert delivery.digests_send() == 0  # once a day
    (digest,) = smtp.to("india@mission.example")
    assert digest["Subject"] == "Concilium: 2 notifications of the day"
    assert smtp.text(digest).count("Pakistan stated a position on S9") == 2


def test_a_circulation_outside_a_meeting_is_worded_without_one(secretariat_officer,
                                                               indian_delegate, statement):
    meetings.circulation_record(document="S9", date="2020-08-01",
                                acting_user=secretariat_officer)
    (row,) = _told("india", "circulated_to_members")
    assert worded(row.kind, row.params, "zh-hans") == (
        "S9已分发给各成员国", "S9《On the drug threat》已于2020-08-01分发给各成员国。")


def test_a_meeting_moved_or_cancelled_reaches_its_followers_in_their_language(
        secretariat_officer, russian_chair, indian_delegate, mongolian_observer):
    """The Secretariat moves the Moscow ministers' meeting by a day: the Indian delegate
    (who follows every body) and Mongolia's observer (who follows the meeting) are told when
    and where it now takes place, in English and in Russian; a change of chair tells
    nobody; the cancellation, with its reason, reaches both; the officer who wrote it is
    never told of their own write."""
    cfm, _symbols = scenario.moscow_cfm_with_2020_documents(secretariat_officer)
    services.follow_add(username="mongolia", kind="meeting", key=cfm.slug,
                        acting_user=mongolian_observer)
    meetings.meeting_update(meeting=cfm.slug, start="2020-09-11", end="2020-09-12",
                            acting_user=secretariat_officer)
    (moved,) = _told("india", "meeting_changed")
    assert [r.kind for r in _told("mongolia")] == ["meeting_changed"]
    assert worded(moved.kind, moved.params, "en") == (
        "The meeting of the Council of Foreign Ministers has changed: 2020-09-11, in Moscow",
        "The meeting of the Council of Foreign Ministers that was to open on 2020-09-10 now "
        "takes place from 2020-09-11 to 2020-09-12, in Moscow.")
    assert worded(moved.kind, moved.params, "ru")[1] == (
        "Заседание Совета министров иностранных дел, которое должно было открыться "
        "2020-09-10, теперь проходит с 2020-09-11 по 2020-09-12 в Москве.")
    assert delivery.link_of(moved) == f"/meetings/{cfm.slug}/"

    meetings.meeting_chair_set(meeting=cfm.slug, chair_state="IND", reason="Requested",
                               acting_user=secretariat_officer)
    assert len(_told("india")) == len(_told("mongolia")) == 1

    meetings.meeting_cancel(meeting=cfm.slug, reason="The pandemic",
                            acting_user=secretariat_officer)
    (cancelled,) = _told("mongolia", "meeting_cancelled")
    assert worded(cancelled.kind, cancelled.params, "zh-hans")[1] == \
        "原定于2020-09-11开幕的成员国外长理事会会议已取消。原因：The pandemic"
    assert _told("india", "meeting_cancelled")
    assert not _told(secretariat_officer.username)
