"""The reader's notifications in the browser: the list in the page's language with
mark-as-read, the unread count in the header, what they follow and their calendar address;
the public gets nothing, and the list costs the same for few or many notifications."""

from __future__ import annotations

import pytest
from django.test import Client

from concilium.meetings.tests import scenario
from concilium.notifications import models as n

pytestmark = pytest.mark.django_db


@pytest.fixture
def circulated(secretariat_officer):
    """Five public documents circulated to the ministers' meeting: five notifications for
    each member's delegate."""
    return scenario.moscow_cfm_with_2020_documents(secretariat_officer)


_circulate = scenario.circulate


def test_the_header_counts_the_unread_and_the_list_marks_them_read(as_india, secretariat_officer,
                                                                   circulated):
    cfm, symbols = circulated
    _circulate(secretariat_officer, cfm, symbols[:2])
    page = as_india.get("/").content.decode()
    assert 'hx-get="/notifications/count"' in page
    count = as_india.get("/notifications/count").content.decode()
    assert '<span class="badge">2</span>' in count and "2 unread" in count
    listed = as_india.get("/notifications/").content.decode()
    assert f"{symbols[0]} circulated for the Council of Foreign Ministers" in listed
    assert as_india.post("/notifications/read").status_code == 302
    assert "badge" not in as_india.get("/notifications/count").content.decode()
    assert not n.Notification.objects.filter(user__username="india", read_at__isnull=True)


def test_the_list_is_worded_in_the_pages_language(as_india, secretariat_officer, circulated):
    cfm, symbols = circulated
    _circulate(secretariat_officer, cfm, symbols[:1])
    as_india.cookies["django_language"] = "ru"
    listed = as_india.get("/notifications/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "разослан к заседанию: Совет министров иностранных дел" in listed


def test_one_notification_is_marked_read_alone(as_india, secretariat_officer, circulated):
    cfm, symbols = circulated
    _circulate(secretariat_officer, cfm, symbols[:2])
    first = n.Notification.objects.filter(user__username="india").last()
    as_india.post("/notifications/read", {"id": first.pk})
    assert n.Notification.objects.filter(user__username="india", read_at__isnull=True).count() == 1


def test_the_public_has_no_notifications():
    public = Client()
    assert public.get("/notifications/count").content == b""
    assert public.get("/notifications/").status_code == 403
    assert public.get("/notifications/settings/").status_code == 403


def test_the_list_costs_the_same_for_few_or_many(as_india, secretariat_officer, circulated,
                                                 django_assert_max_num_queries):
    cfm, symbols = circulated
    _circulate(secretariat_officer, cfm, symbols[:1])
    with django_assert_max_num_queries(8) as few:
        as_india.get("/notifications/")
    first = len(few.captured_queries)
    _circulate(secretariat_officer, cfm, symbols[1:])
    with django_assert_max_num_queries(first):
        assert symbols[-1] in as_india.get("/notifications/").content.decode()


def test_following_a_meeting_and_a_bad_key_named_at_its_field(as_observer, circulated):
    cfm, _symbols = circulated
    answer = as_observer.post("/notifications/settings/",
                              {"action": "follow", "kind": "meeting", "key": cfm.slug})
    assert answer.status_code == 302
    assert n.Follow.objects.filter(user__username="mongolia", key=cfm.slug).exists()
    refused = as_observer.post("/notifications/settings/",
                               {"action": "follow", "kind": "meeting", "key": "nowhere"})
    html = refused.content.decode()
    assert refused.status_code == 422 and 'id="key-error"' in html and "nowhere" in html


def test_settings_and_the_calendar_address_shown_once(as_india, indian_delegate):
    as_india.post("/notifications/settings/", {"action": "save", "language": "ru",
                                               "email": "daily"})
    row = n.NotificationSettings.objects.get(user__username="india")
    assert (row.language, row.email, row.defaults) == ("ru", "daily", False)
    made = as_india.post("/notifications/settings/", {"action": "calendar-new"}).content.decode()
    address = made.split("<code>")[1].split("</code>")[0]
    assert address.startswith("http://testserver/calendar/")
    assert Client().get(address.removeprefix("http://testserver")).status_code == 200
    assert "<code>" not in as_india.get("/notifications/settings/").content.decode()
    as_india.post("/notifications/settings/", {"action": "calendar-revoke"})
    assert Client().get(address.removeprefix("http://testserver")).status_code == 404


def test_the_officer_cancels_a_meeting_from_its_workspace_and_delegates_are_told(
        as_officer, as_india, circulated):
    cfm, _symbols = circulated
    cfm.refresh_from_db()
    assert "Cancel the meeting" in as_officer.get(f"/meetings/{cfm.slug}/edit/").content.decode()
    assert as_india.post(f"/meetings/{cfm.slug}/cancel/").status_code == 403
    answer = as_officer.post(f"/meetings/{cfm.slug}/cancel/",
                             {"reason": "Postponed", "expected_version": cfm.version})
    assert answer.status_code == 302
    cfm.refresh_from_db()
    assert (cfm.status, cfm.sequence) == ("cancelled", 1)
    listed = as_india.get("/notifications/").content.decode()
    assert ("The meeting of the Council of Foreign Ministers that was to open on 2020-09-10 "
            "is cancelled. Reason: Postponed") in listed
    assert f'href="/meetings/{cfm.slug}/"' in listed


def test_a_bad_id_is_refused_by_field(as_india, indian_delegate):
    answer = as_india.post("/notifications/read", {"id": "seven"})
    assert answer.status_code == 422 and "ids:" in answer.content.decode()


def test_an_observer_follows_a_meeting_from_its_page(as_observer, circulated):
    cfm, _symbols = circulated
    page = as_observer.get(f"/meetings/{cfm.slug}/").content.decode()
    assert "Follow this meeting" in page
    answer = as_observer.post("/notifications/settings/", {
        "action": "follow", "kind": "meeting", "key": cfm.slug,
        "next": f"/meetings/{cfm.slug}/"})
    assert (answer.status_code, answer["Location"]) == (302, f"/meetings/{cfm.slug}/")
    elsewhere = as_observer.post("/notifications/settings/", {
        "action": "follow", "kind": "body", "key": "cfm", "next": "https://evil.example/"})
    assert elsewhere["Location"] == "/notifications/settings/"
