"""Redlines: word-level differences between two versions of a text.

Why this module exists
----------------------
Delegations receive each revision of a draft with a redline that shows,
paragraph by paragraph, what was deleted and what was inserted.  The
comparison has to be right for every working language -- words for
English and Russian, characters for Chinese, Japanese and Korean, which
are written without spaces -- and it has to be fast: a full agreement runs
to a few thousand paragraphs and the redline is computed while a delegate
waits for the page.

How it stays fast
-----------------
Never give a sequence matcher a whole document; its cost grows with the
product of the lengths.  The comparison works at two levels:

1. Paragraphs are aligned first, by their stable key (a paragraph keeps
   its key across revisions), or when there are no keys by
   ``difflib.SequenceMatcher`` over the paragraph texts themselves, which
   difflib hashes, so each paragraph is one element.
2. Only the paragraphs that differ are tokenized and compared word by word,
   after their common beginning and end are set aside.  An ordinary
   paragraph goes to ``difflib.SequenceMatcher`` (with ``autojunk=False``:
   frequent words such as "the" must not be discarded).  In alphabetic
   text half the tokens are single spaces, and matching those equal spaces
   against each other is most of difflib's work, so words are aligned
   first as *units* (a token with the whitespace after it) and only the
   stretches that differ are then compared token by token; CJK text, which
   has next to no spaces, is compared token by token directly.  A block of
   more than ``FAST_PATH_TOKENS`` tokens goes to the C++ diff-match-patch
   (``fast_diff_match_patch``) after mapping each distinct token to one
   private-use character, so that its character diff is a token diff.

The result is a tuple of :class:`Run` (equal, delete, insert) per
paragraph.  It is exact: the equal and deleted runs spell the old text and
the equal and inserted runs spell the new one.  For readability a space
between two replaced words is folded into the replacement, so "the big dog"
→ "a small cat" reads as one replacement instead of three.

Pure Python on purpose (no Django); the web layer renders and translates.

Why it is one module of over 500 lines: tokenizing per script, the two-level
comparison, the fast path and the folding of replacements are one algorithm
whose exactness (equal + deleted runs spell the old text, equal + inserted the
new) is proved over the whole pipeline; its stages have no other callers.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import fast_diff_match_patch

FAST_PATH_TOKENS = 2_000
"""Blocks longer than this (in tokens, either side) go to diff-match-patch."""

FAST_PATH_TIMELIMIT = 5.0
"""Seconds diff-match-patch may spend before settling for a coarser (still exact) diff."""

CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})

# --- Error messages (str.format templates; the web layer translates them) --

MIXED_KEYS = (
    "Either every paragraph has a key or none has: paragraph {number} of the "
    "{version} version is the odd one out."
)
DUPLICATE_KEY = (
    "Paragraph key {key!r} is used twice in the {version} version "
    "(paragraphs {first} and {second})."
)
TOO_MANY_TOKENS = "The text is too large to compare: it has over {limit} distinct words."

# --- Tokens ---------------------------------------------------------------

# Han, kana, Hangul and their compatibility and extension blocks.
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff"
    "\u3100-\u312f\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
# Combining marks that belong inside a word (Latin and Cyrillic diacritics,
# Hebrew and Arabic points, Devanagari signs, joiners used in Persian and Hindi).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
    "\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f"
)
_WORD = rf"[\w{_MARKS}]+"
_NON_CJK_WORD = rf"(?:[^\W{_CJK}]|[{_MARKS}])+"
_WORD_TOKENS = re.compile(rf"{_WORD}|\s+|.", re.DOTALL)
_CJK_TOKENS = re.compile(rf"[{_CJK}]|{_NON_CJK_WORD}|\s+|.", re.DOTALL)
# Word units: a token with the whitespace that follows it.  Aligning units
# first spares difflib the thousands of equal spaces it would otherwise try
# to match; the tokens of each replaced stretch are compared afterwards.
_WORD_UNITS = re.compile(rf"(?:{_WORD}|\S)\s*|\s+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_WORD_CHAR = re.compile(rf"[\w{_MARKS}]")
_COUNTED_WORD = re.compile(rf"[{_CJK}]|{_NON_CJK_WORD}")


def _uses_characters(lang: str, old: str, new: str) -> bool:
    """Whether to compare character by character (CJK) rather than word by word.

    True for Chinese, Japanese and Korean (``"zh"``, ``"zh-Hans"``, ``"ko_KR"``
    ...), and for text in another language that is dominated by CJK
    characters: at least half of its letters are CJK.
    """
    base = lang.lower().replace("_", "-").split("-", 1)[0]
    if base in CJK_LANGUAGES:
        return True
    text = old + new
    if not _CJK_CHAR.search(text):
        return False
    return 2 * len(_CJK_CHAR.findall(text)) >= len(_WORD_CHAR.findall(text))


def tokenize(text: str, lang: str) -> list[str]:
    """Split text into the tokens a redline compares; they concatenate back to text.

    Words (``\\w+``, so Cyrillic and any other alphabet), single whitespace
    runs, and single punctuation characters; in CJK text each CJK character
    is a token of its own while runs of Latin letters or digits stay words.
    """
    pattern = _CJK_TOKENS if _uses_characters(lang, text, "") else _WORD_TOKENS
    return pattern.findall(text)


# --- Runs -----------------------------------------------------------------


class Op(StrEnum):
    """What a run of text does between the old and the new version."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text that is kept, inserted or deleted."""

    op: Op
    text: str


