"""Negotiating text: square brackets, options and their owners.

Why this module exists
----------------------
Intergovernmental texts are negotiated in a shared notation that every
delegate already knows from paper drafts: whatever is not yet agreed by
everyone stays in square brackets, any delegation may bracket any text, a
paragraph may hold several bracketed spans (nested ones too), competing
formulations are tabled as options, and the chair may table a compromise
that replaces the brackets.  A paragraph without brackets is *clean*.

The secretariat must be able to count the outstanding brackets, say who
holds them, lift them once agreement is reached and show a clean reading,
so the notation is parsed into a small immutable tree instead of being
handled as raw strings.  The notation itself stays the storage and editing
format, because that is what delegates type and read:

``[text]``
    A bracketed span.  Brackets may nest: ``[a [b] c]``.
``[Option 1: first | Option 2: second]``
    An options group: two or more labelled alternatives separated by ``|``
    at the group's top level.  Labels are ``Option N`` (any letter case),
    Russian ``Вариант N`` and Chinese ``备选案文N`` or ``方案N``; the colon may
    be ASCII ``:`` or full-width ``：``.  An alternative may be empty
    (``Option 2:`` proposes to delete the text).  Whitespace around an
    alternative's content is not significant and is dropped.
``[text]{IND,PAK}``
    An owners tag, written immediately after the closing bracket, names
    the delegations holding the bracket (codes of 2-10 capital letters or
    digits, whitespace allowed after the commas).  An individual option's
    owners follow its label: ``[Option 1{CHN}: a | Option 2{RUS}: b]``.
``\\[  \\]  \\|  \\{  \\}  \\\\``
    Escapes for the literal characters.  An unescaped ``{`` is only
    allowed as an owners tag, so a misplaced tag is reported rather than
    silently kept as text.

Canonical notation -- what :func:`serialize` writes -- uses owners tags
without spaces (``{IND,PAK}``), ``" | "`` between options, ``": "`` after
Latin and Cyrillic labels (``":"`` alone before an empty option) and
``"："`` after Chinese ones.  For every tree the constructors accept (and
that stays within ``MAX_PARAGRAPH_CHARS`` and ``MAX_NESTING``)
``parse(serialize(tree)) == tree``, and for canonical notation
``serialize(parse(s)) == s``.  The constructors refuse the few shapes that
could not survive the trip, such as two adjacent Text segments or a
bracket whose text begins like an option label.

The module is pure Python on purpose (no Django): the web layer stores
notation strings, and translates the error messages defined here (plain
``str.format`` templates) before showing them to a person.

Why it is one module of over 500 lines: the parser, the immutable tree, the
serializer and the operations on brackets (lift, clean reading, owners) share one
grammar and one round-trip invariant, ``parse(serialize(tree)) == tree``; split
across modules, each half would need the other's private tokenizer, and the
property tests that guard the invariant would test two halves of one contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TypeAlias

MAX_PARAGRAPH_CHARS = 20_000
MAX_NESTING = 12

# --- Error messages (str.format templates; the web layer translates them) --

TOO_LONG = (
    "The paragraph is too long: it has {length} characters and the limit is "
    "{limit}; the text from position {position} on does not fit."
)
UNCLOSED_BRACKET = "Unbalanced bracket: '[' at position {position} is never closed."
STRAY_CLOSING_BRACKET = (
    "Unbalanced bracket: ']' at position {position} has no matching '['. "
    "Write '\\]' for a literal bracket."
)
EMPTY_BRACKET = (
    "Empty bracket at position {position}: a bracket must enclose the text that is not agreed."
)
SINGLE_OPTION = (
    "The options group at position {position} has only one option; add "
    "another ('| Option 2: ...') or drop the label to make it a plain bracket."
)
PIPE_OUTSIDE_BRACKET = (
    "'|' at position {position} is outside any bracket; options must be "
    "enclosed in brackets ('[Option 1: ... | Option 2: ...]'). Write '\\|' "
    "for a literal bar."
)
UNLABELLED_ALTERNATIVES = (
    "'|' at position {position} separates alternatives that have no labels; "
    "write '[Option 1: ... | Option 2: ...]', or '\\|' for a literal bar."
)
MIXED_OPTION_LABELS = (
    "The alternative at position {position} has no label such as "
    "'Option 2:', but other alternatives in the same group do; label every "
    "alternative."
)
MALFORMED_OWNERS = (
    "Malformed owners tag at position {position}: expected delegation codes "
    "such as '{{IND,PAK}}' (2 to 10 capital letters or digits, separated by "
    "commas)."
)
DUPLICATE_OWNER = "The owners tag at position {position} lists the delegation {code} twice."
STRAY_BRACE = (
    "Unexpected '{{' at position {position}: an owners tag must follow a "
    "closing bracket or an option label directly. Write '\\{{' for a literal "
    "brace."
)
INVALID_ESCAPE = (
    "Invalid escape at position {position}: a backslash may only precede "
    "one of [ ] | {{ }} or another backslash."
)
TOO_DEEP = "The bracket at position {position} is nested too deeply (more than {limit} levels)."

# Raised by the operations on a ParagraphText (bad indices).
NO_SUCH_BRACKET = (
    "There is no bracket number {index}; this paragraph has {count} bracket(s), numbered from 0."
)
NOT_AN_OPTIONS_GROUP = "Bracket number {index} is a plain bracket, not an options group."
NO_SUCH_OPTION = (
    "The options group number {index} has no option number {option}; it has "
    "{count} option(s), numbered from 0."
)
IS_AN_OPTIONS_GROUP = (
    "Bracket number {index} is an options group; choose one of its options "
    "instead of lifting the brackets."
)

# Raised when a tree is built by code with an impossible shape.
INVALID_SEGMENT = "A segment must be Text, Bracket or Options, not {type}."
EMPTY_TEXT_SEGMENT = "A Text segment cannot be empty."
ADJACENT_TEXT_SEGMENTS = "Adjacent Text segments must be merged into one."
INVALID_OWNER_CODE = "Invalid delegation code {code!r}: use 2 to 10 capital letters or digits."
DUPLICATE_OWNER_CODE = "The delegation code {code} is listed twice."
EMPTY_BRACKET_TREE = "A Bracket must enclose some non-blank text."
BRACKET_STARTS_WITH_LABEL = (
    "A Bracket's content cannot begin with an option label such as "
    "'Option 1:'; use Options for alternatives."
)
INVALID_OPTION_LABEL = (
    "Invalid option label {label!r}: use 'Option N', 'Вариант N', '备选案文N' or '方案N'."
)
OPTION_EDGE_WHITESPACE = (
    "An option's content cannot begin or end with whitespace (it would be "
    "lost when written as notation)."
)
TOO_FEW_OPTIONS = "An options group needs at least 2 options, not {count}."


class NotationError(ValueError):
    """A paragraph written in bracket notation that cannot be read."""

    def __init__(self, template: str, position: int, **params: object) -> None:
        self.template = template
        self.position = position
        self.params = params
        self.message = template.format(position=position, **params)
        super().__init__(self.message)

    def __reduce__(self) -> tuple:
        """Pickle by template and parameters (the message is derived from them)."""
        return (partial(type(self), self.template, self.position, **self.params), ())


class NoSuchBracket(IndexError):
    """A bracket or option index that does not designate what was asked."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        self.message = template.format(**params)
        super().__init__(self.message)

    def __reduce__(self) -> tuple:
        """Pickle by template and parameters (the message is derived from them)."""
        return (partial(type(self), self.template, **self.params), ())


