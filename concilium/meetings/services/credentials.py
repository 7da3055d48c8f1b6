"""A delegation's composition as its state submits it, and its credentials as the
secretariat receives them.

The composition (head with title, members and advisers with titles, per language where
given) is the state's to give: a delegate records it for their own state only, the
secretariat for any. Credentials are the secretariat's to record: the day they were received
and who recorded it; withdrawing the record (received by mistake) is itself recorded.
A delegation is complete when its head is named (or given by title) and its credentials are
in. Every change is audited and bumps the meeting's version.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.core.text import check_strings
from concilium.meetings import models as m
from concilium.meetings.services.common import (
    MEETING,
    bump,
    head_of,
    meeting_for_write,
    require,
    state_or_none,
)
from concilium.organization import selectors as org
from concilium.organization.models import pick_name
from concilium.rules.permissions import (
    Actor,
    acts_on_behalf,
    may_record_credentials,
    may_record_delegation,
)

ONLY_OWN_DELEGATION = _("A delegate records the composition of their own state's delegation "
                        "only.")
ONLY_SECRETARIAT_CREDENTIALS = _("Only the secretariat records the credentials it receives.")
STATE_REQUIRED = _("state: name the state whose delegation this is.")
NOT_A_DELEGATION = _("state: meeting '{slug}' has no delegation of {code}.")
BAD_PERSON = _("{field}: give a name (and a title), as text or per language, "
               "e.g. {{\"name\": {{\"en\": \"...\"}}, \"title\": {{\"en\": \"...\"}}}}.")
NAME_REQUIRED = _("{field}: the name is required.")
TOO_MANY = _("{field}: at most {count} people.")
BAD_TITLE = _("head_title: give the title as text or per language, e.g. {{\"en\": \"...\"}}.")
LINES_DIFFER = _("{field}: give one line per person in the order of the {first} list "
                 "({count} lines), or leave it empty.")
RECEIVED_REQUIRED = _("received: give the day the credentials were received.")
RECEIVED_TOO_LATE = _("received: credentials are received by the meeting's last day ({end}).")

MAX_PEOPLE = 100
MAX_NAME = 200


def _names(value, field: str) -> dict[str, str]:
    """A name or title per language; a bare string is English."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValidationFailed(BAD_PERSON, field=field)
    out = {k.strip(): v.strip() for k, v in value.items() if v.strip()}
    if any(len(v) > MAX_NAME for v in out.values()):
        raise ValidationFailed(BAD_PERSON, field=field)
    check_strings(out, field=field)
    return out


def parse_line(line: str) -> dict:
    """"Name | Title" (a form's or a command's line) as a person in English."""
    name, _sep, title = line.partition("|")
    return {"name": name.strip(), "title": title.strip()}


def _by_language(texts: dict, field: str) -> list[dict]:
    """{lang: "Name | Title" lines} as people named and titled in each language, line by
    line: every language gives the same people in the same order (or nothing)."""
    given = {}
    languages = org.charter().languages
    for lang, text in texts.items():
        if lang not in languages or not isinstance(text, str):
            raise ValidationFailed(BAD_PERSON, field=field)
        lines = [line for line in text.splitlines() if line.strip()]
        if lines:
            given[lang.strip()] = lines
    if not given:
        return []
    first, lines = next(iter(given.items()))
    for lang, other in given.items():
        if len(other) != len(lines):
            raise ValidationFailed(LINES_DIFFER, field=f"{field}.{lang}", first=first,
                                   count=len(lines))
    out = []
    for i in range(len(lines)):
        entry = {"name": {}, "title": {}}
        for lang, other in given.items():
            person = parse_line(other[i])
            for key in ("name", "title"):
                if person[key]:
                    entry[key][lang] = person[key]
        out.append(entry)
    return out


