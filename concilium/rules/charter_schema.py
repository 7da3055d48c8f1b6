"""The charter file's declared schema: every key a charter may hold, and what no record may do.

Why it exists: a typo in a charter (`deadlin_days`) used to be ignored silently, and so were
two presidencies at once or two overlapping memberships of one state; the institution's
rules then quietly ran on defaults or on a registry that cannot be true. Here the file's
shape is declared as pydantic models that forbid any key they do not name, so that an
unknown key is refused with the key, its line in the file and the nearest valid key; and
the registry's periods are checked against each other, naming both periods.

To add a key to the charter: declare it in the model of its table below, read it in
`charter._Reader`, document it in docs/charter.md. A key read but not declared here is
refused as unknown, which is how a charter and its reader stay in step.

Pure Python: pydantic, no framework. `charter.parse_charter` calls `check_keys` before
reading and `check_periods` after.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

UNKNOWN_KEY = "unknown key '{key}'{line}{hint}"
ON_LINE = " (line {line})"
DID_YOU_MEAN = "; did you mean '{near}'?"
VALID_KEYS = "; the keys here are: {keys}"
OVERLAPPING_PRESIDENCIES = (
    "the presidency of {state} ({period}){line} overlaps that of {other_state} in {other} "
    "({other_period}); one state presides at a time"
)
OVERLAPPING_MEMBERSHIPS = (
    "{state} is {status} ({period}){line} and also {other_status} in {other} "
    "({other_period}); a "
    "state has one status at a time"
)

Names = dict[str, str]


class _Table(BaseModel):
    """A table of the charter: its keys are exactly those declared."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


class Organization(_Table):
    slug: str | None = None
    name: Names | None = None
    short_name: Names | None = None


class Languages(_Table):
    official: list[str] | None = None
    working: list[str] | None = None


class Circulation(_Table):
    deadline_days: int | None = None
    comments_days: int | None = None


class Rotation(_Table):
    method: str | None = None
    language: str | None = None
    term: str | None = None
    summit_body: str | None = None
    new_members_wait: bool | None = None


class Silence(_Table):
    allowed: bool | None = None
    minimum_hours: int | None = None
    counts_at_meeting: bool | None = None
    counts_in_procedure: bool | None = None


class Decisions(_Table):
    default: str | None = None
    by_kind: dict[str, str] | None = None
    views_in_minutes: bool | None = None
    opt_out: bool | None = None
    silence: Silence | None = None
    quorum: str | None = None


class OfficeEntry(_Table):
    slug: str | None = None
    name: Names | None = None
    body: str | None = None
    per_state: bool | None = None
    term_years: int | None = None


class BodyEntry(_Table):
    slug: str | None = None
    name: Names | None = None
    short: Names | None = None
    chair: str | None = None
    prepares_for: str | None = None
    office: str | None = None
    chair_office: str | None = None
    permanent: bool | None = None
    seat: str | None = None
    meets: str | None = None
    rule: str | None = None
    quorum: str | None = None
    invites: list[str] | None = None


class DocumentTypeEntry(_Table):
    slug: str | None = None
    name: Names | None = None
    approved_by: str | None = None
    rule: str | None = None


class StateEntry(_Table):
    code: str | None = None
    name: Names | None = None
    aliases: dict[str, list[str]] | None = None


class MembershipEntry(_Table):
    state: str | None = None
    status: str | None = None
    start: Any = None
    end: Any = None
    note: str | None = None


class OrganizationEntry(_Table):
    slug: str | None = None
    name: Names | None = None
    short: Names | None = None
    spell_out: list[str] | None = None  # languages whose composed texts write the full name


class OfficialEntry(_Table):
    name: Names | None = None
    office: str | None = None
    start: Any = None
    end: Any = None
    state: str | None = None
    note: str | None = None
    title: Names | None = None  # the title composed texts give ("President")


class PresidencyEntry(_Table):
    state: str | None = None
    start: Any = None
    end: Any = None
    reason: str | None = None


class CharterFile(_Table):
    """The whole file. Types are declared for the reader of this page; `charter._Reader`
    checks values (with its own messages), this schema checks that every key is known."""

    organization: Organization | None = None
    languages: Languages | None = None
    circulation: Circulation | None = None
    rotation: Rotation | None = None
    decisions: Decisions | None = None
    collation: dict[str, list[str]] | None = None
    statuses: dict[str, Names] | None = None
    offices: list[OfficeEntry] | None = None
    bodies: list[BodyEntry] | None = None
    document_types: list[DocumentTypeEntry] | None = None
    states: list[StateEntry] | None = None
    memberships: list[MembershipEntry] | None = None
    organizations: list[OrganizationEntry] | None = None
    officials: list[OfficialEntry] | None = None
    presidencies: list[PresidencyEntry] | None = None
    places: dict[str, Names] | None = None  # a city's names per language, for composed texts