# --- Notation lexicon -----------------------------------------------------

_ESCAPABLE = frozenset("[]|{}\\")
_PLAIN_RUN = re.compile(r"[^\\\[\]|{]+")
_OWNER_CODE = re.compile(r"[A-Z0-9]{2,10}")
_OWNERS_TAG = re.compile(r"\{([^{}\[\]|\\]*)\}")
_LATIN_CYRILLIC_LABEL = r"(?:[Oo][Pp][Tt][Ii][Oo][Nn]|[Вв][Аа][Рр][Ии][Аа][Нн][Тт])[ \t]*[0-9]+"
_CJK_LABEL = r"(?:备选案文|方案)[ \t]*[0-9]+"
_LABEL = rf"(?:{_LATIN_CYRILLIC_LABEL}|{_CJK_LABEL})"
_LABEL_FULL = re.compile(_LABEL)
_CJK_LABEL_FULL = re.compile(_CJK_LABEL)
_LABEL_HEAD = re.compile(rf"\s*({_LABEL})")
_COLON = re.compile(r"\s*[:：]\s*")
# A bracket's serialized content starting like this would read as an option.
_LABEL_START = re.compile(rf"\s*{_LABEL}\s*[:：]")


# --- The tree -------------------------------------------------------------


def _as_tuple(instance: object, name: str) -> None:
    """Store a list argument as a tuple so that the node stays hashable."""
    value = getattr(instance, name)
    if not isinstance(value, tuple):
        object.__setattr__(instance, name, tuple(value))