class _Runs:
    """Collects equal, delete and insert pieces into canonical runs.

    Canonical: no empty run, no two adjacent runs with the same op, and
    between two equal runs at most one delete followed by at most one
    insert.  A whitespace-only equal run between two replacements is folded
    into them.
    """

    def __init__(self) -> None:
        # ("=", text) or ("~", deleted pieces, inserted pieces)
        self.items: list[tuple] = []

    def equal(self, text: str) -> None:
        """Add kept text."""
        if not text:
            return
        items = self.items
        if items and items[-1][0] == "=":
            items[-1] = ("=", items[-1][1] + text)
        else:
            items.append(("=", text))

    def change(self, deleted: str, inserted: str) -> None:
        """Add deleted and/or inserted text at the current place."""
        if not deleted and not inserted:
            return
        items = self.items
        if items and items[-1][0] == "~":
            items[-1][1].append(deleted)
            items[-1][2].append(inserted)
        else:
            items.append(("~", [deleted], [inserted]))

    def runs(self) -> tuple[Run, ...]:
        """The canonical runs."""
        folded: list[tuple[str, str, str]] = []
        for item in self.items:
            if item[0] == "=":
                folded.append(("=", item[1], ""))
                continue
            deleted, inserted = "".join(item[1]), "".join(item[2])
            if (
                deleted
                and inserted
                and len(folded) >= 2
                and folded[-1][1].isspace()
                and folded[-2][0] == "~"
                and folded[-2][1]
                and folded[-2][2]
            ):
                space = folded.pop()[1]
                _, before_deleted, before_inserted = folded.pop()
                deleted = before_deleted + space + deleted
                inserted = before_inserted + space + inserted
            folded.append(("~", deleted, inserted))
        out: list[Run] = []
        for kind, first, second in folded:
            if kind == "=":
                out.append(Run(Op.EQUAL, first))
                continue
            if first:
                out.append(Run(Op.DELETE, first))
            if second:
                out.append(Run(Op.INSERT, second))
        return tuple(out)


