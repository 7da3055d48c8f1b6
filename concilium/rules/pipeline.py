"""The council pipeline: how a document moves from the negotiators to the body that adopts it.

Why this module exists: the charter fixes who may take which step. Under the SCO's rules the
coordinators agree a text ad referendum, the ministers agree it and submit it to the heads of
state, and the heads of state adopt it; where the charter gives a body final approval (the
CFM approves the Secretariat's report and makes its own statements) that body approves it
itself. A silence procedure adopts a clean text unless a member breaks silence, which sends
the text back to negotiation.

The pipeline is a table: an enum of document states and, for each step, the states it may
start from, the state it leads to, and the `may_<step>` check that guards it. Everything is
pure Python over plain data (body slugs), so the rules read the same in the services, the
API and any offline tool. Services choose side effects by (old, new) state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

NOT_A_PREPARATORY_BODY = (
    "The {body} prepares for no other body, so it cannot agree a text ad referendum."
)
FINAL_AUTHORITY_AGREES_AD_REF = (
    "The {body} gives this document final approval; it approves or adopts it instead."
)
NOT_THE_SUBMITTING_BODY = (
    "The {body} does not submit documents to the {approver}: only the body that prepares "
    "its meetings does."
)
NOT_THE_FINAL_AUTHORITY = (
    "The {body} cannot {step} this document: the charter gives final approval to the "
    "{approver}."
)
NO_FINAL_AUTHORITY = "This document type names no body that gives it final approval."
SILENCE_NOT_ALLOWED = "The charter does not allow a silence procedure."
SILENCE_TOO_SHORT = (
    "deadline: a silence procedure lasts at least {minimum} hours under the charter; "
    "this one lasts {hours}."
)
WRONG_STATE = "A document {state} cannot be {step}: it must be {allowed}."
UNKNOWN_STEP = "kind: '{step}' is not a step of the pipeline; the steps are: {known}."


class Reason(str):
    """A refusal as a sentence, that also keeps its template and parameters, so that a page
    can show it in the reader's language (the template is the message catalogue's key)."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        self = super().__new__(cls, template.format(**params))
        self.template, self.params = template, params
        return self


class DocState(StrEnum):
    """Where a document stands; the values are those of the documents' status."""

    DRAFT = "draft"
    NEGOTIATION = "negotiation"
    AGREED_AD_REF = "agreed_ad_ref"
    AGREED = "agreed"
    SUBMITTED = "submitted"
    SILENCE = "silence"
    ADOPTED = "adopted"
    APPROVED = "approved"
    NOTED = "noted"
    WITHDRAWN = "withdrawn"


STATE_LABELS = {
    DocState.DRAFT: "in draft",
    DocState.NEGOTIATION: "in negotiation",
    DocState.AGREED_AD_REF: "agreed ad referendum",
    DocState.AGREED: "agreed",
    DocState.SUBMITTED: "submitted",
    DocState.SILENCE: "under silence procedure",
    DocState.ADOPTED: "adopted",
    DocState.APPROVED: "approved",
    DocState.NOTED: "taken note of",
    DocState.WITHDRAWN: "withdrawn",
}

#: States from which nothing more happens to a document in the pipeline.
FINAL = frozenset({DocState.ADOPTED, DocState.APPROVED, DocState.NOTED, DocState.WITHDRAWN})


class Step(StrEnum):
    """A decision that moves a document; the values are the meetings' decision kinds."""

    AGREE_AD_REF = "agreed_ad_ref"
    AGREE_SUBMIT = "agreed_submitted"
    APPROVE = "approved"
    ADOPT = "adopted"
    TAKE_NOTE = "took_note"
    HEAR_REPORT = "heard_report"
    OPEN_SILENCE = "silence_opened"
    RETURN = "returned"
    ADOPT_BY_SILENCE = "adopted_by_silence"


STEP_LABELS = {
    Step.AGREE_AD_REF: "agreed ad referendum",
    Step.AGREE_SUBMIT: "agreed and submitted",
    Step.APPROVE: "approved",
    Step.ADOPT: "adopted",
    Step.TAKE_NOTE: "taken note of",
    Step.HEAR_REPORT: "heard as a report",
    Step.OPEN_SILENCE: "put under silence procedure",
    Step.RETURN: "returned to negotiation",
    Step.ADOPT_BY_SILENCE: "adopted by silence procedure",
}

