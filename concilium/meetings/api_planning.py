"""Editing a planned meeting over HTTP: its terms, the agenda's order, delegations,
side events, and circulation to the meeting against its deadline.

Mounted by `meetings.api` under the same /api/meetings prefix (PATCH /api/meetings/{slug}
lives there, beside the GET of the same path); thin doors like the rest:
parse, call one service or selector, serialize. Writes take the meeting's
`expected_version` (a stale one is 409).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.core.dates import parse_date
from concilium.meetings import models as m
from concilium.meetings import selectors, services

router = Router(tags=["meetings"])


class MeetingUpdateIn(Schema):
    start: str | None = None
    end: str | None = None
    format: str | None = None
    city: dict[str, str] | str | None = None
    host_state: str | None = None
    chair_state: str | None = None  # "": back to the charter's rule
    chair_override_reason: str = ""
    extraordinary: bool | None = None
    expected_version: int | None = None


class MoveIn(Schema):
    to: int
    expected_version: int | None = None


class DelegationUpdateIn(Schema):
    head: str | None = None
    members: list[str] | None = None
    attendance: str | None = None
    expected_version: int | None = None


class CirculateIn(Schema):
    documents: list[str]
    date: str | None = None
    accept_late: bool = False


class CheckLineOut(Schema):
    document: str
    circulated: dt.date | None
    days_before: int | None
    late: bool


class CirculationCheckOut(Schema):
    meeting: str
    date: dt.date
    circulation_days: int
    deadline: dt.date
    late: bool
    days_late: int
    documents: list[CheckLineOut]


class CirculatedOut(Schema):
    document: str
    date: dt.date
    version: int


class AgendaLineOut(Schema):
    number: int
    titles: dict[str, str]


class DelegationRowOut(Schema):
    id: int
    state: str | None
    organization: str | None
    head: str | None
    members: list[str]
    attendance: str


def _agenda(slug: str) -> list[dict]:
    rows = m.AgendaItem.objects.filter(meeting__slug=slug).order_by("number")
    return [dict(number=i.number, titles=i.titles) for i in rows]


@router.post("/meetings/{slug}/agenda/{number}/move", response=list[AgendaLineOut],
             summary="Move an agenda item to another position (secretariat)")
def move_item(request, slug: str, number: int, payload: MoveIn):
    services.agenda_item_move(meeting=slug, number=number, acting_user=actor_of(request),
                              **payload.dict())
    return _agenda(slug)


@router.delete("/meetings/{slug}/agenda/{number}", response=list[AgendaLineOut],
               summary="Take an item off the agenda (secretariat)")
def remove_item(request, slug: str, number: int, expected_version: int | None = None):
    services.agenda_item_remove(meeting=slug, number=number, expected_version=expected_version,
                                acting_user=actor_of(request))
    return _agenda(slug)


@router.patch("/meetings/{slug}/delegations/{delegation}", response=DelegationRowOut,
              summary="Change a delegation's head, members or attendance (secretariat)")
def update_delegation(request, slug: str, delegation: int, payload: DelegationUpdateIn):
    d = services.delegation_update(meeting=slug, delegation=delegation,
                                   acting_user=actor_of(request), **payload.dict())
    return dict(id=d.pk, state=d.state.code if d.state else None,
                organization=d.organization.slug if d.organization else None,
                head=d.head.name("en") if d.head else d.head_name.get("en"),
                members=d.members, attendance=d.attendance)


@router.delete("/meetings/{slug}/delegations/{delegation}", response={204: None},
               summary="Take a delegation off a meeting (secretariat)")
def remove_delegation(request, slug: str, delegation: int, expected_version: int | None = None):
    services.delegation_remove(meeting=slug, delegation=delegation,
                               expected_version=expected_version, acting_user=actor_of(request))
    return Status(204, None)


@router.delete("/meetings/{slug}/side-events/{event}", response={204: None},
               summary="Take a side event off a meeting (secretariat)")
def remove_side_event(request, slug: str, event: int, expected_version: int | None = None):
    services.side_event_remove(meeting=slug, side_event=event,
                               expected_version=expected_version, acting_user=actor_of(request))
    return Status(204, None)


@router.get("/meetings/{slug}/circulation", response=CirculationCheckOut,
            summary="The circulation deadline, and how circulating on a date would stand")
def check_circulation(request, slug: str, date: str | None = None):
    day = parse_date(date, field="date", default=timezone.localdate())
    c = selectors.circulation_check(slug, day=day, actor=actor_of(request))
    return dict(meeting=slug, date=c.day, circulation_days=c.days, deadline=c.when.deadline,
                late=c.when.late, days_late=c.when.days_late,
                documents=[dict(document=x.document.symbol, circulated=x.circulated,
                                days_before=x.days_before, late=x.late) for x in c.lines])


@router.post("/meetings/{slug}/circulation", response={201: list[CirculatedOut]},
             summary="Circulate documents on the agenda (late only with accept_late)")
def circulate(request, slug: str, payload: CirculateIn):
    rows = services.meeting_circulate(meeting=slug, acting_user=actor_of(request),
                                      **payload.dict())
    return Status(201, [dict(document=r.document.symbol, date=r.date, version=r.version)
                        for r in rows])


class CancelIn(Schema):
    reason: str = ""
    expected_version: int | None = None


class CancelledOut(Schema):
    slug: str
    status: str
    sequence: int
    version: int


@router.post("/meetings/{slug}/cancel", response=CancelledOut,
             summary="Cancel a meeting without decisions; calendars show it cancelled "
                     "(secretariat)")
def cancel(request, slug: str, payload: CancelIn):
    row = services.meeting_cancel(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return dict(slug=row.slug, status=row.status, sequence=row.sequence, version=row.version)