def _private_char(index: int) -> str:
    """The index-th stand-in character: private-use areas first, then any non-surrogate."""
    if index < 0x1900:  # U+E000..U+F8FF
        return chr(0xE000 + index)
    index -= 0x1900
    if index < 0xFFFE:  # U+F0000..U+FFFFD
        return chr(0xF0000 + index)
    index -= 0xFFFE
    if index < 0xFFFE:  # U+100000..U+10FFFD
        return chr(0x100000 + index)
    index -= 0xFFFE
    if index < 0xEFFFF - 0x10000:  # planes 1-14: any character will do as a stand-in
        return chr(0x10000 + index)
    raise ValueError(TOO_MANY_TOKENS.format(limit=1_000_000))


def _encode(tokens: list[str], codes: dict[str, str]) -> str:
    """Tokens as a string of one stand-in character per token."""
    chars: list[str] = []
    for token in tokens:
        char = codes.get(token)
        if char is None:
            char = codes[token] = _private_char(len(codes))
        chars.append(char)
    return "".join(chars)


def _fast_path(a: list[str], b: list[str], out: _Runs) -> None:
    """Compare long token lists with diff-match-patch, one stand-in character per token."""
    codes: dict[str, str] = {}
    encoded_a, encoded_b = _encode(a, codes), _encode(b, codes)
    i = j = 0
    for op, length in fast_diff_match_patch.diff(
        encoded_a,
        encoded_b,
        timelimit=FAST_PATH_TIMELIMIT,
        checklines=False,
        cleanup="No",
        counts_only=True,
    ):
        if op == "=":
            out.equal("".join(a[i : i + length]))
            i += length
            j += length
        elif op == "-":
            out.change("".join(a[i : i + length]), "")
            i += length
        else:
            out.change("", "".join(b[j : j + length]))
            j += length


def _match_tokens(a: list[str], b: list[str], out: _Runs) -> None:
    """Compare short token lists with difflib."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.equal("".join(a[i1:i2]))
        else:
            out.change("".join(a[i1:i2]), "".join(b[j1:j2]))


def _replace_unit(a: str, b: str, tokens: re.Pattern[str], out: _Runs) -> None:
    """One unit replaced by another, the commonest edit: keep a shared word or space."""
    word_a, word_b = a.rstrip(), b.rstrip()
    space_a, space_b = a[len(word_a) :], b[len(word_b) :]
    if space_a == space_b:
        out.change(word_a, word_b)
        out.equal(space_a)
    elif word_a == word_b:
        out.equal(word_a)
        out.change(space_a, space_b)
    else:
        _match_tokens(tokens.findall(a), tokens.findall(b), out)


def _match_units(a: list[str], b: list[str], tokens: re.Pattern[str], out: _Runs) -> None:
    """Align word units with difflib, then compare the tokens of each replaced stretch."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.equal("".join(a[i1:i2]))
        elif tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            _replace_unit(a[i1], b[j1], tokens, out)
        elif tag == "replace":
            _match_tokens(tokens.findall("".join(a[i1:i2])), tokens.findall("".join(b[j1:j2])), out)
        else:
            out.change("".join(a[i1:i2]), "".join(b[j1:j2]))


def diff_text(old: str, new: str, lang: str) -> tuple[Run, ...]:
    """Word-level (character-level for CJK) difference between two texts.

    Adjacent runs never share an op; equal and deleted runs concatenate to
    ``old``, equal and inserted runs to ``new``.
    """
    if old == new:
        return (Run(Op.EQUAL, old),) if old else ()
    if not old:
        return (Run(Op.INSERT, new),)
    if not new:
        return (Run(Op.DELETE, old),)
    # CJK text has next to no spaces, so its units would be its tokens.
    cjk = _uses_characters(lang, old, new)
    tokens = _CJK_TOKENS if cjk else _WORD_TOKENS
    units = _CJK_TOKENS if cjk else _WORD_UNITS
    a, b = units.findall(old), units.findall(new)
    # Common ends are cheap to find and shrink the matcher's work.
    start, end_a, end_b = 0, len(a), len(b)
    limit = min(end_a, end_b)
    while start < limit and a[start] == b[start]:
        start += 1
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    out = _Runs()
    out.equal("".join(a[:start]))
    a, b, suffix = a[start:end_a], b[start:end_b], "".join(a[end_a:])
    # A unit holds at most two tokens, so only long blocks need counting.
    if 2 * max(len(a), len(b)) > FAST_PATH_TOKENS:
        token_a = a if cjk else tokens.findall("".join(a))
        token_b = b if cjk else tokens.findall("".join(b))
        if max(len(token_a), len(token_b)) > FAST_PATH_TOKENS:
            _fast_path(token_a, token_b, out)
            out.equal(suffix)
            return out.runs()
    if cjk:
        _match_tokens(a, b, out)
    else:
        _match_units(a, b, tokens, out)
    out.equal(suffix)
    return out.runs()


