"""Which writes people are told of, read from their audit records.

A circulation to a meeting carries the deadline for comments (`rules.circulation.
comments_deadline`, the one the note verbale states), not the day documents were due.

An audit record names the action, the target and a summary; `event_of` turns the ones that
matter to delegations (a document circulated, a proposal or a position, a silence procedure
opened, broken or ended, a decision, a publication; a meeting moved, taken elsewhere or
cancelled) into a `Fact`: the document (None for a meeting's own change), the meeting if
any, and what a notification will say. Every other record gives None, after one dict
lookup, so the hook costs nothing on the writes nobody is told of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from concilium.audit.models import Action, AuditRecord
from concilium.documents import models as dm
from concilium.meetings import models as m
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.organization.extras import charter_extras, place_name
from concilium.rules.circulation import comments_deadline


@dataclass
class Fact:
    kind: str
    document: dm.Document | None
    meeting: m.Meeting | None = None
    params: dict = field(default_factory=dict)
    actor: str = ""  # who wrote it: not told of their own write


def _text(value) -> str:
    return "" if value is None else str(value)


def _doc(symbol) -> dm.Document | None:
    return (dm.Document.objects.select_related("concerned_state", "origin_body",
                                               "approving_body")
            .filter(symbol=_text(symbol)).first())


def _meeting(slug) -> m.Meeting | None:
    if not slug:
        return None
    return m.Meeting.objects.select_related("body").filter(slug=_text(slug)).first()


def _state_names(code) -> dict:
    from_db = (om.State.objects.filter(code=_text(code))
               .values_list("names", flat=True).first()) if code else None
    return from_db or ({"en": _text(code)} if code else {})


def _circulated(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    kind = "circulated" if s.get("meeting") else "circulated_to_members"
    return kind, s.get("meeting"), {"date": _text(s.get("circulated")),
                                    "deadline": _text(s.get("deadline"))}


def _proposal(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    return "proposal", None, {"state": _state_names(record.acting_for),
                              "paragraph": s.get("paragraph")}


def _position(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    return "position", None, {"state": _state_names(s.get("state") or record.acting_for),
                              "paragraph": s.get("paragraph"), "stance": _text(s.get("stance"))}


def _silence_open(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    return "silence_opened", None, {"deadline": _text(s.get("deadline"))[:16].replace("T", " ")}


def _silence_break(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    return "silence_broken", None, {"state": _state_names(s.get("state"))}


def _silence_close(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    return "silence_ended", None, {"date": _text(s.get("date"))}


def _decision(record: AuditRecord, s: dict) -> tuple[str, str | None, dict] | None:
    if not s.get("document"):
        return None
    return "decision", s.get("meeting"), {"decision": _text(s.get("kind")),
                                          "date": _text(s.get("date"))}


def _update(record: AuditRecord, s: dict) -> tuple[str, str | None, dict] | None:
    after = s.get("after") or {}
    if after.get("classification") != "public":
        return None
    return "published", None, {}


def _meeting_changed(record: AuditRecord, s: dict) -> tuple[str, str | None, dict] | None:
    before = s.get("before") or {}
    if not any(name in before for name in m.Meeting.CALENDAR_FIELDS):
        return None  # made, or the chair, the host, the status: not a change to a diary
    return "meeting_changed", record.target_id, {"before": _text(before.get("start", ""))}


def _meeting_cancelled(record: AuditRecord, s: dict) -> tuple[str, str | None, dict]:
    return "meeting_cancelled", record.target_id, {
        "reason": _text((s.get("after") or {}).get("reason"))}


_MEETING_READERS = {
    Action.MEETING_SAVE: _meeting_changed,
    Action.MEETING_CANCEL: _meeting_cancelled,
}

_READERS = {
    Action.CIRCULATION: _circulated,
    Action.PROPOSAL_CREATE: _proposal,
    Action.POSITION_RECORD: _position,
    Action.SILENCE_OPEN: _silence_open,
    Action.SILENCE_BREAK: _silence_break,
    Action.SILENCE_CLOSE: _silence_close,
    Action.DECISION_RECORD: _decision,
    Action.DOCUMENT_UPDATE: _update,
}
TOLD = frozenset(_READERS) | frozenset(_MEETING_READERS)
"""The actions whose records anyone is told of; the record hook runs for these only."""
_SYMBOL_IN_SUMMARY = {Action.SILENCE_OPEN, Action.SILENCE_BREAK, Action.SILENCE_CLOSE,
                      Action.DECISION_RECORD}


def document_params(doc: dm.Document, meeting: m.Meeting | None) -> dict:
    """What every notification about `doc` keeps: its symbol and titles, the meeting's."""
    out = {"symbol": doc.symbol, "titles": doc.titles}
    if meeting is not None:
        out |= {"body": meeting.body.names, "start": _text(meeting.start),
                "meeting": meeting.slug}
    return out


def meeting_params(meeting: m.Meeting) -> dict:
    """What a notification about a meeting's own change keeps: its body, when and where."""
    return {"meeting": meeting.slug, "body": meeting.body.names, "start": _text(meeting.start),
            "end": _text(meeting.end), "format": meeting.format,
            "city": _city_names(meeting.city)}


def _city_names(city: dict | None) -> dict:
    """The city in each of the charter's languages (a meeting often records it in one)."""
    if not city:
        return {}
    extras = charter_extras()
    return {lang: place_name(city, lang, extras) for lang in org.charter().languages}


def _meeting_event(record: AuditRecord) -> Fact | None:
    read = _MEETING_READERS[record.action](record, record.summary or {})
    if read is None:
        return None
    kind, slug, params = read
    meeting = _meeting(slug)
    if meeting is None:
        return None
    return Fact(kind=kind, document=None, meeting=meeting,
                params={**meeting_params(meeting), **params}, actor=record.actor)


def event_of(record: AuditRecord) -> Fact | None:
    """The fact people are told of in `record`, or None."""
    if record.action in _MEETING_READERS:
        return _meeting_event(record)
    reader = _READERS.get(record.action)
    if reader is None:
        return None
    summary = record.summary or {}
    read = reader(record, summary)
    if read is None:
        return None
    kind, slug, params = read
    symbol = summary.get("document") if record.action in _SYMBOL_IN_SUMMARY \
        else record.target_id
    doc = _doc(symbol)
    if doc is None:
        return None
    meeting = _meeting(slug)
    if kind == "circulated" and meeting is not None:
        # The deadline delegations act on is the one for their comments, as the note
        # verbale gives it (the charter's `comments_days`, else the circulation deadline).
        ch = org.charter()
        params["deadline"] = str(comments_deadline(meeting.start, ch.comments_days,
                                                   ch.circulation_days))
    return Fact(kind=kind, document=doc, meeting=meeting,
                params={**document_params(doc, meeting), **params}, actor=record.actor)
