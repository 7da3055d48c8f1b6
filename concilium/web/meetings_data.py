"""What the Secretariat's meeting pages show: the forms' choices and the meeting as it stands.

Reads only, through the apps' selectors; each page fetches in a fixed number of queries
whatever the number of meetings, agenda items, documents or delegations. Nothing here
decides a rule: who may plan, circulate or publish is asked of `rules.permissions`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.core.dates import parse_date
from concilium.core.errors import NotFound, ValidationFailed
from concilium.documents import models as dm
from concilium.documents import selectors as docs
from concilium.meetings import minutes as mn
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.meetings.wording import language_name
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor


@dataclass
class Choices:
    """What a meeting form offers: bodies, states in the page's language, formats."""

    bodies: list[om.Body]
    states: list[om.State]
    formats: list[tuple[str, str]]


def choices(lang: str) -> Choices:
    """The councils that meet (not the permanent bodies) in the charter's order, and the
    states that have been members, by name in `lang`. A fixed number of queries."""
    bodies = list(om.Body.objects.filter(permanent=False).order_by("position"))
    order = {code: n for n, code in enumerate(org.state_order(lang))}
    states = sorted(om.State.objects.filter(memberships__status="member").distinct(),
                    key=lambda s: order.get(s.code, len(order)))
    return Choices(bodies=bodies, states=states, formats=list(mm.MeetingFormat.choices))


@dataclass(frozen=True)
class RuleChair:
    """Who chairs by the charter's rule on a day (shown beside the override)."""

    state: om.State | None
    official: om.Official | None
    rule: str


def rule_chair(body: str | None, start, host: str | None = None) -> RuleChair | None:
    """The chair the charter's rule gives the body on `start`; None while the body or the
    date is missing or not understood (the form is still being filled in)."""
    try:
        body_row = org.body_get(body or "")
        day = parse_date(start, field="start")
        host_row = org.state_get(host) if host else None
    except (NotFound, ValidationFailed):
        return None
    if day is None:
        return None
    chair = org.chair_of(body_row, day, host_row)
    return RuleChair(chair.state, chair.official, chair.rule)


@dataclass
class MeetingForm:
    """The create or edit form: the values shown (the meeting's, or what was typed)."""

    meeting: mm.Meeting | None
    values: dict
    choices: Choices
    rule: RuleChair | None
    # (language, field name, label): the city in each of the charter's languages
    city_fields: list[tuple[str, str, str]] = field(default_factory=list)


CITY_IN = {"en": _("City (English)"), "ru": _("City (Russian)"), "zh": _("City (Chinese)")}
CITY_IN_LANGUAGE = _("City ({language})")


def city_fields() -> list[tuple[str, str, str]]:
    """The form's city fields, one per charter language: `city` for English (the name the
    API and older forms use), `city_<code>` for the others."""
    out = []
    for code in org.charter().languages:
        label = CITY_IN.get(code) or str(CITY_IN_LANGUAGE).format(language=language_name(code))
        out.append((code, "city" if code == "en" else f"city_{code}", str(label)))
    return out


def meeting_values(meeting: mm.Meeting) -> dict:
    """A meeting as the form's fields."""
    return {
        "body": meeting.body.slug, "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(), "format": meeting.format,
        **{name: meeting.city.get(code, "") for code, name, _label in city_fields()},
        "host_state": meeting.host_state.code if meeting.host_state else "",
        "chair_state": (meeting.chair_state.code if meeting.chair_state
                        and meeting.chair_override_reason else ""),
        "chair_override_reason": meeting.chair_override_reason,
        "extraordinary": meeting.extraordinary, "expected_version": meeting.version}


