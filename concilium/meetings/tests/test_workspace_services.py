"""Specification of the officer's edits to a planned meeting: its terms, the agenda's order,
delegations with attendance, side events, and circulation measured against the deadline."""

from __future__ import annotations

import pytest

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.tests import scenario


@pytest.fixture
def cfm(secretariat_officer):
    return services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                   host_state="RUS", acting_user=secretariat_officer)


@pytest.fixture
def agenda(secretariat_officer, cfm):
    """Three items: the report (a document), the statement (a document), a free item."""
    scenario.documents_2020(secretariat_officer)
    services.agenda_item_add(meeting=cfm.slug, decision_sought="take_note",
                             documents=[scenario.REPORT], acting_user=secretariat_officer)
    services.agenda_item_add(meeting=cfm.slug, decision_sought="approve",
                             documents=[scenario.STATEMENT], acting_user=secretariat_officer)
    services.agenda_item_add(meeting=cfm.slug, titles="The situation in Afghanistan",
                             decision_sought="discuss", acting_user=secretariat_officer)
    return cfm


def _titles(meeting):
    return [i.titles["en"] for i in meeting.agenda.order_by("number")]


class TestEditingAMeeting:
    def test_the_officer_moves_the_dates_and_the_slug_stays(self, secretariat_officer, cfm):
        """A meeting moved by a day keeps its slug (its name in links) and says what changed."""
        row = services.meeting_update(meeting=cfm.slug, start="2020-09-11", end="2020-09-12",
                                      format="hybrid", expected_version=cfm.version,
                                      acting_user=secretariat_officer)
        assert (row.slug, str(row.start), str(row.end), row.format) == (
            "cfm-2020-09-10", "2020-09-11", "2020-09-12", "hybrid")
        assert row.version == cfm.version + 1
        audit = AuditRecord.objects.filter(action=Action.MEETING_SAVE).last()
        assert audit.summary["before"]["format"] == "in_person"
        assert audit.summary["after"]["end"] == "2020-09-12"

    def test_a_stale_edit_is_a_conflict(self, secretariat_officer, cfm):
        services.meeting_update(meeting=cfm.slug, format="hybrid",
                                expected_version=cfm.version, acting_user=secretariat_officer)
        with pytest.raises(Conflict):
            services.meeting_update(meeting=cfm.slug, format="video",
                                    expected_version=cfm.version,
                                    acting_user=secretariat_officer)
        assert m.Meeting.objects.get().format == "hybrid"

    def test_overriding_the_chair_in_an_edit_needs_a_reason(self, secretariat_officer, cfm):
        with pytest.raises(ValidationFailed) as refused:
            services.meeting_update(meeting=cfm.slug, chair_state="TJK",
                                    acting_user=secretariat_officer)
        assert refused.value.field == "chair_override_reason"
        row = services.meeting_update(meeting=cfm.slug, chair_state="TJK",
                                      chair_override_reason="Russia asked Tajikistan",
                                      acting_user=secretariat_officer)
        assert row.chair_state.code == "TJK"
        row = services.meeting_update(meeting=cfm.slug, chair_state="",
                                      acting_user=secretariat_officer)
        assert (row.chair_state.code, row.chair_override_reason) == ("RUS", "")

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"end": "2020-09-01"}, "end"), ({"format": "radio"}, "format"),
        ({"start": "10/09/2020"}, "start"), ({"host_state": "XX"}, "host_state"),
        ({"format": "in_person", "city": {}}, "city")])
    def test_bad_input_names_the_field_and_changes_nothing(self, secretariat_officer, cfm,
                                                           kwargs, field):
        if "city" in kwargs:
            services.meeting_update(meeting=cfm.slug, format="video", city={},
                                    acting_user=secretariat_officer)
        version = m.Meeting.objects.get().version
        with pytest.raises(ValidationFailed) as refused:
            services.meeting_update(meeting=cfm.slug, acting_user=secretariat_officer,
                                    **kwargs)
        assert refused.value.field == field
        assert m.Meeting.objects.get().version == version

    def test_only_the_secretariat_edits(self, indian_delegate, cfm):
        with pytest.raises(Forbidden):
            services.meeting_update(meeting=cfm.slug, format="video",
                                    acting_user=indian_delegate)


