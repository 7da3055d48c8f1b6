"""Votes at meetings, where the charter says vote (`rules.voting`).

A body whose charter rule (or whose document type's rule) is a majority or two thirds
decides a text by a recorded vote: each member state entitled on the day votes yes, no or
abstains, or is absent; the quorum is checked and the outcome derived by the rule. A body
that decides by consensus refuses a vote. The ballot is written whatever its result; only an
adopted vote writes the decision, through the same pipeline table and gates as a decision by
consensus.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.meetings import models as m
from concilium.meetings.services.common import MEETING, bump, document_for_write, meeting_for_write
from concilium.meetings.services.decisions import (
    NOT_ON_ITEM,
    REFUSED_BY_CHARTER,
    _day,
    _item,
    _kind,
    _open_for_decisions,
    write_decision,
)
from concilium.meetings.services.gates import gates
from concilium.meetings.services.pipeline import context
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import pipeline, voting
from concilium.rules.charter import DecisionRuleKind
from concilium.rules.permissions import Actor

CONSENSUS_BODY = _(
    "kind: the {body} decides {type} texts by consensus under the charter, without a vote; "
    "record the decision instead (the chair's desk, or /api/meetings/{{slug}}/decisions).")
NOTHING_TO_VOTE = _("kind: a vote decides a text: '{value}' does not.")
VOTES_REQUIRED = _("votes: give each state's vote (yes, no, abstain or absent).")
BAD_CHOICE = _("votes.{code}: '{value}' is not one of yes, no, abstain, absent.")
NOT_ENTITLED = _("votes.{code}: {code} is not a member state on {day}; only members vote.")

#: The steps a vote may decide: those that say a body agrees a text.
VOTABLE = pipeline.NEEDS_CONSENSUS - {pipeline.Step.OPEN_SILENCE}


def rule_for(body_slug: str, type_slug: str, ch=None) -> DecisionRuleKind | None:
    """The charter's voting rule for this body and document type; None: consensus. `ch`
    is the charter when the caller has read it already (a page asking for many types)."""
    ch = ch or org.charter()
    type_rule = ch.document_type(type_slug).rule if ch.has_document_type(type_slug) else None
    return voting.voting_rule(ch.body(body_slug).rule, type_rule)


def _choices(votes, members: list[str], day) -> dict[str, voting.Choice]:
    if not isinstance(votes, dict) or not votes:
        raise ValidationFailed(VOTES_REQUIRED, field="votes")
    out = {}
    for raw, value in votes.items():
        code = org.state_for_input(raw, field=f"votes.{raw}").code
        if code not in members:
            raise ValidationFailed(NOT_ENTITLED, field=f"votes.{raw}", code=code, day=day)
        try:
            out[code] = voting.Choice(str(value).strip().lower())
        except ValueError:
            raise ValidationFailed(BAD_CHOICE, field=f"votes.{raw}", code=code,
                                   value=value) from None
    return out


@transaction.atomic
def vote_record(*, meeting: str, item: int, kind: str, document: str, votes: dict,
                on=None, expected_version=None, acting_user: Actor) -> m.Ballot:
    """Record a vote on one document of an agenda item and derive its outcome.

    `votes` maps state codes to yes, no, abstain or absent; a member not named is absent.
    The chair (or the secretariat) records it. Refused, writing nothing, where the body and
    the document type decide by consensus, where the step is not the body's, or where a gate
    (the charter's path, the official languages) is closed.
    """
    row = meeting_for_write(meeting)
    _open_for_decisions(row, acting_user)
    agenda_item = _item(row, item)
    step = _kind(kind)
    if step not in VOTABLE:
        raise ValidationFailed(NOTHING_TO_VOTE, field="kind", value=kind)
    day = _day(row, on)
    doc = document_for_write(document)
    if not agenda_item.documents.filter(pk=doc.pk).exists():
        raise ValidationFailed(NOT_ON_ITEM, field="document", symbol=doc.symbol,
                               number=agenda_item.number, slug=row.slug)
    rule = rule_for(row.body.slug, doc.doc_type.slug)
    if rule is None:
        raise ValidationFailed(CONSENSUS_BODY, field="kind", body=row.body.name(),
                               type=doc.doc_type.name())
    members = org.member_codes_on(day)
    choices = _choices(votes, members, day)
    try:
        pipeline.check(step, doc.status, context(row.body, doc))
    except pipeline.PipelineRefused as refusal:
        raise ValidationFailed(REFUSED_BY_CHARTER, field="kind", symbol=doc.symbol,
                               reason=str(refusal)) from None
    excepted = gates(doc, row.body, step)
    check_version(row, expected_version, kind=MEETING)
    ch = org.charter()
    quorum = ch.body(row.body.slug).quorum or ch.decisions.quorum
    counted = voting.tally(entitled=members, votes=choices, rule=rule, quorum=quorum)
    summary = counted.as_dict()
    decision = None
    if counted.result is voting.Result.ADOPTED:
        decision = write_decision(
            meeting=row, item=agenda_item, doc=doc, step=step, kind=step.value, day=day,
            outcome=None, package=None, actor=acting_user, body=row.body,
            extra={"vote": summary, **({"exceptions": excepted} if excepted else {})})
    ballot = m.Ballot.objects.create(
        meeting=row, agenda_item=agenda_item, document=doc, kind=step.value, date=day,
        result=counted.result.value, tally=summary, decision=decision,
        recorded_by=acting_user.username)
    states = {s.code: s for s in om.State.objects.filter(code__in=list(counted.votes))}
    m.BallotVote.objects.bulk_create([
        m.BallotVote(ballot=ballot, state=states[code], choice=choice.value)
        for code, choice in counted.votes.items()])
    bump(row)
    record_change(actor=acting_user, action=Action.VOTE_RECORD, target_type="ballot",
                  target_id=ballot.pk, topic=row.topic,
                  summary={"meeting": row.slug, "item": agenda_item.number,
                           "document": doc.symbol, "kind": step.value, "date": day,
                           **summary})
    return ballot