def meeting_form(*, slug: str | None, lang: str, typed: dict | None = None) -> MeetingForm:
    meeting = ms.meeting_get(slug) if slug else None
    values = dict(meeting_values(meeting)) if meeting else {
        "format": mm.MeetingFormat.IN_PERSON, "start": "", "end": "", "body": ""}
    if typed:
        values.update({k: v for k, v in typed.items() if k != "csrfmiddlewaretoken"})
    rule = rule_chair(values.get("body"), values.get("start"), values.get("host_state"))
    return MeetingForm(meeting=meeting, values=values, choices=choices(lang), rule=rule,
                       city_fields=city_fields())


@dataclass
class AgendaBuilder:
    """The agenda as the officer builds it: items, what can be added, what must stay."""

    meeting: mm.Meeting
    items: list[ms.ItemView]
    addable: list[dm.Document]
    decided: set[int] = field(default_factory=set)
    sought: list[tuple[str, str]] = field(default_factory=list)


def agenda_builder(slug: str, *, actor: Actor) -> AgendaBuilder:
    """The meeting's items with their documents, and the documents the actor may read that
    are not on it yet (open ones first). A fixed number of queries."""
    view = ms.meeting_detail(slug, actor=actor)
    on_agenda = {d.pk for item in view.agenda for d in item.documents}
    addable = [d for d in docs.document_list(actor=actor)
               if d.pk not in on_agenda and d.status not in dm.CLOSED_STATUSES]
    return AgendaBuilder(meeting=view.meeting, items=view.agenda, addable=addable,
                         decided={i.item.pk for i in view.agenda if i.decisions},
                         sought=list(mm.DecisionSought.choices))


@dataclass
class Attendance:
    """Delegations and side events of a meeting, with what a new one may be."""

    meeting: mm.Meeting
    delegations: list[mm.Delegation]
    side_events: list[mm.SideEvent]
    missing: list[om.State]
    organizations: list[om.PartnerOrganization]
    attendance: list[tuple[str, str]]
    formats: list[tuple[str, str]]
    # (language, label): a side event's title in each of the charter's languages
    title_fields: list[tuple[str, str]] = field(default_factory=list)


def attendance(slug: str, *, actor: Actor, lang: str) -> Attendance:
    """Who comes to the meeting, and the member states (on its first day) not yet recorded."""
    view = ms.meeting_detail(slug, actor=actor)
    present = {d.state_id for d in view.delegations if d.state_id}
    members = org.memberships_on(view.meeting.start, lang).get("member", [])
    return Attendance(
        meeting=view.meeting, delegations=view.delegations, side_events=view.side_events,
        missing=[s for s in members if s.pk not in present],
        organizations=list(om.PartnerOrganization.objects.order_by("slug")),
        attendance=list(mm.Attendance.choices), formats=list(mm.MeetingFormat.choices),
        title_fields=[(code, title_label(code)) for code in org.charter().languages])


TITLE_IN = {"en": _("Title (English)"), "ru": _("Title (Russian)"), "zh": _("Title (Chinese)")}
TITLE_IN_LANGUAGE = _("Title ({language})")


def title_label(code: str) -> str:
    """The label of the field for a title in one language ("Title (Russian)")."""
    if code in TITLE_IN:
        return str(TITLE_IN[code])
    return str(TITLE_IN_LANGUAGE).format(language=language_name(code))


def circulation(slug: str, *, actor: Actor, day=None) -> ms.CirculationCheck:
    """The agenda's documents, their circulation so far, and how `day` (default today)
    stands against the deadline."""
    when = parse_date(day, field="date", default=timezone.localdate())
    return ms.circulation_check(slug, day=when, actor=actor)


def today() -> dt.date:
    return timezone.localdate()


def minutes_text(slug: str, *, actor: Actor, lang: str) -> tuple[mm.Meeting, str]:
    """The meeting and its minutes as text, assembled from the records the actor may read
    (one consensus reading per decided document, so loaded only when asked for)."""
    meeting = ms.meeting_get(slug, actor=actor)
    return meeting, mn.render_minutes(mn.minutes(meeting, lang, actor=actor))
