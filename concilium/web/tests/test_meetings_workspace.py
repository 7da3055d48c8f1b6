"""The Secretariat's meeting pages: plan and edit a meeting, build the agenda, record
delegations and side events, circulate with the deadline in view, read the decisions as one
table. The Indian delegate and the Mongolian observer are refused; bad input is answered at
the field with nothing written; every page costs the same queries however much it lists."""

import pytest
from django.db import reset_queries

from concilium.audit.models import AuditRecord
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.tests import scenario

CFM = "cfm-2020-09-10"
NEW = {"body": "cfm", "start": "2020-09-10", "end": "", "format": "in_person",
       "city": "Moscow", "city_ru": "Москва", "host_state": "RUS", "chair_state": "",
       "chair_override_reason": ""}


def _writes() -> int:
    return AuditRecord.objects.count()


@pytest.fixture
def cfm(secretariat_officer):
    meeting = services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                      host_state="RUS", acting_user=secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    return meeting


@pytest.fixture
def cfm_agenda(secretariat_officer, cfm):
    for symbol in (scenario.REPORT, scenario.STATEMENT):
        services.agenda_item_add(meeting=CFM, decision_sought="approve", documents=[symbol],
                                 acting_user=secretariat_officer)
    return m.Meeting.objects.get(slug=CFM)


@pytest.mark.django_db
class TestPlanningAMeeting:
    def test_the_officer_finds_new_meeting_on_the_list(self, as_officer, as_india):
        assert "/meetings/new/" in as_officer.get("/meetings/").content.decode()
        assert "/meetings/new/" not in as_india.get("/meetings/").content.decode()

    def test_the_officer_plans_the_ministers_meeting(self, as_officer):
        """The form offers the councils and says who chairs by the rule; the meeting is
        planned with Russia in the chair and the Russian name of the city."""
        html = as_officer.get("/meetings/new/").content.decode()
        assert 'name="body"' in html and "Council of Foreign Ministers" in html
        assert "Secretariat</option>" not in html
        rule = as_officer.get("/meetings/new/chair?body=cfm&start=2020-09-10").content.decode()
        assert "Russia" in rule and "Sergey Lavrov" in rule
        response = as_officer.post("/meetings/new/", NEW)
        assert response.status_code == 302 and response["Location"] == f"/meetings/{CFM}/"
        meeting = m.Meeting.objects.get()
        assert (meeting.chair_state.code, meeting.city) == ("RUS", {"en": "Moscow",
                                                                    "ru": "Москва"})

    @pytest.mark.parametrize(("change", "field"), [
        ({"start": "10.09.2020"}, "start"), ({"end": "2020-09-01"}, "end"),
        ({"city": "", "city_ru": ""}, "city"), ({"format": "radio"}, "format"),
        ({"chair_state": "TJK"}, "chair_override_reason"), ({"body": ""}, "body")])
    def test_bad_input_is_answered_at_the_field(self, as_officer, sco, change, field):
        before = _writes()
        response = as_officer.post("/meetings/new/", {**NEW, **change})
        html = response.content.decode()
        assert response.status_code == 422
        assert f'id="{field}-error"' in html and "Nothing was saved." in html
        assert 'value="Moscow"' in html or change.get("city") == ""  # what was typed stays
        assert not m.Meeting.objects.exists() and _writes() == before

    def test_an_override_with_a_reason_is_kept(self, as_officer, sco):
        as_officer.post("/meetings/new/", {**NEW, "chair_state": "TJK",
                                           "chair_override_reason": "Russia asked Tajikistan"})
        assert m.Meeting.objects.get().chair_state.code == "TJK"

    def test_the_officer_edits_and_a_stale_form_is_a_conflict(self, as_officer, cfm):
        html = as_officer.get(f"/meetings/{CFM}/edit/").content.decode()
        assert f'name="expected_version" value="{cfm.version}"' in html
        form = {**NEW, "format": "hybrid", "expected_version": cfm.version}
        assert as_officer.post(f"/meetings/{CFM}/edit/", form).status_code == 302
        stale = as_officer.post(f"/meetings/{CFM}/edit/", {**form, "format": "video"})
        assert stale.status_code == 409 and "Reload" in stale.content.decode()
        assert m.Meeting.objects.get().format == "hybrid"

    @pytest.mark.parametrize("who", ["as_india", "as_observer", "client"])
    def test_others_are_refused_and_nothing_is_written(self, request, cfm, who):
        browser = request.getfixturevalue(who)
        before = _writes()
        for path in ("/meetings/new/", f"/meetings/{CFM}/edit/", f"/meetings/{CFM}/agenda/",
                     f"/meetings/{CFM}/attendance/", f"/meetings/{CFM}/circulate/"):
            assert browser.get(path).status_code == 403, path
        assert browser.post("/meetings/new/", {**NEW, "start": "2020-10-01"}).status_code == 403
        assert browser.post(f"/meetings/{CFM}/agenda/add",
                            {"title": "x", "decision_sought": "discuss"}).status_code == 403
        assert browser.post(f"/meetings/{CFM}/attendance/delegation-add",
                            {"state": "IND"}).status_code == 403
        assert browser.post(f"/meetings/{CFM}/circulate/",
                            {"documents": [scenario.REPORT], "confirm": "1",
                             "accept_late": "on"}).status_code == 403
        assert _writes() == before and m.Meeting.objects.count() == 1

    def test_an_unknown_meeting_is_not_found(self, as_officer, sco):
        assert as_officer.get("/meetings/cfm-1999-01-01/agenda/").status_code == 404
        assert as_officer.get("/meetings/cfm-1999-01-01/edit/").status_code == 404


