"""When a meeting's documents are due with the member states, and how late one is.

The charter fixes the circulation period (`circulation_days`): a document reaches the
members at least that many days before the meeting's first day. A document circulated on
the deadline itself is in time; one never circulated is late by the whole period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Timeliness:
    """A document's circulation measured against a meeting: due by `deadline`."""

    deadline: dt.date
    days_before: int | None  # days between circulation and the first day; None: never
    days_late: int

    @property
    def late(self) -> bool:
        return self.days_late > 0


def deadline(first_day: dt.date, days: int) -> dt.date:
    """The last day a document may reach the members and still be in time."""
    return first_day - dt.timedelta(days=days)


def timeliness(first_day: dt.date, circulated: dt.date | None, days: int) -> Timeliness:
    """How a circulation on `circulated` (None: not circulated) stands for a meeting that
    starts on `first_day`, with a circulation period of `days`."""
    due = deadline(first_day, days)
    if circulated is None:
        return Timeliness(due, None, max(days, 1))
    before = (first_day - circulated).days
    return Timeliness(due, before, max(0, (circulated - due).days))


def comments_deadline(first_day: dt.date, comments_days: int, days: int) -> dt.date:
    """The last day comments on a meeting's circulated drafts reach the secretariat: the
    charter's `comments_days` before the first day, or the circulation deadline when the
    charter sets none."""
    return first_day - dt.timedelta(days=comments_days or days)