class SchemaProblem(ValueError):
    """What the schema refuses: the key path and the problem, for `CharterError`."""

    def __init__(self, key: str, problem: str):
        self.key, self.problem = key, problem
        super().__init__(f"{key}: {problem}")


# --- where a key is in the file -----------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=')


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip().strip('"') for p in dotted.split("."))


def key_lines(text: str) -> dict[tuple, int]:
    """The line (from 1) of every table header and key of a TOML text, by key path: the
    same paths pydantic reports, tables of an array counted from 0 (`("bodies", 1, "slug")`).
    Keys inside inline tables take the line of the key that holds them."""
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    table: tuple = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            path = _parts(header.group(2))
            if header.group(1) == "[[":
                index = counts.get(path, -1) + 1
                counts[path] = index
                table = (*path, index)
            else:
                table = path
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, *_parts(key.group(1))), number)
    return lines


def line_of(lines: Mapping[tuple, int], loc: Sequence) -> int | None:
    """The line of the longest prefix of `loc` that the file names."""
    for end in range(len(loc), 0, -1):
        found = lines.get(tuple(loc[:end]))
        if found is not None:
            return found
    return None


def key_path(loc: Sequence) -> str:
    """A key path as the charter's messages write it: `bodies[1].slug`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(loc: Sequence) -> type[BaseModel] | None:
    """The model of the table at `loc` (the key's parent), to list its valid keys."""
    model: Any = CharterFile
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The model inside `X | None` or `list[X]`, else the annotation."""
    for arg in getattr(annotation, "__args__", ()) or ():
        inner = _inner_model(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


# --- the checks ---------------------------------------------------------------------------


def check_keys(data: Mapping[str, Any], text: str = "") -> None:
    """Refuse the first unknown key (in the file's order), naming its line and the nearest
    valid key; `SchemaProblem` carries the key path. Other problems are left to the reader."""
    try:
        CharterFile.model_validate(dict(data))
    except ValidationError as error:
        unknown = [e["loc"] for e in error.errors() if e["type"] == "extra_forbidden"]
        if not unknown:
            return
        lines = key_lines(text) if text else {}
        loc = min(unknown, key=lambda where: (line_of(lines, where) or 0, key_path(where)))
        raise SchemaProblem(key_path(loc), _unknown(loc, lines)) from None


def _unknown(loc: Sequence, lines: Mapping[tuple, int]) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    valid = list(model.model_fields) if model else []
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if near:
        hint = DID_YOU_MEAN.format(near=near[0])
    elif valid:
        hint = VALID_KEYS.format(keys=", ".join(valid))
    else:
        hint = ""
    line = line_of(lines, loc)
    return UNKNOWN_KEY.format(key=key, line=ON_LINE.format(line=line) if line else "",
                              hint=hint)


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{start.isoformat()} to {end.isoformat() if end else 'open'}"


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    """Whether two periods share a day (both ends included; an open end runs on)."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def check_periods(presidencies: Sequence, memberships: Sequence,
                  lines: Mapping[tuple, int] | None = None) -> None:
    """Refuse two presidencies at once, or two memberships of one state at once, naming
    both periods (each entry has `state`, `start`, `end`; memberships also `status`)."""
    lines = lines or {}

    def on_line(table: str, i: int) -> str:
        line = lines.get((table, i))
        return ON_LINE.format(line=line) if line else ""

    def where(table: str, i: int) -> str:
        return f"{table}[{i}]{on_line(table, i)}"

    for i, p in enumerate(presidencies):
        for j in range(i):
            q = presidencies[j]
            if _overlap(p.start, p.end, q.start, q.end):
                raise SchemaProblem(f"presidencies[{i}]", OVERLAPPING_PRESIDENCIES.format(
                    state=p.state, period=_period(p.start, p.end),
                    line=on_line("presidencies", i), other_state=q.state,
                    other=where("presidencies", j), other_period=_period(q.start, q.end)))
    for i, ms in enumerate(memberships):
        for j in range(i):
            other = memberships[j]
            if other.state == ms.state and _overlap(ms.start, ms.end, other.start, other.end):
                raise SchemaProblem(f"memberships[{i}]", OVERLAPPING_MEMBERSHIPS.format(
                    state=ms.state, status=ms.status, period=_period(ms.start, ms.end),
                    line=on_line("memberships", i),
                    other_status=other.status, other=where("memberships", j),
                    other_period=_period(other.start, other.end)))
