"""Pages ask for texts in the charter's languages, and only those: an installation set up
from the CSTO's charter (Russian only) offers no English or Chinese field or filter."""

import pytest

from concilium.meetings import models as m
from concilium.scenarios import csto_2023
from concilium.web.tests.conftest import signed_in

MEETING = csto_2023.data.CFM


@pytest.fixture
def as_csto_officer(csto_officer):
    return signed_in("officer")


@pytest.mark.django_db
class TestOnlyTheCharterLanguages:
    def test_a_side_event_is_titled_in_russian_only(self, as_csto_officer):
        """The form has one title field, Russian; the title is recorded in Russian."""
        html = as_csto_officer.get(f"/meetings/{MEETING}/attendance/").content.decode()
        assert 'name="title_ru"' in html
        assert 'name="title_en"' not in html and 'name="title_zh"' not in html
        r = as_csto_officer.post(f"/meetings/{MEETING}/attendance/side-event-add", {
            "date": "2023-06-01", "format": "in_person",
            "title_ru": "Встреча министров с Президентом Беларуси",
            "title_en": "Not a language of the charter"})
        assert r.status_code == 302
        assert m.SideEvent.objects.get().titles == {
            "ru": "Встреча министров с Президентом Беларуси"}

    def test_a_side_event_without_a_russian_title_is_refused_at_the_field(
            self, as_csto_officer):
        r = as_csto_officer.post(f"/meetings/{MEETING}/attendance/side-event-add", {
            "date": "2023-06-01", "format": "in_person", "title_en": "English only"})
        assert r.status_code == 422 and 'id="titles-error"' in r.content.decode()
        assert not m.SideEvent.objects.exists()

    def test_a_free_agenda_item_is_titled_in_the_charters_language(self, as_csto_officer):
        """Typed on an English page, the title is still recorded in Russian, the one
        language the charter names."""
        r = as_csto_officer.post(f"/meetings/{MEETING}/agenda/add", {
            "title": "Разное", "decision_sought": "discuss"})
        assert r.status_code == 302
        item = m.AgendaItem.objects.filter(meeting__slug=MEETING).order_by("number").last()
        assert item.titles == {"ru": "Разное"}

    def test_the_search_page_offers_russian_only(self, as_csto_officer,
                                                 django_assert_max_num_queries):
        with django_assert_max_num_queries(12):
            html = as_csto_officer.get("/search/").content.decode()
        assert '<option value="ru"' in html
        assert '<option value="en"' not in html and '<option value="zh"' not in html

    def test_searching_in_another_language_says_which_the_charter_has(self, as_csto_officer):
        r = as_csto_officer.get("/search/", {"q": "министров", "lang": "en"})
        assert r.status_code == 422
        assert "lang" in r.content.decode() and "ru" in r.content.decode()


@pytest.mark.django_db
def test_a_meeting_is_planned_with_its_city_in_russian_only(as_csto_officer):
    """The planning form asks for the city in the charter's one language."""
    html = as_csto_officer.get("/meetings/new/").content.decode()
    assert 'name="city_ru"' in html
    assert 'name="city"' not in html and 'name="city_zh"' not in html
    r = as_csto_officer.post("/meetings/new/", {
        "body": "cfm", "start": "2023-11-22", "end": "", "format": "in_person",
        "city_ru": "Минск", "host_state": "BLR", "chair_state": "",
        "chair_override_reason": ""})
    assert r.status_code == 302
    assert m.Meeting.objects.get(start="2023-11-22").city == {"ru": "Минск"}
