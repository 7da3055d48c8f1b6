"""Planning meetings: the meeting itself, its chair and status, side events, delegations and
the agenda. Only the secretariat plans (`may_plan_meetings`).

The chair follows the charter's rule (`organization.selectors.chair_of`) unless the
secretariat names another state and says why; the reason stays on the record. A meeting
moves only forward: planned → in session → closed.

The calendar checks itself (`rules.schedule`): a meeting of a body that already sits on one
of the days is refused; another meeting of the organization on the same days, or a head of
delegation booked at two meetings at once, is a warning the service returns on the row it
wrote (`.warnings`), for the doors to show.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import Conflict, NotFound, ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.meetings import models as m
from concilium.meetings import selectors
from concilium.meetings.services.common import (
    MEETING,
    ONLY_PLANNERS,
    bump,
    document_for_write,
    meeting_for_write,
    parse_titles,
    positive,
    require,
    state_or_none,
)
from concilium.meetings.services.pipeline import pull_waiting
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import schedule
from concilium.rules.permissions import Actor, may_plan_meetings

UNKNOWN_FORMAT = _("{field}: '{value}' is not one of in_person, video, hybrid.")
UNKNOWN_STATUS = _("status: '{value}' is not one of planned, in_session, closed.")
UNKNOWN_SOUGHT = _("decision_sought: '{value}' is not one of {known}.")
UNKNOWN_ORGANIZATION = _("organization: there is no partner organization '{slug}'.")
UNKNOWN_OFFICIAL = _("{field}: no official named '{name}' is on record on {day}.")
END_BEFORE_START = _("end: the meeting ends on {end}, before it starts on {start}.")
TOO_LONG_MEETING = _("end: a meeting lasts at most {limit} days; this one lasts {days}.")
CITY_REQUIRED = _("city: a meeting in person or hybrid needs the city where it is held.")
SLUG_TAKEN = _("start: the {body} already has a meeting on {start} ({slug}).")
OVERRIDE_NEEDS_REASON = _(
    "chair_override_reason: the rule gives the chair to {default}; say why {state} chairs "
    "instead.")
BACKWARDS_STATUS = _("status: a meeting {current} cannot become {new}.")
REPORTER_REQUIRED = _("reporter: hearing a report needs the official who reports.")
ITEM_NUMBER_TAKEN = _("number: meeting '{slug}' already has an agenda item {number}.")
DELEGATION_WHO = _("state: a delegation is of a state or of a partner organization (one).")
DELEGATION_EXISTS = _("state: meeting '{slug}' already has a delegation of {who}.")
BAD_MEMBERS = _("members: give the members as a list of names.")
SIDE_EVENT_FAR = _("date: a side event is held within {days} days of the meeting.")

MAX_MEETING_DAYS = 31
SIDE_EVENT_WINDOW_DAYS = 14

_FORWARD = {
    m.MeetingStatus.PLANNED: {m.MeetingStatus.IN_SESSION, m.MeetingStatus.CLOSED},
    m.MeetingStatus.IN_SESSION: {m.MeetingStatus.CLOSED},
    m.MeetingStatus.CLOSED: set(),
}


def slug_for(body: om.Body, start: dt.date) -> str:
    """The stable slug of a meeting: `<body>-<yyyy>-<mm>-<dd>` of its first day."""
    return f"{body.slug}-{start:%Y-%m-%d}"


def _format(value: str, field: str = "format") -> str:
    if value not in m.MeetingFormat.values:
        raise ValidationFailed(UNKNOWN_FORMAT, field=field, value=value)
    return value


def _body(slug: str) -> om.Body:
    try:
        return org.body_get(slug)
    except NotFound as error:
        raise ValidationFailed(error.template, **error.params) from None


def _official(name: str | None, day: dt.date, field: str) -> om.Official | None:
    """An official on record on `day`, by name in any language."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for row in org.officials_on(day):
        if any(str(n).casefold() == wanted for n in row.names.values()):
            return row
    raise ValidationFailed(UNKNOWN_OFFICIAL, field=field, name=name, day=day.isoformat())


