"""What the meetings services share: locking a meeting for a write, reading its version, and
turning raw input (titles, numbers, state codes, document symbols) into rows or field errors.

These helpers are not services: they check no permission and write no audit record. The
package's `__init__` does not re-export them.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import Forbidden, NotFound, ValidationFailed
from concilium.core.text import check_strings
from concilium.documents import models as dm
from concilium.meetings import models as m
from concilium.organization import models as om
from concilium.organization import selectors as org

ONLY_PLANNERS = _("Only the secretariat plans meetings, agendas and delegations.")
UNKNOWN_MEETING = _("meeting: there is no meeting '{slug}', or you may not see it.")
UNKNOWN_DOCUMENT = _("{field}: there is no document '{symbol}'.")
MEETING = _("Meeting")
TITLES_REQUIRED = _("titles: give the title in at least one language.")
BAD_TITLES = _("titles: give a title per language, e.g. {{\"en\": \"...\"}}.")
BAD_NUMBER = _("{field}: '{value}' is not a positive whole number.")
UNKNOWN_FORMAT = _("{field}: '{value}' is not one of in_person, video, hybrid.")
UNKNOWN_OFFICIAL = _("{field}: no official named '{name}' is on record on {day}.")
BAD_HEAD = _("head: give the name as text or per language, e.g. {{\"en\": \"...\"}}.")

MAX_TITLE = 500


def require(ok: bool, message) -> None:
    """Refuse (403) unless the rule allowed the act."""
    if not ok:
        raise Forbidden(message)


def meeting_for_write(slug: str) -> m.Meeting:
    """The meeting, locked until the transaction ends (its version guards concurrent edits)."""
    meeting = (m.Meeting.objects.select_for_update(of=("self",))
               .select_related("body", "body__prepares_for", "chair_state", "host_state")
               .filter(slug=slug or "").first())
    if meeting is None:
        raise NotFound(UNKNOWN_MEETING, field="meeting", slug=slug)
    return meeting


def bump(meeting: m.Meeting) -> None:
    """A new version of the meeting: anyone editing the one they read gets a Conflict."""
    meeting.version += 1
    meeting.save(update_fields=["version"])


def parse_titles(value, field: str = "titles") -> dict[str, str]:
    """Titles per language (a bare string is English), stripped, at least one given."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict):
        raise ValidationFailed(BAD_TITLES, field=field)
    out = {}
    for lang, text in value.items():
        if not isinstance(lang, str) or not isinstance(text, str):
            raise ValidationFailed(BAD_TITLES, field=field)
        if text.strip():
            if len(text) > MAX_TITLE:
                raise ValidationFailed(BAD_TITLES, field=field)
            out[lang] = text.strip()
    if not out:
        raise ValidationFailed(TITLES_REQUIRED, field=field)
    return out


def positive(value, field: str) -> int:
    """A positive whole number, written as one ("2" or "+2"; not "2.0" or "02")."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(BAD_NUMBER, field=field, value=value) from None
    if number < 1 or str(value).strip() not in (str(number), f"+{number}"):
        raise ValidationFailed(BAD_NUMBER, field=field, value=value)
    return number


def state_or_none(code: str | None, field: str) -> om.State | None:
    """The state with this code (none when no code is given); an unknown code is a field
    error, not a 404, because it is input to a write."""
    if code in (None, ""):
        return None
    try:
        return org.state_get(str(code))
    except NotFound:
        raise ValidationFailed(org.UNKNOWN_STATE, field=field, code=code) from None


def document_for_write(symbol: str, field: str = "document") -> dm.Document:
    """The document, locked, with what the pipeline needs to know who approves it."""
    doc = (dm.Document.objects.select_for_update(of=("self",))
           .select_related("doc_type__approved_by", "approving_body")
           .filter(symbol=(symbol or "").strip()).first())
    if doc is None:
        raise ValidationFailed(UNKNOWN_DOCUMENT, field=field, symbol=symbol)
    return doc



def meeting_format(value: str, field: str = "format") -> str:
    """One of the meeting formats (in person, video, hybrid), or a field error."""
    if value not in m.MeetingFormat.values:
        raise ValidationFailed(UNKNOWN_FORMAT, field=field, value=value)
    return value


def official_named(name: str | None, day: dt.date, field: str) -> om.Official | None:
    """An official on record on `day`, by name in any language (none when no name)."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for row in org.officials_on(day):
        if any(str(n).casefold() == wanted for n in row.names.values()):
            return row
    raise ValidationFailed(UNKNOWN_OFFICIAL, field=field, name=name, day=day.isoformat())


def head_of(head, day: dt.date) -> tuple[om.Official | None, dict]:
    """A delegation's head: (the official on record named so in any language, {}), or
    (None, the name per language as given: text is English); (None, {}) when none."""
    if isinstance(head, str):
        head = {"en": head}
    if head is None:
        return None, {}
    if not isinstance(head, dict):
        raise ValidationFailed(BAD_HEAD, field="head")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in head.items()):
        raise ValidationFailed(BAD_HEAD, field="head")
    names = {k.strip(): v.strip() for k, v in head.items() if v.strip()}
    check_strings(names, field="head")
    for name in names.values():
        try:
            return official_named(name, day, "head"), {}
        except ValidationFailed:
            continue
    return None, {lang: name[:200] for lang, name in names.items()}