# --- Documents ------------------------------------------------------------


class ChangeKind(StrEnum):
    """What happened to a paragraph between two versions."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    CHANGE = "change"


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """One paragraph of a redline.

    ``number_old`` and ``number_new`` are 1-based positions in each version
    (None where the paragraph does not exist).  ``key`` is the paragraph's
    key, or for documents without keys ``"new:N"`` (``"old:N"`` for a
    deleted paragraph).
    """

    key: str
    number_old: int | None
    number_new: int | None
    kind: ChangeKind
    runs: tuple[Run, ...]


def _compare(key: str, i: int, j: int, old: str, new: str, lang: str) -> ParagraphChange:
    """A paragraph present in both versions."""
    if old == new:
        runs = (Run(Op.EQUAL, new),) if new else ()
        return ParagraphChange(key, i + 1, j + 1, ChangeKind.EQUAL, runs)
    return ParagraphChange(key, i + 1, j + 1, ChangeKind.CHANGE, diff_text(old, new, lang))


def _inserted(key: str, j: int, text: str) -> ParagraphChange:
    """A paragraph only in the new version."""
    runs = (Run(Op.INSERT, text),) if text else ()
    return ParagraphChange(key, None, j + 1, ChangeKind.INSERT, runs)


def _deleted(key: str, i: int, text: str) -> ParagraphChange:
    """A paragraph only in the old version."""
    runs = (Run(Op.DELETE, text),) if text else ()
    return ParagraphChange(key, i + 1, None, ChangeKind.DELETE, runs)


def _check_keys(paragraphs: Sequence[tuple[str | None, str]], version: str) -> bool:
    """Whether the paragraphs are keyed; refuse mixed and duplicate keys."""
    if not paragraphs:
        return True
    keyed = paragraphs[0][0] is not None
    seen: dict[str, int] = {}
    for number, (key, _) in enumerate(paragraphs, start=1):
        if (key is not None) != keyed:
            raise ValueError(MIXED_KEYS.format(number=number, version=version))
        if key is not None:
            if key in seen:
                raise ValueError(
                    DUPLICATE_KEY.format(key=key, version=version, first=seen[key], second=number)
                )
            seen[key] = number
    return keyed


def diff_document(
    old: Sequence[tuple[str | None, str]],
    new: Sequence[tuple[str | None, str]],
    lang: str,
) -> tuple[ParagraphChange, ...]:
    """Paragraph-by-paragraph redline between two versions of a document.

    Each paragraph is ``(key, text)``.  Paragraphs with the same key are
    compared; keys only in ``old`` are deletions, keys only in ``new``
    insertions.  The order follows the new version, each deleted paragraph
    placed right after the paragraph that preceded it in the old version
    (at the top if none did).  When every key is None, paragraphs are
    aligned by their text instead.
    """
    old_keyed = _check_keys(old, "old")
    new_keyed = _check_keys(new, "new")
    if old and new and old_keyed != new_keyed:
        raise ValueError(MIXED_KEYS.format(number=1, version="new"))
    if (old and not old_keyed) or (new and not new_keyed):
        return _diff_unkeyed([t for _, t in old], [t for _, t in new], lang)
    return _diff_keyed(old, new, lang)  # type: ignore[arg-type]


def _diff_keyed(
    old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]], lang: str
) -> tuple[ParagraphChange, ...]:
    """Align by key: the paragraph's identity survives any edit or move."""
    old_index = {key: i for i, (key, _) in enumerate(old)}
    new_keys = {key for key, _ in new}
    deleted_after: dict[str | None, list[int]] = defaultdict(list)
    anchor: str | None = None
    for i, (key, _) in enumerate(old):
        if key in new_keys:
            anchor = key
        else:
            deleted_after[anchor].append(i)

    out = [_deleted(old[i][0], i, old[i][1]) for i in deleted_after.get(None, ())]
    for j, (key, text) in enumerate(new):
        i = old_index.get(key)
        if i is None:
            out.append(_inserted(key, j, text))
            continue
        out.append(_compare(key, i, j, old[i][1], text, lang))
        if key in deleted_after:
            out.extend(_deleted(old[d][0], d, old[d][1]) for d in deleted_after[key])
    return tuple(out)