def people(value, field: str) -> list[dict]:
    """Members or advisers as [{"name": {lang: ...}, "title": {lang: ...}}]: from a list
    of such entries, of "Name | Title" strings, a text with one person a line, or such
    texts per language ({"en": ..., "ru": ...}, the same people line by line)."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = _by_language(value, field)
    if isinstance(value, str):
        value = [line for line in value.splitlines() if line.strip()]
    if not isinstance(value, list):
        raise ValidationFailed(BAD_PERSON, field=field)
    if len(value) > MAX_PEOPLE:
        raise ValidationFailed(TOO_MANY, field=field, count=MAX_PEOPLE)
    out = []
    for i, entry in enumerate(value, start=1):
        where = f"{field}.{i}"
        if isinstance(entry, str):
            entry = parse_line(entry)
        if not isinstance(entry, dict) or set(entry) - {"name", "title"}:
            raise ValidationFailed(BAD_PERSON, field=where)
        name = _names(entry.get("name"), f"{where}.name")
        if not name:
            raise ValidationFailed(NAME_REQUIRED, field=f"{where}.name")
        out.append({"name": name, "title": _names(entry.get("title"), f"{where}.title")})
    return out


def _title(value) -> dict[str, str]:
    try:
        return _names(value, "head_title")
    except ValidationFailed:
        raise ValidationFailed(BAD_TITLE, field="head_title") from None


def _state(code: str | None):
    if not code:
        raise ValidationFailed(STATE_REQUIRED, field="state")
    return state_or_none(str(code).strip().upper(), "state")


def _delegation_of(row: m.Meeting, state) -> m.Delegation | None:
    return (row.delegations.select_for_update(of=("self",))
            .select_related("state", "head").filter(state=state).first())


@transaction.atomic
def delegation_compose(*, meeting: str, state: str, head: str | None = None, head_title=None,
                       members=None, advisers=None, expected_version=None,
                       acting_user: Actor) -> m.Delegation:
    """Record the composition of a state's delegation: its head (an official on record by
    name in any language, else the name as given, as text or per language; or only a
    title), members and advisers with titles (see `people`).

    A delegation not yet on record is created (expected). The whole composition is replaced:
    what is not given is no longer part of it."""
    code = str(state or "").strip().upper()
    if not code:
        raise ValidationFailed(STATE_REQUIRED, field="state")
    require(may_record_delegation(acting_user, code), ONLY_OWN_DELEGATION)
    row = meeting_for_write(meeting)
    state_row = _state(code)
    head_title = _title(head_title)
    member_list = people(members, "members")
    adviser_list = people(advisers, "advisers")
    official, head_name = head_of(head, row.start)
    check_version(row, expected_version, kind=MEETING)
    d = _delegation_of(row, state_row)
    before = None
    if d is None:
        d = m.Delegation(meeting=row, state=state_row)
    else:
        before = composition(d)
    d.head, d.head_name, d.head_title = official, head_name, head_title
    d.member_list, d.advisers = member_list, adviser_list
    d.members = [p["name"].get("en") or next(iter(p["name"].values())) for p in member_list]
    d.save()
    bump(row)
    record_change(actor=acting_user, action=Action.DELEGATION_COMPOSE,
                  target_type="delegation", target_id=d.pk, topic=row.topic,
                  acting_for=code, on_behalf=acts_on_behalf(acting_user, code),
                  summary={"meeting": row.slug, "state": code, "before": before,
                           "after": composition(d)})
    return d


def composition(d: m.Delegation) -> dict:
    """The composition as the audit record keeps it."""
    return {"head": d.head.name("en") if d.head_id else pick_name(d.head_name, "en") or None,
            "head_title": d.head_title, "members": d.member_list, "advisers": d.advisers}


@transaction.atomic
def delegation_credentials_record(*, meeting: str, state: str, received=None,
                                  withdraw: bool = False, expected_version=None,
                                  acting_user: Actor) -> m.Delegation:
    """Record the day a state's credentials were received (by the acting officer), or, with
    `withdraw`, that the record was made by mistake (the credentials are missing again)."""
    require(may_record_credentials(acting_user), ONLY_SECRETARIAT_CREDENTIALS)
    row = meeting_for_write(meeting)
    state_row = _state(state)
    day = None
    if not withdraw:
        day = parse_date(received, field="received")
        if day is None:
            raise ValidationFailed(RECEIVED_REQUIRED, field="received")
        if day > row.end:
            raise ValidationFailed(RECEIVED_TOO_LATE, field="received", end=row.end)
    d = _delegation_of(row, state_row)
    if d is None:
        raise ValidationFailed(NOT_A_DELEGATION, field="state", slug=row.slug,
                               code=state_row.code)
    check_version(row, expected_version, kind=MEETING)
    before = {"received": d.credentials_received, "by": d.credentials_recorded_by}
    d.credentials_received = day
    d.credentials_recorded_by = "" if withdraw else acting_user.username
    d.save(update_fields=["credentials_received", "credentials_recorded_by"])
    bump(row)
    record_change(actor=acting_user, action=Action.CREDENTIALS_RECORD,
                  target_type="delegation", target_id=d.pk, topic=row.topic,
                  acting_for=state_row.code,
                  summary={"meeting": row.slug, "state": state_row.code, "before": before,
                           "after": {"received": day, "by": d.credentials_recorded_by}})
    return d
