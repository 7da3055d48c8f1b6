"""The meetings API as a script or a browser calls it: roles, errors, query counts, calendars."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from concilium.audit.models import Action, AuditRecord
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.tests import scenario
from concilium.meetings.tests.conftest import _token


@pytest.fixture
def autumn_2020(secretariat_officer):
    meetings = scenario.plan_2020(secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    return meetings


def test_the_secretariat_plans_a_meeting_over_the_api(as_, secretariat_officer):
    """POST /api/meetings creates `cfm-2020-09-10`, chaired by Russia."""
    r = as_(secretariat_officer, "post", "/api/meetings",
            json={"body": "cfm", "start": "2020-09-10", "city": {"en": "Moscow"},
                  "host_state": "RUS"})
    assert r.status_code == 201, r.content
    assert r.json()["slug"] == "cfm-2020-09-10" and r.json()["chair_state"] == "RUS"


@pytest.mark.parametrize(("payload", "field"), [
    ({"body": "cfm", "start": "10/09/2020", "city": "Moscow"}, "start"),
    ({"body": "cfm", "start": "2020-09-10"}, "city"),
    ({"body": "cfm"}, "start"),
    ({"body": "zzz", "start": "2020-09-10", "city": "Moscow"}, "body"),
    ({"body": "cfm", "start": "2020-09-10", "city": 5}, "city"),
])
def test_bad_input_is_a_4xx_naming_the_field(as_, secretariat_officer, payload, field):
    """Never a 500: the answer names the field, and nothing is written."""
    r = as_(secretariat_officer, "post", "/api/meetings", json=payload)
    assert 400 <= r.status_code < 500, r.content
    assert r.json()["field"].startswith(field)
    assert not m.Meeting.objects.exists()
    assert not AuditRecord.objects.filter(action=Action.MEETING_SAVE).exists()


def test_the_public_cannot_plan_meetings(client, sco):
    """Without a token, planning is refused."""
    r = client.post("/api/meetings", {"body": "cfm", "start": "2020-09-10", "city": "Moscow"},
                    content_type="application/json")
    assert r.status_code == 403


def test_observers_do_not_see_members_only_documents_on_an_agenda(
        as_, autumn_2020, secretariat_officer, mongolian_observer):
    """The report is public and listed; the declaration is for members only and is not."""
    _cnc, cfm, _chs = autumn_2020
    services.agenda_item_add(meeting=cfm.slug, titles="Drafts", decision_sought="discuss",
                             documents=["SCO/CHS/2020/DECL", scenario.REPORT],
                             acting_user=secretariat_officer)
    listed = as_(mongolian_observer, "get", f"/api/meetings/{cfm.slug}").json()
    assert [d["symbol"] for d in listed["agenda"][0]["documents"]] == [scenario.REPORT]
    full = as_(secretariat_officer, "get", f"/api/meetings/{cfm.slug}").json()
    assert len(full["agenda"][0]["documents"]) == 2


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_meeting_detail_takes_a_fixed_number_of_queries(client, autumn_2020, secretariat_officer):
    """Adding agenda items, documents, delegations does not add queries to the detail."""
    _cnc, cfm, _chs = autumn_2020
    services.agenda_item_add(meeting=cfm.slug, titles="One", decision_sought="discuss",
                             documents=[scenario.REPORT], acting_user=secretariat_officer)
    services.delegation_add(meeting=cfm.slug, state="RUS", head="Sergey Lavrov",
                            acting_user=secretariat_officer)
    small = _queries(client, f"/api/meetings/{cfm.slug}")
    for n in range(5):
        services.agenda_item_add(meeting=cfm.slug, titles=f"Item {n}", decision_sought="discuss",
                                 documents=[scenario.STATEMENT, *scenario.CHS_DOCS],
                                 acting_user=secretariat_officer)
    services.delegation_add(meeting=cfm.slug, state="IND", head="Subrahmanyam Jaishankar",
                            acting_user=secretariat_officer)
    services.side_event_add(meeting=cfm.slug, date="2020-09-09", format="video",
                            titles="The President meets the ministers",
                            host="Vladimir Putin", acting_user=secretariat_officer)
    assert _queries(client, f"/api/meetings/{cfm.slug}") == small


def test_meeting_list_takes_a_fixed_number_of_queries(client, autumn_2020, secretariat_officer):
    """Listing three meetings or five costs the same."""
    small = _queries(client, "/api/meetings")
    services.meeting_create(body="cnc", start="2020-10-20", city="Dushanbe",
                            acting_user=secretariat_officer)
    services.meeting_create(body="chg", start="2020-11-30", format="video", host_state="IND",
                            acting_user=secretariat_officer)
    assert _queries(client, "/api/meetings?year=2020") == small
    assert len(client.get("/api/meetings", {"body": "cfm"}).json()) == 1


def test_a_meetings_calendar_parses_with_the_right_dates_venue_and_summary(client, autumn_2020):
    """The CNC of 4-9 September: an all-day event ending (exclusively) on the 10th, in Moscow."""
    cnc, _cfm, _chs = autumn_2020
    r = client.get(f"/api/meetings/{cnc.slug}/calendar.ics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(r.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == dt.date(2020, 9, 4)
    assert event.decoded("dtend") == dt.date(2020, 9, 10)
    assert str(event["summary"]) == "Council of National Coordinators, Moscow"
    assert str(event["location"]) == "Moscow, Russia"
    assert str(event["uid"]) == "cnc-2020-09-04@sco.concilium"


def test_a_bodys_calendar_lists_its_meetings(client, autumn_2020, secretariat_officer):
    """The CHS calendar holds the video summit, its agenda titles in the description."""
    _cnc, _cfm, chs = autumn_2020
    services.agenda_item_add(meeting=chs.slug, titles="Moscow Declaration", decision_sought="adopt",
                             acting_user=secretariat_officer)
    r = client.get("/api/calendars/chs.ics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(r.content).walk("VEVENT")
    assert str(event["summary"]) == "Council of Heads of State, video conference"
    assert "1. Moscow Declaration" in str(event["description"])
    assert event.decoded("dtend") == dt.date(2020, 11, 11)
    assert client.get("/api/calendars/nope.ics").status_code == 404


def test_a_delegate_breaks_silence_only_for_their_own_state(as_, secretariat_officer, russian_chair,
                                                            indian_delegate):
    """Today's chair (or the secretariat) opens it; India may not break silence for Pakistan
    (403); for India it returns the text to negotiation."""
    scenario.draft(secretariat_officer, "S3", "statement", "On terrorism")
    scenario.between_meetings(secretariat_officer, "S3")
    deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=80)).isoformat()
    r = as_(russian_chair, "post", "/api/silence", json={"document": "S3", "deadline": deadline})
    assert r.status_code == 403, "Russia no longer chairs the CHS today"
    r = as_(secretariat_officer, "post", "/api/silence", json={"document": "S3", "deadline": deadline})
    assert r.status_code == 201, r.content
    r = as_(indian_delegate, "post", "/api/silence/break",
            json={"document": "S3", "state": "PAK", "reason": "x"})
    assert r.status_code == 403
    r = as_(indian_delegate, "post", "/api/silence/break",
            json={"document": "S3", "state": "IND", "reason": "Amend paragraph 1"})
    assert r.status_code == 200 and r.json()["status"] == "broken"
    history = as_(secretariat_officer, "get", "/api/pipeline/history", data={"symbol": "S3"}).json()
    assert [h["kind"] for h in history] == ["returned"]


def test_the_2020_cycle_over_the_api(as_, autumn_2020, secretariat_officer, russian_chair):
    """Decisions, package, registry and minutes through the doors the web and scripts use."""
    cnc, cfm, chs = autumn_2020
    scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
    item = scenario.item_for(cfm, "agree_submit")
    r = as_(russian_chair, "post", f"/api/meetings/{cfm.slug}/packages",
            json={"item": item, "symbol": "SCO/CFM/2020/PACKAGE", "titles": "Summit documents"})
    assert r.status_code == 201, r.content
    r = as_(russian_chair, "post", f"/api/meetings/{cfm.slug}/decisions",
            json={"item": scenario.item_for(cfm, "approve"), "kind": "approved"})
    assert r.status_code == 201, r.content
    r = as_(russian_chair, "post", f"/api/meetings/{chs.slug}/decisions",
            json={"item": 1, "kind": "adopted"})
    assert r.status_code == 201 and len(r.json()) == 3
    r = as_(russian_chair, "post", f"/api/meetings/{chs.slug}/decisions",
            json={"item": 1, "kind": "adopted"})
    assert r.status_code == 422 and r.json()["field"] == "kind"
    numbers = [e["number"] for e in as_(secretariat_officer, "get", "/api/registry",
                                         data={"body": "chs", "year": "2020"}).json()]
    assert numbers == ["SCO-CHS-2020-001", "SCO-CHS-2020-002", "SCO-CHS-2020-003"]
    minutes = as_(secretariat_officer, "get", f"/api/meetings/{cfm.slug}/minutes",
                  data={"lang": "ru"}).json()
    assert minutes["body"] == "Совет министров иностранных дел"
    assert as_(secretariat_officer, "get", "/api/registry", data={"year": "20x"}).status_code == 422


@pytest.mark.parametrize(("payload", "status", "field"), [
    ({"item": "first", "kind": "adopted"}, 422, "item"),
    ({"item": 9, "kind": "adopted"}, 422, "item"),
    ({"item": 1, "kind": "rubber-stamped"}, 422, "kind"),
    ({"item": 1, "kind": "took_note", "on": "2020-12-01"}, 422, "on"),
    ({"item": 1, "kind": "adopted", "document": "NO/SUCH"}, 422, "document"),
])
def test_bad_decisions_name_the_field_and_write_nothing(as_, autumn_2020, secretariat_officer,
                                                        russian_chair, payload, status, field):
    """A decision the chair mistypes is a 4xx naming the field; no decision is written."""
    _cnc, cfm, _chs = autumn_2020
    services.agenda_item_add(meeting=cfm.slug, titles="Report", decision_sought="approve",
                             documents=[scenario.REPORT], acting_user=secretariat_officer)
    r = as_(russian_chair, "post", f"/api/meetings/{cfm.slug}/decisions", json=payload)
    assert r.status_code == status, r.content
    assert r.json()["field"] == field
    assert not m.Decision.objects.exists()
    assert as_(russian_chair, "post", "/api/meetings/nope/decisions",
               json={"item": 1, "kind": "adopted"}).status_code == 404


def test_the_chair_can_be_changed_only_with_a_reason(as_, secretariat_officer):
    """Another state may chair instead of the presidency's, if the secretariat says why; the
    stale version is refused and the charter's rule can be restored."""
    as_(secretariat_officer, "post", "/api/meetings",
        json={"body": "cfm", "start": "2020-09-10", "city": {"en": "Moscow"},
              "host_state": "RUS"})
    path = "/api/meetings/cfm-2020-09-10/chair"
    refused = as_(secretariat_officer, "post", path, json={"chair_state": "KAZ"})
    assert refused.status_code == 422 and refused.json()["field"] == "chair_override_reason"
    changed = as_(secretariat_officer, "post", path,
                  json={"chair_state": "KAZ", "reason": "Russia asked Kazakhstan to chair.",
                        "expected_version": 0})
    assert changed.status_code == 200, changed.content
    assert changed.json()["chair_state"] == "KAZ"
    stale = as_(secretariat_officer, "post", path, json={"expected_version": 0})
    assert stale.status_code == 409
    restored = as_(secretariat_officer, "post", path, json={"expected_version": 1})
    assert restored.json()["chair_state"] == "RUS"