def _chair_official(body: om.Body, state: om.State | None, day: dt.date):
    if state is None or not body.chair_office:
        return None
    return (om.Official.objects.filter(office__slug=body.chair_office, state=state,
                                       start__lte=day)
            .exclude(end__lt=day).first())


def _chair(body_row: om.Body, start: dt.date, host: om.State | None, chair_state: str | None,
           reason: str | None) -> tuple[om.State | None, om.Official | None, str]:
    """The chair by the charter's rule, or another state with the reason for overriding it:
    (state, official, reason kept on record; empty when the rule decides)."""
    derived = org.chair_of(body_row, start, host)
    chair = state_or_none(chair_state, "chair_state") or derived.state
    reason = (reason or "").strip()
    overridden = chair is not None and (derived.state is None or chair.pk != derived.state.pk)
    if overridden and not reason:
        default = derived.state.code if derived.state else gettext("nobody")
        raise ValidationFailed(OVERRIDE_NEEDS_REASON, field="chair_override_reason",
                               default=default, state=chair.code)
    if not overridden:
        return chair, derived.official, ""
    return chair, _chair_official(body_row, chair, start), reason


@transaction.atomic
def meeting_create(
    *, body: str, start, end=None, format: str = m.MeetingFormat.IN_PERSON,
    city: dict | str | None = None, host_state: str | None = None,
    chair_state: str | None = None, chair_override_reason: str = "",
    extraordinary: bool = False, acting_user: Actor,
) -> m.Meeting:
    """Plan a meeting of a body; the chair follows the charter unless overridden with a reason.

    Documents already agreed below and waiting for this body (and packages submitted to it)
    go onto the new meeting's agenda.
    """
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    body_row = _body(body)
    start = parse_date(start, field="start")
    if start is None:
        raise ValidationFailed(_("start: the first day is required."), field="start")
    end = parse_date(end, field="end", default=start)
    if end < start:
        raise ValidationFailed(END_BEFORE_START, field="end", start=start, end=end)
    days = (end - start).days + 1
    if days > MAX_MEETING_DAYS:
        raise ValidationFailed(TOO_LONG_MEETING, field="end", limit=MAX_MEETING_DAYS, days=days)
    _format(format)
    city = parse_titles(city, "city") if city else {}
    if format != m.MeetingFormat.VIDEO and not city:
        raise ValidationFailed(CITY_REQUIRED, field="city")
    host = state_or_none(host_state, "host_state")
    chair, official, reason = _chair(body_row, start, host, chair_state, chair_override_reason)
    slug = slug_for(body_row, start)
    if m.Meeting.objects.filter(slug=slug).exists():
        raise ValidationFailed(SLUG_TAKEN, field="start", body=body_row.short("en"),
                               start=start, slug=slug)
    booking = schedule.Booking(slug, body_row.slug, start, end)
    others, rows, names = selectors.bookings_between(start, end)
    for clash in schedule.clashes(booking, others):
        if clash.refused:
            other = rows[clash.other.slug]
            raise ValidationFailed(selectors.SAME_BODY_CLASH, field="start",
                                   body=body_row.name(), start=other.start, end=other.end,
                                   slug=other.slug)
    try:
        with transaction.atomic():
            meeting = m.Meeting.objects.create(
                slug=slug, body=body_row, start=start, end=end, format=format, city=city,
                host_state=host, chair_state=chair, chair_official=official,
                chair_override_reason=reason,
                extraordinary=bool(extraordinary))
    except IntegrityError:
        raise ValidationFailed(SLUG_TAKEN, field="start", body=body_row.short("en"),
                               start=start, slug=slug) from None
    record_change(
        actor=acting_user, action=Action.MEETING_SAVE, target_type="meeting", target_id=slug,
        topic=meeting.topic,
        summary={"after": {"body": body_row.slug, "start": start, "end": end, "format": format,
                           "city": city, "host_state": host.code if host else None,
                           "chair_state": chair.code if chair else None,
                           "chair_override_reason": meeting.chair_override_reason}})
    pull_waiting(meeting, acting_user)
    meeting.warnings = selectors.clash_warnings(booking, others, rows, names)
    return meeting


