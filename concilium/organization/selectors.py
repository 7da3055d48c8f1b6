"""Reads from the registry: the charter in force, who belongs on a date, who presides."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass

from django.db.models import Case, F, Q, TextField, Value, When
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from concilium.core.dates import parse_date
from concilium.core.errors import NotFound, ValidationFailed
from concilium.organization import models as m
from concilium.rules import rotation
from concilium.rules.charter import Charter, Status, parse_charter
from concilium.rules.collation import ordered

NOT_INITIALISED = _(
    "The registry is empty: run `concilium init --charter sco` (or your charter file) first."
)
UNKNOWN_STATE = _("state: there is no state '{code}' in the registry.")
UNKNOWN_STATE_IN = _("{field}: there is no state '{code}' in the registry.")
UNKNOWN_BODY = _("body: there is no body '{slug}'; the charter names: {known}.")
NO_PRESIDENCY_RECORDED = _("No presidency is recorded yet.")


def organization() -> m.Organization:
    org = m.Organization.objects.first()
    if org is None:
        raise NotFound(NOT_INITIALISED)
    return org


class PerCharterVersion:
    """What `parse(text, source)` makes of the charter in force, made once per version (its
    text's SHA-256) in this process: each call is one query, which brings the text (tens of
    kilobytes) only for a version not yet parsed. None when the registry is empty."""

    def __init__(self, parse):
        self.parse = parse
        self.kept: dict[str, object] = {}

    def __call__(self):
        row = (m.Organization.objects
               .annotate(text=Case(When(charter_sha256__in=list(self.kept), then=Value("")),
                                   default=F("charter_text"), output_field=TextField()))
               .values_list("charter_sha256", "text", "charter_source").first())
        if row is None:
            return None
        sha, text, source = row
        if sha not in self.kept:
            if len(self.kept) >= 4:
                self.kept.clear()
            self.kept[sha] = self.parse(text, source)
        return self.kept[sha]


_charter = PerCharterVersion(
    lambda text, source: parse_charter(tomllib.loads(text), source=source, text=text))


def charter() -> Charter:
    """The charter this installation was set up from (parsed once per version)."""
    found = _charter()
    if found is None:
        raise NotFound(NOT_INITIALISED)
    return found


def state_get(code: str) -> m.State:
    state = m.State.objects.filter(code=(code or "").upper()).first()
    if state is None:
        raise NotFound(UNKNOWN_STATE, field="state", code=code)
    return state


def state_for_input(code: str, *, field: str = "state") -> m.State:
    """The state a write names in `field`; an unknown code is bad input (422) naming that
    field, where `state_get` answers a lookup with NotFound (404)."""
    state = m.State.objects.filter(code=(code or "").upper()).first()
    if state is None:
        raise ValidationFailed(UNKNOWN_STATE_IN, field=field, code=code)
    return state


def body_get(slug: str) -> m.Body:
    body = m.Body.objects.select_related("prepares_for").filter(slug=slug).first()
    if body is None:
        known = ", ".join(m.Body.objects.values_list("slug", flat=True))
        raise NotFound(UNKNOWN_BODY, field="body", slug=slug, known=known)
    return body


def _on(day: dt.date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def memberships_on(day: dt.date, lang: str = "en") -> dict[str, list[m.State]]:
    """States by status on a date, each list in the order lists in `lang` name them (the
    charter's collation where it gives one, e.g. pinyin for Chinese; else alphabetical by
    the names in `lang`), as consensus lists do; two queries."""
    out: dict[str, list[m.State]] = {s.value: [] for s in Status}
    rows = m.Membership.objects.filter(_on(day)).select_related("state")
    for row in rows:
        out[row.status].append(row.state)
    explicit = charter().collation.get(lang)
    for status, states in out.items():
        by_code = {s.code: s for s in states}
        names = {s.code: s.name(lang) for s in states}
        out[status] = [by_code[c] for c in ordered(names, explicit=explicit)]
    return out


def member_codes_on(day: dt.date) -> list[str]:
    return sorted(
        m.Membership.objects.filter(_on(day), status=Status.MEMBER.value)
        .values_list("state__code", flat=True)
    )


def state_names(lang: str) -> dict[str, str]:
    """Every state's name in one language, by code."""
    return {code: names.get(lang) or names.get("en", code)
            for code, names in m.State.objects.values_list("code", "names")}


def state_order(lang: str) -> tuple[str, ...]:
    """Every state's code in the order lists in `lang` name them (the charter's explicit
    order where it gives one, else alphabetical by the names in that language)."""
    return ordered(state_names(lang), explicit=charter().collation.get(lang))


ROTATION_RULE = _(
    "The presidency passes {term} in the alphabetical order of the member states' names in "
    "{language}. A marked term departs from that order; the reason is given."
)
TERMS = {"summit_to_summit": _("from one summit to the next"),
         "calendar_year": _("every calendar year")}