def _diff_unkeyed(old: list[str], new: list[str], lang: str) -> tuple[ParagraphChange, ...]:
    """Align by text: unchanged paragraphs anchor the alignment, the rest pair up in order.

    Within a replaced block the first old paragraph is compared with the
    first new one and so on; what is left over is deleted or inserted.
    """
    out: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            i, j = i1 + k, j1 + k
            out.append(_compare(f"new:{j + 1}", i, j, old[i], new[j], lang))
        out.extend(_deleted(f"old:{i + 1}", i, old[i]) for i in range(i1 + paired, i2))
        out.extend(_inserted(f"new:{j + 1}", j, new[j]) for j in range(j1 + paired, j2))
    return tuple(out)


# --- Rendering and figures ------------------------------------------------


def render_text(runs: Iterable[Run]) -> str:
    """Plain-text redline: ``[-deleted-]`` and ``{+inserted+}`` (wdiff style)."""
    parts: list[str] = []
    for run in runs:
        if run.op is Op.DELETE:
            parts.append(f"[-{run.text}-]")
        elif run.op is Op.INSERT:
            parts.append(f"{{+{run.text}+}}")
        else:
            parts.append(run.text)
    return "".join(parts)


def render_html(runs: Iterable[Run]) -> str:
    """HTML redline: ``<del>`` and ``<ins>``, every piece of text escaped."""
    parts: list[str] = []
    for run in runs:
        text = html.escape(run.text)
        if run.op is Op.DELETE:
            parts.append(f"<del>{text}</del>")
        elif run.op is Op.INSERT:
            parts.append(f"<ins>{text}</ins>")
        else:
            parts.append(text)
    return "".join(parts)


def count_words(text: str) -> int:
    """Words in text, counting each CJK character as one word."""
    return len(_COUNTED_WORD.findall(text))


def stats(changes: Iterable[ParagraphChange]) -> dict[str, int]:
    """Totals for a redline: inserted and deleted words, paragraphs not left equal.

    A word partly changed counts once on each side; each CJK character
    counts as a word.
    """
    inserted = deleted = changed = 0
    for change in changes:
        if change.kind is ChangeKind.EQUAL:
            continue
        changed += 1
        for run in change.runs:
            if run.op is Op.INSERT:
                inserted += count_words(run.text)
            elif run.op is Op.DELETE:
                deleted += count_words(run.text)
    return {"inserted_words": inserted, "deleted_words": deleted, "changed_paragraphs": changed}


__all__ = [
    "CJK_LANGUAGES",
    "FAST_PATH_TOKENS",
    "ChangeKind",
    "Op",
    "ParagraphChange",
    "Run",
    "count_words",
    "diff_document",
    "diff_text",
    "render_html",
    "render_text",
    "stats",
    "tokenize",
]
