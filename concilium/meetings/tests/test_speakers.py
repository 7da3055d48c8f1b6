"""The list of speakers: India asks for the floor for India only; the Russian chair gives it
and closes it; the list is read by anyone following the meeting."""

import pytest
from django.test import Client

from concilium.core.errors import Conflict, Forbidden
from concilium.meetings import services
from concilium.meetings.models import FloorRequest
from concilium.meetings.tests import scenario


@pytest.fixture
def cfm(secretariat_officer, russian_chair, indian_delegate, pakistani_delegate):
    _cnc, cfm, _chs = scenario.plan_2020(secretariat_officer)
    services.agenda_item_add(meeting=cfm.slug, titles={"en": "International situation"},
                             decision_sought="discuss", acting_user=secretariat_officer)
    return cfm


def signed_in(username):
    client = Client()
    assert client.login(username=username, password="demo-pass-2020")
    return client


@pytest.mark.django_db
class TestTheListOfSpeakers:
    def test_a_delegate_asks_for_the_floor_for_its_own_state_only(self, cfm, indian_delegate):
        row = services.floor_request(meeting=cfm.slug, item=1, state="IND",
                                     acting_user=indian_delegate)
        assert row.state.code == "IND" and row.status == "waiting"
        with pytest.raises(Forbidden, match="you may not ask for the floor for PAK"):
            services.floor_request(meeting=cfm.slug, item=1, state="PAK",
                                   acting_user=indian_delegate)
        with pytest.raises(Conflict, match="already on the list"):
            services.floor_request(meeting=cfm.slug, item=1, state="IND",
                                   acting_user=indian_delegate)
        assert FloorRequest.objects.count() == 1

    def test_the_chair_gives_the_floor_and_the_previous_turn_ends(
            self, cfm, indian_delegate, pakistani_delegate, russian_chair):
        services.floor_request(meeting=cfm.slug, item=1, state="IND", acting_user=indian_delegate)
        services.floor_request(meeting=cfm.slug, item=1, state="PAK",
                               acting_user=pakistani_delegate)
        with pytest.raises(Forbidden):
            services.floor_give(meeting=cfm.slug, item=1, state="IND",
                                acting_user=indian_delegate)
        services.floor_give(meeting=cfm.slug, item=1, state="IND", acting_user=russian_chair)
        services.floor_give(meeting=cfm.slug, item=1, state="PAK", acting_user=russian_chair)
        statuses = dict(FloorRequest.objects.values_list("state__code", "status"))
        assert statuses == {"IND": "done", "PAK": "speaking"}
        services.floor_close(meeting=cfm.slug, item=1, acting_user=russian_chair)
        with pytest.raises(Conflict, match="nobody has the floor"):
            services.floor_close(meeting=cfm.slug, item=1, acting_user=russian_chair)

    def test_a_delegate_withdraws_before_speaking(self, cfm, indian_delegate):
        services.floor_request(meeting=cfm.slug, item=1, state="IND", acting_user=indian_delegate)
        services.floor_withdraw(meeting=cfm.slug, item=1, state="IND",
                                acting_user=indian_delegate)
        assert FloorRequest.objects.get().status == "withdrawn"

    def test_through_the_api(self, cfm):
        india, chair = signed_in("india"), signed_in("lavrov")
        url = f"/api/meetings/{cfm.slug}/agenda/1/speakers"
        r = india.post(url, {"state": "IND"}, content_type="application/json")
        assert r.status_code == 201 and r.json()["state"] == "IND"
        r = india.post(url, {"state": "PAK"}, content_type="application/json")
        assert r.status_code == 403 and r.json()["field"] == "state"
        assert chair.post(url + "/give", {"state": "IND"},
                          content_type="application/json").json()["status"] == "speaking"
        assert [s["status"] for s in Client().get(url).json()] == ["speaking"]
        assert india.post(url + "/close", {}, content_type="application/json").status_code == 403
        r = india.post(f"/api/meetings/{cfm.slug}/agenda/9/speakers", {"state": "IND"},
                       content_type="application/json")
        assert r.status_code == 422 and r.json()["field"] == "item"