def _check_owners(owners: tuple[str, ...]) -> None:
    """Refuse owner codes that the notation could not express."""
    seen: set[str] = set()
    for code in owners:
        if not isinstance(code, str) or not _OWNER_CODE.fullmatch(code):
            raise ValueError(INVALID_OWNER_CODE.format(code=code))
        if code in seen:
            raise ValueError(DUPLICATE_OWNER_CODE.format(code=code))
        seen.add(code)


def _check_sequence(segments: tuple[Segment, ...]) -> None:
    """Refuse sequences whose notation would read back differently."""
    previous_is_text = False
    for segment in segments:
        if isinstance(segment, Text):
            if previous_is_text:
                raise ValueError(ADJACENT_TEXT_SEGMENTS)
            previous_is_text = True
        elif isinstance(segment, (Bracket, Options)):
            previous_is_text = False
        else:
            raise TypeError(INVALID_SEGMENT.format(type=type(segment).__name__))


@dataclass(frozen=True)
class Text:
    """Plain text, stored unescaped."""

    text: str

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError(EMPTY_TEXT_SEGMENT)


@dataclass(frozen=True)
class Bracket:
    """A bracketed span: text not yet agreed, possibly holding nested brackets."""

    segments: tuple[Segment, ...]
    owners: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "segments")
        _as_tuple(self, "owners")
        _check_sequence(self.segments)
        _check_owners(self.owners)
        if _is_blank(self.segments):
            raise ValueError(EMPTY_BRACKET_TREE)
        if _LABEL_START.match(_serialize_segments(self.segments)):
            raise ValueError(BRACKET_STARTS_WITH_LABEL)


@dataclass(frozen=True)
class Option:
    """One labelled alternative of an options group; its content may be empty."""

    label: str
    segments: tuple[Segment, ...] = ()
    owners: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "segments")
        _as_tuple(self, "owners")
        if not isinstance(self.label, str) or not _LABEL_FULL.fullmatch(self.label):
            raise ValueError(INVALID_OPTION_LABEL.format(label=self.label))
        _check_sequence(self.segments)
        _check_owners(self.owners)
        if self.segments:
            first, last = self.segments[0], self.segments[-1]
            if (isinstance(first, Text) and first.text[0].isspace()) or (
                isinstance(last, Text) and last.text[-1].isspace()
            ):
                raise ValueError(OPTION_EDGE_WHITESPACE)


@dataclass(frozen=True)
class Options:
    """An alternatives group: competing formulations, one of which will be kept."""

    options: tuple[Option, ...]
    owners: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "options")
        _as_tuple(self, "owners")
        if len(self.options) < 2:
            raise ValueError(TOO_FEW_OPTIONS.format(count=len(self.options)))
        for option in self.options:
            if not isinstance(option, Option):
                raise TypeError(INVALID_SEGMENT.format(type=type(option).__name__))
        _check_owners(self.owners)


Segment: TypeAlias = Text | Bracket | Options
Group: TypeAlias = Bracket | Options


@dataclass(frozen=True)
class ParagraphText:
    """One paragraph of a negotiating text, as a tree of text and brackets."""

    segments: tuple[Segment, ...] = field(default=())

    def __post_init__(self) -> None:
        _as_tuple(self, "segments")
        _check_sequence(self.segments)

    @property
    def bracket_count(self) -> int:
        """Number of bracketed spans and options groups, at any depth."""
        return sum(1 for _ in _groups(self.segments))

    @property
    def is_clean(self) -> bool:
        """Whether the paragraph is agreed: it holds no bracket at all."""
        return not any(True for _ in _groups(self.segments))

    def notation(self) -> str:
        """The paragraph written back in canonical bracket notation."""
        return serialize(self)

    def clean_text(self) -> str:
        """A reading with the bracket marks removed and their content kept.

        Options groups have no single reading: all their options are kept,
        without labels, joined with " / " (``[Option 1: a | Option 2: b]``
        reads ``a / b``).  Owners tags are dropped.
        """
        return _clean(self.segments)

    def owners(self) -> set[str]:
        """Every delegation code holding a bracket or option in the paragraph."""
        codes: set[str] = set()
        for group in _groups(self.segments):
            codes.update(group.owners)
            if isinstance(group, Options):
                for option in group.options:
                    codes.update(option.owners)
        return codes


