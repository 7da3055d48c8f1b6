"""The date of a rule is the date of the act: which day membership, presidency, chair and
entitlement are taken as of, for an act on a document.

One function, `act_day`, answers it for the services, the API, the pages and the commands
alike, so that a text of 2020 is negotiated, decided and read under the members and the
presidency of 2020 whatever the clock says. Today's date is only the default for an act
done today between meetings.

The meetings that take a document up and the decisions taken on it are read through the
relations the meetings app declares to documents (`Document.agenda_items`,
`Document.packages`, `Document.decisions`), so this module imports nothing above its floor.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concilium.core.dates import parse_date
from concilium.documents import models as m

# The meetings app's value for a closed meeting (`meetings.models.MeetingStatus.CLOSED`).
MEETING_CLOSED = "closed"


def within(start: dt.date, end: dt.date, today: dt.date) -> dt.date:
    """The day of a meeting from `start` to `end` that an act done `today` belongs to:
    today during the meeting, else its last day (the act is recorded under the meeting's
    own dates, e.g. the minutes of a 2020 meeting written up later)."""
    return today if start <= today <= end else end


def _session(document: m.Document, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The open meeting that has the document on its agenda (directly or in a package) and
    has begun by `today`: the latest such; None between meetings."""
    found = []
    for path in ("agenda_items__meeting", "packages__agenda_items__meeting"):
        row = (m.Document.objects.filter(pk=document.pk, **{f"{path}__start__lte": today})
               .exclude(**{f"{path}__status": MEETING_CLOSED})
               .order_by(f"-{path}__start")
               .values_list(f"{path}__start", f"{path}__end").first())
        if row is not None and row[0] is not None:
            found.append(row)
    return max(found) if found else None


def _last_decision(document: m.Document) -> dt.date | None:
    return (m.Document.objects.filter(pk=document.pk, decisions__isnull=False)
            .order_by("-decisions__date", "-decisions__id")
            .values_list("decisions__date", flat=True).first())


def act_day(document: m.Document | None = None, *, on=None, reading: bool = False,
            field: str = "on", meeting_start: dt.date | None = None,
            meeting_end: dt.date | None = None) -> dt.date:
    """The date the charter's rules apply for an act on `document`.

    `on`, when given, overrides everything (a bad date names `field`). An act at a meeting
    (`meeting_start`/`meeting_end`) takes the meeting's dates. Otherwise, on a document:
    a closed record (adopted, approved, noted, withdrawn) is read, and refused, as of its
    last decision; an open meeting that has begun and has the document on its agenda is the
    session where the act happens, and gives its dates; between meetings, an act takes its
    own day, and `reading` what was decided takes the day of the last decision (the outcome
    of a text agreed in 2020 is the 2020 outcome). At most four queries.
    """
    day = parse_date(on, field=field)
    if day is not None:
        return day
    today = timezone.localdate()
    if meeting_start is not None:
        return within(meeting_start, meeting_end or meeting_start, today)
    if document is None:
        return today
    if document.status in m.CLOSED_STATUSES:
        decided = _last_decision(document)
        if decided is not None:
            return decided
    session = _session(document, today)
    if session is not None:
        return within(*session, today)
    decided = _last_decision(document) if reading else None
    return decided or today