#: Steps that say a text is agreed, so the consensus engine must allow them first.
NEEDS_CONSENSUS = frozenset({Step.AGREE_AD_REF, Step.AGREE_SUBMIT, Step.APPROVE, Step.ADOPT,
                             Step.OPEN_SILENCE})


@dataclass(frozen=True)
class Context:
    """The plain facts a step is judged on.

    ``body`` is the body taking the step (its slug); ``prepares_for`` the body it prepares
    meetings for; ``approver`` the body the charter gives final approval of this document
    type (None when the type names none: then the document's approving body is used).
    """

    body: str = ""
    prepares_for: str | None = None
    approver: str | None = None
    silence_allowed: bool = False
    silence_minimum_hours: int = 72
    silence_hours: float = 0


class PipelineRefused(ValueError):
    """The charter does not allow this step; the message says why."""


Guard = Callable[[Context], str | None]


def may_agree_ad_ref(ctx: Context) -> str | None:
    """A preparatory body (the coordinators) agrees a text subject to its capitals."""
    if ctx.prepares_for is None:
        return Reason(NOT_A_PREPARATORY_BODY, body=ctx.body.upper())
    if ctx.approver == ctx.body:
        return Reason(FINAL_AUTHORITY_AGREES_AD_REF, body=ctx.body.upper())
    return None


def may_agree_submit(ctx: Context) -> str | None:
    """Only the body that prepares the approver's meetings agrees and submits to it."""
    if ctx.approver is None:
        return Reason(NO_FINAL_AUTHORITY)
    if ctx.prepares_for != ctx.approver:
        return Reason(NOT_THE_SUBMITTING_BODY, body=ctx.body.upper(),
                      approver=ctx.approver.upper())
    return None


def _final_authority(step: str) -> Guard:
    def guard(ctx: Context) -> str | None:
        if ctx.approver is None:
            return Reason(NO_FINAL_AUTHORITY)
        if ctx.approver != ctx.body:
            return Reason(NOT_THE_FINAL_AUTHORITY, body=ctx.body.upper(), step=step,
                          approver=ctx.approver.upper())
        return None

    guard.__doc__ = f"Only the body with final approval may {step} a document."
    return guard


may_approve = _final_authority("approve")
may_adopt = _final_authority("adopt")


def may_take_note(ctx: Context) -> str | None:
    """Any body may take note of a document."""
    return None


def may_open_silence(ctx: Context) -> str | None:
    """The charter must allow silence, and the deadline be no shorter than its minimum."""
    if not ctx.silence_allowed:
        return Reason(SILENCE_NOT_ALLOWED)
    if ctx.silence_hours < ctx.silence_minimum_hours:
        return Reason(SILENCE_TOO_SHORT, minimum=ctx.silence_minimum_hours,
                      hours=round(ctx.silence_hours, 1))
    return None


def may_return(ctx: Context) -> str | None:
    """A broken silence or a failed approval sends the text back to the table."""
    return None


def may_adopt_by_silence(ctx: Context) -> str | None:
    """An unbroken silence adopts the text at its deadline."""
    return None


S = DocState
_OPEN = frozenset({S.DRAFT, S.NEGOTIATION})
_AGREEABLE = frozenset({S.DRAFT, S.NEGOTIATION, S.AGREED_AD_REF, S.AGREED})


@dataclass(frozen=True)
class Transition:
    step: Step
    sources: frozenset[DocState]
    target: DocState | None  # None: the step leaves the state as it is
    guard: Guard


#: The pipeline, one row per step: from which states, to which state, checked by what.
TRANSITIONS: dict[Step, Transition] = {t.step: t for t in (
    Transition(Step.AGREE_AD_REF, _OPEN, S.AGREED_AD_REF, may_agree_ad_ref),
    Transition(Step.AGREE_SUBMIT, _AGREEABLE, S.SUBMITTED, may_agree_submit),
    Transition(Step.APPROVE, _AGREEABLE | {S.SUBMITTED}, S.APPROVED, may_approve),
    Transition(Step.ADOPT, _AGREEABLE | {S.SUBMITTED}, S.ADOPTED, may_adopt),
    Transition(Step.TAKE_NOTE, _AGREEABLE | {S.SUBMITTED}, S.NOTED, may_take_note),
    Transition(Step.HEAR_REPORT, frozenset(DocState), None, may_take_note),
    Transition(Step.OPEN_SILENCE, _AGREEABLE | {S.SUBMITTED}, S.SILENCE, may_open_silence),
    Transition(Step.RETURN, frozenset({S.SILENCE, S.AGREED_AD_REF, S.AGREED, S.SUBMITTED}),
               S.NEGOTIATION, may_return),
    Transition(Step.ADOPT_BY_SILENCE, frozenset({S.SILENCE}), S.ADOPTED, may_adopt_by_silence),
)}


