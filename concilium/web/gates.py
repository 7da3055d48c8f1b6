"""The Secretariat's page for the gates before an agreement, at a meeting: for each document
on the agenda, the charter's path to the body that approves it and the exceptions recorded
(a step set aside, an official language waived, each with its reason); two forms record one.

Reads in a fixed number of queries whatever the number of documents; each write is one
service call (`ladder_exception_record`, `language_waiver_record`), which checks everything
again. Anyone who may read the meeting sees the page; only the Secretariat gets working
buttons, others see them disabled with the reason. A refusal comes back beside the field it
names, with what was typed, nothing written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from concilium.core.errors import DomainError, ValidationFailed
from concilium.documents import models as dm
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.meetings import services
from concilium.meetings.services.gates import ONLY_SECRETARIAT_EXCEPTS
from concilium.meetings.wording import language_name
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import ladder
from concilium.rules.permissions import Actor, may_record_exception
from concilium.web import selectors as pages
from concilium.web.views import page


@dataclass
class GateRow:
    document: dm.Document
    path: list[om.Body]  # the charter's path to the approving body; [] when there is none
    exceptions: list[mm.RuleException]


@dataclass
class GatesPage:
    meeting: mm.Meeting
    rows: list[GateRow]
    steps: list[om.Body]  # the bodies whose step may be set aside for some document here
    languages: list[tuple[str, str]]  # the charter's official languages (code, name)
    refusal: str  # why this user may record nothing ("" when they may)


def gates_page(slug: str, *, actor: Actor) -> GatesPage:
    """The meeting's documents with their paths and exceptions. A fixed number of queries,
    however many documents, exceptions or bodies."""
    view = ms.meeting_detail(slug, actor=actor)
    shown = [d for v in view.agenda for d in v.documents]
    full = pages.documents_for_decision(d.pk for d in shown)
    bodies = {b.slug: b for b in om.Body.objects.order_by("position")}
    prepares = {b.slug: b.prepares_for for b in org.charter().bodies}
    by_doc = defaultdict(list)
    for x in mm.RuleException.objects.filter(document_id__in=list(full)).order_by(
            "recorded_at", "id"):
        x.body = bodies.get(x.subject) if x.rule == mm.ExceptionRule.LADDER else None
        x.language = language_name(x.subject)
        by_doc[x.document_id].append(x)
    rows, steps = [], set()
    for d in dict.fromkeys(shown):
        doc = full[d.pk]
        approver = doc.doc_type.approved_by
        path = ([bodies[s] for s in ladder.path_to(prepares, approver.slug)]
                if approver else [])
        steps.update(b.slug for b in path[:-1])
        rows.append(GateRow(doc, path, by_doc.get(doc.pk, [])))
    refusal = "" if may_record_exception(actor) else str(ONLY_SECRETARIAT_EXCEPTS)
    return GatesPage(
        meeting=view.meeting, rows=rows,
        steps=[b for s, b in bodies.items() if s in steps],
        languages=[(c, language_name(c)) for c in org.charter().official_languages],
        refusal=refusal)


FORMS = {
    "ladder": lambda p, actor: services.ladder_exception_record(
        document=p.get("document", ""), body=p.get("body", ""), reason=p.get("reason", ""),
        acting_user=actor),
    "languages": lambda p, actor: services.language_waiver_record(
        document=p.get("document", ""), lang=p.get("lang", ""), reason=p.get("reason", ""),
        acting_user=actor),
}


@require_http_methods(["GET", "POST"])
@page
def exceptions(request, slug):
    """The page; a POST records one exception (`form` says which) and comes back to it."""
    error, status = None, 200
    if request.method == "POST":
        call = FORMS.get(request.POST.get("form", ""))
        try:
            if call is None:
                raise ValidationFailed(_("form: choose which exception to record."),
                                       field="form")
            call(request.POST, request.actor)
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("The exception is recorded, with its reason."))
            return redirect("web:meeting_exceptions", slug)
    g = gates_page(slug, actor=request.actor)
    return render(request, "web/meetings/exceptions.html", {
        "section": "meetings", "g": g, "mt": g.meeting, "error": error,
        "typed": request.POST if error else {}}, status=status)
