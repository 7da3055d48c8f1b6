"""What a note verbale and a list of participants say, from the records of one meeting.

A note verbale of convocation tells the member states' missions (and, where the charter's
`invites` names them for the body, the observers' and partners' missions) that a meeting
will be held: body, dates, place, format, chair, the draft agenda, and by when the drafts
will be circulated. A note of circulation sends the drafts circulated so far, each with its
symbol and the day it was circulated, and asks for comments by the deadline
(`rules.circulation.comments_deadline`). The number is the registry of correspondence's,
given when the note is issued (`outcomes.correspondence.note_issue`); a preview has none.

The list of participants names each delegation recorded, states in the order the language
lists them, then partner organizations: the head, the members, the advisers, with titles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed
from concilium.meetings import models as m
from concilium.organization import selectors as org
from concilium.organization.extras import official_title, place_name
from concilium.organization.models import pick_name
from concilium.outcomes.composer import language
from concilium.outcomes.composer.records import Records
from concilium.outcomes.models import NoteKind
from concilium.rules.circulation import comments_deadline, deadline

UNKNOWN_NOTE = _("note: '{value}' is not one of {known}.")
NOTHING_CIRCULATED = _(
    "note: no document on the agenda of '{slug}' has been circulated; record the "
    "circulation first, or compose the convocation.")
NO_DELEGATION = _("meeting: no delegation to '{slug}' is recorded yet.")


def check_note(value: str | None) -> str:
    """`value` if it is a kind of note verbale; else 422 naming `note`."""
    if value not in NoteKind.values:
        raise ValidationFailed(UNKNOWN_NOTE, field="note", value=value,
                               known=", ".join(NoteKind.values))
    return value


@dataclass
class NoteFacts:
    """What a note says beyond the meeting's records: once, for every language."""

    note: str
    number: str
    date: dt.date
    documents: list  # (document, circulated on) in the agenda's order
    comments_by: dt.date
    circulate_by: dt.date
    seat: dict[str, str]
    invited: dict[str, list[str]] = field(default_factory=dict)  # status -> state codes


def note_facts(records: Records, *, note: str, number: str, date: dt.date) -> NoteFacts:
    """The circulation of the agenda's documents (one query), the deadlines, the seat of
    the secretariat and, for a convocation, the non-members the charter invites."""
    meeting = records.meeting
    charter = org.charter()
    docs = list({d.pk: d for it in records.items for g in it.groups for d in g.documents}
                .values())
    docs += [d for d in records.sources if d.pk not in {x.pk for x in docs}]
    days = dict(m.Circulation.objects.filter(document__in=[d.pk for d in docs])
                .order_by("date").values_list("document_id", "date"))
    circulated = [(d, days[d.pk]) for d in docs if d.pk in days]
    if note == NoteKind.CIRCULATION and not circulated:
        raise ValidationFailed(NOTHING_CIRCULATED, field="note", slug=meeting.slug)
    invited: dict[str, list[str]] = {}
    if note == NoteKind.CONVOCATION:
        body = charter.body(meeting.body.slug)
        statuses = org.memberships_on(meeting.start, "en")
        invited = {s: [row.code for row in statuses.get(s, [])] for s in body.invites
                   if statuses.get(s)}
    seat = next((b.seat for b in charter.bodies if b.slug == "secretariat" and b.seat), "")
    return NoteFacts(
        note=note, number=number, date=date, documents=circulated,
        comments_by=comments_deadline(meeting.start, charter.comments_days,
                                      charter.circulation_days),
        circulate_by=deadline(meeting.start, charter.circulation_days),
        seat={"en": seat} if seat else {}, invited=invited)


def note_context(records: Records, facts: NoteFacts, lang: str) -> dict:
    """The note's facts as plain strings in one language."""
    names, order = records.names[lang], records.order[lang]
    return {"note": {
        "kind": facts.note, "number": facts.number,
        "date": language.format_date(facts.date, lang),
        "seat": place_name(facts.seat, lang, records.extras),
        "comments_by": language.format_date(facts.comments_by, lang),
        "circulate_by": language.format_date(facts.circulate_by, lang),
        "documents": [{"title": d.title(lang), "symbol": d.symbol,
                       "circulated": language.format_date(day, lang)}
                      for d, day in facts.documents],
        # Who else is addressed, by status, in the charter's order of statuses.
        "invited": [{"status": status, "states": [names.get(c, c) for c in
                                                  language.ordered(names, order, codes)]}
                    for status, codes in facts.invited.items()],
    }}


def _person(entry: dict, lang: str) -> dict:
    return {"name": pick_name(entry.get("name") or {}, lang),
            "title": pick_name(entry.get("title") or {}, lang)}


def _head(d: m.Delegation, lang: str, extras: dict) -> dict:
    title = pick_name(d.head_title or {}, lang)
    if d.head_id:
        return {"name": d.head.name(lang), "title": title or official_title(d.head, lang, extras)}
    return {"name": pick_name(d.head_name or {}, lang), "title": title}


def participants_context(records: Records, lang: str) -> dict:
    """The delegations recorded, states in the language's order, then organizations."""
    if not records.delegations:
        raise ValidationFailed(NO_DELEGATION, field="meeting", slug=records.meeting.slug)
    names, order = records.names[lang], records.order[lang]
    states = {d.state.code: d for d in records.delegations if d.state_id}
    rows = [states[c] for c in language.ordered(names, order, states)]
    rows += [d for d in records.delegations if not d.state_id]
    out = []
    for d in rows:
        members = d.member_list or [{"name": {"en": n}} for n in d.members or []]
        out.append({
            "who": names.get(d.state.code, d.state.code) if d.state_id
            else d.organization.name(lang),
            "head": _head(d, lang, records.extras),
            "members": [_person(p, lang) for p in members],
            "advisers": [_person(p, lang) for p in d.advisers or []]})
    return {"participants": out}


__all__ = ["NoteFacts", "check_note", "note_context", "note_facts", "participants_context"]
