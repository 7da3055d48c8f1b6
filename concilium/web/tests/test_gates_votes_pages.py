"""The pages for the gates before an agreement and for votes.

Exceptions and waivers: at the 2020 summit the Secretariat officer records, in a page, that
the declaration may be adopted without the ministers' step, and waives Chinese for it; the
Indian delegate sees what was recorded, with the buttons disabled and the reason; bad input
is answered at the field with nothing written. Votes: the Union of Lake States' assembly
votes in a page (two thirds of those present and voting); its bureau decides by consensus
and the page says so; an observer's vote is refused at its row. Each page costs the same
queries however many documents it lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from concilium.accounts.services import user_create
from concilium.audit.models import AuditRecord
from concilium.documents.models import Document
from concilium.documents.services import document_create
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.tests import scenario
from concilium.organization.services import organization_init_from_file
from concilium.rules.permissions import SYSTEM, Role

DECL = "SCO/CHS/2020/DECL"
VOTING = Path(__file__).resolve().parents[2] / "rules" / "tests" / "voting.toml"


def written() -> tuple[int, int, int]:
    return (m.RuleException.objects.count(), m.Ballot.objects.count(),
            AuditRecord.objects.count())


@pytest.fixture
def summit(secretariat_officer, russian_chair):
    """The coordinators agreed the drafts; the ministers never took up the declaration; the
    heads of state have it on their agenda."""
    return scenario.summit_without_the_ministers(secretariat_officer, russian_chair)


@pytest.mark.django_db
class TestExceptionsAndWaivers:
    def test_the_officer_sets_the_ministers_step_aside_with_a_reason(self, as_officer, summit):
        page = f"/meetings/{summit.slug}/exceptions/"
        html = as_officer.get(page).content.decode()
        assert ("Council of National Coordinators → Council of Foreign Ministers → Council "
                "of Heads of State") in html
        assert '<option value="cfm">Council of Foreign Ministers</option>' in html
        r = as_officer.post(page, {"form": "ladder", "document": DECL, "body": "cfm",
                                   "reason": "The ministers did not meet before the summit."})
        assert r.status_code == 302 and r["Location"] == page
        [x] = m.RuleException.objects.all()
        assert (x.rule, x.subject, x.recorded_by) == ("ladder", "cfm", "officer")
        html = as_officer.get(page).content.decode()
        assert "Step set aside: Council of Foreign Ministers" in html
        assert "The ministers did not meet before the summit." in html
        r = as_officer.post(page, {"form": "languages", "document": DECL, "lang": "zh",
                                   "reason": "The Chinese text follows after the summit."})
        assert r.status_code == 302
        assert "Language waived: Chinese" in as_officer.get(page).content.decode()

    @pytest.mark.parametrize(("form", "field"), [
        ({"form": "ladder", "body": "cfm", "reason": "  "}, "reason"),
        ({"form": "ladder", "body": "chs", "reason": "r"}, "body"),
        ({"form": "languages", "lang": "fr", "reason": "r"}, "lang"),
    ])
    def test_bad_input_is_answered_at_the_field_and_nothing_is_written(
            self, as_officer, summit, form, field):
        before = written()
        r = as_officer.post(f"/meetings/{summit.slug}/exceptions/", {"document": DECL, **form})
        html = r.content.decode()
        assert r.status_code == 422
        assert f'id="{form["form"]}-{field}-error"' in html and "Nothing was saved." in html
        assert f'aria-describedby="{form["form"]}-{field}-error"' in html
        assert written() == before

    def test_the_indian_delegate_sees_why_and_cannot_record(self, as_india, summit,
                                                            secretariat_officer):
        services.ladder_exception_record(document=DECL, body="cfm", reason="No meeting.",
                                         acting_user=secretariat_officer)
        page = f"/meetings/{summit.slug}/exceptions/"
        html = as_india.get(page).content.decode()
        assert "Only the secretariat records an exception to a rule." in html
        assert "No meeting." in html
        assert html.count('disabled aria-describedby="exceptions-refusal"') == 2
        before = written()
        r = as_india.post(page, {"form": "languages", "document": DECL, "lang": "zh",
                                 "reason": "India says so"})
        assert r.status_code == 403 and written() == before

    def test_the_mongolian_observer_sees_no_members_only_draft_nor_its_reasons(
            self, as_observer, summit, secretariat_officer):
        services.ladder_exception_record(document=DECL, body="cfm", reason="No meeting.",
                                         acting_user=secretariat_officer)
        for page in (f"/meetings/{summit.slug}/exceptions/", f"/meetings/{summit.slug}/votes/"):
            r = as_observer.get(page)
            html = r.content.decode()
            assert r.status_code == 200
            assert DECL not in html and "No meeting." not in html

    def test_reachable_from_the_meeting_page_and_the_desk(self, as_officer, as_chair, summit):
        link = f'href="/meetings/{summit.slug}/exceptions/"'
        assert link in as_officer.get(f"/meetings/{summit.slug}/").content.decode()
        assert link in as_chair.get(f"/chair/meeting/{summit.slug}/").content.decode()

    def test_an_unknown_meeting_is_not_found(self, as_officer, sco):
        assert as_officer.get("/meetings/chs-1999-01-01/exceptions/").status_code == 404

    def test_the_page_costs_the_same_for_more_documents(
            self, as_officer, summit, secretariat_officer, django_assert_max_num_queries):
        page = f"/meetings/{summit.slug}/exceptions/"
        with django_assert_max_num_queries(40) as few:
            as_officer.get(page)
        first = len(few.captured_queries)
        for n in range(4):
            symbol = f"SCO/CHS/2020/STAT-X{n}"
            scenario.draft(secretariat_officer, symbol, "statement", f"Statement {n}")
            services.agenda_item_add(meeting=summit.slug, titles=f"Item {n}",
                                     decision_sought="adopt", documents=[symbol],
                                     acting_user=secretariat_officer)
            services.language_waiver_record(document=symbol, lang="zh", reason="later",
                                            acting_user=secretariat_officer)
        with django_assert_max_num_queries(first):
            html = as_officer.get(page).content.decode()
        assert html.count("Language waived:") == 4

    def test_the_page_speaks_russian_and_chinese(self, as_officer, summit):
        for lang, words in (("ru", "Исключения и отказы"), ("zh-hans", "例外与豁免")):
            as_officer.cookies["django_language"] = lang
            html = as_officer.get(f"/meetings/{summit.slug}/exceptions/").content.decode()
            assert words in html


# --- votes ------------------------------------------------------------------------------------


def _resolution(symbol, doc_type="resolution", body="assembly"):
    document_create(doc_type=doc_type, body=body, titles={"en": symbol}, lang="en",
                    paragraphs=["The States agree."], symbol=symbol, acting_user=SYSTEM)
    return symbol


@pytest.fixture
def assembly(db):
    """The Union of Lake States' assembly of 2 March 2026 with two resolutions on its agenda,
    the bureau's meeting (consensus), and the union's clerk (the secretariat)."""
    organization_init_from_file(path=str(VOTING), acting_user=SYSTEM)
    meeting = services.meeting_create(body="assembly", start="2026-03-02", city="Lakeside",
                                      acting_user=SYSTEM)
    services.agenda_item_add(meeting=meeting.slug, titles="Texts", decision_sought="adopt",
                             documents=[_resolution("ULS/RES/1"), _resolution("ULS/RES/2")],
                             acting_user=SYSTEM)
    bureau = services.meeting_create(body="bureau", start="2026-03-05", city="Lakeside",
                                     acting_user=SYSTEM)
    services.agenda_item_add(meeting=bureau.slug, titles="Communique",
                             decision_sought="approve",
                             documents=[_resolution("ULS/COMM", "communique", "bureau")],
                             acting_user=SYSTEM)
    return meeting


def _clerk() -> Client:
    user_create(username="clerk", password="demo-pass-2020", role=Role.SECRETARIAT,
                acting_user=SYSTEM)
    client = Client()
    assert client.login(username="clerk", password="demo-pass-2020")
    return client


def _ballot(document, **votes) -> dict:
    return {"item": "1", "kind": "adopted", "document": document, "expected_version": "",
            **{f"vote-{code}": choice for choice, codes in votes.items()
               for code in codes.split()}}


@pytest.mark.django_db
class TestVotes:
    def test_the_clerk_records_a_two_thirds_vote_and_the_resolution_is_adopted(self, assembly):
        clerk = _clerk()
        page = f"/meetings/{assembly.slug}/votes/"
        html = clerk.get(page).content.decode()
        assert "Decided by two thirds of the states present and voting." in html
        assert 'name="vote-ALP"' in html and 'name="vote-GLA"' not in html  # members only
        r = clerk.post(page, _ballot("ULS/RES/1", yes="ALP BOR COR DUN", no="ELV",
                                     abstain="FEN"))
        assert r.status_code == 302 and r["Location"] == page
        [ballot] = m.Ballot.objects.all()
        assert ballot.result == "adopted"
        assert Document.objects.get(symbol="ULS/RES/1").status == "adopted"
        html = clerk.get(page).content.decode()
        assert 'data-ballot="ULS/RES/1"' in html and "adopted by vote" in html
        assert "present 6 of 6 (quorum 4); 4 in favour needed" in html
        # Adopted, the resolution offers no further vote, and says why.
        assert "Not possible now: The document is adopted: no decision on it can be voted now." \
            in html

    def test_an_observers_vote_is_refused_at_its_row_and_nothing_is_written(self, assembly):
        clerk = _clerk()
        before = written()
        r = clerk.post(f"/meetings/{assembly.slug}/votes/",
                       _ballot("ULS/RES/1", yes="ALP GLA"))
        html = r.content.decode()
        assert r.status_code == 422 and "Nothing was saved." in html
        assert "votes.GLA: GLA is not a member state" in html
        assert 'value="yes" id="v-1-ALP-yes" aria-label="Alpinia: yes" checked' in html
        assert written() == before

    def test_a_consensus_body_offers_no_vote_and_says_why(self, assembly):
        html = _clerk().get("/meetings/bureau-2026-03-05/votes/").content.decode()
        assert "decides texts of this type by consensus under the charter, without a vote" \
            in html
        assert 'name="vote-ALP"' not in html

    def test_the_indian_delegate_sees_the_sco_decides_by_consensus(self, as_india, summit):
        html = as_india.get(f"/meetings/{summit.slug}/votes/").content.decode()
        assert "by consensus under the charter" in html
        assert "Only the chair" in html  # and why it could record nothing anyway

    def test_the_votes_page_is_reachable_from_the_meeting_page_and_the_desk(self, as_chair,
                                                                            summit):
        link = f'href="/meetings/{summit.slug}/votes/"'
        assert link in as_chair.get(f"/meetings/{summit.slug}/").content.decode()
        assert link in as_chair.get(f"/chair/meeting/{summit.slug}/").content.decode()

    def test_the_page_costs_the_same_for_more_documents_and_ballots(
            self, assembly, django_assert_max_num_queries):
        clerk = _clerk()
        page = f"/meetings/{assembly.slug}/votes/"

        def ballot(symbol):
            services.vote_record(meeting=assembly.slug, item=1, kind="adopted",
                                 document=symbol, votes={"ALP": "yes", "BOR": "no"},
                                 on="2026-03-02", acting_user=SYSTEM)
        ballot("ULS/RES/1")
        with django_assert_max_num_queries(40) as few:
            clerk.get(page)
        first = len(few.captured_queries)
        docs = [_resolution(f"ULS/RES/{n}") for n in range(3, 7)]
        services.agenda_item_add(meeting=assembly.slug, titles="More", decision_sought="adopt",
                                 documents=docs, acting_user=SYSTEM)
        ballot("ULS/RES/2")
        with django_assert_max_num_queries(first):
            html = clerk.get(page).content.decode()
        assert html.count("data-ballot=") == 2 and html.count('aria-label="Alpinia: yes"') == 6

    def test_the_page_speaks_russian_and_chinese(self, assembly):
        clerk = _clerk()
        for lang, words in (("ru", "Голосования"), ("zh-hans", "表决")):
            clerk.cookies["django_language"] = lang
            html = clerk.get(f"/meetings/{assembly.slug}/votes/").content.decode()
            assert words in html
