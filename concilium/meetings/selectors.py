"""Reads for meetings: lists, the detail of one meeting, circulation, a document's path
through the councils, the registry, the minutes and calendars.

Meetings are public; the documents on them are shown only to those who may read them (a
members-only document on an agenda is not listed to an observer or the public). Lists and
the detail of a meeting fetch in a fixed number of queries, whatever the agenda's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import NotFound, ValidationFailed
from concilium.documents import models as dm
from concilium.meetings import models as m
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules.collation import sort_key
from concilium.rules.permissions import PUBLIC, Actor, Role, may_read

UNKNOWN_MEETING = _("meeting: there is no meeting '{slug}', or you may not see it.")
BAD_YEAR = _("year: '{value}' is not a year.")
VIDEO_CONFERENCE = _("video conference")
BY_VIDEO = _("by video conference")
MINUTES_TITLE = _("Minutes of the meeting of the {body}")
HELD_IN = _("Held in {city} on {dates}")
HELD_BY_VIDEO = _("Held by video conference on {dates}")
HELD_HYBRID = _("Held in {city} and by video conference on {dates}")
CHAIRED_BY = _("Chaired by {chair}")
ATTENDANCE = _("Attendance")
HEADED_BY = _("headed by {head}")
AGENDA = _("Agenda")
DECISIONS = _("Decisions")
VIEWS = _("Views recorded at the request of member states")
REPORTS = _("Reports heard")
SIDE_EVENTS = _("Side events")
REPORT_BY = _("{title}: report of {name}, {office}")
VIEW_ON = _("{state} on {document}{where}: {text}")
PARAGRAPH = _(", paragraph {number}")
NONE_RECORDED = _("None recorded.")
SUBMITTED_TO = _("{kind} to the {body}")


def _lang(lang: str | None) -> str:
    return (lang or "en").split("-")[0]


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
        delegations=list(meeting.delegations.select_related("state", "organization", "head")),
        side_events=list(meeting.side_events.select_related("host_official")),
        decisions=decisions,
        circulation=circulation_lines(meeting, all_docs, days) if all_docs else [],
        circulation_days=days)


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
    from concilium.documents.selectors import document_get

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


# --- minutes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    delegation: str
    head: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class AgendaLine:
    number: int
    title: str
    decision_sought: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class DecisionLine:
    item: int | None
    symbol: str | None
    document: str
    kind: str
    text: str
    date: dt.date


@dataclass(frozen=True)
class ViewLine:
    state: str
    code: str
    symbol: str
    document: str
    paragraph: int | None
    text: str


@dataclass(frozen=True)
class ReportLine:
    item: int
    title: str
    reporter: str
    office: str


@dataclass
class Minutes:
    """The minutes of a meeting, assembled from the records in one language."""

    meeting: str
    lang: str
    title: str
    body: str
    start: dt.date
    end: dt.date
    dates: str
    venue: str
    held: str
    chair: str
    attendance: list[AttendanceLine] = field(default_factory=list)
    agenda: list[AgendaLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    views: list[ViewLine] = field(default_factory=list)
    reports: list[ReportLine] = field(default_factory=list)
    side_events: list[tuple[dt.date, str, str]] = field(default_factory=list)


def format_dates(start: dt.date, end: dt.date) -> str:
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def _venue(meeting: m.Meeting, lang: str) -> str:
    if meeting.format == m.MeetingFormat.VIDEO:
        return str(VIDEO_CONFERENCE)
    city = meeting.city_name(lang)
    if meeting.host_state:
        return f"{city}, {meeting.host_state.name(lang)}"
    return city


def _held(meeting: m.Meeting, lang: str, dates: str) -> str:
    if meeting.format == m.MeetingFormat.VIDEO:
        return str(HELD_BY_VIDEO).format(dates=dates)
    template = HELD_HYBRID if meeting.format == m.MeetingFormat.HYBRID else HELD_IN
    return str(template).format(city=meeting.city_name(lang), dates=dates)


def _chair_text(meeting: m.Meeting, lang: str) -> str:
    if meeting.chair_official and meeting.chair_state:
        return f"{meeting.chair_official.name(lang)} ({meeting.chair_state.name(lang)})"
    if meeting.chair_official:
        return meeting.chair_official.name(lang)
    return meeting.chair_state.name(lang) if meeting.chair_state else "—"


def minutes(meeting: m.Meeting | str, lang: str = "en", *,
            actor: Actor | None = None) -> Minutes:
    """Assemble the minutes from the records: attendance, agenda, decisions, views, reports.

    Names come from the registry in `lang`; fixed phrases are translated (English where a
    catalogue lacks them). With `actor`, documents it may not read are left out.
    """
    from concilium.documents.selectors import document_consensus

    lang = _lang(lang)
    if isinstance(meeting, str):
        meeting = meeting_get(meeting)
    view = meeting_detail(meeting.slug, actor=actor or _SECRETARIAT)
    with translation.override(lang):
        dates = format_dates(meeting.start, meeting.end)
        out = Minutes(
            meeting=meeting.slug, lang=lang,
            title=str(MINUTES_TITLE).format(body=meeting.body.name(lang)),
            body=meeting.body.name(lang), start=meeting.start, end=meeting.end, dates=dates,
            venue=_venue(meeting, lang), held=_held(meeting, lang, dates),
            chair=str(CHAIRED_BY).format(chair=_chair_text(meeting, lang)))
        delegations = sorted(view.delegations, key=lambda d: _delegation_key(d, lang))
        for d in delegations:
            who = d.state.name(lang) if d.state else d.organization.name(lang)
            head = d.head.name(lang) if d.head else om.pick_name(d.head_name, lang, "")
            out.attendance.append(AttendanceLine(who, head, tuple(d.members)))
        for v in view.agenda:
            out.agenda.append(AgendaLine(
                v.item.number, v.item.title(lang),
                str(m.DecisionSought(v.item.decision_sought).label),
                tuple(f"{doc.title(lang)} ({doc.symbol})" for doc in v.documents)))
            if v.item.decision_sought == m.DecisionSought.HEAR_REPORT and v.item.reporter:
                rep = v.item.reporter
                out.reports.append(ReportLine(v.item.number, v.item.title(lang), rep.name(lang),
                                              rep.office.name(lang)))
        names = org.state_names(lang)
        seen = set()
        for d in view.decisions:
            kind = str(m.DecisionKind(d.kind).label)
            if d.submitted_to:
                kind = str(SUBMITTED_TO).format(kind=kind, body=d.submitted_to.name(lang))
            doc_title = d.document.title(lang) if d.document else (
                d.agenda_item.title(lang) if d.agenda_item else "")
            out.decisions.append(DecisionLine(
                d.agenda_item.number if d.agenda_item else None,
                d.document.symbol if d.document else None, doc_title, kind,
                om.pick_name(d.texts, lang, "") if d.texts else "", d.date))
            if d.document and d.document.pk not in seen:
                seen.add(d.document.pk)
                dc = document_consensus(d.document, on=d.date, lang=lang)
                for code, number, text in dc.views:
                    out.views.append(ViewLine(names.get(code, code), code, d.document.symbol,
                                              d.document.title(lang), number, text))
        for e in view.side_events:
            out.side_events.append((e.date, om.pick_name(e.titles, lang, ""),
                                    str(m.MeetingFormat(e.format).label)))
    return out


_SECRETARIAT = Actor(username="minutes", role=Role.SECRETARIAT)


def _delegation_key(d: m.Delegation, lang: str):
    name = d.state.name(lang) if d.state else d.organization.name(lang)
    return (0 if d.state else 1, sort_key(name))


def render_minutes(minutes: Minutes) -> str:
    """The minutes as plain text, headings and phrases in the minutes' language."""
    with translation.override(minutes.lang):
        lines = [minutes.title, minutes.held, minutes.chair, ""]

        def section(heading, rows):
            lines.append(str(heading))
            lines.extend(rows or [f"  {NONE_RECORDED}"])
            lines.append("")

        section(ATTENDANCE, [
            f"  {a.delegation}" + (f", {HEADED_BY.format(head=a.head)}" if a.head else "")
            + (f" ({', '.join(a.members)})" if a.members else "") for a in minutes.attendance])
        agenda_rows = []
        for a in minutes.agenda:
            agenda_rows.append(f"  {a.number}. {a.title} — {a.decision_sought}")
            agenda_rows.extend(f"     {doc}" for doc in a.documents)
        section(AGENDA, agenda_rows)
        section(DECISIONS, [
            f"  {d.item or '-'}. {d.document}" + (f" ({d.symbol})" if d.symbol else "")
            + f": {d.kind} ({d.date.isoformat()})" for d in minutes.decisions])
        section(REPORTS, [f"  {r.item}. " + str(REPORT_BY).format(
            title=r.title, name=r.reporter, office=r.office) for r in minutes.reports])
        section(VIEWS, ["  " + str(VIEW_ON).format(
            state=v.state, document=v.document,
            where=str(PARAGRAPH).format(number=v.paragraph) if v.paragraph else "",
            text=v.text) for v in minutes.views])
        if minutes.side_events:
            section(SIDE_EVENTS, [f"  {day.isoformat()}: {title} ({fmt})"
                                  for day, title, fmt in minutes.side_events])
    return "\n".join(lines).rstrip() + "\n"


