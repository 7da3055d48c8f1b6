"""The chair's desk at a meeting: per agenda item, every decision the chair could record,
offered when the charter and the state of things allow it, otherwise shown disabled with
the reason, in the reader's language.

Nothing is decided here. The reasons come from `rules.permissions` (is this the chair?),
`rules.pipeline.refusal` (may this body take this step on this document now?) and the
paragraphs' progress (objections, brackets, members not yet heard: what the consensus
engine would refuse); pressing a button calls `meetings.services.decision_record`,
which checks everything again.
A fixed number of queries, whatever the number of items, documents or paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from concilium.documents import models as dm
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.meetings.services.decisions import CLOSED_MEETING, ONLY_CHAIR
from concilium.meetings.services.pipeline import context
from concilium.organization import selectors as org
from concilium.rules import pipeline
from concilium.rules.permissions import Actor, may_chair, may_give_floor, states_to_act_for
from concilium.web import selectors as pages

#: The decisions a chair records on a document at a meeting, in the order offered.
STEPS = (pipeline.Step.AGREE_AD_REF, pipeline.Step.AGREE_SUBMIT, pipeline.Step.APPROVE,
         pipeline.Step.ADOPT, pipeline.Step.TAKE_NOTE)

# The pipeline's sentences and labels, as the message catalogue knows them (rules/ has no
# translations; its English templates are the keys).
STATE_NAMES = {
    pipeline.DocState.DRAFT: gettext_lazy("in draft"),
    pipeline.DocState.NEGOTIATION: gettext_lazy("in negotiation"),
    pipeline.DocState.AGREED_AD_REF: gettext_lazy("agreed ad referendum"),
    pipeline.DocState.AGREED: gettext_lazy("agreed"),
    pipeline.DocState.SUBMITTED: gettext_lazy("submitted"),
    pipeline.DocState.SILENCE: gettext_lazy("under silence procedure"),
    pipeline.DocState.ADOPTED: gettext_lazy("adopted"),
    pipeline.DocState.APPROVED: gettext_lazy("approved"),
    pipeline.DocState.NOTED: gettext_lazy("taken note of"),
    pipeline.DocState.WITHDRAWN: gettext_lazy("withdrawn"),
}
STEP_NAMES = {
    pipeline.Step.AGREE_AD_REF: gettext_lazy("Agree ad referendum"),
    pipeline.Step.AGREE_SUBMIT: gettext_lazy("Agree and submit"),
    pipeline.Step.APPROVE: gettext_lazy("Approve"),
    pipeline.Step.ADOPT: gettext_lazy("Adopt"),
    pipeline.Step.TAKE_NOTE: gettext_lazy("Take note"),
}
WRONG_STATE = gettext_lazy("The document is {state}; this step starts from: {allowed}.")


def explain(reason: pipeline.Reason) -> str:
    """A pipeline refusal in the reader's language."""
    if reason.template == pipeline.WRONG_STATE:
        state = next(s for s in pipeline.DocState
                     if pipeline.STATE_LABELS[s] == reason.params["state"])
        step = next(s for s in pipeline.Step
                    if pipeline.STEP_LABELS[s] == reason.params["step"])
        allowed = ", ".join(str(STATE_NAMES[s]) for s in pipeline.DocState
                            if s in pipeline.TRANSITIONS[step].sources)
        return str(WRONG_STATE).format(state=STATE_NAMES[state], allowed=allowed)
    return _(reason.template).format(**reason.params)


@dataclass
class Choice:
    step: str
    label: str
    reason: str = ""  # empty: the chair may record it now

    @property
    def enabled(self) -> bool:
        return not self.reason


@dataclass
class DocumentDesk:
    document: dm.Document
    progress: pages.Progress
    choices: list[Choice]


@dataclass
class ItemDesk:
    item: mm.AgendaItem
    documents: list[DocumentDesk]
    decisions: list[mm.Decision]
    together: list[Choice] = field(default_factory=list)  # the whole item as one decision
    may_package: bool = False
    speakers: list[mm.FloorRequest] = field(default_factory=list)

    @property
    def speaking(self) -> mm.FloorRequest | None:
        return next((s for s in self.speakers if s.status == mm.FloorStatus.SPEAKING), None)

    @property
    def listed(self) -> set[str]:
        """States on the list that have not yet spoken (waiting or speaking)."""
        return {s.state.code for s in self.speakers
                if s.status in (mm.FloorStatus.WAITING, mm.FloorStatus.SPEAKING)}


