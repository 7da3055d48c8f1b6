"""Meetings over HTTP: plan them, follow the pipeline, read minutes, registry and calendars.

Thin doors: each endpoint parses, calls one service or selector, and serializes. Errors are
the services' own (4xx naming the field). Mounted here: `api_planning` (editing a planned
meeting), `api_gates`, `api_votes`, `api_speakers`, and `api_delegations` (the delegations'
composition and credentials).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Literal

from django.http import HttpResponse
from ninja import Router, Schema, Status
from pydantic import create_model

from concilium.accounts.auth import actor_of
from concilium.core.text import content_disposition
from concilium.meetings import api_planning, selectors, services
from concilium.meetings import models as m
from concilium.meetings.api_delegations import router as delegations_router
from concilium.meetings.api_gates import router as gates_router
from concilium.meetings.api_speakers import router as speakers_router
from concilium.meetings.api_votes import router as votes_router
from concilium.meetings.calendar import calendar
from concilium.meetings.minutes import minutes, minutes_dict, render_minutes

router = Router(tags=["meetings"])
router.add_router("", api_planning.router)  # editing a planned meeting
router.add_router("", gates_router)  # exceptions to the rules
router.add_router("", votes_router)  # votes, where the charter says vote
router.add_router("", speakers_router)
router.add_router("", delegations_router)  # composition and credentials

CALENDAR = "text/calendar; charset=utf-8"


# --- schemas ----------------------------------------------------------------------------


class MeetingOut(Schema):
    slug: str
    body: str
    body_names: dict[str, str]
    start: dt.date
    end: dt.date
    format: str
    city: dict[str, str]
    host_state: str | None
    chair_state: str | None
    chair_official: str | None
    chair_override_reason: str
    extraordinary: bool
    status: str
    version: int


class MeetingIn(Schema):
    body: str
    start: str
    end: str | None = None
    format: str = "in_person"
    city: dict[str, str] | str | None = None
    host_state: str | None = None
    chair_state: str | None = None
    chair_override_reason: str = ""
    extraordinary: bool = False


class StatusIn(Schema):
    status: str
    expected_version: int | None = None


class ChairIn(Schema):
    chair_state: str | None = None  # none: the chair the charter's rule gives
    reason: str = ""
    expected_version: int | None = None


class DocumentRef(Schema):
    symbol: str
    titles: dict[str, str]
    status: str
    classification: str


class DecisionOut(Schema):
    id: int
    item: int | None
    document: str | None
    package: str | None
    kind: str
    date: dt.date
    submitted_to: str | None
    outcome: dict


class ItemOut(Schema):
    number: int
    titles: dict[str, str]
    decision_sought: str
    documents: list[DocumentRef]
    reporter: str | None
    package: str | None
    origin: str


class DelegationOut(Schema):
    id: int
    state: str | None
    organization: str | None
    head: str | None
    members: list[str]
    attendance: str


class SideEventOut(Schema):
    id: int
    date: dt.date
    format: str
    titles: dict[str, str]
    host: str | None


class CirculationOut(Schema):
    document: str
    circulated: dt.date | None
    days_before: int | None
    late: bool


class WarningOut(Schema):
    kind: Literal["organization", "head"]
    other: str
    message: str


class MeetingCreatedOut(MeetingOut):
    warnings: list[WarningOut]


class DelegationCreatedOut(DelegationOut):
    warnings: list[WarningOut]


class MeetingDetailOut(MeetingOut):
    warnings: list[WarningOut]
    agenda: list[ItemOut]
    delegations: list[DelegationOut]
    side_events: list[SideEventOut]
    decisions: list[DecisionOut]
    circulation_days: int
    circulation: list[CirculationOut]


class DelegationIn(Schema):
    state: str | None = None
    organization: str | None = None
    head: str | None = None
    members: list[str] = []
    expected_version: int | None = None


class SideEventIn(Schema):
    date: str
    format: str
    titles: dict[str, str] | str
    host: str | None = None
    expected_version: int | None = None


class ItemIn(Schema):
    titles: dict[str, str] | str
    decision_sought: str
    documents: list[str] = []
    reporter: str | None = None
    number: int | None = None
    expected_version: int | None = None


class DecisionIn(Schema):
    item: int
    kind: str
    document: str | None = None
    package: str | None = None
    on: str | None = None
    expected_version: int | None = None


class PackageIn(Schema):
    item: int
    symbol: str
    titles: dict[str, str] | str
    documents: list[str] | None = None
    on: str | None = None
    expected_version: int | None = None


class PackageOut(Schema):
    symbol: str
    titles: dict[str, str]
    submitted_to: str
    meeting: str | None
    documents: list[str]


class CirculationIn(Schema):
    document: str
    date: str | None = None


class CirculationRecordOut(Schema):
    document: str
    date: dt.date
    version: int


class SilenceOpenIn(Schema):
    document: str
    deadline: str


class SilenceBreakIn(Schema):
    document: str
    state: str
    reason: str
    kind: str = "objection"


class SilenceOut(Schema):
    id: int
    document: str
    status: str
    opened_at: dt.datetime
    deadline: dt.datetime
    broken_by: str | None
    broken_reason: str
    closed_at: dt.datetime | None


def _schema_of(shape: type, name: str) -> type[Schema]:
    """The API schema of a selector's dataclass: its fields, in order, every one required."""
    hints = typing.get_type_hints(shape)
    return create_model(name, __base__=Schema,
                        **{f.name: (hints[f.name], ...) for f in dataclasses.fields(shape)})


