"""Votes: the quorum over the entitled, the threshold over those present and voting."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.charter import CharterError, load_charter
from concilium.rules.charter import DecisionRuleKind as R
from concilium.rules.charter import QuorumRule as Q
from concilium.rules.voting import (
    Choice,
    NotEntitled,
    Result,
    quorum_needed,
    tally,
    voting_rule,
    yes_needed,
)

SIX = ["A", "B", "C", "D", "E", "F"]


def test_a_consensus_body_does_not_vote_and_a_type_rule_wins():
    assert voting_rule(R.CONSENSUS) is None
    assert voting_rule(R.CONSENSUS, R.CONSENSUS_MINUS_ONE) is None
    assert voting_rule(R.TWO_THIRDS) is R.TWO_THIRDS
    assert voting_rule(R.TWO_THIRDS, R.MAJORITY) is R.MAJORITY
    assert voting_rule(R.CONSENSUS, R.MAJORITY) is R.MAJORITY


def test_quorum_and_thresholds_on_six_members():
    assert [quorum_needed(q, 6) for q in (Q.MAJORITY, Q.TWO_THIRDS, Q.ALL)] == [4, 4, 6]
    assert [yes_needed(R.TWO_THIRDS, n) for n in (1, 2, 3, 5, 6)] == [1, 2, 2, 4, 4]
    assert [yes_needed(R.MAJORITY, n) for n in (1, 2, 3, 6)] == [1, 2, 2, 4]


def test_absent_unless_voted_and_only_members_vote():
    t = tally(entitled=SIX, votes={"A": "yes", "B": Choice.NO}, rule=R.MAJORITY,
              quorum=Q.MAJORITY)
    assert t.of(Choice.ABSENT) == ("C", "D", "E", "F") and t.result is Result.NO_QUORUM
    with pytest.raises(NotEntitled):
        tally(entitled=SIX, votes={"Z": "yes"}, rule=R.MAJORITY, quorum=Q.MAJORITY)


def test_nobody_voting_yes_or_no_passes_nothing():
    t = tally(entitled=SIX, votes=dict.fromkeys(SIX, "abstain"), rule=R.MAJORITY,
              quorum=Q.ALL)
    assert t.result is Result.REJECTED


ballots = st.lists(st.sampled_from(list(Choice)), min_size=1, max_size=30)


@given(ballots, st.sampled_from([R.MAJORITY, R.TWO_THIRDS]), st.sampled_from(list(Q)))
def test_the_outcome_is_the_rule_applied_to_the_counts(choices, rule, quorum):
    members = [f"S{i}" for i in range(len(choices))]
    t = tally(entitled=members, votes=dict(zip(members, choices, strict=True)), rule=rule,
              quorum=quorum)
    yes, no = choices.count(Choice.YES), choices.count(Choice.NO)
    present = len(choices) - choices.count(Choice.ABSENT)
    share = {Q.MAJORITY: 1 / 2, Q.TWO_THIRDS: 2 / 3, Q.ALL: 1}[quorum]
    quorate = present > len(choices) / 2 if quorum is Q.MAJORITY else \
        present >= share * len(choices) - 1e-9
    passes = yes + no > 0 and (2 * yes > yes + no if rule is R.MAJORITY
                               else 3 * yes >= 2 * (yes + no))
    expected = (Result.NO_QUORUM if not quorate else
                Result.ADOPTED if passes else Result.REJECTED)
    assert t.result is expected
    assert t.present == present and t.entitled == len(choices)


@given(st.integers(min_value=1, max_value=200))
def test_thresholds_are_the_smallest_counts_that_suffice(n):
    q = quorum_needed(Q.TWO_THIRDS, n)
    assert 3 * q >= 2 * n and 3 * (q - 1) < 2 * n
    m = quorum_needed(Q.MAJORITY, n)
    assert 2 * m > n and 2 * (m - 1) <= n
    y = yes_needed(R.TWO_THIRDS, n)
    assert 3 * y >= 2 * n and (y == 1 or 3 * (y - 1) < 2 * n)


def test_the_test_charter_names_a_two_thirds_assembly_and_a_bad_quorum_is_refused(tmp_path):
    source = Path(__file__).parent / "voting.toml"
    uls = load_charter(source)
    assert voting_rule(uls.body("assembly").rule) is R.TWO_THIRDS
    assert voting_rule(uls.body("bureau").rule) is None
    assert voting_rule(uls.body("assembly").rule, uls.document_type("budget").rule) is R.MAJORITY
    broken = tmp_path / "broken.toml"
    broken.write_text(source.read_text(encoding="utf-8").replace(
        'rule = "two_thirds"', 'rule = "two_thirds"\nquorum = "most"', 1), encoding="utf-8")
    with pytest.raises(CharterError) as refused:
        load_charter(broken)
    assert refused.value.key == "bodies[0].quorum"
