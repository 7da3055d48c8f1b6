"""Planning meetings: the meeting itself (created, then edited), its chair and status. Only
the secretariat plans (`may_plan_meetings`); delegations and side events are in
`attendance`, the agenda in `agenda`.

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
    meeting_for_write,
    meeting_format,
    parse_titles,
    require,
    state_or_none,
)
from concilium.meetings.services.pipeline import pull_waiting
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import schedule
from concilium.rules.permissions import Actor, may_plan_meetings

UNKNOWN_STATUS = _("status: '{value}' is not one of planned, in_session, closed.")
END_BEFORE_START = _("end: the meeting ends on {end}, before it starts on {start}.")
TOO_LONG_MEETING = _("end: a meeting lasts at most {limit} days; this one lasts {days}.")
CITY_REQUIRED = _("city: a meeting in person or hybrid needs the city where it is held.")
SLUG_TAKEN = _("start: the {body} already has a meeting on {start} ({slug}).")
OVERRIDE_NEEDS_REASON = _(
    "chair_override_reason: the rule gives the chair to {default}; say why {state} chairs "
    "instead.")
START_REQUIRED = _("start: the first day is required.")
DECISIONS_OUTSIDE = _(
    "start: decisions were recorded at this meeting on {day}; its dates must include that "
    "day.")
BACKWARDS_STATUS = _("status: a meeting {current} cannot become {new}.")
NOT_CANCELLABLE = _("meeting: the meeting '{slug}' is {status}; only a planned meeting or one "
                    "in session without decisions can be cancelled.")
CANCELLED_MEETING = _("meeting: the meeting '{slug}' is cancelled; it can no longer be "
                      "changed.")

MAX_MEETING_DAYS = 31

_FORWARD = {
    m.MeetingStatus.PLANNED: {m.MeetingStatus.IN_SESSION, m.MeetingStatus.CLOSED},
    m.MeetingStatus.IN_SESSION: {m.MeetingStatus.CLOSED},
    m.MeetingStatus.CLOSED: set(),
}


def slug_for(body: om.Body, start: dt.date) -> str:
    """The stable slug of a meeting: `<body>-<yyyy>-<mm>-<dd>` of its first day."""
    return f"{body.slug}-{start:%Y-%m-%d}"


def _body(slug: str) -> om.Body:
    try:
        return org.body_get(slug)
    except NotFound as error:
        raise ValidationFailed(error.template, **error.params) from None


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


def _terms(start, end, format: str, city) -> tuple[dt.date, dt.date, dict]:
    """The dates, format and city of a meeting, checked: (start, end, city per language)."""
    start = parse_date(start, field="start")
    if start is None:
        raise ValidationFailed(START_REQUIRED, field="start")
    end = parse_date(end, field="end", default=start)
    if end < start:
        raise ValidationFailed(END_BEFORE_START, field="end", start=start, end=end)
    days = (end - start).days + 1
    if days > MAX_MEETING_DAYS:
        raise ValidationFailed(TOO_LONG_MEETING, field="end", limit=MAX_MEETING_DAYS, days=days)
    meeting_format(format)
    city = parse_titles(city, "city") if city else {}
    if format != m.MeetingFormat.VIDEO and not city:
        raise ValidationFailed(CITY_REQUIRED, field="city")
    return start, end, city


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
    start, end, city = _terms(start, end, format, city)
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
def meeting_update(
    *, meeting: str, start=None, end=None, format: str | None = None,
    city: dict | str | None = None, host_state: str | None = None,
    chair_state: str | None = None, chair_override_reason: str = "",
    extraordinary: bool | None = None, expected_version=None, acting_user: Actor,
) -> m.Meeting:
    """Change a planned meeting's dates, format, venue, host or chair (None: unchanged).

    The body and the slug stay: the slug is the meeting's name in URLs, symbols and the
    audit log. `chair_state` "" puts the chair back to the charter's rule; a state other
    than the rule's needs a reason. Dates must still include every day a decision was
    recorded. The audit record keeps what each changed field was before.
    """
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    if row.status == m.MeetingStatus.CANCELLED:
        raise Conflict(CANCELLED_MEETING, field="meeting", slug=row.slug)
    fmt = row.format if format in (None, "") else format
    new_city = row.city if city is None else city
    start, end, new_city = _terms(row.start if start in (None, "") else start,
                                  row.end if end in (None, "") else end, fmt, new_city)
    outside = (row.decisions.exclude(date__range=(start, end))
               .values_list("date", flat=True).first())
    if outside:
        raise ValidationFailed(DECISIONS_OUTSIDE, field="start", day=outside)
    host = row.host_state if host_state is None else state_or_none(host_state, "host_state")
    if chair_state is None:  # keep an override as it is; a chair by the rule follows it
        chair_state = row.chair_state.code if row.chair_override_reason else ""
        chair_override_reason = chair_override_reason or row.chair_override_reason
    chair, official, reason = _chair(row.body, start, host, chair_state or None,
                                     chair_override_reason)
    check_version(row, expected_version, kind=MEETING)
    fields = {"start": start, "end": end, "format": fmt, "city": new_city, "host_state": host,
              "chair_state": chair, "chair_official": official,
              "chair_override_reason": reason,
              "extraordinary": row.extraordinary if extraordinary is None
              else bool(extraordinary)}
    shown = {"host_state": lambda s: s.code if s else None,
             "chair_state": lambda s: s.code if s else None,
             "chair_official": lambda o: o.name("en") if o else None}
    before, after = {}, {}
    for name, value in fields.items():
        old = getattr(row, name)
        if old != value:
            show = shown.get(name, lambda v: v)
            before[name], after[name] = show(old), show(value)
            setattr(row, name, value)
    if not after:
        return row
    row.version += 1
    changed = [*after, "version"]
    if any(name in after for name in m.Meeting.CALENDAR_FIELDS):
        row.sequence += 1
        changed.append("sequence")
    row.save(update_fields=changed)
    record_change(actor=acting_user, action=Action.MEETING_SAVE, target_type="meeting",
                  target_id=row.slug, topic=row.topic,
                  summary={"before": before, "after": after})
    return row


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
    if status == m.MeetingStatus.CANCELLED:
        return meeting_cancel(meeting=meeting, expected_version=expected_version,
                              acting_user=acting_user)
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
def meeting_cancel(*, meeting: str, reason: str = "", expected_version=None,
                   acting_user: Actor) -> m.Meeting:
    """Cancel a meeting that has not taken decisions; its calendar event becomes
    STATUS:CANCELLED with a higher SEQUENCE, so subscribers' calendars strike it.

    The row stays (its slug is in URLs and the audit log); cancelling twice changes nothing.
    """
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    check_version(row, expected_version, kind=MEETING)
    if row.status == m.MeetingStatus.CANCELLED:
        return row
    if row.status == m.MeetingStatus.CLOSED or row.decisions.exists():
        raise Conflict(NOT_CANCELLABLE, field="meeting", slug=row.slug,
                       status=m.MeetingStatus(row.status).label)
    before = row.status
    row.status = m.MeetingStatus.CANCELLED
    row.version += 1
    row.sequence += 1
    row.save(update_fields=["status", "version", "sequence"])
    record_change(actor=acting_user, action=Action.MEETING_CANCEL, target_type="meeting",
                  target_id=row.slug, topic=row.topic,
                  summary={"before": {"status": before},
                           "after": {"status": row.status, "reason": (reason or "").strip()}})
    return row