class TestTheAgenda:
    def test_an_item_for_a_document_takes_its_title(self, agenda):
        assert _titles(agenda)[0].startswith("Report of the Secretariat")

    def test_moving_an_item_renumbers_the_others(self, secretariat_officer, agenda):
        """The free item moved to the top: it becomes 1, the report 2, the statement 3."""
        services.agenda_item_move(meeting=agenda.slug, number=3, to=1,
                                  acting_user=secretariat_officer)
        titles = _titles(agenda)
        assert titles[0] == "The situation in Afghanistan"
        assert titles[1].startswith("Report") and titles[2].startswith("Statement")
        assert list(agenda.agenda.values_list("number", flat=True)) == [1, 2, 3]

    def test_removing_an_item_closes_the_gap(self, secretariat_officer, agenda):
        services.agenda_item_remove(meeting=agenda.slug, number=1,
                                    acting_user=secretariat_officer)
        assert [i.number for i in agenda.agenda.order_by("number")] == [1, 2]
        assert _titles(agenda)[0].startswith("Statement")
        audit = AuditRecord.objects.filter(action=Action.AGENDA_SAVE).last()
        assert audit.summary["after"] is None and audit.summary["before"]["number"] == 1

    def test_an_item_with_a_decision_stays(self, secretariat_officer, agenda):
        services.decision_record(meeting=agenda.slug, item=1, kind="took_note",
                                 on="2020-09-10", acting_user=secretariat_officer)
        with pytest.raises(Conflict):
            services.agenda_item_remove(meeting=agenda.slug, number=1,
                                        acting_user=secretariat_officer)
        assert agenda.agenda.count() == 3

    @pytest.mark.parametrize(("kwargs", "field"), [({"number": 9, "to": 1}, "number"),
                                                   ({"number": 1, "to": 4}, "to"),
                                                   ({"number": 1, "to": "x"}, "to")])
    def test_a_bad_move_names_the_field(self, secretariat_officer, agenda, kwargs, field):
        with pytest.raises(ValidationFailed) as refused:
            services.agenda_item_move(meeting=agenda.slug, acting_user=secretariat_officer,
                                      **kwargs)
        assert refused.value.field == field
        assert _titles(agenda)[2] == "The situation in Afghanistan"

    def test_a_free_item_needs_a_title(self, secretariat_officer, cfm):
        with pytest.raises(ValidationFailed) as refused:
            services.agenda_item_add(meeting=cfm.slug, titles="  ", decision_sought="discuss",
                                     acting_user=secretariat_officer)
        assert refused.value.field == "titles" and not cfm.agenda.exists()


class TestDelegationsAndSideEvents:
    def test_a_delegation_with_its_head_members_and_attendance(self, secretariat_officer, cfm):
        """India's delegation is headed by its minister (on record), then marked present."""
        d = services.delegation_add(meeting=cfm.slug, state="IND", head="Subrahmanyam Jaishankar",
                                    members=["A. Sharma", " "], acting_user=secretariat_officer)
        assert d.attendance == "expected" and d.members == ["A. Sharma"]
        d = services.delegation_update(meeting=cfm.slug, delegation=d.pk, attendance="present",
                                       members="A. Sharma\nB. Rao",
                                       acting_user=secretariat_officer)
        assert (d.attendance, d.members) == ("present", ["A. Sharma", "B. Rao"])
        with pytest.raises(ValidationFailed) as refused:
            services.delegation_update(meeting=cfm.slug, delegation=d.pk, attendance="maybe",
                                       acting_user=secretariat_officer)
        assert refused.value.field == "attendance"
        services.delegation_remove(meeting=cfm.slug, delegation=d.pk,
                                   acting_user=secretariat_officer)
        assert not cfm.delegations.exists()

    def test_a_side_event_the_day_before(self, secretariat_officer, cfm):
        e = services.side_event_add(meeting=cfm.slug, date="2020-09-09", format="video",
                                    titles="The President receives the ministers",
                                    host="Vladimir Putin", acting_user=secretariat_officer)
        assert e.host_official.name("en") == "Vladimir Putin"
        with pytest.raises(ValidationFailed) as refused:
            services.side_event_add(meeting=cfm.slug, date="2021-01-01", format="video",
                                    titles="Far away", acting_user=secretariat_officer)
        assert refused.value.field == "date"
        services.side_event_remove(meeting=cfm.slug, side_event=e.pk,
                                   acting_user=secretariat_officer)
        assert not cfm.side_events.exists()


class TestCirculation:
    def test_late_circulation_is_refused_until_the_officer_accepts_it(self, secretariat_officer,
                                                                      agenda):
        """Twenty days before 10 September is 21 August: the 25th is late, and says so."""
        with pytest.raises(ValidationFailed) as refused:
            services.meeting_circulate(meeting=agenda.slug, documents=[scenario.REPORT],
                                       date="2020-08-25", acting_user=secretariat_officer)
        assert refused.value.field == "accept_late"
        assert "2020-08-21" in refused.value.message
        assert not m.Circulation.objects.exists()
        rows = services.meeting_circulate(meeting=agenda.slug, documents=[scenario.REPORT],
                                          date="2020-08-25", accept_late=True,
                                          acting_user=secretariat_officer)
        assert [str(r.date) for r in rows] == ["2020-08-25"]

    def test_in_time_needs_no_confirmation(self, secretariat_officer, agenda):
        rows = services.meeting_circulate(
            meeting=agenda.slug, documents=[scenario.REPORT, scenario.STATEMENT],
            date="2020-08-21", acting_user=secretariat_officer)
        assert len(rows) == 2

    def test_only_documents_on_the_agenda(self, secretariat_officer, agenda):
        with pytest.raises(ValidationFailed) as refused:
            services.meeting_circulate(meeting=agenda.slug, documents=["SCO/CHS/2020/DECL"],
                                       date="2020-08-01", acting_user=secretariat_officer)
        assert refused.value.field == "documents"

    def test_a_delegate_does_not_circulate(self, indian_delegate, agenda):
        with pytest.raises(Forbidden):
            services.meeting_circulate(meeting=agenda.slug, documents=[scenario.REPORT],
                                       date="2020-08-01", acting_user=indian_delegate)
