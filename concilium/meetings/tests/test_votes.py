"""Votes where the charter says vote: the Union of Lake States' assembly adopts resolutions
by two thirds of the states present and voting, with more than half present; its budget by
a majority; its bureau decides by consensus and refuses a vote."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from concilium.accounts.services import user_create
from concilium.audit.models import AuditRecord
from concilium.core.errors import ValidationFailed
from concilium.documents.models import Document
from concilium.documents.services import document_create
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.minutes import minutes, render_minutes
from concilium.organization.services import organization_init_from_file
from concilium.rules.permissions import SYSTEM, Role

VOTING = Path(__file__).resolve().parents[2] / "rules" / "tests" / "voting.toml"


def resolution(symbol, doc_type="resolution", body="assembly"):
    document_create(doc_type=doc_type, body=body, titles={"en": symbol}, lang="en",
                    paragraphs=["The States agree."], symbol=symbol, acting_user=SYSTEM)
    return symbol


@pytest.fixture
def assembly(db):
    """The assembly of 2 March 2026 with three texts on its agenda, and the bureau's meeting."""
    organization_init_from_file(path=str(VOTING), acting_user=SYSTEM)
    meeting = services.meeting_create(body="assembly", start="2026-03-02", city="Lakeside",
                                      acting_user=SYSTEM)
    docs = [resolution("ULS/RES/1"), resolution("ULS/RES/2"), resolution("ULS/BUDGET", "budget")]
    services.agenda_item_add(meeting=meeting.slug, titles="Texts", decision_sought="adopt",
                             documents=docs, acting_user=SYSTEM)
    bureau = services.meeting_create(body="bureau", start="2026-03-05", city="Lakeside",
                                     acting_user=SYSTEM)
    services.agenda_item_add(meeting=bureau.slug, titles="Communique", decision_sought="approve",
                             documents=[resolution("ULS/COMM", "communique", "bureau")],
                             acting_user=SYSTEM)
    return meeting


def vote(meeting, document, **votes):
    choices = {code: choice for choice, codes in votes.items() for code in codes.split()}
    return services.vote_record(meeting=getattr(meeting, "slug", meeting), item=1,
                                kind="adopted" if "bureau" not in str(meeting) else "approved",
                                document=document, votes=choices, on="2026-03-02"
                                if "bureau" not in str(meeting) else "2026-03-05",
                                acting_user=SYSTEM)


def test_two_thirds_of_those_voting_adopt_and_the_text_is_registered(assembly):
    """4 for, 2 against of 6 members: two thirds (4) reached; the resolution is adopted."""
    ballot = vote(assembly, "ULS/RES/1", yes="ALP BOR COR DUN", no="ELV FEN")
    assert ballot.result == "adopted"
    assert (ballot.tally["rule"], ballot.tally["yes_needed"]) == ("two_thirds", 4)
    doc = Document.objects.get(symbol="ULS/RES/1")
    assert doc.status == "adopted" and doc.registry_entry.number.startswith("ULS-")
    assert ballot.decision.outcome["vote"]["yes"] == ["ALP", "BOR", "COR", "DUN"]
    assert {v.state.code: v.choice for v in ballot.votes.all()} == {
        "ALP": "yes", "BOR": "yes", "COR": "yes", "DUN": "yes", "ELV": "no", "FEN": "no"}


def test_abstentions_do_not_count_and_a_failed_vote_stays_on_record(assembly):
    """3 for, 2 against, 1 abstaining: 4 of the 5 voting are needed; rejected, recorded."""
    ballot = vote(assembly, "ULS/RES/2", yes="ALP BOR COR", no="DUN ELV", abstain="FEN")
    assert (ballot.result, ballot.decision, ballot.tally["yes_needed"]) == ("rejected", None, 4)
    assert Document.objects.get(symbol="ULS/RES/2").status == "draft"
    # Without enough states present the vote does not count at all.
    ballot = vote(assembly, "ULS/RES/2", yes="ALP BOR", no="COR")
    assert (ballot.result, ballot.tally["present"], ballot.tally["quorum_needed"]) == (
        "no_quorum", 3, 4)
    assert ballot.tally["absent"] == ["DUN", "ELV", "FEN"]


