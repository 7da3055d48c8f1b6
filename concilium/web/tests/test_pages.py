"""The pages: who sees what, what the forms do, and how many queries each page costs."""

import re

import pytest
from django.urls import reverse

from concilium.documents import services
from concilium.documents.models import Position, Proposal
from concilium.web.sample import SESSION_DAY, sample_document

ROOM = "/room/SCO/CFM/2020/DEMO"
SYMBOL = "SCO/CFM/2020/DEMO"
ON = "on=2020-09-10"


@pytest.mark.django_db
class TestSigningIn:
    def test_login_page_has_labelled_fields(self, client, sco):
        """The login form labels both fields, for screen readers and phones alike."""
        html = client.get("/login/").content.decode()
        assert 'for="id_username"' in html and 'for="id_password"' in html

    def test_sign_in_and_out(self, client, indian_delegate):
        """A delegate signs in with a password, and signs out with a POST (not a link)."""
        response = client.post("/login/", {"username": "india", "password": "demo-pass-2020"})
        assert response.status_code == 302
        assert "india" in client.get("/").content.decode()
        assert client.get("/logout/").status_code == 405
        assert client.post("/logout/").status_code == 302
        assert "india" not in client.get("/").content.decode()


@pytest.mark.django_db
class TestDashboardAndOrganization:
    def test_dashboard_shows_presidency_progress_and_pipeline(self, as_officer, negotiation):
        """The dashboard names the presidency, shows each negotiation's progress as a bar with
        a text legend, and the pipeline board's three councils."""
        html = as_officer.get("/?on=2020-09-10").content.decode()
        assert "Russia" in html
        assert "SCO/CFM/2020/DEMO" in html
        assert "2 agreed" in html and "3 bracketed" in html and "1 objected to" in html
        assert "Council of National Coordinators" in html
        assert "Council of Heads of State" in html

    def test_dashboard_query_count_does_not_grow(self, as_officer, sco,
                                                 django_assert_max_num_queries):
        """The dashboard costs the same number of queries for one short or two long documents."""
        sample_document(symbol="A/1", paragraphs=3)
        with django_assert_max_num_queries(25) as few:
            as_officer.get("/")
        sample_document(symbol="A/2", paragraphs=40)
        sample_document(symbol="A/3", paragraphs=40)
        with django_assert_max_num_queries(len(few.captured_queries)):
            as_officer.get("/")

    def test_members_only_documents_are_not_on_an_observers_dashboard(self, as_observer,
                                                                       negotiation):
        assert SYMBOL not in as_observer.get("/").content.decode()

    def test_organization_on_a_date(self, client, sco):
        """Members on a date; the presidency timeline marks departures from the rotation with
        their reason."""
        html = client.get("/organization/?on=2016-01-01").content.decode()
        assert "India" not in html.split("Observer state")[0]  # India joined in 2017
        html = client.get("/organization/?on=2020-09-10").content.decode()
        assert "India" in html.split("Observer state")[0]
        assert "from one summit to the next" in html and "names in russian" in html
        assert "Presidency timeline" in html

    def test_a_bad_date_is_explained(self, client, sco):
        response = client.get("/organization/?on=10.09.2020")
        assert response.status_code == 422
        assert "YYYY-MM-DD" in response.content.decode()


