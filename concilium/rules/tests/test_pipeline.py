"""Specification of the council pipeline: coordinators → ministers → heads of state.

The bodies are the SCO's: the CNC prepares for the CFM, which prepares for the CHS. The CHS
gives final approval to declarations and decisions; the CFM to the Secretariat's report and
its own statements.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.pipeline import (
    FINAL,
    NOT_THE_FINAL_AUTHORITY,
    NOT_THE_SUBMITTING_BODY,
    SILENCE_NOT_ALLOWED,
    TRANSITIONS,
    Context,
    DocState,
    PipelineRefused,
    Reason,
    Step,
    TextOutcome,
    allowed_steps,
    check,
    final_step_for,
    outcome_refusal,
    refusal,
    step_of,
)

CNC = dict(body="cnc", prepares_for="cfm")
CFM = dict(body="cfm", prepares_for="chs")
CHS = dict(body="chs", prepares_for=None)


def test_the_2020_path_of_a_declaration():
    """A declaration goes CNC ad ref → CFM agreed and submitted → CHS adopted."""
    state = check(Step.AGREE_AD_REF, DocState.NEGOTIATION, Context(**CNC, approver="chs"))
    assert state is DocState.AGREED_AD_REF
    state = check(Step.AGREE_SUBMIT, state, Context(**CFM, approver="chs"))
    assert state is DocState.SUBMITTED
    assert check(Step.ADOPT, state, Context(**CHS, approver="chs")) is DocState.ADOPTED


def test_the_ministers_approve_the_secretariats_report_themselves():
    """Where the charter gives the CFM final approval, the CFM approves; it cannot submit."""
    ctx = Context(**CFM, approver="cfm")
    assert check(Step.APPROVE, DocState.AGREED_AD_REF, ctx) is DocState.APPROVED
    assert final_step_for(ctx) is Step.APPROVE


def test_the_ministers_cannot_adopt_what_the_heads_of_state_adopt():
    """The CFM adopting a declaration is refused, naming the body that has final approval."""
    with pytest.raises(PipelineRefused) as refused:
        check(Step.ADOPT, DocState.AGREED_AD_REF, Context(**CFM, approver="chs"))
    assert str(refused.value) == NOT_THE_FINAL_AUTHORITY.format(
        body="CFM", step="adopt", approver="CHS")


def test_only_the_body_preparing_the_summit_submits_to_it():
    """The coordinators do not submit to the heads of state: the ministers do."""
    with pytest.raises(PipelineRefused) as refused:
        check(Step.AGREE_SUBMIT, DocState.NEGOTIATION, Context(**CNC, approver="chs"))
    assert str(refused.value) == NOT_THE_SUBMITTING_BODY.format(body="CNC", approver="CHS")


def test_an_adopted_document_goes_nowhere():
    """Nothing but hearing a report happens to a document in a final state."""
    ctx = Context(**CHS, approver="chs")
    for state in FINAL:
        assert allowed_steps(state, ctx) == (Step.HEAR_REPORT,)
    with pytest.raises(PipelineRefused, match="adopted cannot be adopted"):
        check(Step.ADOPT, DocState.ADOPTED, ctx)


def test_silence_needs_the_charter_and_its_minimum():
    """A silence procedure is refused where the charter forbids it or the deadline is short."""
    with pytest.raises(PipelineRefused, match=SILENCE_NOT_ALLOWED):
        check(Step.OPEN_SILENCE, DocState.NEGOTIATION, Context(**CHS, approver="chs"))
    short = Context(**CHS, approver="chs", silence_allowed=True, silence_minimum_hours=72,
                    silence_hours=24)
    with pytest.raises(PipelineRefused, match="at least 72 hours"):
        check(Step.OPEN_SILENCE, DocState.NEGOTIATION, short)
    enough = Context(**CHS, approver="chs", silence_allowed=True, silence_hours=72)
    assert check(Step.OPEN_SILENCE, DocState.NEGOTIATION, enough) is DocState.SILENCE


def test_broken_silence_returns_and_unbroken_silence_adopts():
    """From silence a text either returns to negotiation or is adopted at the deadline."""
    ctx = Context(**CHS, approver="chs")
    assert check(Step.RETURN, DocState.SILENCE, ctx) is DocState.NEGOTIATION
    assert check(Step.ADOPT_BY_SILENCE, DocState.SILENCE, ctx) is DocState.ADOPTED


def test_every_step_has_a_guard_named_may_something():
    """The table reads like the charter: each row is guarded by a may_<step> check."""
    assert set(TRANSITIONS) == set(Step)
    assert all(t.guard.__name__.startswith(("may_", "guard")) for t in TRANSITIONS.values())


def test_an_unknown_step_names_the_known_ones():
    """A typo in a decision kind is refused with the list of steps."""
    with pytest.raises(PipelineRefused, match="agreed_submitted"):
        step_of("agree-and-send")


@given(st.sampled_from(list(Step)), st.sampled_from(list(DocState)),
       st.sampled_from(["cnc", "cfm", "chs"]), st.sampled_from(["cfm", "chs", None]),
       st.sampled_from(["cfm", "chs", None]))
def test_refusal_is_the_reason_check_gives(step, state, body, prepares, approver):
    """A page's reason for a disabled action is the one `check` refuses with, and it keeps
    its template and parameters so it can be shown in the reader's language."""
    ctx = Context(body=body, prepares_for=prepares, approver=approver)
    why = refusal(step, state, ctx)
    try:
        check(step, state, ctx)
    except PipelineRefused as refused:
        assert why is not None and str(refused) == str(why)
        assert isinstance(why, Reason) and why.template.format(**why.params) == why
    else:
        assert why is None and step in allowed_steps(state, ctx)


@given(st.sampled_from([o.value for o in TextOutcome] + ["adopted"]),
       st.lists(st.sampled_from(["IND", "PAK", "CHN"]), unique=True),
       st.integers(min_value=0, max_value=3), st.lists(st.sampled_from(["IND", "KAZ"])),
       st.lists(st.sampled_from(["KGZ", "UZB"]), unique=True))
def test_an_outcome_is_refused_while_anyone_objects_or_brackets_remain(kind, objecting,
                                                                       brackets, views, silent):
    """Agreed, agreed ad referendum and views noted need no objection, no bracket and no
    member unheard; noting views needs a view; anything else is not an outcome."""
    why = outcome_refusal(kind, objecting=objecting, brackets=brackets, views=views,
                          silent=silent)
    allowed = (kind != "adopted" and not objecting and not brackets and not silent
               and (kind != "views_noted" or bool(views)))
    assert (why is None) == allowed
    if objecting and kind != "adopted":
        assert all(state in why for state in objecting)
