"""The charter's ladder: the heads of state adopt only what the ministers agreed, and the
ministers only what the coordinators agreed, unless the Secretariat records an exception
with the reason; a broken silence procedure cannot end in adoption."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from concilium.audit.models import AuditRecord
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.documents.models import Document
from concilium.documents.services import position_record
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.minutes import minutes, render_minutes
from concilium.meetings.tests import scenario

DECL = "SCO/CHS/2020/DECL"
PATH = ("Council of National Coordinators → Council of Foreign Ministers → Council of Heads "
        "of State")


def written():
    return (m.Decision.objects.count(), m.RuleException.objects.count(),
            AuditRecord.objects.count())


@pytest.fixture
def at_the_summit(secretariat_officer, russian_chair):
    """The coordinators agreed the drafts; the ministers never took up the declaration; the
    heads of state have it on their agenda."""
    return scenario.summit_without_the_ministers(secretariat_officer, russian_chair)


def adopt(chs, chair, item=1, document=DECL):
    return services.decision_record(meeting=chs.slug, item=item, kind="adopted",
                                    document=document, on="2020-11-10", acting_user=chair)


def test_the_summit_cannot_adopt_what_the_ministers_never_agreed(at_the_summit, russian_chair):
    """Refused with the missing step and the charter's path named; nothing is written."""
    before = written()
    with pytest.raises(Conflict) as refused:
        adopt(at_the_summit, russian_chair)
    assert refused.value.field == "document"
    message = refused.value.message
    assert "the Council of Foreign Ministers has not agreed it for the Council of Heads of " \
        "State" in message
    assert f"the charter's path is {PATH}" in message
    assert "Council of National Coordinators has not" not in message
    assert written() == before
    assert Document.objects.get(symbol=DECL).status == "agreed_ad_ref"


def test_with_the_secretariats_exception_the_summit_adopts_and_the_minutes_say_why(
        at_the_summit, secretariat_officer, russian_chair):
    services.ladder_exception_record(document=DECL, body="cfm",
                                     reason="The ministers did not meet before the summit.",
                                     acting_user=secretariat_officer)
    [decision] = adopt(at_the_summit, russian_chair)
    assert Document.objects.get(symbol=DECL).status == "adopted"
    assert decision.outcome["exceptions"] == [
        {"rule": "ladder", "subject": "cfm",
         "reason": "The ministers did not meet before the summit."}]
    text = render_minutes(minutes(at_the_summit, "en"))
    assert "Exceptions to the rules recorded by the Secretariat" in text
    assert "taken up without a decision of the Council of Foreign Ministers. Reason: “The " \
        "ministers did not meet before the summit.”" in text  # quoted as recorded
    assert "без решения органа «Совет министров иностранных дел». Причина:" in render_minutes(
        minutes(at_the_summit, "ru"))


def test_a_text_that_never_passed_anyone_names_every_missing_step(secretariat_officer,
                                                                 russian_chair):
    _cnc, _cfm, chs = scenario.plan_2020(secretariat_officer)
    scenario.draft(secretariat_officer, "SCO/CHS/2020/STAT-NEW", "statement", "New statement")
    services.agenda_item_add(meeting=chs.slug, titles="New", decision_sought="adopt",
                             documents=["SCO/CHS/2020/STAT-NEW"], acting_user=secretariat_officer)
    with pytest.raises(Conflict) as refused:
        adopt(chs, russian_chair, document="SCO/CHS/2020/STAT-NEW")
    assert ("the Council of National Coordinators has not agreed it for the Council of "
            "Foreign Ministers; the Council of Foreign Ministers has not agreed it for the "
            "Council of Heads of State") in refused.value.message
    # Waiving the ministers' step alone still leaves the coordinators'.
    services.ladder_exception_record(document="SCO/CHS/2020/STAT-NEW", body="cfm", reason="r",
                                     acting_user=secretariat_officer)
    with pytest.raises(Conflict) as refused:
        adopt(chs, russian_chair, document="SCO/CHS/2020/STAT-NEW")
    assert "Council of Foreign Ministers has not" not in refused.value.message
    assert "Council of National Coordinators has not agreed it" in refused.value.message


