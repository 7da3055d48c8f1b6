"""The one check every incoming text passes, and the file-name header that cannot fail.

`check_text` and `check_strings` refuse what `rules.text` says may not be stored (NUL and
other controls, lone surrogates, non-characters), naming the field and the position. They
run at every door: `core.middleware.RequestGuard` over the API's and the forms' input,
`ConciliumCommand` over a command's arguments, and the services over imported texts.
`check_symbol` holds a document or package symbol to the symbol grammar.

`content_disposition` builds the header for a download from any file name: an ASCII
fallback plus the RFC 6266 `filename*`; it never raises, whatever the name holds.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed
from concilium.rules.text import (
    MAX_SYMBOL_CHARS,
    BadCharacter,
    first_bad_character,
    first_bad_symbol_character,
)

BAD_CHARACTER = _("{field}: character {position} is {what} ({codepoint}), which cannot be "
                  "stored; remove it and try again.")
WHAT = {
    "control": _("a control character"),
    "surrogate": _("a lone surrogate (half of a character)"),
    "noncharacter": _("a Unicode non-character"),
}
SYMBOL_EMPTY = _("{field}: a symbol cannot be empty.")
SYMBOL_TOO_LONG = _("{field}: a symbol has at most {limit} characters; this one has {length}.")
SYMBOL_BAD_CHARACTER = _(
    "{field}: character {position} ({shown}) is not allowed in a symbol: use letters, digits, "
    "'/', '.' and '-', beginning and ending with a letter or a digit.")

_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _refuse(bad: BadCharacter, field: str):
    return ValidationFailed(BAD_CHARACTER, field=field, position=bad.position,
                            what=WHAT[bad.kind], codepoint=bad.shown)


def check_text(value: str, *, field: str) -> str:
    """Return `value`, or refuse its first character that may not be stored."""
    bad = first_bad_character(value)
    if bad is not None:
        raise _refuse(bad, field)
    return value


def check_strings(value, *, field: str = "") -> None:
    """Check every string in a parsed JSON value (keys too); lists count from 1.

    The field named is the dotted path to the string: `paragraphs.2.en`, `titles`.
    """
    if isinstance(value, str):
        check_text(value, field=field or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{field}.{key}" if field else (str(key) or "body")
            if isinstance(key, str):
                check_text(key, field=name)
            check_strings(item, field=name)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value, start=1):
            check_strings(item, field=f"{field}.{i}" if field else str(i))


def check_symbol(symbol: str, *, field: str = "symbol") -> str:
    """Return `symbol`, or refuse it naming the first position that breaks the grammar."""
    bad = first_bad_symbol_character(symbol)
    if bad is None:
        return symbol
    if not symbol:
        raise ValidationFailed(SYMBOL_EMPTY, field=field)
    if len(symbol) > MAX_SYMBOL_CHARS:
        raise ValidationFailed(SYMBOL_TOO_LONG, field=field, limit=MAX_SYMBOL_CHARS,
                               length=len(symbol), position=bad.position)
    ch = chr(bad.codepoint)
    shown = f"'{ch}'" if ch.isprintable() and bad.kind == "symbol" else bad.shown
    raise ValidationFailed(SYMBOL_BAD_CHARACTER, field=field, position=bad.position,
                           shown=shown)


def content_disposition(filename, *, inline: bool = False) -> str:
    """A Content-Disposition value naming `filename`; never raises, never breaks a header.

    The plain `filename=` keeps only ASCII letters, digits, `.`, `_` and `-`; `filename*=`
    carries the full name percent-encoded in UTF-8 (what a lone surrogate cannot be encoded
    as becomes U+FFFD).
    """
    kind = "inline" if inline else "attachment"
    try:
        name = str(filename or "")
    except Exception:  # a name object whose str() fails must not take the download down
        name = ""
    fallback = _ASCII_UNSAFE.sub("_", name).strip("._") or "download"
    encoded = quote(name.encode("utf-8", "replace"), safe="") if name else ""
    if encoded and encoded != fallback:
        return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    return f'{kind}; filename="{fallback}"'
