"""The chair's page for one text: outcomes on each paragraph and the whole text, the
paragraph on the screen, and the silence procedure (launch, countdown, break, result).

Like the session desk (`web/desk.py`) it offers only what may be done now and says why the
rest may not: `rules.permissions` (who), `rules.pipeline.outcome_refusal` (objections,
brackets, views) and `rules.pipeline.refusal` (silence: the charter's minimum, the state of
the document). The writes are the documents' and meetings' services, which check again.
A fixed number of queries, whatever the number of paragraphs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concilium.core.errors import DomainError
from concilium.documents import models as dm
from concilium.documents import selectors as docs
from concilium.documents.dates import act_day
from concilium.documents.services import ONLY_CHAIR, chair_state_on
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.meetings.services.gates import ladder_gate
from concilium.meetings.services.silence import ONLY_CHAIR_SILENCE
from concilium.meetings.wording import why_not_agreed
from concilium.organization import selectors as org
from concilium.rules import pipeline
from concilium.rules.permissions import Actor, may_chair, may_plan_meetings, states_to_act_for
from concilium.web import selectors as pages
from concilium.web.desk import Choice, explain

OUTCOME_NAMES = {
    pipeline.TextOutcome.AGREED_AD_REF: gettext_lazy("Agreed ad referendum"),
    pipeline.TextOutcome.AGREED: gettext_lazy("Agreed"),
    pipeline.TextOutcome.VIEWS_NOTED: gettext_lazy("Agreed, views noted"),
}
NOT_AGREED = gettext_lazy("The text is not agreed: {reasons}")
STATUS_NAMES = {
    "agreed": gettext_lazy("agreed"),
    "bracketed": gettext_lazy("bracketed"),
    "objected": gettext_lazy("objected to"),
    "pending": gettext_lazy("pending"),
}


@dataclass
class OutcomeRow:
    number: int | None  # None: the whole text
    status: str  # agreed, bracketed, objected, pending
    latest: dm.TextOutcome | None
    choices: list[Choice]
    on_screen: bool = False

    @property
    def status_label(self) -> str:
        return str(STATUS_NAMES[self.status])


@dataclass
class Silence:
    procedure: mm.SilenceProcedure | None
    launch: Choice
    minimum_hours: int
    default_deadline: dt.datetime
    break_states: list[str] = field(default_factory=list)
    can_process: bool = False
    now: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return bool(self.procedure and self.procedure.status == mm.SilenceStatus.OPEN)

    @property
    def due(self) -> bool:
        """The deadline has passed unbroken: the secretariat processes the result."""
        return self.is_open and self.procedure.deadline <= self.now


@dataclass
class TextDesk:
    document: dm.Document
    day: dt.date
    whole: OutcomeRow
    rows: list[OutcomeRow]
    focus: dm.ChairFocus | None
    can_chair: bool
    refusal: str
    chair_state: str | None
    languages: tuple[str, ...]
    silence: Silence


def _choices(outcome, views, refusal: str) -> list[Choice]:
    out = []
    for kind in pipeline.TextOutcome:
        why = refusal
        if not why:
            problem = pipeline.outcome_refusal(
                kind, objecting=outcome.objecting, brackets=outcome.brackets, views=views,
                silent=() if outcome.silence_counts else outcome.silent)
            why = explain(problem) if problem else ""
        out.append(Choice(kind.value, str(OUTCOME_NAMES[kind]), why))
    return out


def _status(outcome) -> str:
    if outcome.objecting:
        return "objected"
    if outcome.brackets:
        return "bracketed"
    return "agreed" if outcome.adopted else "pending"



def _ladder_refusal(document: dm.Document, body) -> str:
    """Why the charter's path does not yet let the document go under silence (the body
    below has not agreed it, or a broken silence stands), as the service would say it."""
    try:
        ladder_gate(document, body, pipeline.Step.OPEN_SILENCE)
    except DomainError as refusal:
        return refusal.message
    return ""


def _silence(document: dm.Document, actor: Actor, lang: str) -> Silence:
    full = pages.documents_for_decision([document.pk])[document.pk]
    now = timezone.now()
    dc = docs.document_consensus(document, on=now.date(), lang=lang, in_procedure=True)
    body = full.doc_type.approved_by or full.approving_body
    chair = org.chair_of(body, now.date())
    code = chair.state.code if chair.state else None
    rules = org.charter().decisions
    why = ""
    if not may_chair(actor, code):
        why = str(ONLY_CHAIR_SILENCE).format(body=body.short(lang), state=code or "-")
    else:
        ctx = pipeline.Context(body=body.slug, approver=body.slug,
                               silence_allowed=rules.silence_allowed,
                               silence_minimum_hours=rules.silence_minimum_hours,
                               silence_hours=rules.silence_minimum_hours)
        problem = pipeline.refusal(pipeline.Step.OPEN_SILENCE, document.status, ctx)
        if problem:
            why = explain(problem)
        elif (ladder := _ladder_refusal(full, body)):
            why = ladder
        elif not dc.outcome.adopted:
            why = str(NOT_AGREED).format(reasons=why_not_agreed(dc, org.state_names(lang)))
    members = org.member_codes_on(now.date())
    return Silence(
        procedure=ms.silence_for(document),
        launch=Choice("silence", _("Launch the silence procedure"), why),
        minimum_hours=rules.silence_minimum_hours,
        default_deadline=now + dt.timedelta(hours=rules.silence_minimum_hours + 1),
        break_states=states_to_act_for(actor, members), can_process=may_plan_meetings(actor),
        now=now)


def text_desk(symbol: str, *, actor: Actor, on: str | None, lang: str) -> TextDesk:
    document = docs.document_get(symbol, actor=actor)
    day = act_day(document, on=on)
    chair = chair_state_on(day)
    refusal = "" if may_chair(actor, chair) else str(ONLY_CHAIR).format(chair=chair or "-")
    if not refusal and document.status in dm.CLOSED_STATUSES:
        refusal = _("The document is closed: nothing more is recorded on it.")
    dc = docs.document_consensus(document, on=day, lang=lang)
    latest = {}
    for row in docs.text_outcomes(document):
        latest[row.paragraph.number if row.paragraph else None] = row
    focus = docs.chair_focus(document)
    focus_number = (focus.paragraph.number if focus and focus.paragraph else None)
    rows = [OutcomeRow(p.number, _status(p.outcome), latest.get(p.number),
                       _choices(p.outcome, p.outcome.views, refusal),
                       on_screen=focus is not None and focus_number == p.number)
            for p in dc.paragraphs]
    whole = OutcomeRow(None, _status(dc.outcome), latest.get(None),
                       _choices(dc.outcome, dc.views, refusal))
    return TextDesk(document=document, day=day, whole=whole, rows=rows, focus=focus,
                    can_chair=not refusal, refusal=refusal, chair_state=chair,
                    languages=org.charter().languages,
                    silence=_silence(document, actor, lang))


@dataclass
class SilenceBanner:
    document: dm.Document
    procedure: mm.SilenceProcedure | None


def silence_banner(symbol: str, *, actor: Actor) -> SilenceBanner:
    document = docs.document_get(symbol, actor=actor)
    procedure = ms.silence_for(document)
    if procedure is not None and procedure.status != mm.SilenceStatus.OPEN:
        procedure = None
    return SilenceBanner(document, procedure)
