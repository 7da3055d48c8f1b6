"""Who attends a meeting and what is held around it: delegations (head, members,
attendance) and side events (e.g. the President receiving the ministers by video).

A delegation is of a member state or a partner organization, one per meeting. Its head is
linked to the official on record when the name matches one (in any language), else kept as
typed. The meeting's version guards every change: two officers editing the same meeting
get a conflict, not a silent overwrite.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.meetings import models as m
from concilium.meetings import selectors
from concilium.meetings.services.common import (
    MEETING,
    ONLY_PLANNERS,
    bump,
    head_of,
    meeting_for_write,
    meeting_format,
    official_named,
    parse_titles,
    require,
    state_or_none,
)
from concilium.organization import models as om
from concilium.rules.permissions import Actor, may_plan_meetings

UNKNOWN_ORGANIZATION = _("organization: there is no partner organization '{slug}'.")
DELEGATION_WHO = _("state: a delegation is of a state or of a partner organization (one).")
DELEGATION_EXISTS = _("state: meeting '{slug}' already has a delegation of {who}.")
UNKNOWN_DELEGATION = _("delegation: meeting '{slug}' has no delegation {id}.")
BAD_MEMBERS = _("members: give the members as a list of names.")
UNKNOWN_ATTENDANCE = _("attendance: '{value}' is not one of expected, present, absent.")
SIDE_EVENT_FAR = _("date: a side event is held within {days} days of the meeting.")
SIDE_EVENT_DATE_REQUIRED = _("date: the day of the side event is required.")
UNKNOWN_SIDE_EVENT = _("side_event: meeting '{slug}' has no side event {id}.")

SIDE_EVENT_WINDOW_DAYS = 14
MAX_MEMBERS = 200


def _members(members) -> list[str]:
    """Members as a list of names; a text is one name a line."""
    if members is None:
        return []
    if isinstance(members, str):
        members = members.splitlines()
    if not isinstance(members, list) or not all(isinstance(x, str) for x in members):
        raise ValidationFailed(BAD_MEMBERS, field="members")
    names = [x.strip() for x in members if x.strip()]
    if len(names) > MAX_MEMBERS or any(len(x) > 200 for x in names):
        raise ValidationFailed(BAD_MEMBERS, field="members")
    return names


def _attendance(value: str) -> str:
    if value not in m.Attendance.values:
        raise ValidationFailed(UNKNOWN_ATTENDANCE, field="attendance", value=value)
    return value


def _delegation(row: m.Meeting, pk) -> m.Delegation:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = None
    d = row.delegations.select_related("state", "organization", "head").filter(pk=pk).first()
    if d is None:
        raise ValidationFailed(UNKNOWN_DELEGATION, field="delegation", slug=row.slug, id=pk)
    return d


def _who(d: m.Delegation) -> str:
    return d.state.code if d.state else d.organization.slug


@transaction.atomic
def side_event_add(*, meeting: str, date, format: str, titles, host: str | None = None,
                   expected_version=None, acting_user: Actor) -> m.SideEvent:
    """Record something held around a meeting (e.g. the President meeting the ministers)."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    day = parse_date(date, field="date")
    if day is None:
        raise ValidationFailed(SIDE_EVENT_DATE_REQUIRED, field="date")
    window = dt.timedelta(days=SIDE_EVENT_WINDOW_DAYS)
    if not (row.start - window <= day <= row.end + window):
        raise ValidationFailed(SIDE_EVENT_FAR, field="date", days=SIDE_EVENT_WINDOW_DAYS)
    meeting_format(format)
    titles = parse_titles(titles)
    official = official_named(host, day, "host")
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
    head: str | None = None, members: list[str] | None = None,
    attendance: str = "expected", expected_version=None, acting_user: Actor,
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
    members = _members(members)
    attendance = _attendance(attendance or "expected")
    official, head_name = head_of(head, row.start)
    existing = row.delegations.filter(state=state_row, organization=org_row)
    if existing.exists():
        who = state_row.code if state_row else org_row.slug
        raise ValidationFailed(DELEGATION_EXISTS, field="state" if state_row else "organization",
                               slug=row.slug, who=who)
    check_version(row, expected_version, kind=MEETING)
    delegation = m.Delegation.objects.create(
        meeting=row, state=state_row, organization=org_row, head=official,
        head_name=head_name, members=members, attendance=attendance)
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
def delegation_update(
    *, meeting: str, delegation, head: str | None = None, members=None,
    attendance: str | None = None, expected_version=None, acting_user: Actor,
) -> m.Delegation:
    """Change a delegation's head, members or attendance (None: unchanged)."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    d = _delegation(row, delegation)
    fields = {}
    if head is not None:
        fields["head"], fields["head_name"] = head_of(head, row.start)
    if members is not None:
        fields["members"] = _members(members)
    if attendance is not None:
        fields["attendance"] = _attendance(attendance)
    check_version(row, expected_version, kind=MEETING)
    before, after = {}, {}
    for name, value in fields.items():
        if getattr(d, name) != value:
            show = (lambda o: o.name("en") if o else None) if name == "head" else (lambda v: v)
            before[name], after[name] = show(getattr(d, name)), show(value)
            setattr(d, name, value)
    if not after:
        return d
    if "members" in after:  # the composition keeps the titles of the members who remain
        titled = {(p.get("name") or {}).get("en"): p for p in d.member_list or []}
        d.member_list = [titled.get(n) or {"name": {"en": n}, "title": {}} for n in d.members]
    d.save(update_fields=[*after, *(["member_list"] if "members" in after else [])])
    bump(row)
    record_change(actor=acting_user, action=Action.DELEGATION_SAVE, target_type="delegation",
                  target_id=d.pk, topic=row.topic,
                  summary={"meeting": row.slug, "who": _who(d), "before": before,
                           "after": after})
    return d


@transaction.atomic
def delegation_remove(*, meeting: str, delegation, expected_version=None,
                      acting_user: Actor) -> None:
    """Take a delegation off a meeting (recorded by mistake, or not coming after all)."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    d = _delegation(row, delegation)
    check_version(row, expected_version, kind=MEETING)
    removed = {"who": _who(d), "head": d.head.name("en") if d.head else d.head_name.get("en"),
               "members": d.members, "attendance": d.attendance}
    pk = d.pk
    d.delete()
    bump(row)
    record_change(actor=acting_user, action=Action.DELEGATION_SAVE, target_type="delegation",
                  target_id=pk, topic=row.topic,
                  summary={"meeting": row.slug, "before": removed, "after": None})


@transaction.atomic
def side_event_remove(*, meeting: str, side_event, expected_version=None,
                      acting_user: Actor) -> None:
    """Take a side event off a meeting."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    try:
        pk = int(side_event)
    except (TypeError, ValueError):
        pk = None
    event = row.side_events.filter(pk=pk).first()
    if event is None:
        raise ValidationFailed(UNKNOWN_SIDE_EVENT, field="side_event", slug=row.slug, id=pk)
    check_version(row, expected_version, kind=MEETING)
    removed = {"date": event.date, "format": event.format, "titles": event.titles}
    event.delete()
    bump(row)
    record_change(actor=acting_user, action=Action.MEETING_SAVE, target_type="side_event",
                  target_id=pk, topic=row.topic,
                  summary={"meeting": row.slug, "before": removed, "after": None})
