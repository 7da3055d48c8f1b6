"""Votes, where a charter says vote: each state's vote, the quorum, and the outcome.

Why: most councils decide by consensus and never vote (the SCO's Charter, Art. 16), but a
charter may name a majority or two-thirds rule for a body or a document type. Then each
entitled state votes yes, no or abstains, or is absent; the vote counts only when enough
states take part (the quorum), and the text passes when enough of those voting say yes.

What must stay true:
- a consensus body does not vote (`voting_rule` answers None);
- taking part means voting yes, no or abstaining; a state with no vote recorded is absent;
- the threshold is counted over the states present and voting (yes and no): abstentions
  neither help nor hurt; a majority is more than half, two thirds at least two thirds;
- a vote in which nobody votes yes or no passes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from concilium.rules.charter import DecisionRuleKind, QuorumRule

VOTING_RULES = frozenset({DecisionRuleKind.MAJORITY, DecisionRuleKind.TWO_THIRDS})


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"


class Result(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"


def voting_rule(body_rule: DecisionRuleKind, type_rule: DecisionRuleKind | None = None
                ) -> DecisionRuleKind | None:
    """The rule a vote follows: the document type's where it names a vote, else the
    body's; None when both decide by consensus (no vote)."""
    for rule in (type_rule, body_rule):
        if rule in VOTING_RULES:
            return rule
    return None


def quorum_needed(quorum: QuorumRule, entitled: int) -> int:
    """How many of `entitled` states must take part."""
    if quorum is QuorumRule.ALL:
        return entitled
    if quorum is QuorumRule.TWO_THIRDS:
        return -(-2 * entitled // 3)  # ceiling of two thirds
    return entitled // 2 + 1


def yes_needed(rule: DecisionRuleKind, voting: int) -> int:
    """How many yes votes pass a text when `voting` states vote yes or no (at least one)."""
    if rule is DecisionRuleKind.TWO_THIRDS:
        return max(1, -(-2 * voting // 3))
    return voting // 2 + 1


@dataclass(frozen=True)
class Tally:
    rule: DecisionRuleKind
    quorum: QuorumRule
    votes: Mapping[str, Choice]  # every entitled state, absent where no vote was given
    quorum_needed: int
    yes_needed: int

    def of(self, choice: Choice) -> tuple[str, ...]:
        return tuple(code for code, c in self.votes.items() if c is choice)

    @property
    def entitled(self) -> int:
        return len(self.votes)

    @property
    def present(self) -> int:
        return self.entitled - len(self.of(Choice.ABSENT))

    @property
    def result(self) -> Result:
        if self.present < self.quorum_needed:
            return Result.NO_QUORUM
        yes, no = len(self.of(Choice.YES)), len(self.of(Choice.NO))
        if yes + no == 0 or yes < self.yes_needed:
            return Result.REJECTED
        return Result.ADOPTED

    def as_dict(self) -> dict:
        return {"rule": self.rule.value, "quorum": self.quorum.value,
                "entitled": self.entitled, "present": self.present,
                "quorum_needed": self.quorum_needed, "yes_needed": self.yes_needed,
                "result": self.result.value,
                **{c.value: list(self.of(c)) for c in Choice}}


class NotEntitled(ValueError):
    """A vote for a state that may not vote here."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def tally(*, entitled: Iterable[str], votes: Mapping[str, Choice | str],
          rule: DecisionRuleKind, quorum: QuorumRule) -> Tally:
    """Count a vote: every entitled state's choice (absent where none is given), the quorum
    and the yes votes needed. A vote by a state not entitled raises `NotEntitled`."""
    members = list(dict.fromkeys(entitled))
    for code in votes:
        if code not in members:
            raise NotEntitled(code)
    full = {code: Choice(votes.get(code, Choice.ABSENT)) for code in members}
    voting = sum(1 for c in full.values() if c in (Choice.YES, Choice.NO))
    return Tally(rule=rule, quorum=quorum, votes=full,
                 quorum_needed=quorum_needed(quorum, len(members)),
                 yes_needed=yes_needed(rule, voting))
