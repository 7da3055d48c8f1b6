"""The registry of correspondence over HTTP: the notes verbales issued (GET
/api/correspondence), and issuing one (POST), which takes the next number.

For the secretariat and the chair to read, the secretariat to issue (403 otherwise); bad
input names the field (422 `note`, `date`; 404 `meeting`). The note's text is composed by
GET /api/compose/note-verbale/{slug}?note=&number=.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.outcomes.correspondence import note_issue, note_list
from concilium.outcomes.models import Note

router = Router(tags=["correspondence"])


class NoteIn(Schema):
    meeting: str
    note: str
    date: str | None = None  # the day of issue; today by default


class NoteOut(Schema):
    number: str
    year: int
    serial: int
    meeting: str
    kind: str
    issued_on: dt.date
    issued_by: str


def _out(n: Note) -> dict:
    return dict(number=n.number, year=n.year, serial=n.serial, meeting=n.meeting.slug,
                kind=n.kind, issued_on=n.issued_on, issued_by=n.issued_by)


@router.get("/correspondence", response=list[NoteOut],
            summary="The registry of correspondence: notes verbales issued, in order")
def notes(request, meeting: str | None = None):
    return [_out(n) for n in note_list(actor=actor_of(request), meeting=meeting)]


@router.post("/correspondence", response={201: NoteOut},
             summary="Issue a note verbale (convocation or circulation): it takes the next "
                     "number")
def issue(request, payload: NoteIn):
    n = note_issue(meeting=payload.meeting, note=payload.note,
                   date=payload.date or timezone.localdate(), acting_user=actor_of(request))
    return Status(201, _out(n))
