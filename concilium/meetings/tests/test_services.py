"""Specification of the meetings' writes: planning, decisions along the pipeline, packages,
silence procedures and the registry, with the 2020 cycle as the reference."""

from __future__ import annotations

import datetime as dt

import pytest

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.documents.models import Document
from concilium.documents.services import position_record
from concilium.meetings import models as m
from concilium.meetings import selectors, services
from concilium.meetings.tests import scenario
from concilium.rules.permissions import SYSTEM


@pytest.fixture
def autumn_2020(secretariat_officer):
    """The CNC, CFM and CHS of autumn 2020 planned, and the drafts they will decide."""
    meetings = scenario.plan_2020(secretariat_officer)
    docs = scenario.documents_2020(secretariat_officer)
    return meetings, docs


def test_a_meeting_gets_its_slug_and_its_chair_from_the_presidency(secretariat_officer):
    """The CFM of 10 September 2020 is `cfm-2020-09-10`, chaired by Russia's Sergey Lavrov."""
    cfm = services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                  host_state="RUS", acting_user=secretariat_officer)
    assert cfm.slug == "cfm-2020-09-10"
    assert cfm.chair_state.code == "RUS"
    assert cfm.chair_official.name("en") == "Sergey Lavrov"
    assert cfm.status == m.MeetingStatus.PLANNED


def test_overriding_the_chair_needs_a_reason(secretariat_officer):
    """A chair other than the rule's is refused without a reason, and kept with one."""
    with pytest.raises(ValidationFailed) as refused:
        services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                chair_state="TJK", acting_user=secretariat_officer)
    assert refused.value.field == "chair_override_reason"
    assert not m.Meeting.objects.exists()
    cfm = services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                  chair_state="TJK", chair_override_reason="test of override",
                                  acting_user=secretariat_officer)
    assert cfm.chair_state.code == "TJK"
    assert cfm.chair_official.name("en") == "Sirojiddin Muhriddin"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"body": "nope", "start": "2020-09-10", "city": "Moscow"}, "body"),
    ({"body": "cfm", "start": "2020-09-31", "city": "Moscow"}, "start"),
    ({"body": "cfm", "start": "2020-09-10", "end": "2020-09-09", "city": "Moscow"}, "end"),
    ({"body": "cfm", "start": "2020-09-10"}, "city"),
    ({"body": "cfm", "start": "2020-09-10", "format": "radio", "city": "Moscow"}, "format"),
    ({"body": "cfm", "start": "2020-09-10", "city": "Moscow", "host_state": "XX"}, "host_state"),
])
def test_bad_meeting_input_names_the_field_and_writes_nothing(secretariat_officer, kwargs, field):
    """Each refusal names the field at fault; no meeting and no audit record is written."""
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.meeting_create(acting_user=secretariat_officer, **kwargs)
    assert refused.value.field == field
    assert not m.Meeting.objects.exists()
    assert AuditRecord.objects.count() == before


def test_only_the_secretariat_plans_meetings(russian_chair):
    """Even the chair does not plan meetings; that is the secretariat's work."""
    with pytest.raises(Forbidden):
        services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                acting_user=russian_chair)