@pytest.mark.django_db
class TestTheAgendaBuilder:
    def test_add_a_document_and_a_free_item_move_and_remove(self, as_officer, cfm):
        """htmx answers with the agenda itself, renumbered."""
        hx = {"HTTP_HX_REQUEST": "true"}
        r = as_officer.post(f"/meetings/{CFM}/agenda/add",
                            {"document": scenario.REPORT, "decision_sought": "take_note"}, **hx)
        assert r.status_code == 200 and 'id="agenda-builder"' in r.content.decode()
        as_officer.post(f"/meetings/{CFM}/agenda/add",
                        {"title": "The situation in Afghanistan",
                         "decision_sought": "discuss"}, **hx)
        r = as_officer.post(f"/meetings/{CFM}/agenda/move", {"number": "2", "to": "1"}, **hx)
        html = r.content.decode()
        assert html.index("Afghanistan") < html.index("Report of the Secretariat")
        as_officer.post(f"/meetings/{CFM}/agenda/remove", {"number": "2"}, **hx)
        assert [i.titles["en"] for i in m.AgendaItem.objects.all()] == [
            "The situation in Afghanistan"]

    def test_a_free_item_without_a_title_is_refused_at_the_field(self, as_officer, cfm):
        before = _writes()
        r = as_officer.post(f"/meetings/{CFM}/agenda/add", {"title": " ",
                                                            "decision_sought": "discuss"},
                            HTTP_HX_REQUEST="true")
        assert r.status_code == 422 and 'id="titles-error"' in r.content.decode()
        assert not m.AgendaItem.objects.exists() and _writes() == before

    def test_without_htmx_the_form_redirects(self, as_officer, cfm):
        r = as_officer.post(f"/meetings/{CFM}/agenda/add",
                            {"document": scenario.REPORT, "decision_sought": "take_note"})
        assert r.status_code == 302 and r["Location"] == f"/meetings/{CFM}/agenda/"

    def test_queries_do_not_grow_with_the_agenda(self, as_officer, cfm, secretariat_officer,
                                                 django_assert_max_num_queries):
        services.agenda_item_add(meeting=CFM, decision_sought="approve",
                                 documents=[scenario.REPORT], acting_user=secretariat_officer)
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(30) as few:
            as_officer.get(f"/meetings/{CFM}/agenda/")
        first = len(few.captured_queries)
        for symbol in [*scenario.CHS_DOCS, scenario.STATEMENT]:
            services.agenda_item_add(meeting=CFM, decision_sought="approve",
                                     documents=[symbol], acting_user=secretariat_officer)
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(first):
            as_officer.get(f"/meetings/{CFM}/agenda/")


