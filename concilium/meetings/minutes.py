"""The minutes of a meeting: assembled from the records in one language, then given as plain
text or as plain data.

The records come through the selectors (`meeting_detail` for what the actor may read,
`document_consensus` for the views recorded on each decided document); this module only
arranges and phrases them. Names come from the registry in the minutes' language (a city
from the charter's `[places]` where the record lacks it); fixed phrases, dates and
punctuation are the language's; what was recorded in words (a view, a reason) is quoted as
it was said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from concilium.core.dates import format_date, format_span
from concilium.documents.selectors import document_consensus
from concilium.meetings import models as m
from concilium.meetings.selectors import ballots_of, meeting_detail, meeting_get
from concilium.meetings.wording import (
    base_language,
    django_language,
    language_name,
    punctuation,
    quoted,
    venue,
)
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.organization.extras import charter_extras, place_name
from concilium.rules.collation import sort_key
from concilium.rules.permissions import Actor, Role

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
EXCEPTIONS = _("Exceptions to the rules recorded by the Secretariat")
VOTES = _("Votes")
VOTE_LINE = _("{document} ({symbol}), {kind}: {result}. In favour: {yes}. Against: {no}. "
              "Abstaining: {abstain}. Absent: {absent}. Present {present} of {entitled} "
              "(quorum {quorum}); {needed} votes in favour needed.")
LADDER_EXCEPTION = _("{document} ({symbol}): taken up without a decision of the {body}. "
                     "Reason: {reason}")
LANGUAGE_WAIVER = _("{document} ({symbol}): {kind} without a current {language} text of "
                    "paragraph(s) {numbers}. Reason: {reason}")

# Without an actor the minutes are the full record, as the secretariat keeps it.
_SECRETARIAT = Actor(username="minutes", role=Role.SECRETARIAT)


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
class ExceptionLine:
    """A rule the Secretariat set aside for a document decided at the meeting, and why."""

    symbol: str
    rule: str
    subject: str
    text: str


@dataclass(frozen=True)
class VoteLine:
    """A vote taken at the meeting: who voted how, and the outcome."""

    symbol: str
    result: str
    tally: dict
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
    exceptions: list[ExceptionLine] = field(default_factory=list)
    votes: list[VoteLine] = field(default_factory=list)
    side_events: list[tuple[dt.date, str, str]] = field(default_factory=list)


def _held(meeting: m.Meeting, city: str, dates: str) -> str:
    if meeting.format == m.MeetingFormat.VIDEO:
        return str(HELD_BY_VIDEO).format(dates=dates)
    template = HELD_HYBRID if meeting.format == m.MeetingFormat.HYBRID else HELD_IN
    return str(template).format(city=city, dates=dates)


def _chair_text(meeting: m.Meeting, lang: str) -> str:
    if meeting.chair_official and meeting.chair_state:
        p = punctuation(lang)
        return (f"{meeting.chair_official.name(lang)}{p.open}{meeting.chair_state.name(lang)}"
                f"{p.close}")
    if meeting.chair_official:
        return meeting.chair_official.name(lang)
    return meeting.chair_state.name(lang) if meeting.chair_state else "—"


def _delegation_key(d: m.Delegation, lang: str):
    name = d.state.name(lang) if d.state else d.organization.name(lang)
    return (0 if d.state else 1, sort_key(name))


def _exceptions(d: m.Decision, kind: str, lang: str) -> list[ExceptionLine]:
    """The exceptions a decision relied on, as its outcome names them."""
    out = []
    for x in d.outcome.get("exceptions", []):
        params = {"document": d.document.title(lang), "symbol": d.document.symbol,
                  "reason": quoted(x.get("reason", ""), lang)}
        if x.get("rule") == m.ExceptionRule.LANGUAGES:
            text = str(LANGUAGE_WAIVER).format(
                kind=kind, language=language_name(x["subject"]),
                numbers=", ".join(str(n) for n in x.get("paragraphs", [])) or "-", **params)
        else:
            body = om.Body.objects.filter(slug=x.get("subject")).first()
            text = str(LADDER_EXCEPTION).format(
                body=body.name(lang) if body else x.get("subject"), **params)
        out.append(ExceptionLine(d.document.symbol, x.get("rule", ""), x.get("subject", ""),
                                 text))
    return out


def _votes(meeting: m.Meeting, lang: str, names: dict[str, str],
           actor: Actor) -> list[VoteLine]:
    def who(t: dict, choice: str) -> str:
        return ", ".join(names.get(code, code) for code in t.get(choice, [])) or "—"

    out = []
    for b in ballots_of(meeting, actor=actor):
        t = b.tally
        text = str(VOTE_LINE).format(
            document=b.document.title(lang), symbol=b.document.symbol,
            kind=str(m.DecisionKind(b.kind).label), result=str(m.BallotResult(b.result).label),
            yes=who(t, "yes"), no=who(t, "no"), abstain=who(t, "abstain"),
            absent=who(t, "absent"),
            present=t["present"], entitled=t["entitled"], quorum=t["quorum_needed"],
            needed=t["yes_needed"])
        out.append(VoteLine(b.document.symbol, b.result, t, text))
    return out


def minutes(meeting: m.Meeting | str, lang: str = "en", *,
            actor: Actor | None = None) -> Minutes:
    """Assemble the minutes from the records: attendance, agenda, decisions, views, reports.

    Names come from the registry in `lang`; fixed phrases are translated (English where a
    catalogue lacks them). With `actor`, documents it may not read are left out.
    """
    lang = base_language(lang)
    if isinstance(meeting, str):
        meeting = meeting_get(meeting)
    view = meeting_detail(meeting.slug, actor=actor or _SECRETARIAT)
    with translation.override(django_language(lang)):
        dates = format_span(meeting.start, meeting.end, lang)
        # The city as the record names it in `lang`, else as the charter's [places] do.
        city = place_name(meeting.city, lang, charter_extras())
        out = Minutes(
            meeting=meeting.slug, lang=lang,
            title=str(MINUTES_TITLE).format(body=meeting.body.name(lang)),
            body=meeting.body.name(lang), start=meeting.start, end=meeting.end, dates=dates,
            venue=venue(meeting, lang, city=city), held=_held(meeting, city, dates),
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
                tuple(f"{doc.title(lang)}{punctuation(lang).open}{doc.symbol}"
                  f"{punctuation(lang).close}" for doc in v.documents)))
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
            if d.document:
                out.exceptions.extend(_exceptions(d, kind, lang))
            if d.document and d.document.pk not in seen:
                seen.add(d.document.pk)
                dc = document_consensus(d.document, on=d.date, lang=lang)
                for code, number, text in dc.views:
                    out.views.append(ViewLine(names.get(code, code), code, d.document.symbol,
                                              d.document.title(lang), number, text))
        out.votes.extend(_votes(meeting, lang, names, actor or _SECRETARIAT))
        for e in view.side_events:
            out.side_events.append((e.date, om.pick_name(e.titles, lang, ""),
                                    str(m.MeetingFormat(e.format).label)))
    return out


def render_minutes(minutes: Minutes) -> str:
    """The minutes as plain text, headings, phrases, dates and punctuation in the minutes'
    language; what a state or the Secretariat said is quoted as it was recorded."""
    lang = minutes.lang
    p = punctuation(lang)

    def symbol(code: str | None) -> str:
        return f"{p.open}{code}{p.close}" if code else ""

    with translation.override(django_language(lang)):
        lines = [minutes.title, minutes.held, minutes.chair, ""]

        def section(heading, rows):
            lines.append(str(heading))
            lines.extend(rows or [f"  {NONE_RECORDED}"])
            lines.append("")

        section(ATTENDANCE, [
            f"  {a.delegation}" + (f"{p.comma}{HEADED_BY.format(head=a.head)}" if a.head else "")
            + (f"{p.open}{p.comma.join(a.members)}{p.close}" if a.members else "")
            for a in minutes.attendance])
        agenda_rows = []
        for a in minutes.agenda:
            agenda_rows.append(f"  {a.number}. {a.title} — {a.decision_sought}")
            agenda_rows.extend(f"     {doc}" for doc in a.documents)
        section(AGENDA, agenda_rows)
        section(DECISIONS, [
            f"  {d.item or '-'}. {d.document}{symbol(d.symbol)}{p.colon}{d.kind}"
            f"{symbol(format_date(d.date, lang))}" for d in minutes.decisions])
        section(REPORTS, [f"  {r.item}. " + str(REPORT_BY).format(
            title=r.title, name=r.reporter, office=r.office) for r in minutes.reports])
        section(VIEWS, ["  " + str(VIEW_ON).format(
            state=v.state, document=v.document,
            where=str(PARAGRAPH).format(number=v.paragraph) if v.paragraph else "",
            text=quoted(v.text, lang)) for v in minutes.views])
        if minutes.votes:
            section(VOTES, [f"  {v.text}" for v in minutes.votes])
        if minutes.exceptions:
            section(EXCEPTIONS, [f"  {x.text}" for x in minutes.exceptions])
        if minutes.side_events:
            section(SIDE_EVENTS, [f"  {format_date(day, lang)}{p.colon}{title}{symbol(fmt)}"
                                  for day, title, fmt in minutes.side_events])
    return "\n".join(lines).rstrip() + "\n"


def minutes_dict(minutes: Minutes) -> dict:
    """The minutes as plain data (for JSON): the same fields as the dataclass."""
    return asdict(minutes)