def test_the_2020_sequence(autumn_2020, secretariat_officer, russian_chair):
    """CNC in Moscow 4-9 September → CFM in Moscow 10 September → CHS by video 10 November.

    The coordinators agree everything ad referendum; the drafts go onto the ministers'
    agenda by themselves. The ministers agree the package and submit it to the heads of
    state, approve the Secretariat's report and their statement, and hear the RATS
    Director. The heads of state adopt the package; each document's history shows the
    three steps, and the adopted ones are in the registry.
    """
    (cnc, cfm, chs), _docs = autumn_2020
    scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
    assert Document.objects.get(symbol="SCO/CHS/2020/DECL").status == "agreed_ad_ref"

    view = selectors.meeting_detail(cfm.slug, actor=secretariat_officer)
    sought = {v.item.decision_sought: {d.symbol for d in v.documents} for v in view.agenda}
    assert sought == {"agree_submit": set(scenario.CHS_DOCS),
                      "approve": {scenario.REPORT, scenario.STATEMENT}}
    submit_item = next(v.item.number for v in view.agenda if v.item.decision_sought == "agree_submit")
    approve_item = next(v.item.number for v in view.agenda if v.item.decision_sought == "approve")
    rats = services.agenda_item_add(
        meeting=cfm.slug, titles={"en": "Report of the RATS Executive Committee"},
        decision_sought="hear_report", reporter="Jumakhon Giyasov", acting_user=secretariat_officer)

    services.meeting_status_set(meeting=cfm.slug, status="in_session",
                                acting_user=secretariat_officer)
    package = services.package_submit(
        meeting=cfm.slug, item=submit_item, symbol="SCO/CFM/2020/PACKAGE",
        titles={"en": "Draft documents for the Moscow summit"}, acting_user=russian_chair)
    assert package.submitted_to.slug == "chs"
    services.decision_record(meeting=cfm.slug, item=approve_item, kind="approved",
                             acting_user=russian_chair)
    services.decision_record(meeting=cfm.slug, item=rats.number, kind="heard_report",
                             acting_user=russian_chair)
    assert Document.objects.get(symbol=scenario.REPORT).status == "approved"

    chs_view = selectors.meeting_detail(chs.slug, actor=secretariat_officer)
    assert [v.item.package.symbol for v in chs_view.agenda] == ["SCO/CFM/2020/PACKAGE"]
    decisions = services.decision_record(meeting=chs.slug, item=1, kind="adopted",
                                         acting_user=russian_chair)
    assert {d.document.symbol for d in decisions} == set(scenario.CHS_DOCS)
    assert all(d.package == package for d in decisions)

    history = selectors.document_history("SCO/CHS/2020/DECL", actor=secretariat_officer)
    assert [(h.meeting, h.date, h.kind) for h in history] == [
        ("cnc-2020-09-04", dt.date(2020, 9, 9), "agreed_ad_ref"),
        ("cfm-2020-09-10", dt.date(2020, 9, 10), "agreed_submitted"),
        ("chs-2020-11-10", dt.date(2020, 11, 10), "adopted"),
    ]
    assert history[1].submitted_to == "chs" and history[2].registry_number.startswith("SCO-CHS-2020-")
    report = selectors.document_history(scenario.REPORT, actor=secretariat_officer)
    assert [h.kind for h in report] == ["agreed_ad_ref", "approved"]

    registry = selectors.registry_list(actor=secretariat_officer, year=2020)
    assert [e.number for e in registry] == [
        "SCO-CHS-2020-001", "SCO-CHS-2020-002", "SCO-CHS-2020-003",
        "SCO-CFM-2020-001", "SCO-CFM-2020-002"]
    assert {e.document.symbol for e in selectors.registry_list(body="cfm")} == {
        scenario.REPORT, scenario.STATEMENT}


def test_documents_agreed_before_the_next_meeting_is_planned_wait_for_it(secretariat_officer,
                                                                         russian_chair):
    """With no CFM planned yet, agreed drafts wait; planning the CFM puts them on its agenda."""
    cnc = services.meeting_create(body="cnc", start="2020-09-04", end="2020-09-09", city="Moscow",
                                  acting_user=secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
    cfm = services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                  acting_user=secretariat_officer)
    on_agenda = {d.symbol for v in selectors.meeting_detail(cfm.slug, actor=SYSTEM).agenda
                 for d in v.documents}
    assert on_agenda == {*scenario.CHS_DOCS, scenario.REPORT, scenario.STATEMENT}


def test_an_adoption_blocked_by_an_objection_names_the_objecting_state(
        autumn_2020, secretariat_officer, russian_chair, indian_delegate):
    """India objects to the declaration: its adoption is refused naming India, nothing is written."""
    (cnc, _cfm, _chs), _docs = autumn_2020
    services.agenda_item_add(meeting=cnc.slug, titles="Moscow Declaration", decision_sought="discuss",
                             documents=["SCO/CHS/2020/DECL"], acting_user=secretariat_officer)
    position_record(symbol="SCO/CHS/2020/DECL", state="IND", stance="object",
                    text="The Belt and Road paragraph is not acceptable", paragraph=1,
                    acting_user=indian_delegate)
    with pytest.raises(Conflict) as refused:
        services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref", on="2020-09-09",
                                 acting_user=russian_chair)
    assert "India (IND)" in refused.value.message and "paragraph 1" in refused.value.message
    assert not m.Decision.objects.exists()
    assert Document.objects.get(symbol="SCO/CHS/2020/DECL").status == "draft"


