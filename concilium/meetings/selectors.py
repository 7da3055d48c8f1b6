"""Reads for meetings: lists, the detail of one meeting, circulation, a document's path
through the councils, the registry, silence procedures, and what a calendar shows.

Meetings are public; the documents on them are shown only to those who may read them (a
members-only document on an agenda is not listed to an observer or the public). Lists and
the detail of a meeting fetch in a fixed number of queries, whatever the agenda's size.
The minutes (`meetings.minutes`) and the iCalendar files (`meetings.calendar`) are built
from these reads. Clashes in the calendar (`rules.schedule`) are worded here as warnings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import NotFound, ValidationFailed
from concilium.documents import models as dm
from concilium.documents.selectors import document_get
from concilium.meetings import models as m
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import ladder, schedule
from concilium.rules.circulation import Timeliness, timeliness
from concilium.rules.permissions import PUBLIC, Actor, may_read

UNKNOWN_MEETING = _("meeting: there is no meeting '{slug}', or you may not see it.")
BAD_YEAR = _("year: '{value}' is not a year.")


def _meetings():
    return m.Meeting.objects.select_related(
        "body", "host_state", "chair_state", "chair_official")


def meeting_get(slug: str, *, actor: Actor = PUBLIC) -> m.Meeting:
    """A meeting by its slug; meetings themselves are public."""
    meeting = _meetings().select_related("body__prepares_for").filter(slug=slug or "").first()
    if meeting is None:
        raise NotFound(UNKNOWN_MEETING, field="meeting", slug=slug)
    return meeting


def _year(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(BAD_YEAR, field="year", value=value) from None
    if not 1900 <= year <= 2999:
        raise ValidationFailed(BAD_YEAR, field="year", value=value)
    return year


def meeting_list(*, actor: Actor = PUBLIC, body: str | None = None, year=None,
                 status: str | None = None) -> list[m.Meeting]:
    """Meetings in date order, optionally of one body, in one year, or with one status."""
    qs = _meetings()
    if body:
        qs = qs.filter(body=org.body_get(body))
    year = _year(year)
    if year:
        qs = qs.filter(start__year=year)
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("start", "body__position"))


# --- one meeting ------------------------------------------------------------------------


@dataclass(frozen=True)
class CirculationLine:
    """When a document on the agenda reached the members, and whether that was in time."""

    document: dm.Document
    circulated: dt.date | None
    days_before: int | None
    late: bool


@dataclass
class ItemView:
    item: m.AgendaItem
    documents: list[dm.Document]
    decisions: list[m.Decision]


@dataclass
class MeetingView:
    meeting: m.Meeting
    agenda: list[ItemView]
    delegations: list[m.Delegation]
    side_events: list[m.SideEvent]
    decisions: list[m.Decision]
    circulation: list[CirculationLine]
    circulation_days: int
    warnings: list[CalendarWarning]

    @property
    def late(self) -> list[CirculationLine]:
        return [c for c in self.circulation if c.late]


def _visible(actor: Actor):
    return [c for c in ("members", "released", "public") if may_read(actor, c)]


def circulation_lines(meeting: m.Meeting, documents: list[dm.Document],
                      days: int) -> list[CirculationLine]:
    """Each document's last circulation on or before the first day; late when fewer than
    `days` days before it, or never circulated. One query."""
    last: dict[int, dt.date] = {}
    for doc_id, day in (m.Circulation.objects
                        .filter(document__in=[d.pk for d in documents], date__lte=meeting.start)
                        .order_by("date").values_list("document_id", "date")):
        last[doc_id] = day
    out = []
    for doc in documents:
        day = last.get(doc.pk)
        before = (meeting.start - day).days if day else None
        out.append(CirculationLine(doc, day, before, before is None or before < days))
    return out


def meeting_detail(slug: str, *, actor: Actor = PUBLIC) -> MeetingView:
    """Everything about one meeting the actor may see, in a fixed number of queries."""
    meeting = meeting_get(slug, actor=actor)
    levels = _visible(actor)
    docs_qs = (dm.Document.objects.filter(classification__in=levels)
               .select_related("doc_type").order_by("symbol"))
    items = list(meeting.agenda.select_related("reporter__office", "reporter__state", "package")
                 .prefetch_related(Prefetch("documents", queryset=docs_qs))
                 .order_by("number"))
    decisions = [d for d in meeting.decisions.select_related("document", "package",
                                                             "agenda_item", "submitted_to")
                 .order_by("date", "id")
                 if d.document is None or d.document.classification in levels]
    by_item = defaultdict(list)
    for d in decisions:
        by_item[d.agenda_item_id].append(d)
    agenda = [ItemView(i, list(i.documents.all()), by_item.get(i.pk, [])) for i in items]
    all_docs = list({d.pk: d for v in agenda for d in v.documents}.values())
    days = org.charter().circulation_days
    return MeetingView(
        meeting=meeting, agenda=agenda,
        delegations=list(meeting.delegations.select_related(
            "state", "organization", "head__office", "head__state")),
        side_events=list(meeting.side_events.select_related("host_official")),
        decisions=decisions,
        circulation=circulation_lines(meeting, all_docs, days) if all_docs else [],
        circulation_days=days, warnings=meeting_warnings(meeting))


@dataclass(frozen=True)
class CirculationCheck:
    """What circulating a meeting's documents on `day` would mean, shown before confirming."""

    meeting: m.Meeting
    day: dt.date
    days: int
    when: Timeliness
    lines: list[CirculationLine]


