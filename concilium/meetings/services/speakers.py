"""The list of speakers on an agenda item: a delegation asks for the floor, the chair gives it
and closes it. Everyone following the meeting sees the list change at once.

A delegation asks for its own state only (the secretariat may ask for any member); a state
is on an item's list at most once at a time; giving the floor to one speaker closes the
previous speaker's turn.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.core.services import record_change
from concilium.meetings import models as m
from concilium.meetings.services.common import meeting_for_write, positive, state_or_none
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor, acts_on_behalf, may_ask_for_floor, may_give_floor

ONLY_OWN_STATE = _("state: you speak for {own}; you may not ask for the floor for {state}.")
ONLY_CHAIR_FLOOR = _("Only the chair of this meeting ({state}) or the secretariat gives the "
                     "floor.")
UNKNOWN_ITEM = _("item: meeting '{slug}' has no agenda item {number}.")
NOT_A_MEMBER = _("state: {code} is not a member state on {day}; only members take the floor.")
ALREADY_LISTED = _("state: {code} is already on the list of speakers for item {number}.")
NOT_LISTED = _("state: {code} has not asked for the floor on item {number}.")
NOBODY_SPEAKING = _("item: nobody has the floor on item {number}.")
CLOSED_MEETING = _("meeting: '{slug}' is closed; nobody takes the floor at it.")
OPEN = (m.FloorStatus.WAITING, m.FloorStatus.SPEAKING)


def _item(meeting: m.Meeting, number) -> m.AgendaItem:
    number = positive(number, "item")
    item = meeting.agenda.filter(number=number).first()
    if item is None:
        raise ValidationFailed(UNKNOWN_ITEM, field="item", slug=meeting.slug, number=number)
    return item


def _open_meeting(slug: str) -> m.Meeting:
    meeting = meeting_for_write(slug)
    if meeting.status == m.MeetingStatus.CLOSED:
        raise Conflict(CLOSED_MEETING, field="meeting", slug=meeting.slug)
    return meeting


def _member(code: str, meeting: m.Meeting):
    row = state_or_none(code, "state")
    if row is None:
        raise ValidationFailed(org.UNKNOWN_STATE, field="state", code=code)
    if row.code not in org.member_codes_on(meeting.start):
        raise ValidationFailed(NOT_A_MEMBER, field="state", code=row.code, day=meeting.start)
    return row


def _request(item: m.AgendaItem, code: str, statuses) -> m.FloorRequest | None:
    return (m.FloorRequest.objects.select_for_update(of=("self",)).select_related("state")
            .filter(item=item, state__code=code, status__in=statuses).first())


def _audit(actor: Actor, action: Action, meeting: m.Meeting, item: m.AgendaItem,
           row: m.FloorRequest, **summary) -> None:
    code = row.state.code
    record_change(actor=actor, action=action, target_type="floor", target_id=row.pk,
                  topic=meeting.topic,
                  summary={"meeting": meeting.slug, "item": item.number, "state": code,
                           "status": row.status, **summary},
                  acting_for=code, on_behalf=acts_on_behalf(actor, code))


@transaction.atomic
def floor_request(*, meeting: str, item: int, state: str, acting_user: Actor
                  ) -> m.FloorRequest:
    """A delegation asks for the floor on an agenda item, for its own state."""
    code = (state or acting_user.state or "").strip().upper()
    if not may_ask_for_floor(acting_user, code):
        raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                        state=code or "-")
    row = _open_meeting(meeting)
    agenda_item = _item(row, item)
    state_row = _member(code, row)
    if _request(agenda_item, code, OPEN) is not None:
        raise Conflict(ALREADY_LISTED, field="state", code=code, number=agenda_item.number)
    request = m.FloorRequest.objects.create(item=agenda_item, state=state_row,
                                            requested_by=acting_user.username)
    _audit(acting_user, Action.FLOOR_REQUEST, row, agenda_item, request)
    return request


@transaction.atomic
def floor_withdraw(*, meeting: str, item: int, state: str, acting_user: Actor
                   ) -> m.FloorRequest:
    """A delegation takes its request off the list before it has the floor."""
    code = (state or acting_user.state or "").strip().upper()
    if not may_ask_for_floor(acting_user, code):
        raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                        state=code or "-")
    row = _open_meeting(meeting)
    agenda_item = _item(row, item)
    request = _request(agenda_item, code, (m.FloorStatus.WAITING,))
    if request is None:
        raise ValidationFailed(NOT_LISTED, field="state", code=code, number=agenda_item.number)
    request.status, request.closed_at = m.FloorStatus.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _audit(acting_user, Action.FLOOR_CLOSE, row, agenda_item, request)
    return request


def _check_chair(meeting: m.Meeting, actor: Actor) -> None:
    chair = meeting.chair_state.code if meeting.chair_state else None
    if not may_give_floor(actor, chair):
        raise Forbidden(ONLY_CHAIR_FLOOR, state=chair or "-")


def _close_current(item: m.AgendaItem, now) -> m.FloorRequest | None:
    current = (m.FloorRequest.objects.select_for_update(of=("self",)).select_related("state")
               .filter(item=item, status=m.FloorStatus.SPEAKING).first())
    if current is not None:
        current.status, current.closed_at = m.FloorStatus.DONE, now
        current.save(update_fields=["status", "closed_at"])
    return current


@transaction.atomic
def floor_give(*, meeting: str, item: int, state: str, acting_user: Actor) -> m.FloorRequest:
    """The chair gives the floor to a delegation on the list; the previous turn ends."""
    row = _open_meeting(meeting)
    _check_chair(row, acting_user)
    agenda_item = _item(row, item)
    code = (state or "").strip().upper()
    request = _request(agenda_item, code, (m.FloorStatus.WAITING,))
    if request is None:
        raise ValidationFailed(NOT_LISTED, field="state", code=code or "-",
                               number=agenda_item.number)
    now = timezone.now()
    previous = _close_current(agenda_item, now)
    request.status, request.given_at = m.FloorStatus.SPEAKING, now
    request.save(update_fields=["status", "given_at"])
    _audit(acting_user, Action.FLOOR_GIVE, row, agenda_item, request,
           previous=previous.state.code if previous else None)
    return request


@transaction.atomic
def floor_close(*, meeting: str, item: int, acting_user: Actor) -> m.FloorRequest:
    """The chair ends the current speaker's turn."""
    row = _open_meeting(meeting)
    _check_chair(row, acting_user)
    agenda_item = _item(row, item)
    current = _close_current(agenda_item, timezone.now())
    if current is None:
        raise Conflict(NOBODY_SPEAKING, field="item", number=agenda_item.number)
    _audit(acting_user, Action.FLOOR_CLOSE, row, agenda_item, current)
    return current
