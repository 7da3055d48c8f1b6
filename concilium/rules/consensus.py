"""Decide whether a council text is adopted, from the positions its members state.

Why this module exists: under SCO Charter Art. 16 decisions are taken without a
vote.  A decision is adopted when no member state objects during its approval;
a member may record a view in the minutes without blocking, or stay out of a
cooperation project ("not participating") without preventing the others.
Suspension or expulsion of a member is decided by "consensus minus one": the
state concerned has no say.  Some charters also name simple quorum rules.

The secretariat needs one place that turns the positions heard in the room into
an outcome that can be shown, minuted and written into the text (which states
"confirmed their support").  Everything here is pure Python with no framework
import, so the same rules serve the web application, the live session view and
offline tools.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

VIEW_NEEDS_TEXT = "A view must say what it is, so that it can be recorded in the minutes."
OBJECTION_NEEDS_REASON = "An objection must give its reason."
STATE_REQUIRED = "A position must name the state that takes it."
CONCERNED_REQUIRED = "Consensus minus one needs the state concerned."
CONCERNED_ONLY_MINUS_ONE = "Only consensus minus one sets a state concerned aside."
BRACKETS_NOT_NEGATIVE = "The number of brackets cannot be negative."
EMPTY_PACKAGE = "A package must contain at least one item."

OBJECTED_BY = "Objected to by {state}: {reason}."
ONE_BRACKET_REMAINS = "1 bracket remains."
BRACKETS_REMAIN = "{count} brackets remain."
NOBODY_TAKES_PART = "No entitled state takes part."
NOT_YET_HEARD = "Not yet heard from: {states}."
THRESHOLD_UNREACHABLE = (
    "At most {possible} of {entitled} entitled states can still agree; {needed} is needed."
)
THRESHOLD_NOT_YET_MET = "{agreeing} of {entitled} entitled states agree; {needed} is needed."
MORE_THAN_HALF = "more than half"
TWO_THIRDS_NEEDED = "two thirds"


class Stance(StrEnum):
    """What a state says when a text is put for approval."""

    AGREE = "agree"
    VIEW = "view"
    NOT_PARTICIPATING = "not_participating"
    OBJECT = "object"


class Rule(StrEnum):
    """How a council reaches a decision."""

    CONSENSUS = "consensus"
    CONSENSUS_MINUS_ONE = "consensus_minus_one"
    MAJORITY = "majority"
    TWO_THIRDS = "two_thirds"


class Status(StrEnum):
    """Where a decision stands."""

    ADOPTED = "adopted"
    BLOCKED = "blocked"
    PENDING = "pending"


@dataclass(frozen=True)
class Position:
    """One state's stance on a text; ``text`` is the view or the objection's reason."""

    state: str
    stance: Stance
    text: str = ""

    def __post_init__(self) -> None:
        """Normalise the stance and refuse views or objections that say nothing."""
        if not self.state or not self.state.strip():
            raise ValueError(STATE_REQUIRED)
        object.__setattr__(self, "stance", Stance(self.stance))
        if self.stance is Stance.VIEW and not self.text.strip():
            raise ValueError(VIEW_NEEDS_TEXT)
        if self.stance is Stance.OBJECT and not self.text.strip():
            raise ValueError(OBJECTION_NEEDS_REASON)


@dataclass(frozen=True)
class Outcome:
    """The result of putting a text for approval, with everything the minutes need.

    Every entitled state is in exactly one of ``agreeing``, ``with_view``,
    ``not_participating``, ``objecting`` and ``silent``.  ``supporters`` are the states
    that said they agree (with or without a view), less those left out of the listing; a
    silent state is never a supporter, even where its silence counts toward consensus
    (``silence_counts``, as in a silence procedure).
    """

    status: Status
    supporters: tuple[str, ...]
    objecting: tuple[str, ...]
    objections: tuple[tuple[str, str], ...]
    views: tuple[tuple[str, str], ...]
    not_participating: tuple[str, ...]
    silent: tuple[str, ...]
    brackets: int
    reasons: tuple[str, ...]
    ignored: tuple[str, ...]
    agreeing: tuple[str, ...] = ()
    with_view: tuple[str, ...] = ()
    silence_counts: bool = False

    @property
    def adopted(self) -> bool:
        """Whether the text is adopted."""
        return self.status is Status.ADOPTED


@dataclass(frozen=True)
class PackageOutcome:
    """The result of adopting several items as one decision."""

    status: Status
    blocked_items: tuple[str, ...]
    pending_items: tuple[str, ...]


def _sorter(order: Sequence[str] | None):
    """Return a sort key placing states by ``order``, unknown ones after, by code."""
    rank = {} if order is None else {state: i for i, state in reversed(list(enumerate(order)))}
    unknown = len(rank)

    def key(state: str) -> tuple[int, str]:
        return (rank.get(state, unknown), state)

    return key


def _sentence(state: str, reason: str) -> str:
    """Phrase one objection as a sentence for the reasons list."""
    return OBJECTED_BY.format(state=state, reason=reason.strip().rstrip("."))


def _brackets_reason(brackets: int) -> str:
    """Phrase the number of open brackets."""
    if brackets == 1:
        return ONE_BRACKET_REMAINS
    return BRACKETS_REMAIN.format(count=brackets)


def _threshold(rule: Rule):
    """Return the test a count of agreeing states must pass, and its wording."""
    if rule is Rule.MAJORITY:
        return (lambda agreeing, entitled: 2 * agreeing > entitled), MORE_THAN_HALF
    return (lambda agreeing, entitled: 3 * agreeing >= 2 * entitled), TWO_THIRDS_NEEDED


def decide(
    *,
    entitled: Iterable[str],
    positions: Iterable[Position],
    rule: Rule = Rule.CONSENSUS,
    concerned: str | None = None,
    brackets: int = 0,
    order: Sequence[str] | None = None,
    exclude_from_supporters: Iterable[str] = (),
    silence_counts: bool = False,
) -> Outcome:
    """Decide a text from the positions stated by the states entitled to decide it.

    ``entitled`` are the members on the date of the decision; positions from any
    other state (observers, partners) are ignored and listed in ``ignored``.
    ``positions`` are a history: when a state speaks several times, its last
    position counts.  A state that has said nothing is ``silent``, never a supporter.
    Under consensus its silence counts toward adoption only where ``silence_counts``
    (a silence procedure, or a charter whose meetings take silence as consent);
    otherwise the text stays pending until every entitled state has spoken.  Under
    majority and two thirds only stated agreement (with or without a view) counts.
    ``concerned`` is the state set aside by consensus minus one.  ``brackets`` is
    the number of passages still in square brackets; the text cannot be adopted
    while any remain.  ``exclude_from_supporters`` leaves states (e.g. the
    proponent, named elsewhere in the text) out of the ``supporters`` listing
    without changing the result.  Every list follows ``order``; states missing
    from it come after, by code; without ``order`` everything is by code.
    """
    rule = Rule(rule)
    if brackets < 0:
        raise ValueError(BRACKETS_NOT_NEGATIVE)
    entitled_states = set(entitled)
    if rule is Rule.CONSENSUS_MINUS_ONE:
        if concerned is None:
            raise ValueError(CONCERNED_REQUIRED)
        entitled_states.discard(concerned)
    elif concerned is not None:
        raise ValueError(CONCERNED_ONLY_MINUS_ONE)

    latest: dict[str, Position] = {}
    ignored: set[str] = set()
    for position in positions:
        if position.state in entitled_states:
            latest[position.state] = position
        else:
            ignored.add(position.state)

    key = _sorter(order)

    def by_stance(*stances: Stance) -> list[Position]:
        found = [p for p in latest.values() if p.stance in stances]
        return sorted(found, key=lambda p: key(p.state))

    objections = by_stance(Stance.OBJECT)
    views = by_stance(Stance.VIEW)
    agreeing = {p.state for p in by_stance(Stance.AGREE, Stance.VIEW)}
    not_participating = {p.state for p in by_stance(Stance.NOT_PARTICIPATING)}
    silent = entitled_states - latest.keys()
    consensual = rule in (Rule.CONSENSUS, Rule.CONSENSUS_MINUS_ONE)

    reasons: list[str] = []
    if consensual:
        counted = agreeing | silent if silence_counts else agreeing
        taking_part = counted | {p.state for p in objections}
        if objections:
            status = Status.BLOCKED
            reasons.extend(_sentence(p.state, p.text) for p in objections)
        else:
            if brackets:
                reasons.append(_brackets_reason(brackets))
            if silent and not silence_counts:
                reasons.append(NOT_YET_HEARD.format(
                    states=", ".join(sorted(silent, key=key))))
            elif not taking_part:
                reasons.append(NOBODY_TAKES_PART)
            status = Status.PENDING if reasons else Status.ADOPTED
    else:
        passes, needed = _threshold(rule)
        total = len(entitled_states)
        possible = len(agreeing) + len(silent)
        if not total:
            status = Status.PENDING
            reasons.append(NOBODY_TAKES_PART)
        elif not passes(possible, total):
            status = Status.BLOCKED
            reasons.append(
                THRESHOLD_UNREACHABLE.format(possible=possible, entitled=total, needed=needed)
            )
        elif passes(len(agreeing), total) and not brackets:
            status = Status.ADOPTED
        else:
            status = Status.PENDING
            if not passes(len(agreeing), total):
                reasons.append(
                    THRESHOLD_NOT_YET_MET.format(
                        agreeing=len(agreeing), entitled=total, needed=needed
                    )
                )
            if brackets:
                reasons.append(_brackets_reason(brackets))

    listed = agreeing - set(exclude_from_supporters)
    with_view = {p.state for p in views}
    return Outcome(
        status=status,
        supporters=tuple(sorted(listed, key=key)),
        objecting=tuple(p.state for p in objections),
        objections=tuple((p.state, p.text) for p in objections),
        views=tuple((p.state, p.text) for p in views),
        not_participating=tuple(sorted(not_participating, key=key)),
        silent=tuple(sorted(silent, key=key)),
        brackets=brackets,
        reasons=tuple(reasons),
        ignored=tuple(sorted(ignored, key=key)),
        agreeing=tuple(sorted(agreeing - with_view, key=key)),
        with_view=tuple(sorted(with_view, key=key)),
        silence_counts=silence_counts,
    )


def decide_package(items: Mapping[str, Outcome]) -> PackageOutcome:
    """Decide several items as one decision: adopted only when every item is adopted.

    Blocked and pending items are listed in the order of ``items`` (the agenda).
    """
    if not items:
        raise ValueError(EMPTY_PACKAGE)
    blocked = tuple(name for name, outcome in items.items() if outcome.status is Status.BLOCKED)
    pending = tuple(name for name, outcome in items.items() if outcome.status is Status.PENDING)
    if blocked:
        status = Status.BLOCKED
    elif pending:
        status = Status.PENDING
    else:
        status = Status.ADOPTED
    return PackageOutcome(status=status, blocked_items=blocked, pending_items=pending)


_CYRILLIC_YO = str.maketrans({"ё": "е", "Ё": "Е"})


def _primary(name: str) -> str:
    """Fold a name to its primary collation form (case, ё, and Latin accents)."""
    folded = []
    for char in name.translate(_CYRILLIC_YO).casefold():
        base = unicodedata.normalize("NFD", char)[0]
        # Latin accents are secondary differences; Cyrillic й stays a letter of its own.
        folded.append(base if base.isascii() else char)
    return "".join(folded)


def alphabetical_order(names: Mapping[str, str]) -> tuple[str, ...]:
    """Return the codes in the order their names take in one language's alphabet.

    ``names`` maps each state's code to its name in that language.  Russian ё
    sorts with е (and just after it when the names are otherwise equal), Latin
    accents and case are secondary, as a reader of the text expects.
    """
    return tuple(
        sorted(
            names,
            key=lambda code: (_primary(names[code]), names[code].casefold(), names[code], code),
        )
    )
