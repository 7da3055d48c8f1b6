"""Votes at a meeting over HTTP (`/api/meetings/{slug}/votes`), where the charter says vote;
mounted into the meetings router. Thin: parse, call one service or selector, serialize."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.meetings import models as m
from concilium.meetings import selectors, services

router = Router(tags=["votes"])


class VoteIn(Schema):
    item: int
    kind: str
    document: str
    votes: dict[str, str]
    on: str | None = None
    expected_version: int | None = None


class BallotOut(Schema):
    id: int
    document: str
    kind: str
    date: dt.date
    result: str
    rule: str
    quorum: str
    entitled: int
    present: int
    quorum_needed: int
    yes_needed: int
    votes: dict[str, str]


def _ballot(b: m.Ballot, votes: dict[str, str]) -> dict:
    t = b.tally
    return dict(id=b.pk, document=b.document.symbol, kind=b.kind, date=b.date,
                result=b.result, rule=t["rule"], quorum=t["quorum"], entitled=t["entitled"],
                present=t["present"], quorum_needed=t["quorum_needed"],
                yes_needed=t["yes_needed"], votes=votes)


@router.post("/meetings/{slug}/votes", response={201: BallotOut},
             summary="Record a vote on a document, where the charter says vote (the chair "
                     "or the secretariat)",
             description="`votes` maps state codes to yes, no, abstain or absent (a member "
                         "not named is absent). The quorum and the outcome follow the "
                         "charter's rule for the body or the document type; a body that "
                         "decides by consensus refuses (422, field `kind`).")
def record_vote(request, slug: str, payload: VoteIn):
    ballot = services.vote_record(meeting=slug, acting_user=actor_of(request), **payload.dict())
    votes = {v.state.code: v.choice for v in ballot.votes.select_related("state")}
    return Status(201, _ballot(ballot, votes))


@router.get("/meetings/{slug}/votes", response=list[BallotOut],
            summary="The votes taken at a meeting")
def list_votes(request, slug: str):
    actor = actor_of(request)
    meeting = selectors.meeting_get(slug, actor=actor)
    return [_ballot(b, {v.state.code: v.choice for v in b.votes.all()})
            for b in selectors.ballots_of(meeting, actor=actor)]
