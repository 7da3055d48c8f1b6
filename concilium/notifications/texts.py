"""What a notification says, in the reader's language: a subject line and a sentence per
kind, filled from the facts the row keeps (names per language are picked here, so one row
reads right in every language)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from concilium.documents.models import Stance
from concilium.meetings.models import DecisionKind, MeetingFormat
from concilium.organization.models import pick_name
from concilium.rules import grammar_ru

SUBJECTS = {
    "circulated": _("{symbol} circulated for the {body}, comments by {deadline}"),
    "circulated_to_members": _("{symbol} circulated to the member states"),
    "proposal": _("{state} proposed a change to {symbol}"),
    "position": _("{state} stated a position on {symbol}"),
    "silence_opened": _("Silence procedure on {symbol} until {deadline}"),
    "silence_broken": _("{state} broke the silence on {symbol}"),
    "silence_closing": _("The silence on {symbol} ends in less than 24 hours ({deadline})"),
    "silence_ended": _("The silence on {symbol} ended: the text is adopted"),
    "decision": _("Decision on {symbol}: {decision}"),
    "published": _("{symbol} is published"),
    "meeting_changed": _("The meeting of the {body_of} has changed: {start}, {place}"),
    "meeting_cancelled": _("The meeting of the {body_of} on {start} is cancelled"),
}

SENTENCES = {
    "circulated": _("{symbol} “{title}” was circulated on {date} to the member states for the "
                    "meeting of the {body} opening on {start}. Comments are due by {deadline}."),
    "circulated_to_members": _("{symbol} “{title}” was circulated on {date} to the member "
                               "states."),
    "proposal": _("{state} proposed a change to {symbol} “{title}”{paragraph}."),
    "position": _("{state} stated a position on {symbol} “{title}”{paragraph}: {stance}."),
    "silence_opened": _("{symbol} “{title}” is under a silence procedure until {deadline}. "
                        "Unless a member state breaks the silence, it is adopted then."),
    "silence_broken": _("{state} broke the silence on {symbol} “{title}”; the text returns to "
                        "negotiation."),
    "silence_closing": _("The silence procedure on {symbol} “{title}” ends on {deadline}. "
                         "A member state that objects must break it before then."),
    "silence_ended": _("The silence procedure on {symbol} “{title}” ended unbroken; the text "
                       "is adopted."),
    "decision": _("A decision was recorded on {symbol} “{title}”: {decision} ({date})."),
    "published": _("{symbol} “{title}” is now public."),
    "meeting_changed": _("The meeting of the {body_of} that was to open on {before} now takes "
                         "place from {start} to {end}, {place}."),
    "meeting_cancelled": _("The meeting of the {body_of} that was to open on {start} is "
                           "cancelled.{reason}"),
}

PARAGRAPH = _(", paragraph {number}")
IN_CITY = _("in {city}")
REASON = _(" Reason: {reason}")
DIGEST_SUBJECT = _("Concilium: {count} notifications of the day")
GREETING = _("Dear {name},")
SIGN_OFF = _("The Secretariat")
SETTINGS_HINT = _("You receive this because of what you follow; change it at {url}.")
OPEN_AT = _("Open: {url}")


def _fields(params: dict, lang: str) -> dict:
    lang = lang.split("-")[0]  # names are kept per base language: en, ru, zh
    number = params.get("paragraph")
    stance = params.get("stance") or ""
    decision = params.get("decision") or ""
    body = pick_name(params.get("body") or {}, lang)
    city = pick_name(params.get("city") or {}, lang)
    if lang == "ru":  # "заседание Совета…", "в Москве": the names are kept in the nominative
        body_of, city = grammar_ru.inflect(body, "gent"), grammar_ru.inflect(city, "loct")
    else:
        body_of = body
    fmt = params.get("format") or ""
    reason = params.get("reason") or ""
    return {
        "symbol": params.get("symbol", ""),
        "title": pick_name(params.get("titles") or {}, lang),
        "body": body,
        "body_of": body_of,
        "state": pick_name(params.get("state") or {}, lang),
        "date": params.get("date", ""),
        "start": params.get("start", ""),
        "end": params.get("end", ""),
        "before": params.get("before") or params.get("start", ""),
        "place": (str(IN_CITY).format(city=city) if city and fmt != MeetingFormat.VIDEO
                  else str(MeetingFormat(fmt).label) if fmt in MeetingFormat.values else ""),
        "reason": str(REASON).format(reason=reason) if reason else "",
        "deadline": params.get("deadline", ""),
        "paragraph": str(PARAGRAPH).format(number=number) if number else "",
        "stance": str(Stance(stance).label) if stance in Stance.values else stance,
        "decision": (str(DecisionKind(decision).label) if decision in DecisionKind.values
                     else decision),
    }


def worded(kind: str, params: dict, lang: str) -> tuple[str, str]:
    """(subject, sentence) of a notification in `lang`."""
    with translation.override(lang):
        fields = _fields(params, lang)
        subject = str(SUBJECTS.get(kind, kind)).format(**fields)
        sentence = str(SENTENCES.get(kind, kind)).format(**fields)
    return subject, sentence
