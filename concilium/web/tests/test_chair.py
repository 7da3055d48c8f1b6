"""The chair's writes from the room: a compromise tabled as the presidency."""

import datetime as dt

import pytest

from concilium.audit.models import Action, AuditRecord
from concilium.documents.models import Proposal

SYMBOL = "SCO/CFM/2020/DEMO"
ROOM = f"/room/{SYMBOL}"
ON = "on=2020-09-10"
COMPROMISE = "The Ministers noted the importance of cooperation in the area 1."


@pytest.mark.django_db
class TestTheChairsText:
    def test_the_chair_tables_a_compromise_as_the_presidency(self, as_chair, negotiation):
        """The Russian chair's compromise is the chair's, not Russia's: the proposal names no
        delegation, the room lists it as the Chair's, and the audit names the presidency."""
        response = as_chair.post(f"/chair/text/{SYMBOL}", {
            "paragraph": "1", "text": COMPROMISE, "on": "2020-09-10", "lang": "en",
            "expected_version": "0"})
        assert response.status_code == 302
        prop = Proposal.objects.get()
        assert prop.by_chair and prop.state is None and prop.status == "accepted"
        record = AuditRecord.objects.filter(action=Action.CHAIR_TEXT).get()
        assert record.summary["presidency"] == "RUS"
        html = as_chair.get(f"{ROOM}?{ON}").content.decode()
        assert COMPROMISE in html and "the Chair" in html

    def test_the_act_form_offers_the_chairs_text_to_the_chair_only(self, as_chair, as_india,
                                                                    negotiation):
        url = f"/act/{SYMBOL}?paragraph=1&{ON}"
        assert "As the chair: a compromise text" in as_chair.get(url).content.decode()
        assert "As the chair" not in as_india.get(url).content.decode()

    def test_a_delegate_may_not_table_a_chairs_text(self, as_india, negotiation):
        response = as_india.post(f"/chair/text/{SYMBOL}", {
            "paragraph": "1", "text": COMPROMISE, "on": "2020-09-10"})
        assert response.status_code == 403
        assert "Only the chair" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_bad_input_is_named_and_nothing_written(self, as_chair, negotiation):
        response = as_chair.post(f"/chair/text/{SYMBOL}", {
            "paragraph": "x", "text": COMPROMISE, "on": "2020-09-10"},
            HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "paragraph: give a number." in (
            response.content.decode())
        assert response["HX-Retarget"] == "#room-message"
        assert not Proposal.objects.exists()


@pytest.fixture
def cycle(secretariat_officer, russian_chair):
    """The 2020 CNC, CFM and CHS planned; every draft on the CNC's agenda."""
    from concilium.documents.services import position_record
    from concilium.meetings import services
    from concilium.meetings.tests import scenario
    from concilium.web.sample import MEMBERS
    cnc, cfm, chs = scenario.plan_2020(secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    # every member has stated its position: at a meeting silence is not agreement
    scenario.members_agree(secretariat_officer, [*scenario.CHS_DOCS, scenario.REPORT])
    services.agenda_item_add(meeting=cnc.slug, titles={"en": "Draft documents"},
                             decision_sought="discuss",
                             documents=[*scenario.CHS_DOCS, scenario.REPORT],
                             acting_user=secretariat_officer)
    for symbol in (*scenario.CHS_DOCS, scenario.REPORT):  # every member speaks, agreeing
        for code in MEMBERS:
            position_record(symbol=symbol, state=code, stance="agree",
                            on=dt.date(2020, 9, 9), acting_user=secretariat_officer)
    return cnc, cfm, chs


@pytest.mark.django_db
class TestTheChairsDesk:
    def test_the_desk_offers_what_the_charter_allows_and_says_why_not(self, as_chair, cycle):
        """At the coordinators, the chair may agree ad referendum; adopting is disabled with
        the charter's reason (the heads of state adopt declarations)."""
        cnc = cycle[0]
        html = as_chair.get(f"/chair/meeting/{cnc.slug}/").content.decode()
        assert 'name="kind" value="agreed_ad_ref"' in html
        assert 'name="kind" value="adopted"' not in html
        assert "Not possible now:" in html and "the charter gives final approval to the CHS" in html

    def test_the_reasons_are_in_the_readers_language(self, as_chair, cycle):
        as_chair.cookies["django_language"] = "ru"
        html = as_chair.get(f"/chair/meeting/{cycle[0].slug}/",
                            HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "Сейчас невозможно:" in html and "окончательное одобрение" in html

    def test_a_delegate_sees_the_desk_without_buttons(self, as_india, cycle):
        html = as_india.get(f"/chair/meeting/{cycle[0].slug}/").content.decode()
        assert "Only the chair of this meeting (RUS)" in html
        assert 'name="kind" value=' not in html.replace('disabled aria', '')

    def test_the_chair_agrees_a_document_and_the_desk_shows_it(self, as_chair, cycle):
        cnc = cycle[0]
        response = as_chair.post(f"/chair/meeting/{cnc.slug}/decide", {
            "item": "1", "kind": "agreed_ad_ref", "document": "SCO/CHS/2020/DECL",
            "on": "2020-09-09"})
        assert response.status_code == 302
        html = as_chair.get(f"/chair/meeting/{cnc.slug}/").content.decode()
        assert "agreed ad referendum" in html

    def test_a_member_not_yet_heard_disables_agreement_with_the_reason(
            self, as_chair, cycle, secretariat_officer):
        """At a meeting silence is not agreement: a document nobody has spoken on cannot be
        agreed yet, and the desk says who has not been heard."""
        from concilium.meetings import services
        from concilium.meetings.tests import scenario
        scenario.draft(secretariat_officer, "SCO/CHS/2020/QUIET", "declaration", "Quiet")
        services.agenda_item_add(meeting=cycle[0].slug, titles={"en": "Quiet"},
                                 decision_sought="discuss", documents=["SCO/CHS/2020/QUIET"],
                                 acting_user=secretariat_officer)
        html = as_chair.get(f"/chair/meeting/{cycle[0].slug}/").content.decode()
        assert "Not yet heard from CHN, IND" in html

    def test_a_refused_decision_names_the_reason_and_writes_nothing(self, as_chair, cycle):
        from concilium.meetings.models import Decision
        response = as_chair.post(f"/chair/meeting/{cycle[0].slug}/decide", {
            "item": "1", "kind": "adopted", "document": "SCO/CHS/2020/DECL",
            "on": "2020-09-09"}, HTTP_HX_REQUEST="true")
        assert "final approval" in response.content.decode()
        assert not Decision.objects.exists()

    def test_the_chair_groups_documents_into_a_package(self, as_chair, cycle):
        """The ministers agree the heads of state's documents as one package and submit it;
        the heads of state then adopt the package as one decision."""
        from concilium.meetings import services
        from concilium.meetings.models import Package
        cnc, cfm, chs = cycle
        services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                                 on="2020-09-09", acting_user=as_chair_actor())
        item = cfm.agenda.get(documents__symbol="SCO/CHS/2020/DECL").number
        response = as_chair.post(f"/chair/meeting/{cfm.slug}/package", {
            "item": str(item), "symbol": "SCO/CFM/2020/PKG", "title": "Documents for the CHS",
            "documents": ["SCO/CHS/2020/DECL", "SCO/CHS/2020/PLAN"], "on": "2020-09-10"})
        assert response.status_code == 302, response.content
        package = Package.objects.get()
        assert sorted(package.documents.values_list("symbol", flat=True)) == [
            "SCO/CHS/2020/DECL", "SCO/CHS/2020/PLAN"]
        html = as_chair.get(f"/chair/meeting/{chs.slug}/").content.decode()
        assert "The package as one decision" in html
        item = chs.agenda.get(package=package).number
        response = as_chair.post(f"/chair/meeting/{chs.slug}/decide", {
            "item": str(item), "kind": "adopted", "on": "2020-11-10"})
        assert response.status_code == 302, response.content
        assert set(package.documents.values_list("status", flat=True)) == {"adopted"}

    def test_a_package_typed_on_a_russian_page_is_titled_in_russian(self, as_chair, cycle):
        """The package's one title field is taken in the page's language when the charter
        names it: the Russian chair, working in Russian, titles it in Russian."""
        from concilium.meetings import services
        from concilium.meetings.models import Package
        cnc, cfm, _chs = cycle
        services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                                 on="2020-09-09", acting_user=as_chair_actor())
        html = as_chair.get(f"/chair/meeting/{cfm.slug}/",
                            HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "Название (на русском)" in html
        item = cfm.agenda.get(documents__symbol="SCO/CHS/2020/DECL").number
        response = as_chair.post(f"/chair/meeting/{cfm.slug}/package", {
            "item": str(item), "symbol": "SCO/CFM/2020/PKG", "title": "Документы для СГГ",
            "documents": ["SCO/CHS/2020/DECL", "SCO/CHS/2020/PLAN"], "on": "2020-09-10"},
            HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 302, response.content
        assert Package.objects.get().titles == {"ru": "Документы для СГГ"}

    def test_the_desk_costs_the_same_queries_for_more_documents(
            self, as_chair, cycle, secretariat_officer, django_assert_max_num_queries):
        from concilium.meetings import services
        from concilium.web.sample import sample_document
        cnc = cycle[0]
        with django_assert_max_num_queries(40) as few:
            as_chair.get(f"/chair/meeting/{cnc.slug}/")
        for n in range(3):
            sample_document(symbol=f"SCO/CFM/2020/X{n}", paragraphs=12)
        services.agenda_item_add(meeting=cnc.slug, titles={"en": "More"},
                                 decision_sought="discuss",
                                 documents=[f"SCO/CFM/2020/X{n}" for n in range(3)],
                                 acting_user=secretariat_officer)
        with django_assert_max_num_queries(len(few.captured_queries)):
            as_chair.get(f"/chair/meeting/{cnc.slug}/")


def as_chair_actor():
    from django.contrib.auth import get_user_model

    from concilium.accounts.services import actor_for
    return actor_for(get_user_model().objects.get(username="lavrov"))


@pytest.mark.django_db
class TestTheListOfSpeakersPage:
    def test_india_asks_for_the_floor_and_the_chair_gives_it(self, as_india, as_chair, cycle):
        """India may ask for the floor for India only; the chair gives it; everyone sees who
        has the floor."""
        cnc = cycle[0]
        url = f"/chair/meeting/{cnc.slug}/"
        html = as_india.get(url).content.decode()
        assert "Ask for the floor for IND" in html and "for PAK" not in html
        refused = as_india.post(url + "floor", {"item": "1", "action": "request", "state": "PAK"})
        assert refused.status_code == 403 and "you may not ask for the floor for PAK" in (
            refused.content.decode())
        assert as_india.post(url + "floor", {"item": "1", "action": "request",
                                             "state": "IND"}).status_code == 302
        html = as_chair.get(url).content.decode()
        assert "Give the floor to IND" in html
        assert as_india.post(url + "floor", {"item": "1", "action": "give",
                                             "state": "IND"}).status_code == 403
        assert as_chair.post(url + "floor", {"item": "1", "action": "give",
                                             "state": "IND"}).status_code == 302
        html = as_india.get(url).content.decode()
        assert "Has the floor:" in html and "Close the floor" not in html
        assert "Close the floor" in as_chair.get(url).content.decode()

    def test_the_desk_costs_the_same_queries_with_more_speakers(
            self, as_chair, cycle, indian_delegate, pakistani_delegate,
            django_assert_max_num_queries):
        from concilium.meetings import services
        cnc = cycle[0]
        services.floor_request(meeting=cnc.slug, item=1, state="IND",
                               acting_user=indian_delegate)
        with django_assert_max_num_queries(40) as few:
            as_chair.get(f"/chair/meeting/{cnc.slug}/")
        services.floor_request(meeting=cnc.slug, item=1, state="PAK",
                               acting_user=pakistani_delegate)
        services.floor_give(meeting=cnc.slug, item=1, state="IND", acting_user=as_chair_actor())
        with django_assert_max_num_queries(len(few.captured_queries)):
            as_chair.get(f"/chair/meeting/{cnc.slug}/")
