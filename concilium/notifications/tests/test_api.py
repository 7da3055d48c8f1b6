"""Specification of /api/notifications: the caller's list with its unread count in the
request's language, read marks, follows and settings with refusals naming the field, the
calendar address; the public is refused; the list costs the same for few or many."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from concilium.meetings.tests import scenario
from concilium.notifications import models as n


def _client(username) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def india(indian_delegate):
    return _client("india")


@pytest.fixture
def cfm(secretariat_officer):
    return scenario.moscow_cfm_with_2020_documents(secretariat_officer)


_circulate = scenario.circulate


def test_the_list_in_the_callers_language_and_read_marks(india, secretariat_officer, cfm):
    meeting, symbols = cfm
    _circulate(secretariat_officer, meeting, symbols[:2])
    body = india.get("/api/notifications", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body["unread"] == 2
    assert [i["document"] for i in body["items"]] == symbols[1::-1]  # newest first
    assert "成员国外长理事会" in body["items"][0]["subject"]
    marked = india.post("/api/notifications/read", {"ids": [body["items"][0]["id"]]},
                        content_type="application/json").json()
    assert marked == {"marked": 1, "unread": 1}
    assert india.get("/api/notifications?unread=true").json()["items"][0]["document"] == \
        symbols[0]


def test_the_list_costs_the_same_for_few_or_many(india, secretariat_officer, cfm,
                                                 django_assert_max_num_queries):
    meeting, symbols = cfm
    _circulate(secretariat_officer, meeting, symbols[:1])
    with django_assert_max_num_queries(8) as few:
        india.get("/api/notifications")
    first = len(few.captured_queries)
    _circulate(secretariat_officer, meeting, symbols[1:])
    with django_assert_max_num_queries(first):
        assert len(india.get("/api/notifications").json()["items"]) == len(symbols)


def test_follows_and_settings_refuse_bad_input_by_field(india, cfm):
    meeting, _symbols = cfm
    added = india.post("/api/notifications/follows", {"kind": "meeting", "key": meeting.slug},
                       content_type="application/json")
    assert added.status_code == 201
    assert added.json()["follows"] == [{"kind": "meeting", "key": meeting.slug}]
    for payload, field in (({"kind": "planet", "key": "x"}, "kind"),
                           ({"kind": "state", "key": "XX"}, "key")):
        refused = india.post("/api/notifications/follows", payload,
                             content_type="application/json")
        assert (refused.status_code, refused.json()["field"]) == (422, field)
    bad = india.patch("/api/notifications/settings", {"email": "hourly"},
                      content_type="application/json")
    assert (bad.status_code, bad.json()["field"]) == (422, "email")
    good = india.patch("/api/notifications/settings", {"email": "off", "language": "ru"},
                       content_type="application/json").json()
    assert (good["email"], good["language"], good["defaults"]) == ("off", "ru", True)
    assert india.delete(f"/api/notifications/follows?kind=meeting&key={meeting.slug}"
                        ).status_code == 204
    assert india.delete(f"/api/notifications/follows?kind=meeting&key={meeting.slug}"
                        ).status_code == 404


def test_the_calendar_address_is_made_and_revoked(india, cfm):
    made = india.post("/api/notifications/calendar")
    assert made.status_code == 201
    path = made.json()["path"]
    assert Client().get(path).status_code == 200
    assert india.delete("/api/notifications/calendar").status_code == 204
    assert Client().get(path).status_code == 404


def test_the_public_is_refused(sco):
    assert Client().get("/api/notifications").status_code == 403
    assert Client().post("/api/notifications/calendar").status_code == 403


def test_an_account_whose_email_is_off_is_told_only_in_the_list(india, secretariat_officer,
                                                                 cfm):
    meeting, symbols = cfm
    india.patch("/api/notifications/settings", {"email": "off"},
                content_type="application/json")
    _circulate(secretariat_officer, meeting, symbols[:1])
    row = n.Notification.objects.get(user__username="india")
    assert row.email_state == "none"