# --- calendars --------------------------------------------------------------------------


def calendar_domain() -> str:
    """The domain part of calendar UIDs: setting CONCILIUM_CALENDAR_DOMAIN, else
    `<organization slug>.concilium`. UIDs must never change once published."""
    return getattr(settings, "CONCILIUM_CALENDAR_DOMAIN", "") or \
        f"{org.organization().slug}.concilium"


def calendar(meetings: list[m.Meeting], *, lang: str = "en", name: str = "") -> bytes:
    """An iCalendar file: one all-day event per meeting (DTEND is the day after the last),
    side events as their own all-day events. Agenda titles go in the description."""
    from icalendar import Calendar, Event

    lang = _lang(lang)
    domain = calendar_domain()
    items = defaultdict(list)
    for item in m.AgendaItem.objects.filter(meeting__in=meetings).order_by("number"):
        items[item.meeting_id].append(item)
    events = defaultdict(list)
    for event in m.SideEvent.objects.filter(meeting__in=meetings).order_by("date", "id"):
        events[event.meeting_id].append(event)
    cal = Calendar()
    cal.add("prodid", "-//Concilium//meetings//EN")
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    with translation.override(lang):
        for meeting in meetings:
            ev = Event()
            ev.add("uid", f"{meeting.slug}@{domain}")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", meeting.start)
            ev.add("dtend", meeting.end + dt.timedelta(days=1))
            place = meeting.city_name(lang) if meeting.format != m.MeetingFormat.VIDEO \
                else str(VIDEO_CONFERENCE)
            ev.add("summary", f"{meeting.body.name(lang)}, {place}")
            ev.add("location", _venue(meeting, lang))
            desc = [f"{i.number}. {i.title(lang)}" for i in items.get(meeting.pk, [])]
            if desc:
                ev.add("description", "\n".join(desc))
            cal.add_component(ev)
            for n, side in enumerate(events.get(meeting.pk, []), start=1):
                se = Event()
                se.add("uid", f"{meeting.slug}-side-{n}@{domain}")
                se.add("dtstamp", stamp)
                se.add("dtstart", side.date)
                se.add("dtend", side.date + dt.timedelta(days=1))
                se.add("summary", om.pick_name(side.titles, lang, ""))
                if side.format == m.MeetingFormat.VIDEO:
                    se.add("location", str(VIDEO_CONFERENCE))
                cal.add_component(se)
    return cal.to_ical()


def minutes_dict(minutes: Minutes) -> dict:
    """The minutes as plain data (for JSON): the same fields as the dataclass."""
    from dataclasses import asdict

    return asdict(minutes)
