"""The pages of a meeting's correspondence: which delegations are complete (on the meeting
page), the composition and credentials page (a delegate for their own state only), and the
notes verbales and list of participants previewed, downloaded and issued. Every page costs
the same queries however many delegations it lists."""

import io
import subprocess

import docx
import pytest
from django.db import reset_queries

from concilium.audit.models import Action, AuditRecord
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.outcomes.models import Note
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CFM = "cfm-2020-09-10"


@pytest.fixture
def cfm(secretariat_officer):
    return services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                   host_state="RUS", acting_user=secretariat_officer)


@pytest.fixture
def scenario(sco):
    sco_2020.load(acting_user=SYSTEM)


@pytest.mark.django_db
class TestTheMeetingPage:
    def test_shows_which_delegations_are_complete(self, as_officer, cfm, secretariat_officer,
                                                  django_assert_max_num_queries):
        services.delegation_compose(meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
                                    acting_user=secretariat_officer)
        services.delegation_credentials_record(meeting=CFM, state="IND", received="2020-09-08",
                                               acting_user=secretariat_officer)
        reset_queries()
        with django_assert_max_num_queries(40) as few:
            html = as_officer.get(f"/meetings/{CFM}/").content.decode()
        first = len(few.captured_queries)
        assert 'class="state-badges"' in html
        assert html.count('<li class="badge agree"') == 1
        assert html.count('<li class="badge pending"') == 7
        assert "India: complete" in html and "Pakistan: incomplete" in html
        for code in ("CHN", "KAZ", "KGZ", "PAK", "RUS", "TJK"):
            services.delegation_compose(meeting=CFM, state=code, head_title="Minister",
                                        acting_user=secretariat_officer)
            services.delegation_credentials_record(meeting=CFM, state=code,
                                                   received="2020-09-08",
                                                   acting_user=secretariat_officer)
        reset_queries()
        with django_assert_max_num_queries(first):
            html = as_officer.get(f"/meetings/{CFM}/").content.decode()
        assert html.count('<li class="badge agree"') == 7

    def test_the_buttons_are_for_the_secretariat_and_the_chair(self, as_officer, as_observer,
                                                               cfm):
        assert "/correspondence/?what=convocation" in as_officer.get(
            f"/meetings/{CFM}/").content.decode()
        assert "/correspondence/" not in as_observer.get(f"/meetings/{CFM}/").content.decode()


