"""The calendar checks itself: a body never sits twice at once; other meetings of the
organization on the same days, and heads of delegation booked twice, are warnings."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from concilium.audit.models import AuditRecord
from concilium.core.errors import ValidationFailed
from concilium.meetings import models as m
from concilium.meetings import selectors, services

MOSCOW = {"en": "Moscow", "ru": "Москва", "zh": "莫斯科"}


def plan(officer, body, start, end=None):
    return services.meeting_create(body=body, start=start, end=end, city=MOSCOW,
                                   host_state="RUS", acting_user=officer)


def test_a_body_that_already_sits_on_those_days_is_refused(secretariat_officer):
    """The coordinators meet 4-9 September 2020; a second session from the 8th is refused,
    naming the meeting it overlaps, and nothing is written."""
    plan(secretariat_officer, "cnc", "2020-09-04", "2020-09-09")
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        plan(secretariat_officer, "cnc", "2020-09-08", "2020-09-11")
    assert refused.value.field == "start"
    assert "cnc-2020-09-04" in refused.value.message
    assert "cannot sit twice at once" in refused.value.message
    assert m.Meeting.objects.count() == 1
    assert AuditRecord.objects.count() == before
    # The day after it ends is free.
    assert plan(secretariat_officer, "cnc", "2020-09-10").warnings == []


def test_another_body_on_the_same_days_is_a_warning(secretariat_officer):
    """The ministers meeting on the coordinators' last day is planned, with a warning."""
    plan(secretariat_officer, "cnc", "2020-09-04", "2020-09-09")
    cfm = plan(secretariat_officer, "cfm", "2020-09-09")
    assert [(w.kind, w.other) for w in cfm.warnings] == [("organization", "cnc-2020-09-04")]
    assert "Council of National Coordinators" in cfm.warnings[0].message
    # Both meetings show it, each naming the other.
    assert [w.other for w in selectors.meeting_warnings(
        m.Meeting.objects.get(slug="cnc-2020-09-04"))] == ["cfm-2020-09-09"]


def test_a_head_of_delegation_booked_twice_is_a_warning(secretariat_officer):
    """Sergey Lavrov cannot head Russia's delegation at two meetings on the same day."""
    plan(secretariat_officer, "cnc", "2020-09-04", "2020-09-09")
    plan(secretariat_officer, "cfm", "2020-09-09")
    first = services.delegation_add(meeting="cnc-2020-09-04", state="RUS",
                                    head="Sergey Lavrov", acting_user=secretariat_officer)
    assert first.warnings == []
    second = services.delegation_add(meeting="cfm-2020-09-09", state="RUS",
                                     head="Сергей Лавров", acting_user=secretariat_officer)
    assert [(w.kind, w.other) for w in second.warnings] == [("head", "cnc-2020-09-04")]
    assert "Sergey Lavrov heads the delegation of RUS here and of RUS at cnc-2020-09-04" \
        in second.warnings[0].message
    # A head not on record as an official is matched by name.
    services.delegation_add(meeting="cnc-2020-09-04", state="IND", head="A. Envoy",
                            acting_user=secretariat_officer)
    third = services.delegation_add(meeting="cfm-2020-09-09", state="PAK",
                                    head="a.  envoy", acting_user=secretariat_officer)
    assert [w.kind for w in third.warnings] == ["head"]
    kinds = [w.kind for w in selectors.meeting_warnings(
        m.Meeting.objects.get(slug="cfm-2020-09-09"))]
    assert kinds == ["head", "head", "organization"]


def test_the_2020_cycle_has_no_clash(secretariat_officer):
    """CNC 4-9 September, CFM 10 September, CHS 10 November: nothing to warn of."""
    for body, start, end in (("cnc", "2020-09-04", "2020-09-09"), ("cfm", "2020-09-10", None),
                             ("chs", "2020-11-10", None)):
        assert plan(secretariat_officer, body, start, end).warnings == []


def test_the_api_refuses_with_422_and_returns_warnings(secretariat_officer,
                                                       django_assert_max_num_queries):
    client = Client()
    client.force_login(get_user_model().objects.get(username="officer"))
    new = {"body": "cnc", "start": "2020-09-04", "end": "2020-09-09", "city": "Moscow"}
    assert client.post("/api/meetings", new, content_type="application/json").status_code == 201
    r = client.post("/api/meetings", {**new, "start": "2020-09-05"},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["field"] == "start"
    r = client.post("/api/meetings", {**new, "body": "cfm", "start": "2020-09-09",
                                      "end": None}, content_type="application/json")
    assert r.status_code == 201
    assert [w["other"] for w in r.json()["warnings"]] == ["cnc-2020-09-04"]
    with django_assert_max_num_queries(14):
        detail = client.get("/api/meetings/cnc-2020-09-04").json()
    assert [w["kind"] for w in detail["warnings"]] == ["organization"]


def test_the_page_and_the_commands_show_the_warnings(secretariat_officer):
    plan(secretariat_officer, "cnc", "2020-09-04", "2020-09-09")
    out, err = io.StringIO(), io.StringIO()
    call_command("meeting", "create", "--body", "cfm", "--start", "2020-09-09",
                 "--city", "Moscow", stdout=out, stderr=err)
    assert "Planned cfm-2020-09-09." in out.getvalue()
    assert "cnc-2020-09-04" in err.getvalue()
    out = io.StringIO()
    call_command("meeting", "show", "cnc-2020-09-04", stdout=out)
    assert "⚠ On the same days the Council of Foreign Ministers meets (cfm-2020-09-09" \
        in out.getvalue()
    with pytest.raises(CommandError) as refused:
        call_command("meeting", "create", "--body", "cnc", "--start", "2020-09-06",
                     "--city", "Moscow", stdout=io.StringIO())
    assert refused.value.returncode == 2
    page = Client().get("/meetings/cnc-2020-09-04/")
    assert page.status_code == 200
    assert 'data-warning="organization"' in page.content.decode()