HistoryOut = _schema_of(selectors.HistoryStep, "HistoryOut")


class RegistryOut(Schema):
    number: str
    date: dt.date
    body: str
    document: str
    titles: dict[str, str]
    meeting: str | None


# --- serializers ------------------------------------------------------------------------


def _meeting(x: m.Meeting) -> dict:
    return dict(
        slug=x.slug, body=x.body.slug, body_names=x.body.names, start=x.start, end=x.end,
        format=x.format, city=x.city, host_state=x.host_state.code if x.host_state else None,
        chair_state=x.chair_state.code if x.chair_state else None,
        chair_official=x.chair_official.name("en") if x.chair_official else None,
        chair_override_reason=x.chair_override_reason, extraordinary=x.extraordinary,
        status=x.status, version=x.version)


def _decision(d: m.Decision) -> dict:
    return dict(id=d.pk, item=d.agenda_item.number if d.agenda_item else None,
                document=d.document.symbol if d.document else None,
                package=d.package.symbol if d.package else None, kind=d.kind, date=d.date,
                submitted_to=d.submitted_to.slug if d.submitted_to else None,
                outcome=d.outcome)


def _doc(d) -> dict:
    return dict(symbol=d.symbol, titles=d.titles, status=d.status,
                classification=d.classification)


def _warnings(rows) -> list[dict]:
    return [dict(kind=w.kind, other=w.other, message=w.message) for w in rows]


def _detail(view: selectors.MeetingView) -> dict:
    return dict(
        **_meeting(view.meeting), warnings=_warnings(view.warnings),
        agenda=[dict(number=v.item.number, titles=v.item.titles,
                     decision_sought=v.item.decision_sought,
                     documents=[_doc(d) for d in v.documents],
                     reporter=v.item.reporter.name("en") if v.item.reporter else None,
                     package=v.item.package.symbol if v.item.package else None,
                     origin=v.item.origin) for v in view.agenda],
        delegations=[dict(id=d.pk, state=d.state.code if d.state else None,
                          organization=d.organization.slug if d.organization else None,
                          head=d.head.name("en") if d.head else d.head_name.get("en"),
                          members=d.members, attendance=d.attendance)
                     for d in view.delegations],
        side_events=[dict(id=e.pk, date=e.date, format=e.format, titles=e.titles,
                          host=e.host_official.name("en") if e.host_official else None)
                     for e in view.side_events],
        decisions=[_decision(d) for d in view.decisions],
        circulation_days=view.circulation_days,
        circulation=[dict(document=c.document.symbol, circulated=c.circulated,
                          days_before=c.days_before, late=c.late) for c in view.circulation])


_silence = selectors.silence_as_dict


def _calendar_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CALENDAR)
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    return response


# --- meetings ---------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut], summary="Meetings, by body and year")
def list_meetings(request, body: str | None = None, year: str | None = None,
                  status: str | None = None):
    rows = selectors.meeting_list(actor=actor_of(request), body=body, year=year, status=status)
    return [_meeting(x) for x in rows]


@router.post("/meetings", response={201: MeetingCreatedOut},
             summary="Plan a meeting (secretariat)",
             description="Refused (422, field `start`) when the body already meets on one of "
                         "the days; other meetings of the organization on the same days come "
                         "back as `warnings`.")
def create_meeting(request, payload: MeetingIn):
    row = services.meeting_create(acting_user=actor_of(request), **payload.dict())
    return Status(201, {**_meeting(selectors.meeting_get(row.slug)),
                        "warnings": _warnings(row.warnings)})


@router.get("/meetings/{slug}", response=MeetingDetailOut,
            summary="A meeting: agenda, delegations, side events, decisions, circulation")
def get_meeting(request, slug: str):
    return _detail(selectors.meeting_detail(slug, actor=actor_of(request)))


@router.patch("/meetings/{slug}", response=MeetingOut,
              summary="Edit a planned meeting: dates, format, venue, host, chair (secretariat)")
