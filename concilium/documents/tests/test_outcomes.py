"""What the chair records on a text: outcomes on a paragraph or the whole text, and the
paragraph opened for the screen; through the service and the API."""

import datetime as dt

import pytest
from django.test import Client

from concilium.core.errors import Conflict, Forbidden
from concilium.documents import services
from concilium.documents.models import TextOutcome
from concilium.web.sample import sample_document

SYM = "SCO/CFM/2020/DEMO"
URL = f"/api/documents/{SYM}"
DAY = dt.date(2020, 9, 10)


@pytest.fixture
def negotiation(sco):
    return sample_document()


@pytest.mark.django_db
class TestTextOutcomes:
    def test_the_chair_records_a_clean_paragraph_as_agreed(self, negotiation, russian_chair):
        """Paragraph 4 has no brackets and nobody objects: the chair records it agreed."""
        row = services.text_outcome_record(symbol=SYM, paragraph=4, kind="agreed", on=DAY,
                                           acting_user=russian_chair)
        assert row.paragraph.number == 4 and row.kind == "agreed"

    def test_an_objected_paragraph_cannot_be_agreed(self, negotiation, russian_chair):
        """Pakistan objects to paragraph 2: the refusal names Pakistan, nothing is written."""
        with pytest.raises(Conflict, match="PAK object"):
            services.text_outcome_record(symbol=SYM, paragraph=2, kind="agreed_ad_ref",
                                         on=DAY, acting_user=russian_chair)
        assert not TextOutcome.objects.exists()

    def test_a_bracketed_paragraph_cannot_be_agreed(self, negotiation, russian_chair):
        with pytest.raises(Conflict, match="bracket"):
            services.text_outcome_record(symbol=SYM, paragraph=1, kind="agreed", on=DAY,
                                         acting_user=russian_chair)

    def test_views_noted_needs_a_view(self, negotiation, russian_chair, indian_delegate):
        with pytest.raises(Conflict, match="no view to note"):
            services.text_outcome_record(symbol=SYM, paragraph=4, kind="views_noted", on=DAY,
                                         acting_user=russian_chair)
        services.position_record(symbol=SYM, state="IND", stance="view", paragraph=4,
                                 text="India reads this as non-binding.", on=DAY,
                                 acting_user=indian_delegate)
        row = services.text_outcome_record(symbol=SYM, paragraph=4, kind="views_noted",
                                           on=DAY, acting_user=russian_chair)
        assert row.kind == "views_noted"

    def test_only_the_chair_records_an_outcome(self, negotiation, indian_delegate):
        with pytest.raises(Forbidden):
            services.text_outcome_record(symbol=SYM, paragraph=4, kind="agreed", on=DAY,
                                         acting_user=indian_delegate)

    def test_through_the_api(self, negotiation, russian_chair, indian_delegate):
        chair, india = Client(), Client()
        chair.login(username="lavrov", password="demo-pass-2020")
        india.login(username="india", password="demo-pass-2020")
        r = chair.post(f"{URL}/outcomes", {"kind": "agreed", "paragraph": 6,
                                           "on": "2020-09-10"}, content_type="application/json")
        assert r.status_code == 201, r.json()
        assert india.get(f"{URL}/outcomes").json()[0]["paragraph"] == 6
        r = india.post(f"{URL}/outcomes", {"kind": "agreed", "paragraph": 6,
                                           "on": "2020-09-10"}, content_type="application/json")
        assert r.status_code == 403
        r = chair.post(f"{URL}/outcomes", {"kind": "adopted", "on": "2020-09-10"},
                       content_type="application/json")
        assert r.status_code == 422 and r.json()["field"] == "kind"


@pytest.mark.django_db
class TestTheChairsFocus:
    def test_the_chair_opens_a_paragraph(self, negotiation, russian_chair, indian_delegate):
        chair, india = Client(), Client()
        chair.login(username="lavrov", password="demo-pass-2020")
        india.login(username="india", password="demo-pass-2020")
        assert india.get(f"{URL}/focus").json() == {"paragraph": None, "set_by": "",
                                                   "created_at": None}
        r = chair.post(f"{URL}/focus", {"paragraph": 3, "on": "2020-09-10"},
                       content_type="application/json")
        assert r.status_code == 200 and r.json()["paragraph"] == 3
        assert india.get(f"{URL}/focus").json()["paragraph"] == 3
        assert india.post(f"{URL}/focus", {"paragraph": 2, "on": "2020-09-10"},
                          content_type="application/json").status_code == 403