def rotation_rule_text() -> str:
    """The charter's rotation rule as a sentence in the active language."""
    rotation = charter().rotation
    try:
        language = get_language_info(rotation.language)["name_translated"]
    except KeyError:
        language = rotation.language
    return str(ROTATION_RULE).format(term=TERMS.get(rotation.term.value, rotation.term.value),
                                     language=language.lower())


def organization_names(lang: str) -> tuple[str, str]:
    """The organization's full and short name in `lang` (one query)."""
    row = m.Organization.objects.values_list("names", "short_names").first()
    if row is None:
        return "", ""
    return m.pick_name(row[0], lang), m.pick_name(row[1], lang)


def organization_header(lang: str) -> tuple[str, str, tuple[str, ...]]:
    """The organization's full and short name in `lang` and the languages its charter names
    (those its names are given in), for every page's header: one query."""
    row = m.Organization.objects.values_list("names", "short_names").first()
    if row is None:
        return "", "", ()
    return m.pick_name(row[0], lang), m.pick_name(row[1], lang), tuple(row[0])


def presidency_on(day: dt.date) -> m.Presidency | None:
    return m.Presidency.objects.filter(_on(day)).select_related("state").first()


@dataclass(frozen=True)
class TermView:
    presidency: m.Presidency
    default_state: str | None  # who the rule would have chosen; None for the first
    deviates: bool


def presidency_sequence() -> list[TermView]:
    """The recorded presidencies in order, each compared with the rule's default."""
    rows = list(m.Presidency.objects.select_related("state").order_by("start"))
    ch = charter()
    names = state_names(ch.rotation.language)
    spans = _member_spans()
    out = []
    for i, row in enumerate(rows):
        expected = None
        if i > 0:
            members = _eligible(spans, row.start, rows[i - 1].start, ch)
            if members:
                expected = rotation.default_successor(
                    rows[i - 1].state.code, members, names, ch.rotation.language).state
        out.append(TermView(row, expected, expected is not None and expected != row.state.code))
    return out


def _member_spans() -> list[tuple[str, dt.date, dt.date | None]]:
    return list(m.Membership.objects.filter(status=Status.MEMBER.value)
                .values_list("state__code", "start", "end"))


def _eligible(spans, day: dt.date, previous_start: dt.date | None, ch: Charter) -> list[str]:
    admitted = {c: s for c, s, e in spans if s <= day and (e is None or day <= e)}
    return rotation.eligible(admitted, previous_start, ch.rotation.new_members_wait)


def default_successor_of(code: str, day: dt.date,
                         previous_start: dt.date | None = None) -> rotation.Successor:
    ch = charter()
    members = _eligible(_member_spans(), day, previous_start, ch)
    return rotation.default_successor(
        code, members, state_names(ch.rotation.language), ch.rotation.language)


def presidency_next(on: dt.date | None = None) -> tuple[m.Presidency, rotation.Successor]:
    """The default holder after the last recorded presidency, and the rule that chose it.

    With `on`: after the presidency in force (or last begun) on that day, as the rules
    stood then: who would follow Russia's 2019-20 term, asked about 2020.
    """
    terms = m.Presidency.objects.select_related("state")
    if on is not None:
        terms = terms.filter(start__lte=on)
    last = terms.order_by("-start").first()
    if last is None:
        raise NotFound(NO_PRESIDENCY_RECORDED)
    day = last.end + dt.timedelta(days=1) if last.end else last.start
    return last, default_successor_of(last.state.code, day, last.start)


@dataclass(frozen=True)
class Chair:
    """Who chairs a body on a date: the state (if any) and the official (if recorded)."""

    body: m.Body
    state: m.State | None
    official: m.Official | None
    rule: str


def chair_of(body: m.Body, day: dt.date, host: m.State | None = None) -> Chair:
    """Derive the chair from the charter's rule for the body."""
    state = None
    official = None
    if body.chair_rule == "presidency":
        term = presidency_on(day)
        state = term.state if term else None
    elif body.chair_rule == "host":
        state = host
    if body.chair_rule == "office":
        office = m.Office.objects.filter(body=body).first()
        if office:
            official = (m.Official.objects.filter(_on(day), office=office)
                        .select_related("state").first())
    elif state is not None and body.chair_office:
        official = (m.Official.objects.filter(_on(day), office__slug=body.chair_office,
                                              state=state).first())
    return Chair(body=body, state=state, official=official, rule=body.chair_rule)


def officials_on(day: dt.date | None = None) -> list[m.Official]:
    qs = m.Official.objects.select_related("office", "state").order_by("office__slug", "start")
    if day is not None:
        qs = qs.filter(_on(day))
    return list(qs)


def parse_day(value: str | None, field: str = "on") -> dt.date:
    day = parse_date(value, field=field, default=dt.date.today())
    if day is None:
        raise ValidationFailed(_("{field}: a date is required."), field=field)
    return day
