"""A delegation's composition, submitted by its own state, and its credentials, received by
the Secretariat: who may record what, what bad input is told, what the audit keeps, when a
delegation is complete; the endpoints and the command that do it."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.meetings import models as m
from concilium.meetings import selectors, services

CFM = "cfm-2020-09-10"
INDIA = {"head": "Subrahmanyam Jaishankar",
         "members": [{"name": {"en": "Vikas Swarup", "ru": "Викас Сваруп"},
                      "title": {"en": "Secretary (West)"}}],
         "advisers": ["Anand Prakash | Joint Secretary"]}


@pytest.fixture
def cfm(secretariat_officer):
    return services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                   host_state="RUS", acting_user=secretariat_officer)


def _india() -> m.Delegation:
    return m.Delegation.objects.get(meeting__slug=CFM, state__code="IND")


@pytest.mark.django_db
class TestTheComposition:
    def test_the_indian_delegate_submits_india_s_composition(self, cfm, indian_delegate):
        """The head is linked to the minister on record; members and advisers keep their
        titles per language; the audit record says India acted for itself."""
        d = services.delegation_compose(meeting=CFM, state="IND", acting_user=indian_delegate,
                                        **INDIA)
        assert d.head.name("ru") == "Субраманьям Джайшанкар"
        assert d.member_list == [{"name": {"en": "Vikas Swarup", "ru": "Викас Сваруп"},
                                  "title": {"en": "Secretary (West)"}}]
        assert d.advisers == [{"name": {"en": "Anand Prakash"},
                               "title": {"en": "Joint Secretary"}}]
        assert d.members == ["Vikas Swarup"]  # as the minutes list them
        audit = AuditRecord.objects.filter(action=Action.DELEGATION_COMPOSE).get()
        assert (audit.actor, audit.acting_for, audit.on_behalf) == ("india", "IND", False)
        assert audit.summary["after"]["head"] == "Subrahmanyam Jaishankar"

    def test_a_delegate_cannot_record_another_state_s_delegation(self, cfm, indian_delegate):
        writes = AuditRecord.objects.count()
        with pytest.raises(Forbidden):
            services.delegation_compose(meeting=CFM, state="PAK", head="Someone",
                                        acting_user=indian_delegate)
        assert not m.Delegation.objects.filter(state__code="PAK").exists()
        assert AuditRecord.objects.count() == writes

    def test_the_observer_records_no_delegation(self, cfm, mongolian_observer):
        with pytest.raises(Forbidden):
            services.delegation_compose(meeting=CFM, state="MNG", head="Someone",
                                        acting_user=mongolian_observer)

    def test_the_secretariat_records_on_a_state_s_behalf(self, cfm, secretariat_officer):
        services.delegation_compose(meeting=CFM, state="PAK",
                                    head_title={"en": "Minister of Foreign Affairs"},
                                    acting_user=secretariat_officer)
        audit = AuditRecord.objects.filter(action=Action.DELEGATION_COMPOSE).get()
        assert (audit.acting_for, audit.on_behalf) == ("PAK", True)

    @pytest.mark.parametrize(("change", "field"), [
        ({"state": ""}, "state"),
        ({"state": "XXX"}, "state"),
        ({"members": [{"name": ""}]}, "members.1.name"),
        ({"members": ["Vikas Swarup", {"name": {"en": "A"}, "rank": "x"}]}, "members.2"),
        ({"advisers": [{"name": 5}]}, "advisers.1.name"),
        ({"advisers": "Anand Prakash\n | no name"}, "advisers.2.name"),
        ({"head_title": ["Minister"]}, "head_title"),
        ({"members": {"name": "A"}}, "members"),
    ])
    def test_bad_input_names_the_field_and_writes_nothing(self, cfm, secretariat_officer,
                                                          change, field):
        writes = AuditRecord.objects.count()
        kwargs = {"state": "IND", **INDIA, **change}
        with pytest.raises(ValidationFailed) as refused:
            services.delegation_compose(meeting=CFM, acting_user=secretariat_officer, **kwargs)
        assert refused.value.field == field
        assert AuditRecord.objects.count() == writes
        assert not m.Delegation.objects.exists()


@pytest.mark.django_db
class TestTheCredentials:
    def test_the_secretariat_records_the_day_and_who(self, cfm, secretariat_officer,
                                                     indian_delegate):
        services.delegation_compose(meeting=CFM, state="IND", acting_user=indian_delegate,
                                    **INDIA)
        assert not _india().complete
        d = services.delegation_credentials_record(meeting=CFM, state="IND",
                                                   received="2020-09-08",
                                                   acting_user=secretariat_officer)
        assert (d.credentials_received, d.credentials_recorded_by) == (
            dt.date(2020, 9, 8), "officer")
        assert _india().complete
        audit = AuditRecord.objects.filter(action=Action.CREDENTIALS_RECORD).get()
        assert audit.summary["after"] == {"received": "2020-09-08", "by": "officer"}

    def test_a_record_made_by_mistake_is_withdrawn_and_that_is_recorded(
            self, cfm, secretariat_officer):
        services.delegation_compose(meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
                                    acting_user=secretariat_officer)
        services.delegation_credentials_record(meeting=CFM, state="IND", received="2020-09-08",
                                               acting_user=secretariat_officer)
        services.delegation_credentials_record(meeting=CFM, state="IND", withdraw=True,
                                               acting_user=secretariat_officer)
        assert _india().credentials_received is None and not _india().complete
        assert AuditRecord.objects.filter(action=Action.CREDENTIALS_RECORD).count() == 2

    def test_only_the_secretariat_records_credentials(self, cfm, indian_delegate,
                                                      russian_chair):
        services.delegation_compose(meeting=CFM, state="IND", acting_user=indian_delegate,
                                    **INDIA)
        for actor in (indian_delegate, russian_chair):
            with pytest.raises(Forbidden):
                services.delegation_credentials_record(meeting=CFM, state="IND",
                                                       received="2020-09-08",
                                                       acting_user=actor)
        assert _india().credentials_received is None

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"state": "IND", "received": ""}, "received"),
        ({"state": "IND", "received": "8 September"}, "received"),
        ({"state": "IND", "received": "2020-09-11"}, "received"),  # after the meeting
        ({"state": "PAK", "received": "2020-09-08"}, "state"),  # no delegation recorded
        ({"state": "", "received": "2020-09-08"}, "state"),
    ])
    def test_bad_input_names_the_field(self, cfm, secretariat_officer, kwargs, field):
        services.delegation_compose(meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
                                    acting_user=secretariat_officer)
        with pytest.raises(ValidationFailed) as refused:
            services.delegation_credentials_record(meeting=CFM, acting_user=secretariat_officer,
                                                   **kwargs)
        assert refused.value.field == field
        assert _india().credentials_received is None


@pytest.mark.django_db
def test_which_delegations_are_complete(cfm, secretariat_officer):
    """Every member state on the meeting's first day is listed; complete needs a head (by
    name or title) and the credentials."""
    services.delegation_compose(meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
                                acting_user=secretariat_officer)
    services.delegation_compose(meeting=CFM, state="PAK", head_title="Minister",
                                acting_user=secretariat_officer)
    services.delegation_compose(meeting=CFM, state="CHN", acting_user=secretariat_officer)
    for code in ("IND", "PAK", "CHN"):
        services.delegation_credentials_record(meeting=CFM, state=code, received="2020-09-09",
                                               acting_user=secretariat_officer)
    view = selectors.meeting_detail(CFM, actor=secretariat_officer)
    rows = {s.state.code: s.complete for s in selectors.delegation_statuses(view)}
    assert rows == {"CHN": False, "IND": True, "KAZ": False, "KGZ": False, "PAK": True,
                    "RUS": False, "TJK": False, "UZB": False}


def _client(username):
    client = Client()
    assert client.login(username=username, password="demo-pass-2020")
    return client


@pytest.mark.django_db
class TestTheEndpoints:
    def test_the_delegate_puts_its_own_composition_only(self, cfm, indian_delegate):
        india = _client("india")
        r = india.put(f"/api/meetings/{CFM}/delegations/IND/composition",
                      data=json.dumps(INDIA), content_type="application/json")
        assert r.status_code == 200 and r.json()["head"]["en"] == "Subrahmanyam Jaishankar"
        r = india.put(f"/api/meetings/{CFM}/delegations/PAK/composition",
                      data=json.dumps(INDIA), content_type="application/json")
        assert r.status_code == 403
        r = india.post(f"/api/meetings/{CFM}/delegations/IND/credentials",
                       data=json.dumps({"received": "2020-09-08"}),
                       content_type="application/json")
        assert r.status_code == 403

    def test_bad_input_is_a_422_naming_the_field(self, cfm, secretariat_officer):
        r = _client("officer").put(
            f"/api/meetings/{CFM}/delegations/IND/composition",
            data=json.dumps({"members": [{"name": ""}]}), content_type="application/json")
        assert r.status_code == 422 and r.json()["field"] == "members.1.name"

    def test_the_list_costs_the_same_queries_however_many_delegations(
            self, cfm, secretariat_officer, django_assert_max_num_queries):
        officer = _client("officer")
        services.delegation_compose(meeting=CFM, state="IND", acting_user=secretariat_officer,
                                    **INDIA)
        with django_assert_max_num_queries(20) as few:
            r = officer.get(f"/api/meetings/{CFM}/credentials")
        first = len(few.captured_queries)
        assert r.status_code == 200 and len(r.json()) == 8
        for code in ("CHN", "KAZ", "KGZ", "PAK", "RUS"):
            services.delegation_compose(meeting=CFM, state=code, acting_user=secretariat_officer,
                                        **INDIA | {"head": None, "head_title": "Minister"})
            services.delegation_credentials_record(meeting=CFM, state=code,
                                                   received="2020-09-01",
                                                   acting_user=secretariat_officer)
        with django_assert_max_num_queries(first):
            rows = officer.get(f"/api/meetings/{CFM}/credentials").json()
        assert [r["complete"] for r in rows].count(True) == 5


@pytest.mark.django_db
def test_the_command_records_and_lists(cfm, capsys):
    call_command("delegation", "compose", CFM, "IND", "--head", "Subrahmanyam Jaishankar",
                 "--member", "Vikas Swarup | Secretary (West)")
    assert json.loads(capsys.readouterr().out)["members"][0]["title"] == {
        "en": "Secretary (West)"}
    call_command("delegation", "credentials", CFM, "IND", "--received", "2020-09-08")
    call_command("delegation", "list", CFM)
    out = capsys.readouterr().out
    assert "IND\tcomplete\thead: Subrahmanyam Jaishankar\tcredentials: 2020-09-08" in out
    with pytest.raises(CommandError) as refused:
        call_command("delegation", "credentials", CFM, "IND", "--received", "soon")
    assert refused.value.returncode == 2 and "received" in str(refused.value)


@pytest.mark.django_db
def test_members_edited_on_the_attendance_page_keep_their_titles(cfm, secretariat_officer):
    """The attendance page edits members by name: those who remain keep the titles of the
    composition, a new one has none, one taken off leaves the list of participants."""
    d = services.delegation_compose(meeting=CFM, state="IND", acting_user=secretariat_officer,
                                    **INDIA)
    services.delegation_update(meeting=CFM, delegation=d.pk,
                               members=["Vikas Swarup", "Anand Prakash"],
                               acting_user=secretariat_officer)
    assert _india().member_list == [
        {"name": {"en": "Vikas Swarup", "ru": "Викас Сваруп"},
         "title": {"en": "Secretary (West)"}},
        {"name": {"en": "Anand Prakash"}, "title": {}}]
    services.delegation_update(meeting=CFM, delegation=d.pk, members=["Anand Prakash"],
                               acting_user=secretariat_officer)
    assert [p["name"]["en"] for p in _india().member_list] == ["Anand Prakash"]