# --- editing a planned meeting ------------------------------------------------------------


def test_the_officer_edits_reorders_and_circulates_over_http(client, secretariat_officer):
    """PATCH the meeting, move an agenda item, and circulate late only with accept_late."""
    scenario.documents_2020(secretariat_officer)
    auth = {"Authorization": f"Bearer {_token(secretariat_officer)}"}

    def send(method, path, payload=None):
        return getattr(client, method)(path, payload, content_type="application/json",
                                       headers=auth)

    assert send("post", "/api/meetings", {"body": "cfm", "start": "2020-09-10",
                                          "city": "Moscow"}).status_code == 201
    for payload in ({"decision_sought": "take_note", "documents": [scenario.REPORT],
                     "titles": {}}, {"titles": "Afghanistan", "decision_sought": "discuss"}):
        assert send("post", "/api/meetings/cfm-2020-09-10/agenda", payload).status_code == 201
    r = send("patch", "/api/meetings/cfm-2020-09-10", {"format": "hybrid",
                                                      "expected_version": 2})
    assert r.status_code == 200 and r.json()["format"] == "hybrid"
    stale = send("patch", "/api/meetings/cfm-2020-09-10", {"format": "video",
                                                          "expected_version": 2})
    assert stale.status_code == 409
    r = send("post", "/api/meetings/cfm-2020-09-10/agenda/2/move", {"to": 1})
    assert r.json()[0]["titles"]["en"] == "Afghanistan"
    check = client.get("/api/meetings/cfm-2020-09-10/circulation?date=2020-09-01",
                       headers=auth).json()
    assert check["late"] is True and check["deadline"] == "2020-08-21"
    late = send("post", "/api/meetings/cfm-2020-09-10/circulation",
                {"documents": [scenario.REPORT], "date": "2020-09-01"})
    assert late.status_code == 422 and late.json()["field"] == "accept_late"
    assert not m.Circulation.objects.exists()
    ok = send("post", "/api/meetings/cfm-2020-09-10/circulation",
              {"documents": [scenario.REPORT], "date": "2020-09-01", "accept_late": True})
    assert ok.status_code == 201
    assert send("delete", "/api/meetings/cfm-2020-09-10/agenda/1").status_code == 200


def test_a_delegate_may_not_edit_a_meeting(client, secretariat_officer, indian_delegate):
    services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                            acting_user=secretariat_officer)
    r = client.patch("/api/meetings/cfm-2020-09-10", {"format": "video"},
                     content_type="application/json",
                     headers={"Authorization": f"Bearer {_token(indian_delegate)}"})
    assert r.status_code == 403
    assert m.Meeting.objects.get().format == "in_person"
