"""Where an agreed document goes next: onto the agenda of the next meeting of the body the
meeting prepares for, or waiting until that meeting is planned.

`concilium.rules.pipeline` decides which step a body may take; this module moves the
documents between agendas once a decision (or a newly planned meeting) calls for it. Every
agenda change here is audited like one made by hand, with origin "pipeline".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.services import record_change
from concilium.documents import models as dm
from concilium.meetings import models as m
from concilium.meetings.services.common import bump
from concilium.meetings.wording import in_every_language
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import pipeline
from concilium.rules.permissions import Actor

AUTO_ITEM_TITLE = _("Documents agreed by the {body}")
PACKAGE_ITEM_TITLE = _("Package of documents submitted by the {body}")


def context(body: om.Body, doc: dm.Document) -> pipeline.Context:
    """What the pipeline table needs to judge a step on `doc` taken by `body`."""
    approver = doc.doc_type.approved_by or doc.approving_body
    prepares = body.prepares_for
    return pipeline.Context(body=body.slug, prepares_for=prepares.slug if prepares else None,
                            approver=approver.slug if approver else None)


def sought_at(body: om.Body, doc: dm.Document) -> str:
    """The decision the body is asked for: the last step it may take on the document."""
    step = pipeline.final_step_for(context(body, doc))
    return {pipeline.Step.APPROVE: m.DecisionSought.APPROVE,
            pipeline.Step.AGREE_SUBMIT: m.DecisionSought.AGREE_SUBMIT}.get(
                step, m.DecisionSought.DISCUSS)


def next_meeting(body: om.Body, after: dt.date) -> m.Meeting | None:
    """The body's first planned meeting starting on or after `after`, locked."""
    return (m.Meeting.objects.select_for_update(of=("self",))
            .filter(body=body, status=m.MeetingStatus.PLANNED, start__gte=after)
            .order_by("start").first())


def _next_number(meeting: m.Meeting) -> int:
    return (meeting.agenda.aggregate(n=Max("number"))["n"] or 0) + 1


def enqueue(doc: dm.Document, target: m.Meeting, source_body: om.Body, actor: Actor) -> None:
    """Put a document agreed below onto the agenda of the target body's meeting."""
    if target.agenda.filter(documents=doc).exists():
        return
    sought = sought_at(target.body, doc)
    item = target.agenda.filter(origin="pipeline", decision_sought=sought,
                                package__isnull=True).first()
    if item is None:
        item = m.AgendaItem.objects.create(
            meeting=target, number=_next_number(target), decision_sought=sought,
            origin="pipeline", titles=in_every_language(
                AUTO_ITEM_TITLE, org.charter().languages, body=source_body.short))
    item.documents.add(doc)
    bump(target)
    record_change(actor=actor, action=Action.AGENDA_SAVE, target_type="agenda_item",
                  target_id=f"{target.slug}#{item.number}", topic=target.topic,
                  summary={"added": doc.symbol, "origin": "pipeline"})


def enqueue_package(package: m.Package, target: m.Meeting, source_body: om.Body,
                    actor: Actor) -> None:
    """Put a submitted package onto the target meeting's agenda, as one item to adopt."""
    if target.agenda.filter(package=package).exists():
        return
    number = _next_number(target)
    heading = in_every_language(PACKAGE_ITEM_TITLE, org.charter().languages,
                                body=source_body.short)
    titles = {lang: f"{text}: {package.title(lang)}" for lang, text in heading.items()}
    item = m.AgendaItem.objects.create(
        meeting=target, number=number, decision_sought=m.DecisionSought.ADOPT,
        origin="pipeline", package=package, titles=titles)
    item.documents.add(*package.documents.all())
    bump(target)
    record_change(actor=actor, action=Action.AGENDA_SAVE, target_type="agenda_item",
                  target_id=f"{target.slug}#{number}", topic=target.topic,
                  summary={"added_package": package.symbol, "origin": "pipeline"})


def pull_waiting(meeting: m.Meeting, actor: Actor) -> None:
    """Documents agreed below before this meeting, still waiting, join its agenda."""
    decided = (m.Decision.objects
               .filter(meeting__body__prepares_for=meeting.body, date__lte=meeting.start,
                       kind__in=[m.DecisionKind.AGREED_AD_REF, m.DecisionKind.AGREED_SUBMITTED],
                       document__isnull=False)
               .select_related("document__doc_type__approved_by", "document__approving_body",
                               "meeting__body", "package")
               .order_by("date", "id"))
    on_agenda = set(m.AgendaItem.objects.filter(meeting__body=meeting.body)
                    .exclude(meeting=meeting).values_list("documents", flat=True))
    for decision in decided:
        doc = decision.document
        waiting = {m.DecisionKind.AGREED_AD_REF: dm.DocumentStatus.AGREED_AD_REF,
                   m.DecisionKind.AGREED_SUBMITTED: dm.DocumentStatus.SUBMITTED}[decision.kind]
        if doc.status != waiting or doc.pk in on_agenda:
            continue
        if decision.package is not None:
            enqueue_package(decision.package, meeting, decision.meeting.body, actor)
        else:
            enqueue(doc, meeting, decision.meeting.body, actor)
