"""The calendar checks itself: meetings that overlap, and heads of delegation booked twice.

A body cannot sit twice at once, so an overlapping meeting of the same body is refused. Two
bodies of one organization may well meet on the same days (the ministers the day before the
summit, with the coordinators in the corridor), but the secretariat should know: that is a
warning, as is a head of delegation booked at two meetings on the same days. What must stay
true: dates are whole days, both ends included; a meeting never clashes with itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class ClashKind(StrEnum):
    SAME_BODY = "same_body"  # refused
    ORGANIZATION = "organization"  # a warning: another body of the organization sits
    HEAD = "head"  # a warning: one person heads delegations at both


@dataclass(frozen=True)
class Booking:
    """A meeting as the calendar sees it; `heads` maps a head of delegation (a key that is the
    same for one person at every meeting) to the state or organization they lead."""

    slug: str
    body: str
    start: dt.date
    end: dt.date
    heads: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Clash:
    kind: ClashKind
    other: Booking
    head: str | None = None  # the head's key, for a HEAD clash
    led: tuple[str, str] | None = None  # (here, there): whom the head leads at each

    @property
    def refused(self) -> bool:
        return self.kind is ClashKind.SAME_BODY


def overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Whether two spans of whole days (ends included) share a day."""
    return a_start <= b_end and b_start <= a_end


def clashes(meeting: Booking, others: Iterable[Booking]) -> list[Clash]:
    """Every clash of `meeting` with the others, refusals first, then by date and slug."""
    out: list[Clash] = []
    for other in others:
        if other.slug == meeting.slug or not overlaps(meeting.start, meeting.end,
                                                      other.start, other.end):
            continue
        kind = ClashKind.SAME_BODY if other.body == meeting.body else ClashKind.ORGANIZATION
        out.append(Clash(kind, other))
        for head in sorted(meeting.heads.keys() & other.heads.keys()):
            out.append(Clash(ClashKind.HEAD, other, head,
                             (meeting.heads[head], other.heads[head])))
    order = {ClashKind.SAME_BODY: 0, ClashKind.HEAD: 1, ClashKind.ORGANIZATION: 2}
    return sorted(out, key=lambda c: (order[c.kind], c.other.start, c.other.slug, c.head or ""))
