"""The meetings commands: what an operator types, what comes back, exit code 2 on refusals."""

from __future__ import annotations

import datetime as dt
import json

import time_machine
from icalendar import Calendar

from concilium.core.tests.commands import refused, run
from concilium.documents.models import Document
from concilium.meetings import services
from concilium.meetings.tests import scenario


def test_create_list_and_show(sco):
    """`meeting create` plans the CFM; `list` and `show --json` find it."""
    assert "cfm-2020-09-10" in run("meeting", "create", "--body", "cfm", "--start", "2020-09-10",
                                   "--city", "Moscow", "--host", "RUS")
    assert "cfm-2020-09-10" in run("meeting", "list", "--year", "2020")
    shown = json.loads(run("meeting", "show", "cfm-2020-09-10", "--json"))
    assert shown["chair_official"] == "Sergey Lavrov" and shown["late"] == []


def test_refusals_exit_2_with_the_field(sco):
    """A bad date, an unknown meeting or a bad year is one line and exit code 2."""
    assert "start" in str(refused("meeting", "create", "--body", "cfm", "--start", "2020-13-01",
                                  "--city", "Moscow"))
    assert "nope" in str(refused("meeting", "show", "nope"))
    assert "year" in str(refused("meeting", "list", "--year", "soon"))
    assert "now" in str(refused("silence", "process", "--now", "yesterday"))
    refused("meeting", "ics")


def test_ics_per_meeting_and_per_body(secretariat_officer):
    """`meeting ics SLUG` and `meeting ics --body cfm` print calendars that parse."""
    scenario.plan_2020(secretariat_officer)
    (event,) = Calendar.from_ical(run("meeting", "ics", "cfm-2020-09-10")).walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2020, 9, 10)
    assert event.decoded("dtend") == dt.date(2020, 9, 11)
    assert str(event["summary"]) == "Council of Foreign Ministers, Moscow"
    assert len(Calendar.from_ical(run("meeting", "ics", "--body", "cnc")).walk("VEVENT")) == 1


def test_silence_process_adopts_once(secretariat_officer, russian_chair):
    """The processing command adopts an unbroken procedure after its deadline, and a second
    run does nothing."""
    scenario.draft(secretariat_officer, "S9", "statement", "On the drug threat")
    scenario.between_meetings(secretariat_officer, "S9")
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    services.silence_open(document="S9", deadline=opened + dt.timedelta(hours=72), now=opened,
                          acting_user=russian_chair)
    assert "Nothing to do" in run("silence", "process", "--now", "2020-10-02T09:00+00:00")
    assert "Adopted S9" in run("silence", "process", "--now", "2020-10-10T00:00+00:00")
    assert "Nothing to do" in run("silence", "process", "--now", "2020-10-11T00:00+00:00")
    assert Document.objects.get(symbol="S9").status == "adopted"
    assert "SCO-CHS-2020-001" in run("registry", "--body", "chs", "--year", "2020")
    assert "adopted" in run("meeting", "history", "S9")
    listed = json.loads(run("silence", "list", "--json"))
    assert [(p["document"], p["status"], p["deadline"][:10]) for p in listed] == [
        ("S9", "adopted", "2020-10-04")]
    assert json.loads(run("silence", "list", "--status", "open", "--json")) == []


def test_a_ministers_statement_adopted_by_silence_in_2020_is_numbered_for_2020(
        secretariat_officer, russian_chair):
    """Processed in December 2026 without --now, a ministers' statement whose silence held in
    October 2020 is numbered by its adopting body (the CFM) and the year of adoption."""
    scenario.draft(secretariat_officer, "SCO/CFM/2020/ST.9", "cfm-statement",
                   "On the pandemic")
    services.ladder_exception_record(document="SCO/CFM/2020/ST.9", body="cnc",
                                     reason=scenario.BETWEEN_MEETINGS,
                                     acting_user=secretariat_officer)
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    services.silence_open(document="SCO/CFM/2020/ST.9", deadline="2020-10-04T09:00+00:00",
                          now=opened, acting_user=russian_chair)
    with time_machine.travel(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC), tick=False):
        assert "Adopted SCO/CFM/2020/ST.9" in run("silence", "process")
    entry = json.loads(run("registry", "--json"))
    assert [(e["number"], str(e["date"])) for e in entry] == [("SCO-CFM-2020-001", "2020-10-04")]


def test_the_officer_edits_a_meeting_from_the_shell(secretariat_officer):
    """`meeting edit`, `agenda add/move/remove`, `delegation`, `side-event`, `circulate`."""
    scenario.documents_2020(secretariat_officer)
    run("meeting", "create", "--body", "cfm", "--start", "2020-09-10", "--city", "Moscow")
    assert "version" in run("meeting", "edit", "cfm-2020-09-10", "--format", "hybrid")
    run("meeting", "agenda", "add", "cfm-2020-09-10", "--document", scenario.REPORT,
        "--sought", "take_note")
    run("meeting", "agenda", "add", "cfm-2020-09-10", "--title", "Afghanistan")
    shown = json.loads(run("meeting", "agenda", "move", "cfm-2020-09-10", "--number", "2",
                           "--to", "1", "--json"))
    assert shown["agenda"][0]["title"] == "Afghanistan"
    assert shown["format"] == "hybrid"
    run("meeting", "agenda", "remove", "cfm-2020-09-10", "--number", "1")
    run("meeting", "delegation", "add", "cfm-2020-09-10", "--state", "IND", "--head",
        "Subrahmanyam Jaishankar")
    shown = json.loads(run("meeting", "delegation", "edit", "cfm-2020-09-10", "--state", "IND",
                           "--attendance", "present", "--member", "A. Sharma", "--json"))
    assert shown["delegations"][0]["attendance"] == "present"
    assert shown["delegations"][0]["members"] == ["A. Sharma"]
    shown = json.loads(run("meeting", "side-event", "add", "cfm-2020-09-10", "--date",
                           "2020-09-09", "--format", "video", "--title",
                           "The President receives the ministers", "--json"))
    run("meeting", "side-event", "remove", "cfm-2020-09-10", "--id",
        str(shown["side_events"][0]["id"]))
    assert "accept_late" in str(refused("meeting", "circulate", "cfm-2020-09-10",
                                        "--document", scenario.REPORT, "--date", "2020-09-01"))
    assert "Circulated" in run("meeting", "circulate", "cfm-2020-09-10", "--document",
                               scenario.REPORT, "--date", "2020-09-01", "--accept-late")
    assert "to" in str(refused("meeting", "agenda", "move", "cfm-2020-09-10", "--number", "1",
                               "--to", "7"))