@pytest.mark.django_db
class TestCompositionAndCredentials:
    def test_the_indian_delegate_has_a_form_for_india_only(self, as_india, cfm):
        html = as_india.get(f"/meetings/{CFM}/delegations/").content.decode()
        assert 'name="state" value="IND"' in html
        assert 'name="state" value="PAK"' not in html
        assert "/delegations/credentials" not in html  # the secretariat's

    def test_the_delegate_saves_india_s_composition(self, as_india, cfm):
        r = as_india.post(f"/meetings/{CFM}/delegations/compose", {
            "state": "IND", "head": "Subrahmanyam Jaishankar", "head_title": "",
            "members": "Vikas Swarup | Secretary (West)", "advisers": ""})
        assert r.status_code == 302 and r["Location"].endswith("#state-IND")
        d = m.Delegation.objects.get(state__code="IND")
        assert d.member_list == [{"name": {"en": "Vikas Swarup"},
                                  "title": {"en": "Secretary (West)"}}]

    def test_the_delegate_gives_the_names_in_russian_and_chinese_for_the_lists(
            self, as_india, as_officer, cfm):
        """The list of participants in Russian reads wholly in Russian: the delegate writes
        the members in each of the charter's languages, line by line; a Russian list that
        does not match the English one is refused at its field, with its part left open."""
        form = {"state": "IND", "head": "Subrahmanyam Jaishankar",
                "members": "Vikas Swarup | Secretary (West)\nAnurag Srivastava | Spokesperson",
                "members_ru": "Викас Сваруп | Секретарь (Запад)",
                "members_zh": "维卡斯·斯瓦鲁普 | 秘书（西部）\n阿努拉格·斯里瓦斯塔瓦 | 发言人"}
        refused = as_india.post(f"/meetings/{CFM}/delegations/compose", form)
        assert refused.status_code == 422
        html = refused.content.decode()
        assert "members.ru: give one line per person in the order of the en list (2 lines)" \
            in html
        assert 'name="members_ru" lang="ru" rows="3" aria-invalid="true"' in html
        assert "<details open><summary>Names and titles in Russian" in html
        assert "阿努拉格·斯里瓦斯塔瓦 | 发言人" in html  # what was typed stays
        assert not m.Delegation.objects.exists()

        form["members_ru"] += "\nАнураг Шривастава | Официальный представитель"
        assert as_india.post(f"/meetings/{CFM}/delegations/compose", form).status_code == 302
        d = m.Delegation.objects.get(state__code="IND")
        assert d.head.name("ru") == "Субраманьям Джайшанкар"
        assert d.member_list[1] == {
            "name": {"en": "Anurag Srivastava", "ru": "Анураг Шривастава",
                     "zh": "阿努拉格·斯里瓦斯塔瓦"},
            "title": {"en": "Spokesperson", "ru": "Официальный представитель", "zh": "发言人"}}
        page = as_india.get(f"/meetings/{CFM}/delegations/").content.decode()
        assert "Викас Сваруп | Секретарь (Запад)\nАнураг Шривастава" in page
        assert 'name="head_ru" lang="ru" value="Субраманьям Джайшанкар"' in page
        listed = as_officer.get(f"/meetings/{CFM}/correspondence/?what=participants&lang=ru"
                                ).content.decode()
        assert "Анураг Шривастава" in listed and "Официальный представитель" in listed
        assert "Anurag" not in listed and "Spokesperson" not in listed

    def test_the_delegate_cannot_post_for_another_state(self, as_india, cfm):
        writes = AuditRecord.objects.count()
        r = as_india.post(f"/meetings/{CFM}/delegations/compose",
                          {"state": "PAK", "head": "Someone"})
        assert r.status_code == 403
        assert AuditRecord.objects.count() == writes

    def test_bad_input_is_answered_at_the_field(self, as_india, cfm):
        r = as_india.post(f"/meetings/{CFM}/delegations/compose",
                          {"state": "IND", "members": "Vikas Swarup\n | Secretary"})
        assert r.status_code == 422
        html = r.content.decode()
        assert 'id="members-error"' in html and "members.2.name" in html
        assert not m.Delegation.objects.exists()

    def test_the_officer_records_the_credentials(self, as_officer, cfm, secretariat_officer):
        services.delegation_compose(meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
                                    acting_user=secretariat_officer)
        r = as_officer.post(f"/meetings/{CFM}/delegations/credentials",
                            {"state": "IND", "received": "2020-09-08"})
        assert r.status_code == 302
        html = as_officer.get(f"/meetings/{CFM}/delegations/").content.decode()
        assert "received on" in html and "(recorded by officer)" in html

    def test_the_observer_is_refused(self, as_observer, cfm):
        assert as_observer.get(f"/meetings/{CFM}/delegations/").status_code == 403

    def test_queries_do_not_grow_with_the_delegations(self, as_officer, cfm,
                                                      secretariat_officer,
                                                      django_assert_max_num_queries):
        services.delegation_compose(meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
                                    acting_user=secretariat_officer)
        reset_queries()
        with django_assert_max_num_queries(40) as few:
            as_officer.get(f"/meetings/{CFM}/delegations/")
        first = len(few.captured_queries)
        for code in ("CHN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"):
            services.delegation_compose(meeting=CFM, state=code, head_title="Minister",
                                        members=["A | B"], acting_user=secretariat_officer)
        reset_queries()
        with django_assert_max_num_queries(first):
            as_officer.get(f"/meetings/{CFM}/delegations/")