def circulation_check(slug: str, *, day: dt.date, actor: Actor = PUBLIC) -> CirculationCheck:
    """The meeting's deadline, how `day` stands against it, and each agenda document's last
    circulation so far (documents the actor may read). A fixed number of queries."""
    meeting = meeting_get(slug, actor=actor)
    docs = list(dm.Document.objects.filter(agenda_items__meeting=meeting,
                                           classification__in=_visible(actor))
                .distinct().order_by("symbol"))
    days = org.charter().circulation_days
    lines = circulation_lines(meeting, docs, days) if docs else []
    return CirculationCheck(meeting, day, days, timeliness(meeting.start, day, days), lines)


# --- a document's path ------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryStep:
    """One step of a document through the councils: where, when, what was decided."""

    date: dt.date
    kind: str
    label: str
    meeting: str | None
    body: str | None
    package: str | None
    submitted_to: str | None
    registry_number: str | None = None
    note: str = ""


def document_history(symbol: str, *, actor: Actor = PUBLIC) -> list[HistoryStep]:
    """Each decision taken on a document, in order: meeting, date and decision."""
    doc = document_get(symbol, actor=actor)
    entry = m.RegistryEntry.objects.filter(document=doc).values_list("decision_id",
                                                                     "number").first()
    out = []
    for d in (m.Decision.objects.filter(document=doc)
              .select_related("meeting__body", "package", "submitted_to")
              .order_by("date", "id")):
        note = ""
        if d.outcome.get("silence"):
            note = (gettext("silence broken by {state}").format(state=d.outcome["broken_by"])
                    if d.outcome.get("broken_by") else gettext("silence procedure"))
        out.append(HistoryStep(
            date=d.date, kind=d.kind, label=str(m.DecisionKind(d.kind).label),
            meeting=d.meeting.slug if d.meeting else None,
            body=d.meeting.body.slug if d.meeting else None,
            package=d.package.symbol if d.package else None,
            submitted_to=d.submitted_to.slug if d.submitted_to else None,
            registry_number=entry[1] if entry and entry[0] == d.pk else None, note=note))
    return out


# --- registry ---------------------------------------------------------------------------


def registry_list(*, actor: Actor = PUBLIC, body: str | None = None,
                  year=None) -> list[m.RegistryEntry]:
    """Adopted and finally approved documents, by body and year, that the actor may read."""
    qs = (m.RegistryEntry.objects.select_related("document", "body", "decision__meeting")
          .filter(document__classification__in=_visible(actor)))
    if body:
        qs = qs.filter(body=org.body_get(body))
    year = _year(year)
    if year:
        qs = qs.filter(date__year=year)
    return list(qs.order_by("body__position", "date", "number"))


def silence_list(*, actor: Actor = PUBLIC, status: str | None = None
                 ) -> list[m.SilenceProcedure]:
    qs = (m.SilenceProcedure.objects.select_related("document", "broken_by", "chair_state")
          .filter(document__classification__in=_visible(actor)))
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("opened_at", "id"))


