"""Phrases about meetings, in the active language: dates, the venue, a fixed phrase in every
language of the charter, and why a text cannot be agreed.

Formatting only: nothing here reads the database; callers pass the rows and the languages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from concilium.meetings import models as m
from concilium.rules.consensus import Status

VIDEO_CONFERENCE = _("video conference")
OBJECTION_BY = _("{name} ({code}) objects{where}: {reason}")
ON_PARAGRAPH = _(" to paragraph {number}")
BRACKETS_LEFT = _("{count} bracket(s) remain in paragraph(s) {numbers}")
STILL_PENDING = _("not yet agreed ({reasons})")
NOT_HEARD = _("not yet heard from {states}: at a meeting silence is not agreement; each "
              "member states its position")


LANGUAGE_NAMES = {"en": _("English"), "ru": _("Russian"), "zh": _("Chinese"),
                  "fr": _("French"), "ar": _("Arabic"), "es": _("Spanish")}


def language_name(code: str) -> str:
    """A language's name in the active language ("Chinese" for zh)."""
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def base_language(lang: str | None) -> str:
    """The language without its region ("zh" for "zh-hans"); English when none is given."""
    return (lang or "en").split("-")[0]


@dataclass(frozen=True)
class Punctuation:
    comma: str = ", "
    colon: str = ": "
    open: str = " ("
    close: str = ")"
    quotes: tuple[str, str] = ("“", "”")


#: How each language punctuates a line of the minutes: Chinese with full-width marks.
PUNCTUATION = {"ru": Punctuation(quotes=("«", "»")),
               "zh": Punctuation(comma="，", colon="：", open="（", close="）")}


def punctuation(lang: str) -> Punctuation:
    return PUNCTUATION.get(lang, Punctuation())


def quoted(text: str, lang: str) -> str:
    """Words as they were recorded (in whatever language), in the quotation marks of `lang`."""
    text = (text or "").strip()
    if not text:
        return text
    left, right = punctuation(lang).quotes
    return f"{left}{text}{right}"


def django_language(lang: str) -> str:
    """Django's code for a charter language: its catalogue of "zh" is zh_Hans ("zh-hans")."""
    return "zh-hans" if lang == "zh" else lang


def format_dates(start: dt.date, end: dt.date) -> str:
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def venue(meeting: m.Meeting, lang: str, *, city: str | None = None) -> str:
    """Where a meeting is held: the city (as given, else as the record names it in `lang`)
    and host state, or the video conference."""
    if meeting.format == m.MeetingFormat.VIDEO:
        return str(VIDEO_CONFERENCE)
    city = meeting.city_name(lang) if city is None else city
    if meeting.host_state:
        return f"{city}, {meeting.host_state.name(lang)}"
    return city


def in_every_language(template, languages, **params) -> dict[str, str]:
    """A fixed phrase in each of `languages`; a callable parameter is given the language
    (e.g. a body's short name)."""
    out = {}
    for lang in languages:
        with translation.override(django_language(lang)):
            out[lang] = str(template).format(
                **{k: (v(lang) if callable(v) else v) for k, v in params.items()})
    return out


def why_not_agreed(dc, names: dict[str, str]) -> str:
    """The reasons a document cannot be agreed: who objects (by name and code), what remains."""
    parts = []
    for code, number, reason in dc.objections:
        where = str(ON_PARAGRAPH).format(number=number) if number is not None else ""
        parts.append(str(OBJECTION_BY).format(name=names.get(code, code), code=code,
                                              where=where, reason=reason.strip().rstrip(".")))
    if dc.brackets:
        numbers = ", ".join(str(n) for n in dc.bracketed) or "-"
        parts.append(str(BRACKETS_LEFT).format(count=dc.brackets, numbers=numbers))
    silent = [] if dc.outcome.silence_counts else list(dc.outcome.silent)
    if silent and not dc.objections:
        parts.append(str(NOT_HEARD).format(
            states=", ".join(f"{names.get(c, c)} ({c})" for c in silent)))
    if not parts and dc.outcome.status is not Status.ADOPTED:
        parts.append(str(STILL_PENDING).format(reasons="; ".join(map(str, dc.outcome.reasons))))
    return "; ".join(parts) + "."