@pytest.mark.django_db
class TestNotesAndTheListOfParticipants:
    def test_the_officer_previews_the_note_without_taking_a_number(
            self, as_officer, scenario, django_assert_max_num_queries):
        reset_queries()
        with django_assert_max_num_queries(80):
            html = as_officer.get(f"/meetings/{CFM}/correspondence/?what=circulation&lang=ru"
                                  ).content.decode()
        assert "свидетельствует своё уважение" in html and "(присваивается при отправке)" in html
        assert Note.objects.count() == 0

    def test_downloads_open_as_word_and_pdf(self, as_officer, scenario, tmp_path):
        r = as_officer.get(f"/meetings/{CFM}/correspondence/download?what=convocation"
                           "&lang=zh&format=docx")
        assert r.status_code == 200
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
        assert "上海合作组织秘书处向" in text and "顺致崇高的敬意。" in text
        r = as_officer.get(f"/meetings/{CFM}/correspondence/download?what=participants"
                           "&lang=en&format=pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
        (tmp_path / "list.pdf").write_bytes(r.content)
        out = subprocess.run(["pdftotext", str(tmp_path / "list.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert "Sergey Lavrov" in out

    def test_issuing_takes_the_next_number(self, as_officer, scenario):
        r = as_officer.post(f"/meetings/{CFM}/correspondence/issue",
                            {"note": "circulation", "date": "2020-08-14"})
        assert r.status_code == 302
        html = as_officer.get(r["Location"]).content.decode()
        assert "SCO/NV/2020/1" in html
        assert AuditRecord.objects.filter(action=Action.NOTE_ISSUE).count() == 1
        r = as_officer.get(f"/meetings/{CFM}/correspondence/download?number=SCO/NV/2020/1"
                           "&lang=en&format=txt")
        assert "No. SCO/NV/2020/1" in r.content.decode()

    def test_a_bad_day_of_issue_is_answered_at_the_field(self, as_officer, scenario):
        r = as_officer.post(f"/meetings/{CFM}/correspondence/issue",
                            {"note": "circulation", "date": "14.08.2020"})
        assert r.status_code == 422 and 'id="date-error"' in r.content.decode()
        assert Note.objects.count() == 0

    def test_the_chair_reads_but_does_not_issue(self, as_chair, scenario):
        html = as_chair.get(f"/meetings/{CFM}/correspondence/").content.decode()
        assert "Missions of the Member States" in html and "/correspondence/issue" not in html
        r = as_chair.post(f"/meetings/{CFM}/correspondence/issue",
                          {"note": "convocation", "date": "2020-08-14"})
        assert r.status_code == 403 and Note.objects.count() == 0

    def test_delegates_and_observers_are_refused(self, as_india, as_observer, scenario):
        for client in (as_india, as_observer):
            assert client.get(f"/meetings/{CFM}/correspondence/").status_code == 403
            assert client.get(f"/meetings/{CFM}/correspondence/download?what=participants"
                              ).status_code == 403

    def test_the_registry_endpoint_lists_in_order(self, as_officer, scenario,
                                                  django_assert_max_num_queries):
        for day in ("2020-08-14", "2020-08-20"):
            r = as_officer.post("/api/correspondence", {"meeting": CFM, "note": "circulation",
                                                        "date": day},
                                content_type="application/json")
            assert r.status_code == 201
        with django_assert_max_num_queries(8) as few:
            rows = as_officer.get("/api/correspondence").json()
        first = len(few.captured_queries)
        assert [r["number"] for r in rows] == ["SCO/NV/2020/1", "SCO/NV/2020/2"]
        as_officer.post("/api/correspondence", {"meeting": CFM, "note": "convocation",
                                                "date": "2020-08-21"},
                        content_type="application/json")
        with django_assert_max_num_queries(first):
            assert len(as_officer.get("/api/correspondence").json()) == 3
        r = as_officer.post("/api/correspondence", {"meeting": CFM, "note": "letter"},
                            content_type="application/json")
        assert r.status_code == 422 and r.json()["field"] == "note"