def _label_list(states) -> str:
    labels = [STATE_LABELS[s] for s in DocState if s in states]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def step_of(kind: str) -> Step:
    """The step named by a decision kind; refuses unknown kinds naming the known ones."""
    try:
        return Step(kind)
    except ValueError:
        known = ", ".join(s.value for s in Step)
        raise PipelineRefused(UNKNOWN_STEP.format(step=kind, known=known)) from None


def refusal(step: Step | str, current: DocState | str, ctx: Context) -> Reason | None:
    """Why the table refuses `step` from `current` in this context, or None when it allows
    it: the reason a page shows beside a disabled action, and `check` raises."""
    transition = TRANSITIONS[step_of(str(step))]
    state = DocState(current)
    if state not in transition.sources:
        return Reason(WRONG_STATE, state=STATE_LABELS[state],
                      step=STEP_LABELS[transition.step],
                      allowed=_label_list(transition.sources))
    problem = transition.guard(ctx)
    return Reason(problem) if problem and not isinstance(problem, Reason) else problem


def check(step: Step | str, current: DocState | str, ctx: Context) -> DocState:
    """The state a document reaches by `step`, or PipelineRefused saying why it cannot."""
    problem = refusal(step, current, ctx)
    if problem:
        raise PipelineRefused(problem)
    return TRANSITIONS[step_of(str(step))].target or DocState(current)


def allowed_steps(current: DocState | str, ctx: Context) -> tuple[Step, ...]:
    """Every step the table allows from `current` in this context, in table order."""
    state = DocState(current)
    return tuple(t.step for t in TRANSITIONS.values()
                 if state in t.sources and t.guard(ctx) is None)


def final_step_for(ctx: Context) -> Step | None:
    """What this body does with a document: submit it upward, approve it, or agree ad ref."""
    if ctx.approver is not None and ctx.approver == ctx.body:
        return Step.APPROVE
    if ctx.approver is not None and ctx.prepares_for == ctx.approver:
        return Step.AGREE_SUBMIT
    if ctx.prepares_for is not None:
        return Step.AGREE_AD_REF
    return None


# --- outcomes the chair records on a paragraph or the whole text --------------------------


class TextOutcome(StrEnum):
    """What the chair records on a text in the room; the values are the documents' outcome
    kinds."""

    AGREED_AD_REF = "agreed_ad_ref"
    AGREED = "agreed"
    VIEWS_NOTED = "views_noted"


OUTCOME_OBJECTED = "The text cannot be recorded as agreed: {states} object."
OUTCOME_BRACKETS = "The text cannot be recorded as agreed: {brackets} bracket(s) remain."
OUTCOME_NO_VIEWS = "No delegation has stated a view on this text: there is no view to note."
OUTCOME_NOT_HEARD = (
    "The text cannot be recorded as agreed: not yet heard from {states}; each member states "
    "its position.")
UNKNOWN_OUTCOME = "kind: '{kind}' is not one of {known}."


def outcome_refusal(kind: str, *, objecting, brackets: int, views, silent=()) -> Reason | None:
    """Why the chair may not record `kind` on a text now, or None.

    Agreement (ad referendum or not) needs no objection, no bracket left and, where silence
    is not consent, no member unheard (`silent`); noting views needs, besides, at least one
    view stated.
    """
    try:
        outcome = TextOutcome(kind)
    except ValueError:
        return Reason(UNKNOWN_OUTCOME, kind=kind, known=", ".join(o.value for o in TextOutcome))
    if objecting:
        return Reason(OUTCOME_OBJECTED, states=", ".join(objecting))
    if brackets:
        return Reason(OUTCOME_BRACKETS, brackets=brackets)
    if silent:
        return Reason(OUTCOME_NOT_HEARD, states=", ".join(silent))
    if outcome is TextOutcome.VIEWS_NOTED and not views:
        return Reason(OUTCOME_NO_VIEWS)
    return None
