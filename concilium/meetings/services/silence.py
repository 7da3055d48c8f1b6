"""Silence procedures: the chair circulates a clean text until a deadline; unbroken, it is
adopted on the deadline's day; broken by a member, it returns to negotiation.

The decisions these write have no meeting; they go through the same `write_decision` as
those taken at meetings, so the pipeline table and the registry treat them alike. A text is
put under silence only once it has climbed the charter's ladder to the approving body and
is whole in every official language (`gates`); a broken silence stands until the state
that broke it states a new position, so it cannot end in adoption.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.core.services import record_change
from concilium.documents import models as dm
from concilium.documents.selectors import document_consensus
from concilium.documents.services import document_status_follow
from concilium.meetings import models as m
from concilium.meetings.services.common import (
    ONLY_PLANNERS,
    document_for_write,
    require,
    state_or_none,
)
from concilium.meetings.services.decisions import NOT_AGREED, write_decision
from concilium.meetings.services.gates import gates
from concilium.meetings.wording import why_not_agreed
from concilium.organization import selectors as org
from concilium.rules import pipeline
from concilium.rules.permissions import (
    Actor,
    acts_on_behalf,
    may_act_for_state,
    may_chair,
    may_plan_meetings,
)

ONLY_CHAIR_SILENCE = _(
    "Only the chair of the {body} ({state}) or the secretariat opens a silence procedure.")
ONLY_OWN_STATE = _("state: you speak for {own}; you may not break silence for {state}.")
DEADLINE_REQUIRED = _("{field}: give an ISO date and time, e.g. 2020-10-04T09:00+00:00.")
NO_OPEN_SILENCE = _("document: '{symbol}' is not under a silence procedure.")
SILENCE_OVER = _("deadline: the silence procedure on '{symbol}' ended at {deadline}.")
REASON_REQUIRED = _("reason: say what the objection or the amendment is.")
BREAK_KIND = _("kind: '{value}' is not one of objection, amendment.")
NOT_A_MEMBER = _("state: {code} is not a member state on {day}; only members break silence.")


def _deadline(value, field: str = "deadline") -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationFailed(DEADLINE_REQUIRED, field=field) from None
    if not isinstance(value, dt.datetime):
        raise ValidationFailed(DEADLINE_REQUIRED, field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


@transaction.atomic
def silence_open(*, document: str, deadline, acting_user: Actor,
                 now: dt.datetime | None = None) -> m.SilenceProcedure:
    """The chair circulates a clean text under silence until a deadline the charter allows."""
    now = now or timezone.now()
    doc = document_for_write(document)
    body = doc.doc_type.approved_by or doc.approving_body
    chair = org.chair_of(body, now.date())
    code = chair.state.code if chair.state else None
    if not may_chair(acting_user, code):
        raise Forbidden(ONLY_CHAIR_SILENCE, body=body.short("en"), state=code or "-")
    deadline = _deadline(deadline)
    rules = org.charter().decisions
    ctx = pipeline.Context(body=body.slug, approver=body.slug,
                           silence_allowed=rules.silence_allowed,
                           silence_minimum_hours=rules.silence_minimum_hours,
                           silence_hours=(deadline - now).total_seconds() / 3600)
    try:
        pipeline.check(pipeline.Step.OPEN_SILENCE, doc.status, ctx)
    except pipeline.PipelineRefused as refusal:
        raise ValidationFailed(str(refusal), field="deadline") from None
    gates(doc, body, pipeline.Step.OPEN_SILENCE)
    dc = document_consensus(doc, on=now.date(), in_procedure=True)
    if not dc.outcome.adopted:
        raise Conflict(NOT_AGREED, field="document", symbol=doc.symbol,
                       step=pipeline.STEP_LABELS[pipeline.Step.OPEN_SILENCE],
                       reasons=why_not_agreed(dc, org.state_names("en")))
    procedure = m.SilenceProcedure.objects.create(
        document=doc, opened_by=acting_user.username, opened_at=now, deadline=deadline,
        chair_state=chair.state)
    document_status_follow(document=doc, status=dm.DocumentStatus.SILENCE,
                           acting_user=acting_user)
    record_change(actor=acting_user, action=Action.SILENCE_OPEN, target_type="silence",
                  target_id=procedure.pk, topic=doc.topic, audience=doc.classification,
                  summary={"document": doc.symbol, "deadline": deadline.isoformat()})
    return procedure


@transaction.atomic
def silence_break(*, document: str, state: str, reason: str, kind: str = "objection",
                  acting_user: Actor, now: dt.datetime | None = None) -> m.SilenceProcedure:
    """A member breaks silence before the deadline; the text returns to negotiation.

    A delegate breaks it for their own state only; the secretariat may on a state's behalf.
    """
    now = now or timezone.now()
    code = (state or "").strip().upper()
    if not may_act_for_state(acting_user, code):
        raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                        state=state)
    state_row = state_or_none(code, "state")
    if state_row is None:
        raise ValidationFailed(org.UNKNOWN_STATE, field="state", code=state)
    if code not in org.member_codes_on(now.date()):
        raise ValidationFailed(NOT_A_MEMBER, field="state", code=code, day=now.date())
    if kind not in ("objection", "amendment"):
        raise ValidationFailed(BREAK_KIND, field="kind", value=kind)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(REASON_REQUIRED, field="reason")
    doc = document_for_write(document)
    procedure = (m.SilenceProcedure.objects.select_for_update()
                 .filter(document=doc, status=m.SilenceStatus.OPEN).first())
    if procedure is None:
        raise Conflict(NO_OPEN_SILENCE, field="document", symbol=doc.symbol)
    if now >= procedure.deadline:
        raise Conflict(SILENCE_OVER, field="deadline", symbol=doc.symbol,
                       deadline=procedure.deadline.isoformat())
    decision = write_decision(
        meeting=None, item=None, doc=doc, step=pipeline.Step.RETURN,
        kind=m.DecisionKind.RETURNED, day=now.date(), outcome=None, package=None,
        actor=acting_user, body=None,
        extra={"silence": procedure.pk, "broken_by": code, "break": kind, "reason": reason})
    procedure.status = m.SilenceStatus.BROKEN
    procedure.broken_by = state_row
    procedure.broken_reason = reason
    procedure.closed_at = now
    procedure.decision = decision
    procedure.save()
    record_change(actor=acting_user, action=Action.SILENCE_BREAK, target_type="silence",
                  target_id=procedure.pk, topic=doc.topic, audience=doc.classification,
                  summary={"document": doc.symbol, "state": code, "kind": kind,
                           "reason": reason},
                  acting_for=code, on_behalf=acts_on_behalf(acting_user, code))
    return procedure


@transaction.atomic
def silence_process(*, acting_user: Actor, now: dt.datetime | None = None
                    ) -> list[m.SilenceProcedure]:
    """Adopt every open procedure whose deadline has passed unbroken; the same result whenever
    it runs (a second run finds nothing to do). The decision is dated the deadline's day."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    now = _deadline(now, "now") if now not in (None, "") else timezone.now()
    due = list(m.SilenceProcedure.objects.select_for_update(of=("self",))
               .filter(status=m.SilenceStatus.OPEN, deadline__lte=now)
               .select_related("document__doc_type__approved_by", "document__approving_body")
               .order_by("deadline", "id"))
    for procedure in due:
        doc = procedure.document
        day = timezone.localdate(procedure.deadline)
        body = doc.doc_type.approved_by or doc.approving_body
        decision = write_decision(
            meeting=None, item=None, doc=doc, step=pipeline.Step.ADOPT_BY_SILENCE,
            kind=m.DecisionKind.ADOPTED, day=day, outcome=None, package=None,
            actor=acting_user, body=body, extra={"silence": procedure.pk})
        procedure.status = m.SilenceStatus.ADOPTED
        procedure.closed_at = procedure.deadline
        procedure.decision = decision
        procedure.save()
        record_change(actor=acting_user, action=Action.SILENCE_CLOSE, target_type="silence",
                      target_id=procedure.pk, topic=doc.topic, audience=doc.classification,
                      summary={"document": doc.symbol, "result": "adopted", "date": day})
    return due
