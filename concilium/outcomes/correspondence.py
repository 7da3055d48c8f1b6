"""The registry of correspondence: notes verbales, numbered when they are issued.

A note is composed from the meeting's records (`composer.compose`, kind "note-verbale");
previewing takes no number. Issuing it (`note_issue`) takes the next number of the year of
issue, "SCO/NV/2020/12": numbers are unique, follow each other without a gap within a year,
are never changed or reused, and each issue appends an audit record. Issuing holds a lock
on the organization's row, so two officers issuing at once get consecutive numbers.

An issued note is composed again from the records with its number and date
(`note_compose`): the text is the records', the number the registry's.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import Forbidden, NotFound, ValidationFailed
from concilium.core.services import record_change
from concilium.meetings.models import Meeting
from concilium.meetings.selectors import meeting_get
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.outcomes.composer import ComposedText, compose, compose_all
from concilium.outcomes.composer.correspondence import check_note
from concilium.outcomes.models import Note
from concilium.rules.permissions import Actor, may_issue_notes, may_publish

ONLY_ISSUERS = _("Only the secretariat issues notes verbales.")
DATE_REQUIRED = _("date: give the day the note is issued.")
UNKNOWN_NOTE_NUMBER = _("number: meeting '{slug}' has no note numbered '{number}'.")
ONLY_READERS = _("Only the secretariat or the chair reads the registry of correspondence.")

#: The registry's number: the organization's short name, NV (note verbale), year, serial.
NUMBER_FORMAT = "{org}/NV/{year}/{serial}"


def _require(ok: bool, message) -> None:
    if not ok:
        raise Forbidden(message)


def next_number(year: int) -> tuple[int, str]:
    """The serial and number the next note issued in `year` takes."""
    serial = (Note.objects.filter(year=year).aggregate(n=Max("serial"))["n"] or 0) + 1
    organization = org.organization()
    short = (organization.short_names.get("en") or organization.slug).upper()
    return serial, NUMBER_FORMAT.format(org=short, year=year, serial=serial)


@transaction.atomic
def note_issue(*, meeting: str, note: str, date, acting_user: Actor) -> Note:
    """Issue a note verbale of `note` kind for a meeting on `date`: it takes the next
    number of the registry. The note is composed in every language first, so a note the
    records cannot give yet (nothing circulated) takes no number."""
    _require(may_issue_notes(acting_user), ONLY_ISSUERS)
    note = check_note(note)
    row = meeting_get(meeting, actor=acting_user)
    day = parse_date(date, field="date")
    if day is None:
        raise ValidationFailed(DATE_REQUIRED, field="date")
    compose_all("note-verbale", row, langs=tuple(org.charter().languages), actor=acting_user,
                note=note, date=day)
    om.Organization.objects.select_for_update().only("pk").first()  # the registry's lock
    serial, number = next_number(day.year)
    issued = Note.objects.create(number=number, year=day.year, serial=serial, meeting=row,
                                 kind=note, issued_on=day, issued_by=acting_user.username)
    record_change(actor=acting_user, action=Action.NOTE_ISSUE, target_type="note",
                  target_id=number, topic=row.topic,
                  summary={"number": number, "meeting": row.slug, "kind": note,
                           "issued_on": day})
    return issued


def note_list(*, actor: Actor, meeting: Meeting | str | None = None) -> list[Note]:
    """The registry of correspondence (one meeting's notes, or all), in order of issue; for
    the secretariat and the chair. One query."""
    _require(may_publish(actor), ONLY_READERS)
    qs = Note.objects.select_related("meeting", "meeting__body")
    if meeting is not None:
        slug = meeting.slug if isinstance(meeting, Meeting) else meeting
        qs = qs.filter(meeting__slug=slug)
    return list(qs.order_by("year", "serial"))


def note_get(meeting: Meeting, number: str, *, actor: Actor) -> Note:
    _require(may_publish(actor), ONLY_READERS)
    found = Note.objects.filter(meeting=meeting, number=(number or "").strip()).first()
    if found is None:
        raise NotFound(UNKNOWN_NOTE_NUMBER, field="number", slug=meeting.slug, number=number)
    return found


def note_compose(meeting: Meeting | str, *, note: str | None, lang: str, actor: Actor,
                 number: str = "", date: dt.date | None = None) -> ComposedText:
    """A note in one language: an issued one (by `number`) with its number and date, else a
    preview dated `date` without a number."""
    if isinstance(meeting, str):
        meeting = meeting_get(meeting, actor=actor)
    if number:
        issued = note_get(meeting, number, actor=actor)
        note, date = issued.kind, issued.issued_on
    return compose("note-verbale", meeting, lang=lang, actor=actor, note=note,
                   number=number, date=date)


__all__ = ["NUMBER_FORMAT", "next_number", "note_compose", "note_get", "note_issue",
           "note_list"]