@pytest.mark.django_db
class TestNegotiationRoom:
    def test_observers_and_the_public_get_not_found(self, client, as_observer, negotiation):
        """A members-only document is 'not found' for those who may not read it."""
        assert client.get(ROOM).status_code == 404
        assert as_observer.get(ROOM).status_code == 404
        assert as_observer.get(f"/fragment/text/{SYMBOL}").status_code == 404

    def test_the_room_highlights_brackets_and_options(self, as_india, negotiation):
        html = as_india.get(f"{ROOM}?lang=en&lang2=ru&{ON}").content.decode()
        assert '<mark class="bracket">' in html and '<mark class="options">' in html
        assert 'lang="ru"' in html and "Министры" in html

    def test_a_delegates_form_offers_only_their_own_state(self, as_india, negotiation):
        html = as_india.get(f"/act/{SYMBOL}?paragraph=1&{ON}").content.decode()
        assert 'name="state" value="IND"' in html
        assert "PAK" not in html and "<select id=\"state-" not in html

    def test_a_delegate_proposes_an_amendment(self, as_india, negotiation):
        response = as_india.post(f"/propose/{SYMBOL}", {
            "kind": "replace", "paragraph": "2", "lang": "en", "text": "A better text.",
            "expected_version": negotiation.version}, HTTP_HX_REQUEST="true")
        assert response.status_code == 204
        proposal = Proposal.objects.get()
        assert proposal.state.code == "IND" and proposal.created_by == "india"

    def test_a_delegate_cannot_act_for_another_state(self, as_india, negotiation):
        """A hand-made request naming Pakistan is refused by the service; nothing changes."""
        before = Position.objects.count()
        response = as_india.post(f"/position/{SYMBOL}", {
            "state": "PAK", "stance": "agree", "paragraph": "2", "on": "2020-09-10"})
        assert response.status_code == 403
        response = as_india.post(f"/propose/{SYMBOL}", {
            "state": "PAK", "kind": "delete", "paragraph": "2"})
        assert response.status_code == 403
        assert Position.objects.count() == before and not Proposal.objects.exists()

    def test_the_chair_accepts_a_proposal(self, as_india, as_chair, negotiation):
        as_india.post(f"/propose/{SYMBOL}", {"kind": "replace", "paragraph": "2", "lang": "en",
                                             "text": "A better text."})
        proposal = Proposal.objects.get()
        html = as_chair.get(f"{ROOM}?{ON}").content.decode()
        assert 'value="accept"' in html
        response = as_chair.post(f"/decide/{SYMBOL}", {
            "proposal": proposal.pk, "decision": "accept", "on": "2020-09-10"})
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == "accepted"
        assert "A better text." in as_chair.get(f"{ROOM}?{ON}").content.decode()

    def test_a_delegate_sees_no_accept_button(self, as_india, negotiation):
        as_india.post(f"/propose/{SYMBOL}", {"kind": "delete", "paragraph": "2"})
        html = as_india.get(f"{ROOM}?{ON}").content.decode()
        assert 'value="accept"' not in html and 'value="withdraw"' in html

    def test_the_consensus_box_lists_each_category_apart(self, as_india, negotiation,
                                                         secretariat_officer):
        """Agreeing, with a view, not participating, objecting and silent are shown apart:
        a member that has not spoken on the whole text is silent, not a supporter."""
        for code in ("CHN", "RUS"):
            services.position_record(symbol=SYMBOL, state=code, stance="agree",
                                     on=SESSION_DAY, acting_user=secretariat_officer)
        services.position_record(symbol=SYMBOL, state="IND", stance="view",
                                 text="India reads the text as non-binding.", on=SESSION_DAY,
                                 acting_user=secretariat_officer)
        html = as_india.get(f"/fragment/consensus/{SYMBOL}?{ON}").content.decode()
        shown = dict(re.findall(r'<dd data-category="(\w+)">([^<]*)</dd>', html))
        assert shown == {"agreeing": "CHN, RUS", "with_view": "IND",
                         "not_participating": "—", "objecting": "PAK",
                         "silent": "KAZ, KGZ, TJK, UZB"}
        assert "Silent (not yet heard)" in html and "Supporting" not in html

    def test_an_error_is_shown_beside_the_form(self, as_india, negotiation):
        response = as_india.post(f"/propose/{SYMBOL}", {"kind": "replace", "paragraph": "99"},
                                 HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "errors" in response.content.decode()

    def test_room_queries_do_not_grow_with_the_document(self, as_officer, sco,
                                                        django_assert_max_num_queries):
        """The room of a 3-paragraph and of a 60-paragraph text cost the same queries."""
        sample_document(symbol="S/1", paragraphs=3)
        sample_document(symbol="S/2", paragraphs=60)
        with django_assert_max_num_queries(40) as small:
            as_officer.get(f"/room/S/1?{ON}")
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert as_officer.get(f"/room/S/2?{ON}").status_code == 200

    def test_redline_between_versions(self, as_india, as_chair, negotiation):
        as_india.post(f"/propose/{SYMBOL}", {"kind": "amend", "paragraph": "2", "lang": "en",
                                             "span": "reaffirmed", "text": "restated"})
        as_chair.post(f"/decide/{SYMBOL}", {"proposal": Proposal.objects.get().pk,
                                            "decision": "accept", "on": "2020-09-10"})
        html = as_india.get(f"/redline/{SYMBOL}?from=0&to=1&lang=en").content.decode()
        assert "<del>reaffirmed</del>" in html and "<ins>restated</ins>" in html


@pytest.mark.django_db
class TestLanguages:
    def test_switching_to_russian_and_chinese(self, client, sco):
        """The language switch posts to Django's set_language; headings follow."""
        client.post(reverse("set_language"), {"language": "ru", "next": "/"})
        assert "Председательство" in client.get("/").content.decode()
        client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
        assert "主席国" in client.get("/").content.decode()
