"""The chair's writes from the room: a compromise tabled as the presidency."""

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
