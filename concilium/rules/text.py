"""What a stored text may contain, and the grammar of a document symbol.

A text goes into headers, file names, XML, PostgreSQL and every browser: a NUL, a lone
surrogate or a Unicode non-character breaks one of them (PostgreSQL refuses NUL, UTF-8
cannot encode a lone surrogate, XML 1.0 forbids control characters). They are refused at
the door, with the position of the first one, so nothing downstream has to cope.

A symbol (SCO/CFM/2020/DRAFT.1) is an identifier that travels in URLs, file names and
Content-Disposition headers: letters, digits, `/`, `.` and `-`, starting and ending with a
letter or a digit, at most `MAX_SYMBOL_CHARS` characters.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SYMBOL_CHARS = 80
SYMBOL_PUNCTUATION = frozenset("/.-")
# Controls kept in a text: tab, line feed, carriage return (paragraph text has new lines).
ALLOWED_CONTROLS = frozenset("\t\n\r")


@dataclass(frozen=True)
class BadCharacter:
    """The first character a text may not hold: its 1-based position and what it is."""

    position: int
    codepoint: int
    kind: str  # "control", "surrogate", "noncharacter", "symbol"

    @property
    def shown(self) -> str:
        return f"U+{self.codepoint:04X}"


def character_kind(ch: str) -> str | None:
    """Why `ch` may not be stored, or None when it may."""
    cp = ord(ch)
    if (cp < 0x20 and ch not in ALLOWED_CONTROLS) or cp == 0x7F:
        return "control"
    if 0xD800 <= cp <= 0xDFFF:
        return "surrogate"
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
        return "noncharacter"
    return None


def first_bad_character(text: str) -> BadCharacter | None:
    """The first character of `text` that may not be stored, or None."""
    for i, ch in enumerate(text, start=1):
        kind = character_kind(ch)
        if kind:
            return BadCharacter(i, ord(ch), kind)
    return None


def _symbol_character(ch: str) -> bool:
    return ch in SYMBOL_PUNCTUATION or (ch.isalnum() and character_kind(ch) is None)


def first_bad_symbol_character(symbol: str) -> BadCharacter | None:
    """The first character that breaks the symbol grammar, or None for a valid symbol.

    An empty symbol, or one longer than `MAX_SYMBOL_CHARS`, is reported at the position
    just past its end (1 for empty, MAX_SYMBOL_CHARS + 1 for too long).
    """
    if not symbol:
        return BadCharacter(1, 0, "symbol")
    if len(symbol) > MAX_SYMBOL_CHARS:
        return BadCharacter(MAX_SYMBOL_CHARS + 1, ord(symbol[MAX_SYMBOL_CHARS]), "symbol")
    for i, ch in enumerate(symbol, start=1):
        if not _symbol_character(ch):
            return BadCharacter(i, ord(ch), "symbol")
    for i in (1, len(symbol)):
        if symbol[i - 1] in SYMBOL_PUNCTUATION:
            return BadCharacter(i, ord(symbol[i - 1]), "symbol")
    return None