@dataclass
class Desk:
    meeting: mm.Meeting
    items: list[ItemDesk]
    can_chair: bool
    refusal: str  # why this user may record nothing here ("" when they may)
    can_give_floor: bool = False
    floor_states: list[str] = field(default_factory=list)  # who this user may ask for
    open: bool = True


def _consensus_reason(progress: pages.Progress, unheard: list[str]) -> str:
    if progress.objected:
        return ngettext(
            "{n} paragraph is objected to: consensus must be reached in the room first.",
            "{n} paragraphs are objected to: consensus must be reached in the room first.",
            progress.objected).format(n=progress.objected)
    if progress.bracketed:
        return ngettext(
            "{n} paragraph still has brackets: they must be removed in the room first.",
            "{n} paragraphs still have brackets: they must be removed in the room first.",
            progress.bracketed).format(n=progress.bracketed)
    if unheard:
        return _("Not yet heard from {states}: at a meeting silence is not agreement; each "
                 "member states its position in the room.").format(states=", ".join(unheard))
    return ""


def _choice(step: pipeline.Step, doc: dm.Document, meeting: mm.Meeting,
            progress: pages.Progress, unheard: list[str], refusal: str) -> Choice:
    why = refusal
    if not why:
        problem = pipeline.refusal(step, doc.status, context(meeting.body, doc))
        why = explain(problem) if problem else ""
    if not why and step in pipeline.NEEDS_CONSENSUS:
        why = _consensus_reason(progress, unheard)
    return Choice(step.value, str(STEP_NAMES[step]), why)


def _together(item_docs: list[DocumentDesk]) -> list[Choice]:
    out = []
    for i, step in enumerate(STEPS):
        reasons = [f"{d.document.symbol}: {d.choices[i].reason}" for d in item_docs
                   if d.choices[i].reason]
        out.append(Choice(step.value, str(STEP_NAMES[step]), " ".join(reasons)))
    return out


def desk(slug: str, *, actor: Actor) -> Desk:
    view = ms.meeting_detail(slug, actor=actor)
    meeting = view.meeting
    chair = meeting.chair_state.code if meeting.chair_state else None
    refusal = ""
    if not may_chair(actor, chair):
        refusal = str(ONLY_CHAIR).format(state=chair or "-")
    elif meeting.status == mm.MeetingStatus.CLOSED:
        refusal = str(CLOSED_MEETING).format(slug=meeting.slug)
    shown = [d for v in view.agenda for d in v.documents]
    full = pages.documents_for_decision(d.pk for d in shown)
    progress = pages.progress_of(list(full.values()), on=meeting.end)
    heard = pages.states_heard(list(full.values()))
    members = org.member_codes_on(meeting.end)
    silence_consents = org.charter().decisions.silence_counts_at_meeting
    speakers = ms.speakers_by_item(meeting)
    items = []
    for v in view.agenda:
        rows = []
        for d in v.documents:
            doc = full[d.pk]
            unheard = [] if silence_consents else [c for c in members
                                                   if c not in heard[doc.pk]]
            rows.append(DocumentDesk(doc, progress[doc.pk],
                                     [_choice(s, doc, meeting, progress[doc.pk], unheard,
                                              refusal) for s in STEPS]))
        item = ItemDesk(v.item, rows, v.decisions, speakers=speakers.get(v.item.pk, []))
        if len(rows) > 1 or (rows and v.item.package_id):
            item.together = _together(rows)
        item.may_package = bool(rows) and not refusal and meeting.body.prepares_for_id is not None
        items.append(item)
    is_open = meeting.status != mm.MeetingStatus.CLOSED
    return Desk(meeting=meeting, items=items, can_chair=not refusal, refusal=refusal,
                can_give_floor=is_open and may_give_floor(actor, chair),
                floor_states=states_to_act_for(actor, members) if is_open else [],
                open=is_open)