def update_meeting(request, slug: str, payload: api_planning.MeetingUpdateIn):
    services.meeting_update(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return _meeting(selectors.meeting_get(slug))


@router.post("/meetings/{slug}/status", response=MeetingOut,
             summary="Open or close a meeting (secretariat)")
def set_status(request, slug: str, payload: StatusIn):
    services.meeting_status_set(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return _meeting(selectors.meeting_get(slug))


@router.post("/meetings/{slug}/chair", response=MeetingOut,
             summary="Change or correct who chairs a meeting, with a reason (secretariat)")
def set_chair(request, slug: str, payload: ChairIn):
    services.meeting_chair_set(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return _meeting(selectors.meeting_get(slug))


@router.post("/meetings/{slug}/delegations", response={201: DelegationCreatedOut},
             summary="Add a delegation (secretariat)",
             description="A head of delegation booked at another meeting on the same days "
                         "comes back as a warning.")
def add_delegation(request, slug: str, payload: DelegationIn):
    d = services.delegation_add(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return Status(201, dict(id=d.pk, state=d.state.code if d.state else None,
                     organization=d.organization.slug if d.organization else None,
                     head=d.head.name("en") if d.head else d.head_name.get("en"),
                     members=d.members, attendance=d.attendance,
                     warnings=_warnings(d.warnings)))


@router.post("/meetings/{slug}/side-events", response={201: SideEventOut},
             summary="Add a side event (secretariat)")
def add_side_event(request, slug: str, payload: SideEventIn):
    e = services.side_event_add(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return Status(201, dict(id=e.pk, date=e.date, format=e.format, titles=e.titles,
                     host=e.host_official.name("en") if e.host_official else None))


@router.post("/meetings/{slug}/agenda", response={201: ItemOut},
             summary="Add an agenda item (secretariat)")
def add_item(request, slug: str, payload: ItemIn):
    i = services.agenda_item_add(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return Status(201, dict(number=i.number, titles=i.titles, decision_sought=i.decision_sought,
                     documents=[_doc(d) for d in i.documents.all()],
                     reporter=i.reporter.name("en") if i.reporter else None,
                     package=None, origin=i.origin))


@router.post("/meetings/{slug}/decisions", response={201: list[DecisionOut]},
             summary="Record a decision on an agenda item (the chair)")
def record_decision(request, slug: str, payload: DecisionIn):
    rows = services.decision_record(meeting=slug, acting_user=actor_of(request),
                                    **payload.dict())
    return Status(201, [_decision(d) for d in rows])


@router.post("/meetings/{slug}/packages", response={201: PackageOut},
             summary="Agree a package and submit it to the higher body (the chair)")
def submit_package(request, slug: str, payload: PackageIn):
    p = services.package_submit(meeting=slug, acting_user=actor_of(request), **payload.dict())
    return Status(201, dict(symbol=p.symbol, titles=p.titles, submitted_to=p.submitted_to.slug,
                     meeting=slug, documents=[d.symbol for d in p.documents.all()]))


@router.get("/meetings/{slug}/minutes", response=dict,
            summary="The minutes, assembled from the records (JSON, or text with format=text)")
def get_minutes(request, slug: str, lang: str = "en", format: str = "json"):
    record = minutes(selectors.meeting_get(slug), lang, actor=actor_of(request))
    if format == "text":
        return HttpResponse(render_minutes(record), content_type="text/plain; charset=utf-8")
    return minutes_dict(record)


@router.get("/meetings/{slug}/calendar.ics", summary="The meeting as an iCalendar file",
            response={200: None})
def meeting_calendar(request, slug: str, lang: str = "en"):
    meeting = selectors.meeting_get(slug)
    return _calendar_response(calendar([meeting], lang=lang), f"{slug}.ics")


@router.get("/calendars/{body}.ics", summary="Every meeting of a body as an iCalendar file",
            response={200: None})
def body_calendar(request, body: str, lang: str = "en"):
    meetings = selectors.meeting_list(body=body)
    return _calendar_response(calendar(meetings, lang=lang, name=body.upper()), f"{body}.ics")


# --- circulation, history, registry, silence ----------------------------------------------


@router.post("/circulations", response={201: CirculationRecordOut},
             summary="Record that a document reached the members (secretariat)")
def record_circulation(request, payload: CirculationIn):
    c = services.circulation_record(acting_user=actor_of(request), **payload.dict())
    return Status(201, dict(document=c.document.symbol, date=c.date, version=c.version))


@router.get("/pipeline/history", response=list[HistoryOut],
            summary="A document's path through the councils: meeting, date, decision")
def history(request, symbol: str):
    return selectors.document_history(symbol, actor=actor_of(request))


@router.get("/registry", response=list[RegistryOut],
            summary="Adopted and finally approved documents, by body and year")
def registry(request, body: str | None = None, year: str | None = None):
    return [dict(number=e.number, date=e.date, body=e.body.slug, document=e.document.symbol,
                 titles=e.document.titles,
                 meeting=e.decision.meeting.slug if e.decision.meeting else None)
            for e in selectors.registry_list(actor=actor_of(request), body=body, year=year)]


@router.get("/silence", response=list[SilenceOut], summary="Silence procedures")
def list_silence(request, status: str | None = None):
    return [_silence(p) for p in selectors.silence_list(actor=actor_of(request), status=status)]


@router.post("/silence", response={201: SilenceOut},
             summary="Open a silence procedure on a document (the chair)")
def open_silence(request, payload: SilenceOpenIn):
    p = services.silence_open(acting_user=actor_of(request), **payload.dict())
    return Status(201, _silence(p))


@router.post("/silence/break", response=SilenceOut,
             summary="Break silence for your state, with an objection or an amendment")
def break_silence(request, payload: SilenceBreakIn):
    return _silence(services.silence_break(acting_user=actor_of(request), **payload.dict()))