def silence_as_dict(p: m.SilenceProcedure) -> dict:
    """One silence procedure as plain data: the API and `silence list --json` print the same."""
    return {"id": p.pk, "document": p.document.symbol, "status": p.status,
            "opened_at": p.opened_at, "deadline": p.deadline,
            "broken_by": p.broken_by.code if p.broken_by else None,
            "broken_reason": p.broken_reason, "closed_at": p.closed_at}


# --- calendars --------------------------------------------------------------------------


def calendar_entries(meetings: list[m.Meeting]
                     ) -> tuple[dict[int, list[m.AgendaItem]], dict[int, list[m.SideEvent]]]:
    """The agenda items (by number) and side events (by date) of the meetings, by meeting
    id: two queries, whatever the number of meetings."""
    items = defaultdict(list)
    for item in m.AgendaItem.objects.filter(meeting__in=meetings).order_by("number"):
        items[item.meeting_id].append(item)
    events = defaultdict(list)
    for event in m.SideEvent.objects.filter(meeting__in=meetings).order_by("date", "id"):
        events[event.meeting_id].append(event)
    return items, events


# --- clashes in the calendar ------------------------------------------------------------

SAME_BODY_CLASH = _("start: the {body} already meets from {start} to {end} ({slug}); a body "
                    "cannot sit twice at once. Choose other days, or record the sessions "
                    "as one meeting.")
OVERLAP_WARNING = _("On the same days the {body} meets ({slug}, {start} – {end}).")
HEAD_WARNING = _("{head} heads the delegation of {here} here and of {there} at {slug} "
                 "({start} – {end}), on the same days.")


@dataclass(frozen=True)
class CalendarWarning:
    """A clash a planner should know of; it does not stop the write."""

    kind: str  # organization | head
    other: str  # the other meeting's slug
    message: str
    head: str | None = None


def head_key(d: m.Delegation) -> str | None:
    if d.head_id:
        return f"official:{d.head_id}"
    name = " ".join(om.pick_name(d.head_name or {}, "en").split()).casefold()
    return f"name:{name}" if name else None


def _head_name(d: m.Delegation) -> str:
    return d.head.name() if d.head else om.pick_name(d.head_name or {})


def bookings_between(start: dt.date, end: dt.date
                     ) -> tuple[list[schedule.Booking], dict[str, m.Meeting], dict[str, str]]:
    """The meetings that share a day with [start, end], as the calendar rules see them, the
    rows by slug, and each head's name by key. Two queries."""
    rows = {x.slug: x for x in m.Meeting.objects.select_related("body")
            .filter(start__lte=end, end__gte=start)}
    heads: dict[str, dict[str, str]] = defaultdict(dict)
    names: dict[str, str] = {}
    for d in (m.Delegation.objects.filter(meeting__slug__in=rows)
              .select_related("meeting", "state", "organization", "head")):
        if (key := head_key(d)) is not None:
            heads[d.meeting.slug][key] = d.state.code if d.state else d.organization.name()
            names[key] = _head_name(d)
    bookings = [schedule.Booking(x.slug, x.body.slug, x.start, x.end, heads.get(x.slug, {}))
                for x in rows.values()]
    return bookings, rows, names


def clash_warnings(booking: schedule.Booking, others: list[schedule.Booking],
                   rows: dict[str, m.Meeting], names: dict[str, str]) -> list[CalendarWarning]:
    """The clashes of `booking` that are warnings, worded in the active language."""
    out = []
    for c in schedule.clashes(booking, others):
        other = rows[c.other.slug]
        dates = {"slug": other.slug, "start": other.start, "end": other.end}
        if c.kind is schedule.ClashKind.ORGANIZATION:
            out.append(CalendarWarning("organization", other.slug, OVERLAP_WARNING.format(
                body=other.body.name(), **dates)))
        elif c.kind is schedule.ClashKind.HEAD:
            out.append(CalendarWarning("head", other.slug, HEAD_WARNING.format(
                head=names.get(c.head, c.head), here=c.led[0], there=c.led[1], **dates),
                head=c.head))
    return out


def meeting_warnings(meeting: m.Meeting) -> list[CalendarWarning]:
    """Other meetings of the organization on the same days, and heads of delegation booked
    at two meetings at once. Two queries."""
    bookings, rows, names = bookings_between(meeting.start, meeting.end)
    mine = next((b for b in bookings if b.slug == meeting.slug),
                schedule.Booking(meeting.slug, meeting.body.slug, meeting.start, meeting.end))
    return clash_warnings(mine, bookings, rows, names)