# --- Reading the tree -----------------------------------------------------


def _is_blank(segments: tuple[Segment, ...]) -> bool:
    """Whether a sequence is empty or whitespace only."""
    return all(isinstance(s, Text) and s.text.isspace() for s in segments)


def _groups(segments: Iterable[Segment]) -> Iterator[Group]:
    """Brackets and options groups in document order (depth-first, pre-order)."""
    for segment in segments:
        if isinstance(segment, Bracket):
            yield segment
            yield from _groups(segment.segments)
        elif isinstance(segment, Options):
            yield segment
            for option in segment.options:
                yield from _groups(option.segments)


def _clean(segments: Iterable[Segment]) -> str:
    """Text of a sequence without bracket marks (see ParagraphText.clean_text)."""
    parts: list[str] = []
    for segment in segments:
        if isinstance(segment, Text):
            parts.append(segment.text)
        elif isinstance(segment, Bracket):
            parts.append(_clean(segment.segments))
        else:
            parts.append(" / ".join(_clean(o.segments) for o in segment.options))
    return "".join(parts)


# --- Writing notation -----------------------------------------------------

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\[]|{"})


def _owners_tag(owners: tuple[str, ...]) -> str:
    """Canonical owners tag, or nothing when nobody is named."""
    return "{" + ",".join(owners) + "}" if owners else ""


def _serialize_option(option: Option) -> str:
    """One alternative: label, owners, colon, content (an empty one ends at the colon)."""
    content = _serialize_segments(option.segments)
    cjk = _CJK_LABEL_FULL.fullmatch(option.label)
    colon = "：" if cjk else (": " if content else ":")
    return option.label + _owners_tag(option.owners) + colon + content


def _serialize_segments(segments: Iterable[Segment]) -> str:
    """Canonical notation of a sequence of segments."""
    parts: list[str] = []
    for segment in segments:
        if isinstance(segment, Text):
            parts.append(segment.text.translate(_ESCAPES))
        elif isinstance(segment, Bracket):
            parts.append("[" + _serialize_segments(segment.segments) + "]")
            parts.append(_owners_tag(segment.owners))
        else:
            parts.append("[" + " | ".join(map(_serialize_option, segment.options)) + "]")
            parts.append(_owners_tag(segment.owners))
    return "".join(parts)


def serialize(paragraph: ParagraphText) -> str:
    """Write a paragraph in canonical bracket notation."""
    return _serialize_segments(paragraph.segments)


# --- Reading notation -----------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One '|'-separated part of a bracket while it is being read."""

    position: int
    label: str | None
    owners: tuple[str, ...]
    segments: tuple[Segment, ...]


class _Parser:
    """Recursive-descent reader of bracket notation that records group spans."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.spans: list[tuple[int, int, str]] = []

    def paragraph(self) -> ParagraphText:
        """Read the whole source as one paragraph."""
        source = self.source
        if len(source) > MAX_PARAGRAPH_CHARS:
            raise NotationError(
                TOO_LONG, MAX_PARAGRAPH_CHARS, length=len(source), limit=MAX_PARAGRAPH_CHARS
            )
        segments, _ = self._sequence(0, depth=0, opener=None)
        self.spans.sort()
        return ParagraphText(segments)

    def _sequence(
        self, pos: int, depth: int, opener: int | None
    ) -> tuple[tuple[Segment, ...], int]:
        """Read text and groups up to ']' or '|' (inside a group) or the end."""
        source, end = self.source, len(self.source)
        segments: list[Segment] = []
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                segments.append(Text("".join(buffer)))
                buffer.clear()

        while pos < end:
            plain = _PLAIN_RUN.match(source, pos)
            if plain:
                buffer.append(plain.group())
                pos = plain.end()
                continue
            char = source[pos]
            if char == "\\":
                if pos + 1 < end and source[pos + 1] in _ESCAPABLE:
                    buffer.append(source[pos + 1])
                    pos += 2
                    continue
                raise NotationError(INVALID_ESCAPE, pos)
            if char == "[":
                flush()
                group, pos = self._group(pos, depth + 1)
                segments.append(group)
                continue
            if char == "{":
                raise NotationError(STRAY_BRACE, pos)
            if opener is None:
                template = STRAY_CLOSING_BRACKET if char == "]" else PIPE_OUTSIDE_BRACKET
                raise NotationError(template, pos)
            flush()
            return tuple(segments), pos
        if opener is not None:
            raise NotationError(UNCLOSED_BRACKET, opener)
        flush()
        return tuple(segments), pos

    def _owners(self, pos: int) -> tuple[tuple[str, ...], int]:
        """Read the owners tag at pos, if any."""
        if not self.source.startswith("{", pos):
            return (), pos
        tag = _OWNERS_TAG.match(self.source, pos)
        if not tag:
            raise NotationError(MALFORMED_OWNERS, pos)
        codes = tuple(code.strip() for code in tag.group(1).split(","))
        if not all(_OWNER_CODE.fullmatch(code) for code in codes):
            raise NotationError(MALFORMED_OWNERS, pos)
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                raise NotationError(DUPLICATE_OWNER, pos, code=code)
            seen.add(code)
        return codes, tag.end()

    def _label(self, pos: int) -> tuple[str | None, tuple[str, ...], int]:
        """Read an option label (with owners and colon) at pos, if there is one."""
        head = _LABEL_HEAD.match(self.source, pos)
        if not head:
            return None, (), pos
        owners, after = self._owners(head.end())
        colon = _COLON.match(self.source, after)
        if not colon:
            return None, (), pos
        return head.group(1), owners, colon.end()

    def _group(self, start: int, depth: int) -> tuple[Group, int]:
        """Read a bracket or options group whose '[' is at start."""
        if depth > MAX_NESTING:
            raise NotationError(TOO_DEEP, start, limit=MAX_NESTING)
        source = self.source
        parts: list[_Part] = []
        pipes: list[int] = []
        pos = start + 1
        while True:
            part_start = pos
            label, owners, content = self._label(pos)
            segments, pos = self._sequence(content, depth, opener=start)
            part_position = _first_non_space(source, part_start, pos)
            parts.append(_Part(part_position, label, owners, segments))
            if source[pos] == "|":
                pipes.append(pos)
                pos += 1
                continue
            break
        close = pos
        group_owners, pos = self._owners(close + 1)
        group = self._build(start, parts, pipes, group_owners)
        self.spans.append((start, pos, "bracket" if isinstance(group, Bracket) else "options"))
        return group, pos

    @staticmethod
    def _build(start: int, parts: list[_Part], pipes: list[int], owners: tuple[str, ...]) -> Group:
        """Turn the parts of a group into a Bracket or an Options."""
        labelled = [part.label is not None for part in parts]
        if len(parts) == 1:
            if labelled[0]:
                raise NotationError(SINGLE_OPTION, start)
            if _is_blank(parts[0].segments):
                raise NotationError(EMPTY_BRACKET, start)
            return Bracket(parts[0].segments, owners)
        if not any(labelled):
            raise NotationError(UNLABELLED_ALTERNATIVES, pipes[0])
        if not all(labelled):
            unlabelled = next(part for part in parts if part.label is None)
            raise NotationError(MIXED_OPTION_LABELS, unlabelled.position)
        options = tuple(
            Option(part.label or "", _rstrip(part.segments), part.owners) for part in parts
        )
        return Options(options, owners)


def _first_non_space(source: str, pos: int, limit: int) -> int:
    """Where an alternative's text starts, for error messages."""
    while pos < limit and source[pos].isspace():
        pos += 1
    return pos


def _rstrip(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Drop trailing whitespace, which is not significant in an option."""
    if segments and isinstance(segments[-1], Text):
        rest = segments[-1].text.rstrip()
        return segments[:-1] + ((Text(rest),) if rest else ())
    return segments


def parse(notation: str) -> ParagraphText:
    """Read a paragraph written in bracket notation; raise NotationError if malformed."""
    return _Parser(notation).paragraph()


def bracket_spans(notation: str) -> list[tuple[int, int, str]]:
    """Character spans of every group in notation, for highlighting.

    Each span is ``(start, end, kind)``: ``start`` is the index of the ``[``,
    ``end`` is exclusive and includes the owners tag if any, and ``kind`` is
    ``"bracket"`` or ``"options"``.  Nested groups are included; spans are in
    document order (pre-order), the same order as the indices taken by
    :func:`resolve_option` and :func:`remove_bracket`.
    """
    parser = _Parser(notation)
    parser.paragraph()
    return parser.spans


# --- Operations -----------------------------------------------------------


def replace_with_compromise(paragraph: ParagraphText, new_text: str) -> ParagraphText:
    """The chair's compromise: the new notation replaces the whole paragraph.

    ``paragraph`` is replaced as a whole, brackets and all; it is taken so
    that every operation on a paragraph has the same shape.
    """
    return parse(new_text)


def resolve_option(paragraph: ParagraphText, group_index: int, option_index: int) -> ParagraphText:
    """Keep one option of an options group, unbracketed, and drop the others.

    ``group_index`` counts brackets and options groups together, in document
    order (see :func:`bracket_spans`); ``option_index`` counts the group's
    options from 0.
    """
    group = _group_at(paragraph, group_index)
    if not isinstance(group, Options):
        raise NoSuchBracket(NOT_AN_OPTIONS_GROUP, index=group_index)
    if not 0 <= option_index < len(group.options):
        raise NoSuchBracket(
            NO_SUCH_OPTION, index=group_index, option=option_index, count=len(group.options)
        )
    chosen = group.options[option_index]
    return _rewrite(paragraph, group_index, lambda _: chosen.segments)


def remove_bracket(paragraph: ParagraphText, bracket_index: int) -> ParagraphText:
    """Lift a bracket once its text is agreed: the content stays, the marks go.

    Nested brackets inside it stay.  Options groups cannot be lifted this way;
    use :func:`resolve_option`.
    """
    group = _group_at(paragraph, bracket_index)
    if isinstance(group, Options):
        raise NoSuchBracket(IS_AN_OPTIONS_GROUP, index=bracket_index)
    return _rewrite(paragraph, bracket_index, lambda g: g.segments)


def _group_at(paragraph: ParagraphText, index: int) -> Group:
    """The group with this document-order index, or NoSuchBracket."""
    if index >= 0:
        for number, group in enumerate(_groups(paragraph.segments)):
            if number == index:
                return group
    raise NoSuchBracket(NO_SUCH_BRACKET, index=index, count=paragraph.bracket_count)


def _rewrite(
    paragraph: ParagraphText, index: int, replace: Callable[[Group], tuple[Segment, ...]]
) -> ParagraphText:
    """Replace the group at index by segments, keeping the tree well formed.

    Spliced text is merged with its neighbours; an option's content loses
    whitespace at its edges; a bracket left with nothing but whitespace
    loses its marks too (nothing is left to disagree on).
    """
    counter = [0]

    def sequence(segments: tuple[Segment, ...]) -> list[Segment]:
        out: list[Segment] = []
        for segment in segments:
            if isinstance(segment, Text):
                out.append(segment)
                continue
            number = counter[0]
            counter[0] += 1
            if number == index:
                out.extend(replace(segment))
            elif number > index:
                out.append(segment)
            elif isinstance(segment, Bracket):
                content = _merge(sequence(segment.segments))
                if _is_blank(content):
                    out.extend(content)
                else:
                    out.append(Bracket(content, segment.owners))
            else:
                out.append(
                    Options(
                        tuple(
                            Option(o.label, _strip(_merge(sequence(o.segments))), o.owners)
                            for o in segment.options
                        ),
                        segment.owners,
                    )
                )
        return out

    return ParagraphText(_merge(sequence(paragraph.segments)))


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    """Join adjacent Text segments."""
    out: list[Segment] = []
    for segment in segments:
        if isinstance(segment, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + segment.text)
        else:
            out.append(segment)
    return tuple(out)


def _strip(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Drop whitespace at both edges of an option's content."""
    segments = _rstrip(segments)
    if segments and isinstance(segments[0], Text):
        rest = segments[0].text.lstrip()
        segments = ((Text(rest),) if rest else ()) + segments[1:]
    return segments


__all__ = [
    "MAX_NESTING",
    "MAX_PARAGRAPH_CHARS",
    "Bracket",
    "NoSuchBracket",
    "NotationError",
    "Option",
    "Options",
    "ParagraphText",
    "Segment",
    "Text",
    "bracket_spans",
    "parse",
    "remove_bracket",
    "replace_with_compromise",
    "resolve_option",
    "serialize",
]
