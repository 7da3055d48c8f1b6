"""Decisions at meetings: what a meeting decided on an agenda item, packages agreed and
submitted upward, and the registry number of every adopted document.

A decision is checked before it is written: by the pipeline table
(`concilium.rules.pipeline`: may this body take this step?), by the gates (`gates`: did the
text reach this body by the charter's path? is it whole in every official language?) and
by the consensus engine on the day of the decision (does any member object, do brackets
remain?). Its effects are chosen by the document's (old, new) state: the next agenda, or
the registry.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit import history
from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.core.text import check_symbol
from concilium.documents import models as dm
from concilium.documents.dates import act_day
from concilium.documents.selectors import document_consensus
from concilium.documents.services import document_status_follow
from concilium.meetings import models as m
from concilium.meetings.services.common import (
    MEETING,
    bump,
    document_for_write,
    meeting_for_write,
    parse_titles,
    positive,
)
from concilium.meetings.services.gates import gates
from concilium.meetings.services.pipeline import context, enqueue, enqueue_package, next_meeting
from concilium.meetings.wording import why_not_agreed
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import pipeline
from concilium.rules.consensus import Outcome, Status, decide_package
from concilium.rules.permissions import Actor, may_chair

ONLY_CHAIR = _("Only the chair of this meeting ({state}) or the secretariat records decisions.")
UNKNOWN_KIND = _("kind: '{value}' is not a decision; the decisions are: {known}.")
UNKNOWN_ITEM = _("item: meeting '{slug}' has no agenda item {number}.")
UNKNOWN_PACKAGE = _("package: there is no package '{symbol}'.")
CLOSED_MEETING = _("meeting: '{slug}' is closed; nothing more is recorded at it.")
DATE_OUTSIDE = _("on: {day} is not a day of meeting '{slug}' ({start} to {end}).")
NOT_ON_ITEM = _("document: '{symbol}' is not on agenda item {number} of '{slug}'.")
NOTHING_TO_DECIDE = _(
    "document: item {number} of '{slug}' has no document; name one, or record taking note "
    "or hearing a report.")
REFUSED_BY_CHARTER = _("kind: {symbol}: {reason}")
NOT_AGREED = _("document: {symbol} cannot be {step}: {reasons}")
PACKAGE_BLOCKED = _("package: the package cannot be {step}: {reasons}")
SYMBOL_REQUIRED = _("symbol: a package needs a symbol.")
PACKAGE_EXISTS = _("symbol: there is already a package '{symbol}'.")
NO_HIGHER_BODY = _("meeting: the {body} prepares for no other body; it submits nothing.")
EMPTY_PACKAGE = _("documents: a package must contain at least one document.")


def _item(meeting: m.Meeting, number) -> m.AgendaItem:
    number = positive(number, "item")
    item = meeting.agenda.select_related("package", "reporter").filter(number=number).first()
    if item is None:
        raise ValidationFailed(UNKNOWN_ITEM, field="item", slug=meeting.slug, number=number)
    return item


def _kind(kind: str) -> pipeline.Step:
    if kind not in m.DecisionKind.values:
        raise ValidationFailed(UNKNOWN_KIND, field="kind", value=kind,
                               known=", ".join(m.DecisionKind.values))
    return pipeline.Step(kind)


def _day(meeting: m.Meeting, on) -> dt.date:
    if on in (None, ""):
        return act_day(meeting_start=meeting.start, meeting_end=meeting.end)
    day = parse_date(on, field="on")
    if not (meeting.start <= day <= meeting.end):
        raise ValidationFailed(DATE_OUTSIDE, field="on", day=day, slug=meeting.slug,
                               start=meeting.start, end=meeting.end)
    return day


def _outcome_json(outcome: Outcome | None) -> dict:
    if outcome is None:
        return {}
    return {"status": str(outcome.status), "supporters": list(outcome.supporters),
            "agreeing": list(outcome.agreeing), "with_view": list(outcome.with_view),
            "objecting": list(outcome.objecting), "views": [list(v) for v in outcome.views],
            "not_participating": list(outcome.not_participating),
            "silent": list(outcome.silent),
            "brackets": outcome.brackets, "reasons": [str(r) for r in outcome.reasons]}


def _register(doc: dm.Document, decision: m.Decision, body: om.Body, day: dt.date,
              actor: Actor) -> m.RegistryEntry | None:
    """Give an adopted (or finally approved) document its registry number, once."""
    if m.RegistryEntry.objects.filter(document=doc).exists():
        return None
    org_short = (org.organization().short_names.get("en") or org.organization().slug).upper()
    body_short = (body.short_names.get("en") or body.slug).upper().replace(" ", "-")
    prefix = f"{org_short}-{body_short}-{day.year}-"
    taken = m.RegistryEntry.objects.filter(number__startswith=prefix).count()
    number = f"{prefix}{taken + 1:03d}"
    while m.RegistryEntry.objects.filter(number=number).exists():
        taken += 1
        number = f"{prefix}{taken + 1:03d}"
    entry = m.RegistryEntry.objects.create(document=doc, number=number, date=day, body=body,
                                           decision=decision)
    record_change(actor=actor, action=Action.REGISTRY_ENTRY, target_type="document",
                  target_id=doc.symbol, topic=doc.topic, audience=doc.classification,
                  summary={"number": number, "date": day, "body": body.slug})
    return entry


def write_decision(*, meeting: m.Meeting | None, item: m.AgendaItem | None,
                   doc: dm.Document | None, step: pipeline.Step, kind: str, day: dt.date,
                   outcome, package: m.Package | None, actor: Actor, body: om.Body | None,
                   texts: dict | None = None, extra: dict | None = None) -> m.Decision:
    """Write one decision and its effects, chosen by the document's (old, new) state.

    Shared with the silence procedures, whose decisions have no meeting. The caller has
    checked the permission and the consensus; the pipeline table is asked again here.
    """
    old = pipeline.DocState(doc.status) if doc else None
    new = old
    submitted_to = None
    if doc is not None:
        ctx = context(meeting.body, doc) if meeting else pipeline.Context()
        new = pipeline.check(step, old, ctx)
        if step is pipeline.Step.AGREE_SUBMIT and meeting:
            submitted_to = meeting.body.prepares_for
    decision = m.Decision.objects.create(
        meeting=meeting, agenda_item=item, document=doc, package=package, kind=kind, date=day,
        submitted_to=submitted_to, outcome={**_outcome_json(outcome), **(extra or {})},
        texts=texts or {}, recorded_by=actor.username,
        document_version=doc.version if doc else None)
    history.note(decision)
    topic = meeting.topic if meeting else (doc.topic if doc else "")
    record_change(
        actor=actor, action=Action.DECISION_RECORD, target_type="decision",
        target_id=decision.pk, topic=topic,
        summary={"meeting": meeting.slug if meeting else None,
                 "item": item.number if item else None, "document": doc.symbol if doc else None,
                 "package": package.symbol if package else None, "kind": kind, "date": day,
                 "before": str(old) if old else None, "after": str(new) if new else None})
    if doc is None or new == old:
        return decision
    document_status_follow(document=doc, status=new, acting_user=actor,
                           cause={"decision": decision.pk})
    match (old, new):
        case (_, pipeline.DocState.AGREED_AD_REF | pipeline.DocState.SUBMITTED) if (
                meeting and meeting.body.prepares_for and package is None):
            target = next_meeting(meeting.body.prepares_for, meeting.end)
            if target is not None:
                enqueue(doc, target, meeting.body, actor)
        case (_, pipeline.DocState.ADOPTED | pipeline.DocState.APPROVED):
            _register(doc, decision, body or doc.approving_body, day, actor)
    return decision


def _docs_for(meeting: m.Meeting, item: m.AgendaItem, document: str | None,
              package: str | None) -> tuple[list[dm.Document], m.Package | None]:
    lock = dm.Document.objects.select_for_update(of=("self",)).select_related(
        "doc_type__approved_by", "approving_body")
    if package:
        pkg = m.Package.objects.filter(symbol=package).first()
        if pkg is None:
            raise ValidationFailed(UNKNOWN_PACKAGE, field="package", symbol=package)
        return list(lock.filter(packages=pkg).order_by("symbol")), pkg
    if document:
        doc = document_for_write(document)
        if not item.documents.filter(pk=doc.pk).exists():
            raise ValidationFailed(NOT_ON_ITEM, field="document", symbol=doc.symbol,
                                   number=item.number, slug=meeting.slug)
        return [doc], None
    docs = list(lock.filter(agenda_items=item).order_by("symbol"))
    return docs, item.package


def _decide(*, meeting: m.Meeting, item: m.AgendaItem, step: pipeline.Step,
            docs: list[dm.Document], package: m.Package | None, day: dt.date,
            actor: Actor) -> list[m.Decision]:
    """Check every document against the pipeline and the consensus engine, then write."""
    names = org.state_names("en")
    for doc in docs:
        try:
            pipeline.check(step, doc.status, context(meeting.body, doc))
        except pipeline.PipelineRefused as refusal:
            raise ValidationFailed(REFUSED_BY_CHARTER, field="kind", symbol=doc.symbol,
                                   reason=str(refusal)) from None
    excepted = {doc.symbol: gates(doc, meeting.body, step) for doc in docs}
    outcomes = {}
    if step in pipeline.NEEDS_CONSENSUS:
        checked = {doc.symbol: document_consensus(doc, on=day) for doc in docs}
        outcomes = {symbol: dc.outcome for symbol, dc in checked.items()}
        label = pipeline.STEP_LABELS[step]
        if len(docs) > 1 or package is not None:
            result = decide_package(outcomes)
            if result.status is not Status.ADOPTED:
                reasons = " ".join(
                    f"{symbol}: {why_not_agreed(checked[symbol], names)}"
                    for symbol in (*result.blocked_items, *result.pending_items))
                raise Conflict(PACKAGE_BLOCKED, field="package", step=label, reasons=reasons)
        elif docs and not outcomes[docs[0].symbol].adopted:
            raise Conflict(NOT_AGREED, field="document", symbol=docs[0].symbol, step=label,
                           reasons=why_not_agreed(checked[docs[0].symbol], names))
    if not docs:
        return [write_decision(meeting=meeting, item=item, doc=None, step=step, kind=step.value,
                               day=day, outcome=None, package=package, actor=actor,
                               body=meeting.body)]
    return [write_decision(meeting=meeting, item=item, doc=doc, step=step, kind=step.value,
                           day=day, outcome=outcomes.get(doc.symbol), package=package,
                           actor=actor, body=meeting.body,
                           extra={"exceptions": excepted[doc.symbol]}
                           if excepted[doc.symbol] else None)
            for doc in docs]


def _open_for_decisions(meeting: m.Meeting, actor: Actor) -> None:
    chair = meeting.chair_state.code if meeting.chair_state else None
    if not may_chair(actor, chair):
        raise Forbidden(ONLY_CHAIR, state=chair or "-")
    if meeting.status == m.MeetingStatus.CLOSED:
        raise Conflict(CLOSED_MEETING, field="meeting", slug=meeting.slug)


@transaction.atomic
def decision_record(
    *, meeting: str, item: int, kind: str, document: str | None = None,
    package: str | None = None, acting_user: Actor, on=None, expected_version=None,
) -> list[m.Decision]:
    """Record what the meeting decided on an agenda item; one Decision per document decided.

    Without `document` the decision covers every document of the item (or the item's
    package) as one decision: nothing is decided unless every document may be. The chair
    (or the secretariat) records it; the pipeline and the consensus engine on the day of the
    decision must both allow it, or nothing is written and the refusal says why (which
    states object, where brackets remain).
    """
    row = meeting_for_write(meeting)
    _open_for_decisions(row, acting_user)
    agenda_item = _item(row, item)
    step = _kind(kind)
    day = _day(row, on)
    docs, pkg = _docs_for(row, agenda_item, document, package)
    if not docs and step not in (pipeline.Step.TAKE_NOTE, pipeline.Step.HEAR_REPORT):
        raise ValidationFailed(NOTHING_TO_DECIDE, field="document", number=agenda_item.number,
                               slug=row.slug)
    check_version(row, expected_version, kind=MEETING)
    decisions = _decide(meeting=row, item=agenda_item, step=step, docs=docs, package=pkg,
                        day=day, actor=acting_user)
    bump(row)
    return decisions


@transaction.atomic
def package_submit(
    *, meeting: str, item: int, symbol: str, titles, documents: list[str] | None = None,
    acting_user: Actor, on=None, expected_version=None,
) -> m.Package:
    """The meeting agrees a package of documents and submits it to the body it prepares for.

    One decision over all the documents (none is submitted unless all may be); the package
    goes onto the next planned meeting of the higher body, or waits for it.
    """
    row = meeting_for_write(meeting)
    _open_for_decisions(row, acting_user)
    agenda_item = _item(row, item)
    higher = row.body.prepares_for
    if higher is None:
        raise ValidationFailed(NO_HIGHER_BODY, field="meeting", body=row.body.short("en"))
    symbol = (symbol or "").strip()
    if not symbol:
        raise ValidationFailed(SYMBOL_REQUIRED, field="symbol")
    check_symbol(symbol)
    if m.Package.objects.filter(symbol=symbol).exists():
        raise ValidationFailed(PACKAGE_EXISTS, field="symbol", symbol=symbol)
    titles = parse_titles(titles)
    day = _day(row, on)
    if documents is None:
        docs = list(dm.Document.objects.select_for_update(of=("self",))
                    .select_related("doc_type__approved_by", "approving_body")
                    .filter(agenda_items=agenda_item).order_by("symbol"))
    else:
        docs = [document_for_write(s, "documents") for s in documents]
        for doc in docs:
            if not agenda_item.documents.filter(pk=doc.pk).exists():
                raise ValidationFailed(NOT_ON_ITEM, field="documents", symbol=doc.symbol,
                                       number=agenda_item.number, slug=row.slug)
    if not docs:
        raise ValidationFailed(EMPTY_PACKAGE, field="documents")
    check_version(row, expected_version, kind=MEETING)
    pkg = m.Package.objects.create(symbol=symbol, titles=titles, submitted_to=higher,
                                   meeting=row)
    pkg.documents.add(*docs)
    _decide(meeting=row, item=agenda_item, step=pipeline.Step.AGREE_SUBMIT, docs=docs,
            package=pkg, day=day, actor=acting_user)
    bump(row)
    target = next_meeting(higher, row.end)
    if target is not None:
        enqueue_package(pkg, target, row.body, acting_user)
    return pkg