def test_a_package_is_refused_naming_the_blocking_document_and_state(
        autumn_2020, secretariat_officer, russian_chair, pakistani_delegate):
    """One objection to one memorandum stops the whole package, and says which and by whom."""
    (cnc, cfm, _chs), _docs = autumn_2020
    scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
    position_record(symbol="SCO/CHS/2020/MOU-ESCAP", state="PAK", stance="object",
                    text="Needs consultation in capital", acting_user=pakistani_delegate)
    with pytest.raises(Conflict) as refused:
        services.package_submit(meeting=cfm.slug, item=scenario.item_for(cfm, "agree_submit"),
                                symbol="PKG", titles="Package",
                                acting_user=russian_chair)
    message = refused.value.message
    assert "SCO/CHS/2020/MOU-ESCAP" in message and "Pakistan (PAK)" in message
    assert "SCO/CHS/2020/DECL:" not in message
    assert not m.Package.objects.exists()
    assert Document.objects.get(symbol="SCO/CHS/2020/DECL").status == "agreed_ad_ref"


def test_the_charter_decides_who_adopts(autumn_2020, secretariat_officer, russian_chair):
    """The ministers cannot adopt a declaration: the charter gives that to the heads of state."""
    (cnc, cfm, _chs), _docs = autumn_2020
    scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
    with pytest.raises(ValidationFailed) as refused:
        services.decision_record(meeting=cfm.slug, item=scenario.item_for(cfm, "agree_submit"),
                                 kind="adopted",
                                 document="SCO/CHS/2020/DECL", acting_user=russian_chair)
    assert refused.value.field == "kind" and "CHS" in refused.value.message


def test_only_the_chair_records_decisions(autumn_2020, secretariat_officer, indian_delegate):
    """The Indian delegate cannot record the CNC's decision; Russia chairs."""
    (cnc, _cfm, _chs), _docs = autumn_2020
    services.agenda_item_add(meeting=cnc.slug, titles="Drafts", decision_sought="discuss",
                             documents=["SCO/CHS/2020/DECL"], acting_user=secretariat_officer)
    with pytest.raises(Forbidden):
        services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                                 acting_user=indian_delegate)


def test_a_stale_meeting_version_is_a_conflict(autumn_2020, secretariat_officer):
    """Two planners editing one agenda: the second, working from an old version, is refused."""
    (_cnc, cfm, _chs), _docs = autumn_2020
    version = m.Meeting.objects.get(slug=cfm.slug).version
    services.agenda_item_add(meeting=cfm.slug, titles="Opening", decision_sought="discuss",
                             expected_version=version, acting_user=secretariat_officer)
    with pytest.raises(Conflict) as refused:
        services.agenda_item_add(meeting=cfm.slug, titles="Other", decision_sought="discuss",
                                 expected_version=version, acting_user=secretariat_officer)
    assert refused.value.field == "expected_version"
    assert m.AgendaItem.objects.filter(meeting__slug=cfm.slug).count() == 1


def test_late_circulation_is_shown(autumn_2020, secretariat_officer):
    """A draft circulated 10 days before the CFM is late under the 20-day rule; one never
    circulated is late too; one circulated 30 days before is in time."""
    (_cnc, cfm, _chs), _docs = autumn_2020
    services.agenda_item_add(meeting=cfm.slug, titles="Drafts", decision_sought="discuss",
                             documents=["SCO/CHS/2020/DECL", "SCO/CHS/2020/PLAN",
                                        "SCO/CHS/2020/MOU-ESCAP"],
                             acting_user=secretariat_officer)
    services.circulation_record(document="SCO/CHS/2020/DECL", date="2020-08-11",
                                acting_user=secretariat_officer)
    services.circulation_record(document="SCO/CHS/2020/PLAN", date="2020-08-31",
                                acting_user=secretariat_officer)
    view = selectors.meeting_detail(cfm.slug, actor=secretariat_officer)
    late = {c.document.symbol: c.days_before for c in view.late}
    assert late == {"SCO/CHS/2020/PLAN": 10, "SCO/CHS/2020/MOU-ESCAP": None}