@transaction.atomic
def meeting_chair_set(*, meeting: str, chair_state: str | None, reason: str = "",
                      expected_version=None, acting_user: Actor) -> m.Meeting:
    """Change who chairs a meeting, or correct the record of a past one: back to the
    charter's rule (no state), or another state with the reason for departing from it.
    The audit record keeps who chaired before."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    check_version(row, expected_version, kind=MEETING)
    before = row.chair_state.code if row.chair_state else None
    chair, official, kept = _chair(row.body, row.start, row.host_state, chair_state, reason)
    row.chair_state, row.chair_official, row.chair_override_reason = chair, official, kept
    row.save(update_fields=["chair_state", "chair_official", "chair_override_reason"])
    bump(row)
    record_change(
        actor=acting_user, action=Action.MEETING_SAVE, target_type="meeting",
        target_id=row.slug, topic=row.topic,
        summary={"before": {"chair_state": before},
                 "after": {"chair_state": chair.code if chair else None,
                           "chair_override_reason": kept}})
    return row


@transaction.atomic
def meeting_status_set(*, meeting: str, status: str, expected_version=None,
                       acting_user: Actor) -> m.Meeting:
    """Open or close a meeting; a meeting only moves forward (planned → in session → closed)."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    if status not in m.MeetingStatus.values:
        raise ValidationFailed(UNKNOWN_STATUS, field="status", value=status)
    check_version(row, expected_version, kind=MEETING)
    if status == row.status:
        return row
    if status not in _FORWARD[m.MeetingStatus(row.status)]:
        raise Conflict(BACKWARDS_STATUS, field="status",
                       current=m.MeetingStatus(row.status).label,
                       new=m.MeetingStatus(status).label)
    before = row.status
    row.status = status
    row.version += 1
    row.save(update_fields=["status", "version"])
    record_change(actor=acting_user, action=Action.MEETING_SAVE, target_type="meeting",
                  target_id=row.slug, topic=row.topic,
                  summary={"before": {"status": before}, "after": {"status": status}})
    return row