def test_a_document_types_majority_rule_wins_over_the_bodys(assembly):
    ballot = vote(assembly, "ULS/BUDGET", yes="ALP BOR COR", no="DUN ELV")
    assert (ballot.result, ballot.tally["rule"], ballot.tally["yes_needed"]) == (
        "adopted", "majority", 3)


def test_a_consensus_body_refuses_a_vote_and_nothing_is_written(assembly):
    before = (m.Ballot.objects.count(), AuditRecord.objects.count())
    with pytest.raises(ValidationFailed) as refused:
        vote("bureau-2026-03-05", "ULS/COMM", yes="ALP BOR COR DUN ELV FEN")
    assert refused.value.field == "kind"
    assert "decides Communique texts by consensus" in refused.value.message
    assert (m.Ballot.objects.count(), AuditRecord.objects.count()) == before


@pytest.mark.parametrize(("votes", "field"), [
    ({"yes": "ALP GLA"}, "votes.GLA"),  # an observer does not vote
    ({"maybe": "ALP"}, "votes.ALP"),
    ({"yes": "ZZZ"}, "votes.ZZZ"),
    ({}, "votes"),
])
def test_bad_votes_name_the_state_and_write_nothing(assembly, votes, field):
    before = (m.Ballot.objects.count(), AuditRecord.objects.count())
    with pytest.raises(ValidationFailed) as refused:
        vote(assembly, "ULS/RES/1", **votes)
    assert refused.value.field == field
    assert (m.Ballot.objects.count(), AuditRecord.objects.count()) == before


def test_the_minutes_the_api_and_the_command_show_the_votes(assembly, client):
    vote(assembly, "ULS/RES/1", yes="ALP BOR COR DUN", no="ELV", abstain="FEN")
    text = render_minutes(minutes(assembly, "en"))
    assert ("ULS/RES/1 (ULS/RES/1), adopted: adopted by vote. In favour: Alpinia, Borealia, "
            "Corvinia, Dunmark. Against: Elvania. Abstaining: Fennia. Absent: —. Present 6 of "
            "6 (quorum 4); 4 votes in favour needed.") in text
    listed = client.get(f"/api/meetings/{assembly.slug}/votes").json()
    assert listed == []  # members-only texts: the public sees no vote on them
    client.force_login(user_create(username="clerk", password="demo-pass-2020",
                                   role=Role.SECRETARIAT, acting_user=SYSTEM))
    r = client.post(f"/api/meetings/{assembly.slug}/votes", {
        "item": 1, "kind": "adopted", "document": "ULS/RES/2", "on": "2026-03-02",
        "votes": {"ALP": "yes", "BOR": "no", "COR": "no", "DUN": "abstain"}},
        content_type="application/json")
    assert r.status_code == 201 and r.json()["result"] == "rejected"
    r = client.post("/api/meetings/bureau-2026-03-05/votes", {
        "item": 1, "kind": "approved", "document": "ULS/COMM", "on": "2026-03-05",
        "votes": {"ALP": "yes"}}, content_type="application/json")
    assert r.status_code == 422 and r.json()["field"] == "kind"
    listed = client.get(f"/api/meetings/{assembly.slug}/votes").json()
    assert [(b["document"], b["result"]) for b in listed] == [
        ("ULS/RES/1", "adopted"), ("ULS/RES/2", "rejected")]
    out = io.StringIO()
    call_command("vote", "record", assembly.slug, "--item", "1", "--kind", "adopted",
                 "--document", "ULS/BUDGET", "--yes", "ALP,BOR", "--no", "COR,DUN,ELV",
                 "--on", "2026-03-02", stdout=out)
    assert "ULS/BUDGET: rejected (majority; 2 yes, 3 no" in out.getvalue()
    with pytest.raises(CommandError) as refused:
        call_command("vote", "record", "bureau-2026-03-05", "--item", "1", "--kind",
                     "approved", "--document", "ULS/COMM", "--yes", "ALP",
                     "--on", "2026-03-05", stdout=io.StringIO())
    assert refused.value.returncode == 2
    out = io.StringIO()
    call_command("vote", "list", assembly.slug, stdout=out)
    assert out.getvalue().count("\n") == 3
