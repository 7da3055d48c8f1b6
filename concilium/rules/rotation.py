"""The presidency: the default rotation a charter prescribes, and the sequence actually held.

The rule ("alphabetical by the names in Russian", say) only gives a default; the record may
deviate with a reason (a state not taking its turn, a new member not presiding at once).
So the actual sequence is data, and the rule answers "who would be next by default?".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from concilium.rules.collation import alphabetical

NOT_A_MEMBER = "{state} is not a member on that date, so it has no place in the rotation."
NO_MEMBERS = "There are no members to rotate among."
RULE_ALPHABETICAL = (
    "{language_name} alphabetical order of the member states' names: "
    "after {current_name} comes {next_name}"
)
LANGUAGE_NAMES = {"ru": "Russian", "en": "English", "zh": "Chinese", "fr": "French",
                  "es": "Spanish", "ar": "Arabic"}


@dataclass(frozen=True)
class Term:
    """One presidency, from `start` to `end` inclusive; `end` None while it runs."""

    state: str
    start: dt.date
    end: dt.date | None = None
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Successor:
    """The default next holder and the sentence naming the rule that chose it."""

    state: str
    rule: str
    order: tuple[str, ...]


def rotation_order(members: Iterable[str], names: Mapping[str, str]) -> tuple[str, ...]:
    """The members in the rotation's order: alphabetical by their names in the rule's language."""
    return alphabetical(names, list(members))


def default_successor(
    current: str, members: Sequence[str], names: Mapping[str, str], language: str
) -> Successor:
    """Who follows `current` by the alphabetical rule among `members`.

    If `current` has left the members, its place in the alphabet still decides: the next
    member whose name comes after its name takes over.
    """
    if not members:
        raise ValueError(NO_MEMBERS)
    order = rotation_order(members, names)
    if current in order:
        nxt = order[(order.index(current) + 1) % len(order)]
    else:
        everyone = rotation_order([*members, current], names)
        i = everyone.index(current)
        nxt = everyone[(i + 1) % len(everyone)]
    rule = RULE_ALPHABETICAL.format(
        language_name=LANGUAGE_NAMES.get(language, language),
        current_name=names.get(current, current),
        next_name=names.get(nxt, nxt),
    )
    return Successor(state=nxt, rule=rule, order=order)


def eligible(
    admitted: Mapping[str, dt.date], term_start: dt.date | None, new_members_wait: bool
) -> list[str]:
    """Members who may take the next presidency: with `new_members_wait`, not those admitted
    after the current term began (`admitted` maps each member to its admission date)."""
    if not new_members_wait or term_start is None:
        return sorted(admitted)
    return sorted(code for code, day in admitted.items() if day <= term_start)


def holder_on(terms: Iterable[Term], day: dt.date) -> Term | None:
    """The recorded term covering `day`, if any."""
    return next((t for t in terms if t.covers(day)), None)


def deviations(
    terms: Sequence[Term], members_on: Mapping[dt.date, Sequence[str]],
    names: Mapping[str, str], language: str,
) -> dict[int, str]:
    """Index of each recorded term that departs from the default, with the expected holder.

    `members_on[t.start]` gives the members on each term's first day.
    """
    out = {}
    ordered = sorted(terms, key=lambda t: t.start)
    for i in range(1, len(ordered)):
        members = members_on.get(ordered[i].start, ())
        if not members:
            continue
        expected = default_successor(ordered[i - 1].state, members, names, language).state
        if expected != ordered[i].state:
            out[i] = expected
    return out
