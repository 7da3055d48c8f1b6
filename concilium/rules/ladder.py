"""The charter's ladder: a body takes up a document only after the bodies that prepare for it.

Why: the pipeline table (`rules.pipeline`) says which step a body may take, but not whether
the text ever reached it the charter's way. Under the SCO's rules the coordinators prepare
the ministers' meetings and the ministers the summit's, so the heads of state adopt a
declaration only once the ministers agreed it, and the ministers only once the coordinators
did. A step may be missing for a good reason (the ministers did not meet; the texts were
agreed by correspondence): the secretariat then records an exception with the reason, and
the ladder lets the document pass that rung.

What must stay true:
- the ladder is read from the charter (`prepares_for`), never assumed;
- a text returned to negotiation (a broken silence, a failed approval) climbs again: only
  decisions after the last return count;
- a silence procedure broken by a member cannot end in adoption: the break stands until that
  member states a new position on the text, and no exception sets it aside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

#: Decisions by which a body says it agrees a text (the values of `pipeline.Step`).
AGREEMENTS = frozenset({"agreed_ad_ref", "agreed_submitted", "approved", "adopted"})
RETURNED = "returned"


@dataclass(frozen=True)
class Passed:
    """A decision taken on the document, in the order taken."""

    body: str
    step: str


@dataclass(frozen=True)
class Missing:
    """The rung not climbed: `body` has not agreed the text that it prepares for `above`."""

    body: str
    above: str


@dataclass(frozen=True)
class BrokenSilence:
    state: str
    at: dt.datetime
    reason: str = ""


@dataclass(frozen=True)
class Verdict:
    path: tuple[str, ...]  # the charter's path to the body, bottom first
    missing: tuple[Missing, ...] = ()
    waived: tuple[str, ...] = ()  # rungs passed by a recorded exception
    broken: BrokenSilence | None = None  # a break that still stands

    @property
    def allowed(self) -> bool:
        return not self.missing and self.broken is None


def preparers(prepares: Mapping[str, str | None], body: str) -> list[str]:
    """The bodies that prepare for `body`, in the charter's order."""
    return [slug for slug, up in prepares.items() if up == body]


def path_to(prepares: Mapping[str, str | None], body: str) -> tuple[str, ...]:
    """The charter's path up to `body`, bottom first (cnc, cfm, chs): at each rung the first
    body the charter names as preparing for the one above."""
    path, current, seen = [body], body, {body}
    while (below := [b for b in preparers(prepares, current) if b not in seen]):
        current = below[0]
        seen.add(current)
        path.append(current)
    return tuple(reversed(path))


def since_last_return(history: Sequence[Passed]) -> list[Passed]:
    """The decisions after the text last went back to negotiation."""
    last = max((i for i, p in enumerate(history) if p.step == RETURNED), default=-1)
    return list(history[last + 1:])


def standing_break(broken: BrokenSilence | None,
                   restated: Mapping[str, dt.datetime]) -> BrokenSilence | None:
    """The break, unless the state that broke silence has stated a position since."""
    if broken is None:
        return None
    since = restated.get(broken.state)
    return broken if since is None or since <= broken.at else None


def check(*, prepares: Mapping[str, str | None], body: str, history: Sequence[Passed],
          waived: Collection[str] = (), broken: BrokenSilence | None = None,
          restated: Mapping[str, dt.datetime] | None = None) -> Verdict:
    """Whether `body` may take up the text now: every rung below it climbed (or waived by
    an exception), and no broken silence standing.

    Where several bodies prepare for one, the agreement of any of them is the rung; a
    missing rung is named by the first of them, and the walk goes on below it.
    """
    agreed = {p.body for p in since_last_return(history) if p.step in AGREEMENTS}
    missing: list[Missing] = []
    used: list[str] = []
    current, seen = body, {body}
    while (below := [b for b in preparers(prepares, current) if b not in seen]):
        done = [b for b in below if b in agreed]
        nxt = done[0] if done else below[0]
        if not done:
            if nxt in waived:
                used.append(nxt)
            else:
                missing.append(Missing(nxt, current))
        seen.add(nxt)
        current = nxt
    return Verdict(path=path_to(prepares, body), missing=tuple(reversed(missing)),
                   waived=tuple(reversed(used)),
                   broken=standing_break(broken, restated or {}))