def test_the_ministers_cannot_submit_what_the_coordinators_never_agreed(
        secretariat_officer, russian_chair):
    _cnc, cfm, _chs = scenario.plan_2020(secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    services.agenda_item_add(meeting=cfm.slug, titles="Declaration",
                             decision_sought="agree_submit", documents=[DECL],
                             acting_user=secretariat_officer)
    with pytest.raises(Conflict) as refused:
        services.decision_record(meeting=cfm.slug, item=1, kind="agreed_submitted",
                                 acting_user=russian_chair)
    assert "Council of National Coordinators has not agreed it for the Council of Foreign " \
        "Ministers" in refused.value.message
    assert not m.Decision.objects.exists()


def test_a_broken_silence_cannot_end_in_adoption(secretariat_officer, russian_chair,
                                                 indian_delegate):
    """India breaks the silence on a statement; the heads of state cannot adopt it (no
    exception sets the break aside) until India states a new position."""
    _cnc, _cfm, chs = scenario.plan_2020(secretariat_officer)
    symbol = "SCO/CHS/2020/STAT-DRUGS"
    scenario.draft(secretariat_officer, symbol, "statement", "On drugs")
    scenario.between_meetings(secretariat_officer, symbol)
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    services.silence_open(document=symbol, deadline=opened + dt.timedelta(hours=72),
                          now=opened, acting_user=russian_chair)
    services.silence_break(document=symbol, state="IND", reason="Add the UN conventions",
                           now=opened + dt.timedelta(hours=10), acting_user=indian_delegate)
    services.agenda_item_add(meeting=chs.slug, titles="On drugs", decision_sought="adopt",
                             documents=[symbol], acting_user=secretariat_officer)
    before = written()
    with pytest.raises(Conflict) as refused:
        adopt(chs, russian_chair, document=symbol)
    assert "India broke the silence procedure on it (Add the UN conventions)" \
        in refused.value.message
    with pytest.raises(Conflict):
        services.silence_open(document=symbol, deadline=opened + dt.timedelta(days=10),
                              now=opened + dt.timedelta(days=1), acting_user=russian_chair)
    assert written() == before
    position_record(symbol=symbol, state="IND", stance="agree", on="2020-11-10",
                    acting_user=indian_delegate)
    for code in ("CHN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"):  # at the summit
        position_record(symbol=symbol, state=code, stance="agree", on="2020-11-10",
                        acting_user=secretariat_officer)
    adopt(chs, russian_chair, document=symbol)
    assert Document.objects.get(symbol=symbol).status == "adopted"


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"document": DECL, "body": "chs", "reason": "r"}, "body", "not a step"),
    ({"document": DECL, "body": "ministries", "reason": "r"}, "body", "cnc, cfm"),
    ({"document": DECL, "body": "cfm", "reason": "  "}, "reason", "say why"),
    ({"document": "SCO/CHS/2020/NOPE", "body": "cfm", "reason": "r"}, "document", "NOPE"),
])
def test_an_exception_needs_a_step_of_the_path_and_a_reason(secretariat_officer, kwargs,
                                                            field, words):
    scenario.documents_2020(secretariat_officer)
    before = written()
    with pytest.raises(ValidationFailed) as refused:
        services.ladder_exception_record(acting_user=secretariat_officer, **kwargs)
    assert refused.value.field == field and words in refused.value.message
    assert written() == before


def test_only_the_secretariat_records_an_exception_and_only_once(secretariat_officer,
                                                               russian_chair):
    scenario.documents_2020(secretariat_officer)
    with pytest.raises(Forbidden):
        services.ladder_exception_record(document=DECL, body="cfm", reason="r",
                                         acting_user=russian_chair)
    services.ladder_exception_record(document=DECL, body="cfm", reason="r",
                                     acting_user=secretariat_officer)
    with pytest.raises(ValidationFailed) as refused:
        services.ladder_exception_record(document=DECL, body="cfm", reason="again",
                                         acting_user=secretariat_officer)
    assert refused.value.field == "body"


def test_the_command_and_the_api_record_and_list_exceptions(as_, secretariat_officer,
                                                           russian_chair):
    scenario.documents_2020(secretariat_officer)
    out = io.StringIO()
    call_command("exception", "ladder", DECL, "--body", "cfm", "--reason", "No CFM met.",
                 stdout=out)
    assert "may skip the step of the cfm" in out.getvalue()
    with pytest.raises(CommandError) as refused:
        call_command("exception", "ladder", DECL, "--body", "chs", "--reason", "x",
                     stdout=io.StringIO())
    assert refused.value.returncode == 2
    r = as_(russian_chair, "post", "/api/exceptions/ladder",
            json={"document": DECL, "body": "cnc", "reason": "x"})
    assert r.status_code == 403
    r = as_(secretariat_officer, "post", "/api/exceptions/ladder",
            json={"document": DECL, "body": "cnc", "reason": "Agreed by correspondence."})
    assert r.status_code == 201 and r.json()["subject"] == "cnc"
    r = as_(secretariat_officer, "post", "/api/exceptions/ladder",
            json={"document": DECL, "body": "secretariat", "reason": "x"})
    assert r.status_code == 422 and r.json()["field"] == "body"
    listed = as_(secretariat_officer, "get", "/api/exceptions", data={"document": DECL}).json()
    assert [(x["rule"], x["subject"]) for x in listed] == [("ladder", "cfm"), ("ladder", "cnc")]
    out = io.StringIO()
    call_command("exception", "list", DECL, stdout=out)
    assert "ladder  cnc  Agreed by correspondence." in out.getvalue()