# --- the gates before an agreement: the ladder, the languages ---------------------------


def rule_exceptions(document: dm.Document, rule: str | None = None) -> list[m.RuleException]:
    """The exceptions recorded for a document, oldest first. One query."""
    qs = m.RuleException.objects.filter(document=document)
    if rule:
        qs = qs.filter(rule=rule)
    return list(qs.order_by("recorded_at", "id"))


def ladder_facts(document: dm.Document, approver: str) -> dict:
    """What `rules.ladder.check` needs about a document: the decisions taken on it in
    order, the rungs waived, the last silence procedure if broken, and when the state that
    broke it last stated a position. Four queries at most."""
    history = [ladder.Passed(d.meeting.body.slug if d.meeting else approver, d.kind)
               for d in m.Decision.objects.filter(document=document)
               .select_related("meeting__body").order_by("date", "id")]
    waived = {x.subject for x in rule_exceptions(document, m.ExceptionRule.LADDER)}
    last = (m.SilenceProcedure.objects.filter(document=document)
            .select_related("broken_by", "decision").order_by("-opened_at", "-id").first())
    broken, restated = None, {}
    if last is not None and last.status == m.SilenceStatus.BROKEN and last.broken_by:
        # When the break was recorded (not the day it is dated), to compare with positions.
        at = last.decision.recorded_at if last.decision else last.closed_at
        broken = ladder.BrokenSilence(last.broken_by.code, at, last.broken_reason)
        latest = (dm.Position.objects.filter(document=document, state=last.broken_by)
                  .aggregate(at=Max("created_at"))["at"])
        if latest is not None:
            restated[broken.state] = latest
    return {"history": history, "waived": waived, "broken": broken, "restated": restated}


# --- the list of speakers ------------------------------------------------------------------


def speakers_by_item(meeting: m.Meeting) -> dict[int, list[m.FloorRequest]]:
    """Each agenda item's list of speakers in the order the floor was asked for, without the
    withdrawn requests, by item id. One query."""
    out: dict[int, list[m.FloorRequest]] = defaultdict(list)
    for row in (m.FloorRequest.objects.filter(item__meeting=meeting)
                .exclude(status=m.FloorStatus.WITHDRAWN).select_related("state", "item")
                .order_by("requested_at", "id")):
        out[row.item_id].append(row)
    return dict(out)


def silence_for(document: dm.Document) -> m.SilenceProcedure | None:
    """The document's latest silence procedure (open, broken or adopted), or None. One
    query."""
    return (m.SilenceProcedure.objects.filter(document=document)
            .select_related("broken_by", "chair_state").order_by("-opened_at", "-id").first())


def ballots_of(meeting: m.Meeting, *, actor: Actor = PUBLIC) -> list[m.Ballot]:
    """The votes taken at a meeting on documents the actor may read, in order, with each
    state's vote. Two queries."""
    return list(m.Ballot.objects.filter(meeting=meeting,
                                        document__classification__in=_visible(actor))
                .select_related("document")
                .prefetch_related(Prefetch("votes", queryset=m.BallotVote.objects
                                           .select_related("state").order_by("state__code")))
                .order_by("date", "id"))


# --- delegations: complete or not --------------------------------------------------------


@dataclass(frozen=True)
class DelegationStatus:
    """A member state at a meeting: its delegation (None: not recorded) and whether it is
    complete (head named or given by title, credentials received)."""

    state: om.State
    delegation: m.Delegation | None

    @property
    def complete(self) -> bool:
        return self.delegation is not None and self.delegation.complete

    @property
    def head_named(self) -> bool:
        return self.delegation is not None and self.delegation.head_named

    @property
    def credentials(self) -> bool:
        return self.delegation is not None and self.delegation.credentials_received is not None


def delegation_statuses(view: MeetingView, lang: str = "en") -> list[DelegationStatus]:
    """Every member state on the meeting's first day, in the order of `lang`, with its
    delegation as recorded; two queries beyond the meeting's own."""
    by_state = {d.state_id: d for d in view.delegations if d.state_id}
    members = org.memberships_on(view.meeting.start, lang).get("member", [])
    return [DelegationStatus(s, by_state.get(s.pk)) for s in members]