@pytest.mark.django_db
class TestDelegationsAndSideEvents:
    def test_india_is_recorded_present_and_a_side_event_the_day_before(self, as_officer, cfm):
        r = as_officer.post(f"/meetings/{CFM}/attendance/delegation-add",
                            {"state": "IND", "head": "Subrahmanyam Jaishankar",
                             "members": "A. Sharma\nB. Rao", "attendance": "expected"})
        assert r.status_code == 302
        d = m.Delegation.objects.get()
        assert d.head.name("en") == "Subrahmanyam Jaishankar"
        as_officer.post(f"/meetings/{CFM}/attendance/delegation-edit",
                        {"delegation": d.pk, "head": "Subrahmanyam Jaishankar",
                         "members": "A. Sharma", "attendance": "present"})
        d.refresh_from_db()
        assert (d.attendance, d.members) == ("present", ["A. Sharma"])
        as_officer.post(f"/meetings/{CFM}/attendance/side-event-add",
                        {"date": "2020-09-09", "format": "video", "host": "Vladimir Putin",
                         "title_en": "The President receives the ministers"})
        html = as_officer.get(f"/meetings/{CFM}/").content.decode()
        assert "The President receives the ministers" in html
        assert "present" in html and "India" in html

    def test_a_side_event_far_from_the_meeting_is_refused_at_the_field(self, as_officer, cfm):
        before = _writes()
        r = as_officer.post(f"/meetings/{CFM}/attendance/side-event-add",
                            {"date": "2021-01-01", "format": "video", "title_en": "Far"})
        assert r.status_code == 422 and 'id="date-error"' in r.content.decode()
        assert 'value="Far"' in r.content.decode()
        assert not m.SideEvent.objects.exists() and _writes() == before


@pytest.mark.django_db
class TestCirculation:
    def test_the_deadline_and_the_lateness_are_shown_before_confirming(self, as_officer,
                                                                       cfm_agenda):
        """Twenty days before 10 September: due by 21 August; the 1st of September is 11
        days late, and circulating needs the officer's explicit confirmation."""
        html = as_officer.get(f"/meetings/{CFM}/circulate/?date=2020-09-01").content.decode()
        assert 'id="deadline"' in html and "Aug. 21, 2020" in html
        assert 'id="late-warning"' in html and "11 days late" in html
        form = {"date": "2020-09-01", "documents": [scenario.REPORT], "confirm": "1"}
        before = _writes()
        r = as_officer.post(f"/meetings/{CFM}/circulate/", form)
        assert r.status_code == 422 and 'id="accept_late-error"' in r.content.decode()
        assert not m.Circulation.objects.exists() and _writes() == before
        r = as_officer.post(f"/meetings/{CFM}/circulate/", {**form, "accept_late": "on"})
        assert r.status_code == 302
        assert m.Circulation.objects.get().document.symbol == scenario.REPORT

    def test_in_time_there_is_no_warning(self, as_officer, cfm_agenda):
        html = as_officer.get(f"/meetings/{CFM}/circulate/?date=2020-08-01").content.decode()
        assert 'id="late-warning"' not in html
        r = as_officer.post(f"/meetings/{CFM}/circulate/",
                            {"date": "2020-08-01", "documents": [scenario.REPORT,
                                                                 scenario.STATEMENT],
                             "confirm": "1"})
        assert r.status_code == 302 and m.Circulation.objects.count() == 2

    def test_a_bad_day_is_answered_at_the_field(self, as_officer, cfm_agenda):
        r = as_officer.post(f"/meetings/{CFM}/circulate/",
                            {"date": "1 Sept", "documents": [scenario.REPORT], "confirm": "1"})
        assert r.status_code == 422 and 'id="date-error"' in r.content.decode()
        assert not m.Circulation.objects.exists()