def test_silence_broken_by_one_member_returns_the_text(secretariat_officer, russian_chair,
                                                       indian_delegate):
    """India breaks silence before the deadline: the text is back in negotiation, and the
    decision RETURNED is in its history."""
    scenario.draft(secretariat_officer, "SCO/CHS/2020/STAT-DRUGS", "statement", "On drugs")
    scenario.between_meetings(secretariat_officer, "SCO/CHS/2020/STAT-DRUGS")
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    services.silence_open(document="SCO/CHS/2020/STAT-DRUGS", deadline=opened + dt.timedelta(hours=72),
                          now=opened, acting_user=russian_chair)
    assert Document.objects.get(symbol="SCO/CHS/2020/STAT-DRUGS").status == "silence"
    with pytest.raises(Forbidden):
        services.silence_break(document="SCO/CHS/2020/STAT-DRUGS", state="PAK", reason="x",
                               now=opened + dt.timedelta(hours=1), acting_user=indian_delegate)
    services.silence_break(document="SCO/CHS/2020/STAT-DRUGS", state="IND", kind="amendment",
                           reason="Add a reference to the UN conventions",
                           now=opened + dt.timedelta(hours=10), acting_user=indian_delegate)
    assert Document.objects.get(symbol="SCO/CHS/2020/STAT-DRUGS").status == "negotiation"
    history = selectors.document_history("SCO/CHS/2020/STAT-DRUGS", actor=secretariat_officer)
    assert [h.kind for h in history] == ["returned"]
    assert services.silence_process(now=opened + dt.timedelta(days=5), acting_user=SYSTEM) == []


def test_silence_needs_the_charters_minimum(secretariat_officer, russian_chair):
    """A 24-hour silence is refused: the SCO charter sets at least 72 hours."""
    scenario.draft(secretariat_officer, "S1", "statement", "On drugs")
    scenario.between_meetings(secretariat_officer, "S1")
    now = dt.datetime(2020, 10, 1, tzinfo=dt.UTC)
    with pytest.raises(ValidationFailed) as refused:
        services.silence_open(document="S1", deadline=now + dt.timedelta(hours=24), now=now,
                              acting_user=russian_chair)
    assert refused.value.field == "deadline" and "72" in refused.value.message
    assert not m.SilenceProcedure.objects.exists()


def test_unbroken_silence_is_adopted_once_at_the_deadline(secretariat_officer, russian_chair):
    """Processing before the deadline does nothing; after it, adopts with the deadline's date;
    a second run does nothing."""
    scenario.draft(secretariat_officer, "S2", "statement", "On information security")
    scenario.between_meetings(secretariat_officer, "S2")
    opened = dt.datetime(2020, 10, 1, 9, tzinfo=dt.UTC)
    deadline = opened + dt.timedelta(hours=96)
    services.silence_open(document="S2", deadline=deadline, now=opened, acting_user=russian_chair)
    assert services.silence_process(now=deadline - dt.timedelta(minutes=1), acting_user=SYSTEM) == []
    done = services.silence_process(now=deadline + dt.timedelta(days=3), acting_user=SYSTEM)
    assert [p.document.symbol for p in done] == ["S2"]
    assert services.silence_process(now=deadline + dt.timedelta(days=4), acting_user=SYSTEM) == []
    doc = Document.objects.get(symbol="S2")
    assert doc.status == "adopted"
    assert doc.registry_entry.number == "SCO-CHS-2020-001"
    assert doc.registry_entry.date == dt.date(2020, 10, 5)
    assert AuditRecord.objects.filter(action=Action.SILENCE_CLOSE).count() == 1