@transaction.atomic
def side_event_add(*, meeting: str, date, format: str, titles, host: str | None = None,
                   expected_version=None, acting_user: Actor) -> m.SideEvent:
    """Record something held around a meeting (e.g. the President meeting the ministers)."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    day = parse_date(date, field="date")
    if day is None:
        raise ValidationFailed(_("date: the day of the side event is required."), field="date")
    window = dt.timedelta(days=SIDE_EVENT_WINDOW_DAYS)
    if not (row.start - window <= day <= row.end + window):
        raise ValidationFailed(SIDE_EVENT_FAR, field="date", days=SIDE_EVENT_WINDOW_DAYS)
    _format(format)
    titles = parse_titles(titles)
    official = _official(host, day, "host")
    check_version(row, expected_version, kind=MEETING)
    event = m.SideEvent.objects.create(meeting=row, date=day, format=format, titles=titles,
                                       host_official=official)
    bump(row)
    record_change(
        actor=acting_user, action=Action.MEETING_SAVE, target_type="side_event",
        target_id=event.pk, topic=row.topic,
        summary={"after": {"meeting": row.slug, "date": day, "format": format,
                           "titles": titles}})
    return event


@transaction.atomic
def delegation_add(
    *, meeting: str, state: str | None = None, organization: str | None = None,
    head: str | None = None, members: list[str] | None = None, expected_version=None,
    acting_user: Actor,
) -> m.Delegation:
    """Record who attends: a state or a partner organization, its head and members.

    A head on record as an official (by name, in any language) is linked; otherwise the name
    is kept as given.
    """
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    if bool(state) == bool(organization):
        raise ValidationFailed(DELEGATION_WHO, field="state")
    state_row = state_or_none(state, "state")
    org_row = None
    if organization:
        org_row = om.PartnerOrganization.objects.filter(slug=organization).first()
        if org_row is None:
            raise ValidationFailed(UNKNOWN_ORGANIZATION, field="organization",
                                   slug=organization)
    if members is None:
        members = []
    if not isinstance(members, list) or not all(isinstance(x, str) for x in members):
        raise ValidationFailed(BAD_MEMBERS, field="members")
    official, head_name = None, {}
    if head:
        try:
            official = _official(head, row.start, "head")
        except ValidationFailed:
            head_name = {"en": head.strip()}
    existing = row.delegations.filter(state=state_row, organization=org_row)
    if existing.exists():
        who = state_row.code if state_row else org_row.slug
        raise ValidationFailed(DELEGATION_EXISTS, field="state" if state_row else "organization",
                               slug=row.slug, who=who)
    check_version(row, expected_version, kind=MEETING)
    delegation = m.Delegation.objects.create(
        meeting=row, state=state_row, organization=org_row, head=official,
        head_name=head_name, members=[x.strip() for x in members if x.strip()])
    bump(row)
    record_change(
        actor=acting_user, action=Action.DELEGATION_SAVE, target_type="delegation",
        target_id=delegation.pk, topic=row.topic,
        summary={"after": {"meeting": row.slug, "state": state_row.code if state_row else None,
                           "organization": org_row.slug if org_row else None,
                           "head": official.name("en") if official else head_name.get("en")}})
    key = selectors.head_key(delegation)
    delegation.warnings = [w for w in selectors.meeting_warnings(row)
                           if w.kind == "head" and w.head == key] if key else []
    return delegation


@transaction.atomic
def agenda_item_add(
    *, meeting: str, titles, decision_sought: str, documents: list[str] | None = None,
    reporter: str | None = None, number=None, notes: dict | None = None,
    expected_version=None, acting_user: Actor,
) -> m.AgendaItem:
    """Add a numbered item to a meeting's agenda, with its documents and the decision sought."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    titles = parse_titles(titles)
    if decision_sought not in m.DecisionSought.values:
        raise ValidationFailed(UNKNOWN_SOUGHT, field="decision_sought", value=decision_sought,
                               known=", ".join(m.DecisionSought.values))
    docs = [document_for_write(s, "documents") for s in (documents or [])]
    official = _official(reporter, row.start, "reporter")
    if decision_sought == m.DecisionSought.HEAR_REPORT and official is None:
        raise ValidationFailed(REPORTER_REQUIRED, field="reporter")
    if number in (None, ""):
        number = (row.agenda.aggregate(n=Max("number"))["n"] or 0) + 1
    else:
        number = positive(number, "number")
        if row.agenda.filter(number=number).exists():
            raise ValidationFailed(ITEM_NUMBER_TAKEN, field="number", slug=row.slug,
                                   number=number)
    check_version(row, expected_version, kind=MEETING)
    item = m.AgendaItem.objects.create(meeting=row, number=number, titles=titles,
                                       decision_sought=decision_sought, reporter=official,
                                       notes=notes or {})
    if docs:
        item.documents.add(*docs)
    bump(row)
    record_change(
        actor=acting_user, action=Action.AGENDA_SAVE, target_type="agenda_item",
        target_id=f"{row.slug}#{number}", topic=row.topic,
        summary={"after": {"number": number, "titles": titles,
                           "decision_sought": decision_sought,
                           "documents": [d.symbol for d in docs],
                           "reporter": official.name("en") if official else None}})
    return item