@pytest.mark.django_db
class TestTheDecisionsTable:
    def test_decisions_are_one_table_not_badges(self, as_officer, secretariat_officer,
                                                russian_chair):
        """The coordinators agree five drafts ad referendum: five rows, each with its date."""
        cnc, _cfm, _chs = scenario.plan_2020(secretariat_officer)
        scenario.documents_2020(secretariat_officer)
        scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
        html = as_officer.get(f"/meetings/{cnc.slug}/").content.decode()
        table = html[html.index('<table class="decisions">'):]
        table = table[:table.index("</table>")]
        assert table.count("<tr>") == 1 + 5
        assert "agreed ad referendum" in table and "Sept. 9, 2020" in table
        assert "badge adopted" not in html

    def test_the_meeting_page_costs_the_same_for_more_decisions(
            self, as_officer, secretariat_officer, russian_chair,
            django_assert_max_num_queries):
        cnc, _cfm, _chs = scenario.plan_2020(secretariat_officer)
        scenario.documents_2020(secretariat_officer)
        services.agenda_item_add(meeting=cnc.slug, titles="One", decision_sought="discuss",
                                 documents=[scenario.REPORT], acting_user=secretariat_officer)
        scenario.members_agree(secretariat_officer, [scenario.REPORT])
        services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                                 on="2020-09-09", acting_user=russian_chair)
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(80) as few:
            as_officer.get(f"/meetings/{cnc.slug}/")
        first = len(few.captured_queries)
        services.agenda_item_add(meeting=cnc.slug, titles="All", decision_sought="discuss",
                                 documents=[*scenario.CHS_DOCS, scenario.STATEMENT],
                                 acting_user=secretariat_officer)
        scenario.members_agree(secretariat_officer, [*scenario.CHS_DOCS, scenario.STATEMENT])
        services.decision_record(meeting=cnc.slug, item=2, kind="agreed_ad_ref",
                                 on="2020-09-09", acting_user=russian_chair)
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(first):
            as_officer.get(f"/meetings/{cnc.slug}/")


@pytest.mark.django_db
def test_the_meetings_list_costs_the_same_for_more_meetings(as_officer, secretariat_officer,
                                                            django_assert_max_num_queries):
    services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                            acting_user=secretariat_officer)
    reset_queries()  # the log keeps at most 9000 queries: count from empty
    with django_assert_max_num_queries(20) as few:
        as_officer.get("/meetings/")
    first = len(few.captured_queries)
    for day in ("2021-07-14", "2022-07-29", "2023-05-04", "2024-05-21"):
        services.meeting_create(body="cfm", start=day, city="Astana",
                                acting_user=secretariat_officer)
    reset_queries()  # the log keeps at most 9000 queries: count from empty
    with django_assert_max_num_queries(first):
        as_officer.get("/meetings/")


@pytest.mark.django_db
def test_the_workspace_speaks_russian_and_chinese(as_officer, cfm):
    """The menu, the forms and the warnings are in the officer's language."""
    as_officer.cookies["django_language"] = "ru"
    html = as_officer.get("/meetings/").content.decode()
    assert "Новое заседание" in html and "Заседания" in html
    assert "Первый день" in as_officer.get(f"/meetings/{CFM}/edit/").content.decode()
    as_officer.cookies["django_language"] = "zh-hans"
    html = as_officer.get(f"/meetings/{CFM}/circulate/?date=2020-09-01").content.decode()
    assert "文件将逾期11天" in html


@pytest.mark.django_db
def test_attendance_circulation_and_edit_cost_the_same_for_more_rows(
        as_officer, secretariat_officer, cfm, django_assert_max_num_queries):
    """One delegation and one document, then eight delegations and six documents: the
    attendance, circulation and edit pages, and the API's circulation check, cost the same."""
    services.agenda_item_add(meeting=CFM, decision_sought="approve",
                             documents=[scenario.REPORT], acting_user=secretariat_officer)
    services.delegation_add(meeting=CFM, state="IND", acting_user=secretariat_officer)
    paths = (f"/meetings/{CFM}/attendance/", f"/meetings/{CFM}/circulate/?date=2020-09-01",
             f"/meetings/{CFM}/edit/", f"/api/meetings/{CFM}/circulation?date=2020-09-01")
    counts = {}
    for path in paths:
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(40) as few:
            assert as_officer.get(path).status_code == 200
        counts[path] = len(few.captured_queries)
    for code in ("CHN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"):
        services.delegation_add(meeting=CFM, state=code, members=["A", "B"],
                                acting_user=secretariat_officer)
    services.agenda_item_add(meeting=CFM, decision_sought="approve",
                             documents=[*scenario.CHS_DOCS, scenario.STATEMENT],
                             acting_user=secretariat_officer)
    for path in paths:
        reset_queries()
        with django_assert_max_num_queries(counts[path]):
            as_officer.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["agenda", "attendance"])
def test_an_unknown_write_is_not_found_and_writes_nothing(as_officer, as_india, cfm, page):
    """The agenda and attendance pages take their writes the same way: an action they do not
    know is 404, and the Indian delegate is refused before any action is looked up."""
    before = _writes()
    assert as_officer.post(f"/meetings/{CFM}/{page}/rename", {}).status_code == 404
    assert as_india.post(f"/meetings/{CFM}/{page}/rename", {}).status_code == 403
    assert _writes() == before
