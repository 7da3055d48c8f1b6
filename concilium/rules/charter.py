"""The charter: an organization's rules and reference registry, read from a TOML file.

Everything that differs between organizations lives in the charter file, so that code never
assumes the SCO: bodies and which prepares for which, document types and who approves them,
decision rules, languages, the circulation deadline, the presidency rotation, and the
historical registry (states, memberships, partner organizations, officials, presidencies).

A broken file is refused whole with one `CharterError` naming the file, the key path and the
problem; nothing partial is returned. docs/charter.md documents every key, and
`charter_schema.py` declares them: a key it does not declare is refused as unknown, with its
line and the nearest valid key.

Why it is one module of over 500 lines: the charter's frozen types, the reader
that validates the file and the queries over the registry (membership, presidency,
officials on a date) form one contract with one error type; every caller imports
``Charter`` from here, and the reader's checks refer to the types' invariants.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from concilium.rules import charter_schema

CHARTERS_DIR = Path(__file__).resolve().parent.parent / "charters"

# ISO 639-1 codes a charter may use for its languages.
KNOWN_LANGUAGES = frozenset(
    "ar de en es fa fr hi hy kk ky mn ps ru tg tk tr uk ur uz zh".split()  # noqa: SIM905
)

MISSING_KEY = "required key is missing"
WRONG_TYPE = "expected {expected}, found {found}"
UNKNOWN_BODY = "refers to unknown body '{slug}'"
UNKNOWN_OFFICE = "refers to unknown office '{slug}'"
UNKNOWN_STATE = "refers to unknown state '{code}'"
UNKNOWN_LANGUAGE = "unknown language code '{code}' (use ISO 639-1, e.g. en, ru, zh)"
UNKNOWN_CHOICE = "'{value}' is not one of: {choices}"
BAD_DATE = "'{value}' is not a date (write YYYY-MM-DD)"
CYCLE = "'prepares_for' forms a cycle: {cycle}"
DUPLICATE = "duplicate '{value}'"
ENDS_BEFORE_START = "ends ({end}) before it starts ({start})"
NAME_LANGUAGE_MISSING = "has no name in '{lang}', one of the charter's languages"
NOT_FOUND = "no charter file named '{name}' (looked for {path})"
NOT_TOML = "is not valid TOML: {error}"
BAD_ISO = "'{value}' is not an ISO 3166 alpha-3 code (three capital letters)"
POSITIVE = "must be a positive number, found {value}"


class CharterError(ValueError):
    """A charter file that cannot be used; the message names file, key path and problem."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        super().__init__(f"{source}: {key}: {problem}" if key else f"{source}: {problem}")


class ChairRule(StrEnum):
    """Who chairs a body's meetings."""

    PRESIDENCY = "presidency"  # the representative of the state holding the presidency
    HOST = "host"  # the representative of the state hosting the meeting
    OFFICE = "office"  # a fixed office, e.g. the Secretary-General


class Status(StrEnum):
    """A state's relation to the organization on a given day."""

    MEMBER = "member"
    OBSERVER = "observer"
    DIALOGUE_PARTNER = "dialogue_partner"
    PARTNER = "partner"


class DecisionRuleKind(StrEnum):
    """How a kind of decision is taken; the consensus engine implements each."""

    CONSENSUS = "consensus"
    CONSENSUS_MINUS_ONE = "consensus_minus_one"
    MAJORITY = "majority"
    TWO_THIRDS = "two_thirds"


class QuorumRule(StrEnum):
    """How many of the states entitled to vote must take part for a vote to count."""

    MAJORITY = "majority"  # more than half
    TWO_THIRDS = "two_thirds"
    ALL = "all"


class RotationMethod(StrEnum):
    ALPHABETICAL = "alphabetical"


class TermRule(StrEnum):
    SUMMIT_TO_SUMMIT = "summit_to_summit"
    CALENDAR_YEAR = "calendar_year"


Names = Mapping[str, str]


@dataclass(frozen=True)
class Body:
    slug: str
    name: Names
    short: Names
    chair: ChairRule
    prepares_for: str | None = None
    office: str | None = None
    chair_office: str | None = None  # the per-state office whose holder chairs
    permanent: bool = False
    seat: str | None = None
    meets: str = ""
    # How the body decides: consensus (no vote), or a vote by majority or two thirds.
    rule: DecisionRuleKind = DecisionRuleKind.CONSENSUS
    quorum: QuorumRule | None = None  # None: the charter's [decisions] quorum
    # Who besides the member states a convocation of the body is addressed to (statuses:
    # "observer", "dialogue_partner", "partner"); none by default.
    invites: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentType:
    slug: str
    name: Names
    approved_by: str | None  # None: the body whose meeting takes it up approves it
    rule: DecisionRuleKind = DecisionRuleKind.CONSENSUS


@dataclass(frozen=True)
class Office:
    slug: str
    name: Names
    body: str | None = None
    per_state: bool = False  # a national office every state has (foreign minister, ...)
    term_years: int | None = None


@dataclass(frozen=True)
class DecisionRules:
    default: DecisionRuleKind
    by_kind: Mapping[str, DecisionRuleKind]
    views_in_minutes: bool
    opt_out: bool
    silence_allowed: bool
    silence_minimum_hours: int
    quorum: QuorumRule = QuorumRule.MAJORITY  # for the bodies that vote
    # Whether a member that says nothing counts toward consensus: at a meeting (only where
    # the charter takes silence in the room as consent) and in a silence procedure.
    silence_counts_at_meeting: bool = False
    silence_counts_in_procedure: bool = True

    def rule_for(self, kind: str) -> DecisionRuleKind:
        """The rule for a kind of decision (suspension, adoption, ...); the default otherwise."""
        return self.by_kind.get(kind, self.default)


@dataclass(frozen=True)
class Rotation:
    method: RotationMethod
    language: str
    term: TermRule
    summit_body: str
    # A state admitted during the current term does not take the next presidency at once.
    new_members_wait: bool = True


@dataclass(frozen=True)
class StateRecord:
    code: str
    name: Names
    # Other names the state goes by, per language ("Russian Federation", "Indian delegation"):
    # used to recognise the authors of tracked changes in imported files.
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class MembershipRecord:
    state: str
    status: Status
    start: dt.date
    end: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class OrganizationRecord:
    slug: str
    name: Names
    short: Names


@dataclass(frozen=True)
class OfficialRecord:
    name: Names
    office: str
    start: dt.date
    end: dt.date | None = None
    state: str | None = None
    note: str = ""


@dataclass(frozen=True)
class PresidencyRecord:
    state: str
    start: dt.date
    end: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Charter:
    """An organization's rules and reference registry, validated."""

    source: str
    slug: str
    name: Names
    short_name: Names
    official_languages: tuple[str, ...]
    working_languages: tuple[str, ...]
    circulation_days: int
    rotation: Rotation
    decisions: DecisionRules
    bodies: tuple[Body, ...]
    document_types: tuple[DocumentType, ...]
    offices: tuple[Office, ...]
    status_names: Mapping[Status, Names]
    states: tuple[StateRecord, ...] = ()
    memberships: tuple[MembershipRecord, ...] = ()
    organizations: tuple[OrganizationRecord, ...] = ()
    officials: tuple[OfficialRecord, ...] = ()
    presidencies: tuple[PresidencyRecord, ...] = ()
    # Explicit order of state codes per language, where the alphabet of the names does not
    # give the official order (Chinese lists follow the pinyin of the names).
    collation: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Comments on circulated drafts reach the secretariat this many days before a meeting
    # (0: the charter sets no deadline for comments; the circulation deadline is given).
    comments_days: int = 0
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index["body"] = {b.slug: b for b in self.bodies}
        self._index["type"] = {t.slug: t for t in self.document_types}
        self._index["office"] = {o.slug: o for o in self.offices}

    @property
    def languages(self) -> tuple[str, ...]:
        """Official languages first, then working languages."""
        return (*self.official_languages, *self.working_languages)

    def body(self, slug: str) -> Body:
        return self._index["body"][slug]

    def document_type(self, slug: str) -> DocumentType:
        return self._index["type"][slug]

    def office(self, slug: str) -> Office:
        return self._index["office"][slug]

    def has_body(self, slug: str) -> bool:
        return slug in self._index["body"]

    def has_document_type(self, slug: str) -> bool:
        return slug in self._index["type"]

    def pipeline_chain(self) -> tuple[str, ...]:
        """The longest ladder of bodies by 'prepares_for' (coordinators → ministers → summit)."""
        prepared = {b.prepares_for for b in self.bodies if b.prepares_for}
        starts = [b.slug for b in self.bodies if b.prepares_for and b.slug not in prepared]
        return max((self.chain_from(s) for s in starts), key=len, default=())

    def chain_from(self, slug: str) -> tuple[str, ...]:
        """The bodies a text climbs from `slug` upwards by 'prepares_for', `slug` first."""
        chain = [slug]
        while (up := self.body(chain[-1]).prepares_for) is not None:
            chain.append(up)
        return tuple(chain)


def charter_path(name_or_path: str | Path) -> Path:
    """The file for a charter name ('sco') or a path given as is."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return candidate
    return CHARTERS_DIR / f"{name_or_path}.toml"


def load_charter(name_or_path: str | Path) -> Charter:
    """Read and validate a charter file; raise `CharterError` on the first problem."""
    path = charter_path(name_or_path)
    source = str(path)
    if not path.is_file():
        raise CharterError(source, "", NOT_FOUND.format(name=name_or_path, path=path))
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CharterError(source, "", NOT_TOML.format(error=error)) from None
    return parse_charter(data, source=source, text=text)


def parse_charter(data: Mapping[str, Any], *, source: str = "<charter>",
                  text: str = "") -> Charter:
    """Validate a charter already read into Python data; `text`, the file it came from,
    lets a refusal name the line.

    Three passes, each refusing with one `CharterError`: the declared schema
    (`charter_schema.check_keys`: no unknown key), the reader (values, references), and the
    registry's periods (`charter_schema.check_periods`: one presidency at a time, one
    status per state at a time).
    """
    try:
        charter_schema.check_keys(data, text)
        charter = _Reader(source).charter(data)
        charter_schema.check_periods(charter.presidencies, charter.memberships,
                                     charter_schema.key_lines(text) if text else {})
    except charter_schema.SchemaProblem as problem:
        raise CharterError(source, problem.key, problem.problem) from None
    return charter


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
               dict: "a table"}


class _Reader:
    """Walks the TOML data keeping the key path, so every error can name it."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, problem: str) -> CharterError:
        return CharterError(self.source, key, problem)

    def get(self, table: Mapping[str, Any], key: str, path: str, kind: type, default: Any = ...):
        where = f"{path}.{key}" if path else key
        if key not in table:
            if default is ...:
                raise self.fail(where, MISSING_KEY)
            return default
        value = table[key]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            raise self.fail(where, WRONG_TYPE.format(
                expected=_TYPE_NAMES.get(kind, kind.__name__),
                found=_TYPE_NAMES.get(type(value), type(value).__name__)))
        return value

    def choice(self, table, key, path, enum: type[StrEnum], default: Any = ...):
        value = self.get(table, key, path, str, default)
        if value is None or isinstance(value, StrEnum):
            return value
        try:
            return enum(value)
        except ValueError:
            raise self.fail(f"{path}.{key}", UNKNOWN_CHOICE.format(
                value=value, choices=", ".join(e.value for e in enum))) from None

    def date(self, table, key, path, default: Any = ...) -> dt.date | None:
        where = f"{path}.{key}"
        if key not in table:
            if default is ...:
                raise self.fail(where, MISSING_KEY)
            return default
        value = table[key]
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(where, BAD_DATE.format(value=value))

    def names(self, table, key, path, languages: tuple[str, ...], required: bool = True) -> Names:
        names = self.get(table, key, path, dict, ... if required else {})
        where = f"{path}.{key}"
        for lang, text in names.items():
            if lang not in KNOWN_LANGUAGES:
                raise self.fail(f"{where}.{lang}", UNKNOWN_LANGUAGE.format(code=lang))
            if not isinstance(text, str):
                raise self.fail(f"{where}.{lang}", WRONG_TYPE.format(
                    expected="text", found=_TYPE_NAMES.get(type(text), type(text).__name__)))
        if required:
            for lang in languages:
                if lang not in names:
                    raise self.fail(where, NAME_LANGUAGE_MISSING.format(lang=lang))
        return dict(names)

    def tables(self, data, key, path: str = "", required: bool = True) -> list[tuple[str, dict]]:
        items = self.get(data, key, path, list, ... if required else [])
        out = []
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                raise self.fail(where, WRONG_TYPE.format(
                    expected="a table", found=_TYPE_NAMES.get(type(item), type(item).__name__)))
            out.append((where, item))
        return out

    def languages(self, table, key, path) -> tuple[str, ...]:
        codes = self.get(table, key, path, list)
        for i, code in enumerate(codes):
            if not isinstance(code, str) or code not in KNOWN_LANGUAGES:
                raise self.fail(f"{path}.{key}[{i}]", UNKNOWN_LANGUAGE.format(code=code))
        return tuple(codes)

    def charter(self, data: Mapping[str, Any]) -> Charter:
        org = self.get(data, "organization", "", dict)
        langs = self.get(data, "languages", "", dict)
        official = self.languages(langs, "official", "languages")
        working = self.languages(langs, "working", "languages")
        languages = (*official, *working)
        slug = self.get(org, "slug", "organization", str)
        name = self.names(org, "name", "organization", languages)
        short_name = self.names(org, "short_name", "organization", languages)

        circulation = self.get(data, "circulation", "", dict)
        days = self.get(circulation, "deadline_days", "circulation", int)
        if days < 0:
            raise self.fail("circulation.deadline_days", POSITIVE.format(value=days))
        comments = self.get(circulation, "comments_days", "circulation", int, 0)
        if comments < 0:
            raise self.fail("circulation.comments_days", POSITIVE.format(value=comments))

        offices = self._offices(data, languages)
        office_slugs = {o.slug for o in offices}
        bodies = self._bodies(data, languages, office_slugs)
        body_slugs = {b.slug for b in bodies}
        for office in offices:
            if office.body is not None and office.body not in body_slugs:
                i = next(i for i, o in enumerate(offices) if o is office)
                raise self.fail(f"offices[{i}].body", UNKNOWN_BODY.format(slug=office.body))
        doc_types = self._document_types(data, languages, body_slugs)
        decisions = self._decisions(data)
        rotation = self._rotation(data, body_slugs)
        status_names = self._status_names(data, languages)

        states = self._states(data, languages)
        codes = {s.code for s in states}
        memberships = self._memberships(data, codes)
        organizations = tuple(
            OrganizationRecord(
                slug=self.get(t, "slug", w, str),
                name=self.names(t, "name", w, ("en",)),
                short=self.names(t, "short", w, (), required=False),
            )
            for w, t in self.tables(data, "organizations", required=False)
        )
        officials = self._officials(data, codes, office_slugs)
        presidencies = self._presidencies(data, codes)
        collation = self._collation(data, codes)
        return Charter(
            source=self.source, slug=slug, name=name, short_name=short_name,
            official_languages=official, working_languages=working, circulation_days=days,
            comments_days=comments,
            rotation=rotation, decisions=decisions, bodies=bodies, document_types=doc_types,
            offices=offices, status_names=status_names, states=states,
            memberships=memberships, organizations=organizations, officials=officials,
            presidencies=presidencies, collation=collation,
        )

    def _offices(self, data, languages) -> tuple[Office, ...]:
        offices, seen = [], set()
        for where, t in self.tables(data, "offices", required=False):
            slug = self.get(t, "slug", where, str)
            if slug in seen:
                raise self.fail(f"{where}.slug", DUPLICATE.format(value=slug))
            seen.add(slug)
            offices.append(Office(
                slug=slug, name=self.names(t, "name", where, languages),
                body=self.get(t, "body", where, str, None),
                per_state=self.get(t, "per_state", where, bool, False),
                term_years=self.get(t, "term_years", where, int, None),
            ))
        return tuple(offices)

    def _invites(self, t, where) -> tuple[str, ...]:
        invites = self.get(t, "invites", where, list, [])
        for i, value in enumerate(invites):
            if value not in {s.value for s in Status} or value == Status.MEMBER.value:
                choices = ", ".join(s.value for s in Status if s is not Status.MEMBER)
                raise self.fail(f"{where}.invites[{i}]",
                                UNKNOWN_CHOICE.format(value=value, choices=choices))
        return tuple(invites)

    def _bodies(self, data, languages, office_slugs) -> tuple[Body, ...]:
        bodies: list[Body] = []
        seen: set[str] = set()
        entries = self.tables(data, "bodies")
        for where, t in entries:
            slug = self.get(t, "slug", where, str)
            if slug in seen:
                raise self.fail(f"{where}.slug", DUPLICATE.format(value=slug))
            seen.add(slug)
            chair = self.choice(t, "chair", where, ChairRule)
            office = self.get(t, "office", where, str, None)
            if chair is ChairRule.OFFICE and office is None:
                raise self.fail(f"{where}.office", MISSING_KEY)
            if office is not None and office not in office_slugs:
                raise self.fail(f"{where}.office", UNKNOWN_OFFICE.format(slug=office))
            chair_office = self.get(t, "chair_office", where, str, None)
            if chair_office is not None and chair_office not in office_slugs:
                raise self.fail(f"{where}.chair_office", UNKNOWN_OFFICE.format(slug=chair_office))
            bodies.append(Body(
                slug=slug, name=self.names(t, "name", where, languages),
                short=self.names(t, "short", where, languages, required=False),
                chair=chair, prepares_for=self.get(t, "prepares_for", where, str, None),
                office=office, chair_office=chair_office,
                permanent=self.get(t, "permanent", where, bool, False),
                seat=self.get(t, "seat", where, str, None),
                meets=self.get(t, "meets", where, str, ""),
                rule=self.choice(t, "rule", where, DecisionRuleKind, DecisionRuleKind.CONSENSUS),
                quorum=self.choice(t, "quorum", where, QuorumRule, None),
                invites=self._invites(t, where),
            ))
        by_slug = {b.slug: b for b in bodies}
        for (where, _), body in zip(entries, bodies, strict=True):
            if body.prepares_for is not None and body.prepares_for not in by_slug:
                raise self.fail(f"{where}.prepares_for",
                                UNKNOWN_BODY.format(slug=body.prepares_for))
        for (where, _), body in zip(entries, bodies, strict=True):
            path, current = [body.slug], body.prepares_for
            while current is not None:
                if current in path:
                    cycle = " -> ".join([*path[path.index(current):], current])
                    raise self.fail(f"{where}.prepares_for", CYCLE.format(cycle=cycle))
                path.append(current)
                current = by_slug[current].prepares_for
        return tuple(bodies)

    def _document_types(self, data, languages, body_slugs) -> tuple[DocumentType, ...]:
        types, seen = [], set()
        for where, t in self.tables(data, "document_types"):
            slug = self.get(t, "slug", where, str)
            if slug in seen:
                raise self.fail(f"{where}.slug", DUPLICATE.format(value=slug))
            seen.add(slug)
            approved_by = self.get(t, "approved_by", where, str, None)
            if approved_by is not None and approved_by not in body_slugs:
                raise self.fail(f"{where}.approved_by", UNKNOWN_BODY.format(slug=approved_by))
            types.append(DocumentType(
                slug=slug, name=self.names(t, "name", where, languages), approved_by=approved_by,
                rule=self.choice(t, "rule", where, DecisionRuleKind, DecisionRuleKind.CONSENSUS),
            ))
        return tuple(types)

    def _decisions(self, data) -> DecisionRules:
        t = self.get(data, "decisions", "", dict)
        by_kind_raw = self.get(t, "by_kind", "decisions", dict, {})
        by_kind = {}
        for kind in by_kind_raw:
            by_kind[kind] = self.choice(by_kind_raw, kind, "decisions.by_kind", DecisionRuleKind)
        silence = self.get(t, "silence", "decisions", dict, {})
        hours = self.get(silence, "minimum_hours", "decisions.silence", int, 72)
        if hours <= 0:
            raise self.fail("decisions.silence.minimum_hours", POSITIVE.format(value=hours))
        return DecisionRules(
            default=self.choice(t, "default", "decisions", DecisionRuleKind),
            by_kind=by_kind,
            views_in_minutes=self.get(t, "views_in_minutes", "decisions", bool, True),
            opt_out=self.get(t, "opt_out", "decisions", bool, True),
            silence_allowed=self.get(silence, "allowed", "decisions.silence", bool, False),
            silence_minimum_hours=hours,
            silence_counts_at_meeting=self.get(
                silence, "counts_at_meeting", "decisions.silence", bool, False),
            silence_counts_in_procedure=self.get(
                silence, "counts_in_procedure", "decisions.silence", bool, True),
        )

    def _rotation(self, data, body_slugs) -> Rotation:
        t = self.get(data, "rotation", "", dict)
        language = self.get(t, "language", "rotation", str)
        if language not in KNOWN_LANGUAGES:
            raise self.fail("rotation.language", UNKNOWN_LANGUAGE.format(code=language))
        summit = self.get(t, "summit_body", "rotation", str)
        if summit not in body_slugs:
            raise self.fail("rotation.summit_body", UNKNOWN_BODY.format(slug=summit))
        return Rotation(
            method=self.choice(t, "method", "rotation", RotationMethod),
            language=language,
            term=self.choice(t, "term", "rotation", TermRule),
            summit_body=summit,
            new_members_wait=self.get(t, "new_members_wait", "rotation", bool, True),
        )

    def _status_names(self, data, languages) -> dict[Status, Names]:
        t = self.get(data, "statuses", "", dict, {})
        out = {}
        for status in Status:
            if status.value in t:
                out[status] = self.names(t, status.value, "statuses", languages)
            else:
                out[status] = {"en": status.value.replace("_", " ")}
        for key in t:
            if key not in {s.value for s in Status}:
                raise self.fail(f"statuses.{key}", UNKNOWN_CHOICE.format(
                    value=key, choices=", ".join(s.value for s in Status)))
        return out

    def _states(self, data, languages) -> tuple[StateRecord, ...]:
        states, seen = [], set()
        for where, t in self.tables(data, "states", required=False):
            code = self.get(t, "code", where, str)
            if len(code) != 3 or not code.isascii() or not code.isupper() or not code.isalpha():
                raise self.fail(f"{where}.code", BAD_ISO.format(value=code))
            if code in seen:
                raise self.fail(f"{where}.code", DUPLICATE.format(value=code))
            seen.add(code)
            states.append(StateRecord(code=code, name=self.names(t, "name", where, languages),
                                      aliases=self._aliases(t, where)))
        return tuple(states)

    def _aliases(self, t, where) -> dict[str, tuple[str, ...]]:
        table = self.get(t, "aliases", where, dict, {})
        out = {}
        for lang in table:
            if lang not in KNOWN_LANGUAGES:
                raise self.fail(f"{where}.aliases.{lang}", UNKNOWN_LANGUAGE.format(code=lang))
            names = self.get(table, lang, f"{where}.aliases", list)
            for i, name in enumerate(names):
                if not isinstance(name, str):
                    raise self.fail(f"{where}.aliases.{lang}[{i}]", WRONG_TYPE.format(
                        expected="text", found=_TYPE_NAMES.get(type(name), type(name).__name__)))
            out[lang] = tuple(names)
        return out

    def _state_ref(self, t, key, where, codes, required=True) -> str | None:
        code = self.get(t, key, where, str, ... if required else None)
        if code is not None and code not in codes:
            raise self.fail(f"{where}.{key}", UNKNOWN_STATE.format(code=code))
        return code

    def _span(self, t, where) -> tuple[dt.date, dt.date | None]:
        start = self.date(t, "start", where)
        end = self.date(t, "end", where, None)
        if end is not None and end < start:
            raise self.fail(f"{where}.end", ENDS_BEFORE_START.format(start=start, end=end))
        return start, end

    def _memberships(self, data, codes) -> tuple[MembershipRecord, ...]:
        out = []
        for where, t in self.tables(data, "memberships", required=False):
            start, end = self._span(t, where)
            out.append(MembershipRecord(
                state=self._state_ref(t, "state", where, codes),
                status=self.choice(t, "status", where, Status),
                start=start, end=end, note=self.get(t, "note", where, str, ""),
            ))
        return tuple(out)

    def _officials(self, data, codes, office_slugs) -> tuple[OfficialRecord, ...]:
        out = []
        for where, t in self.tables(data, "officials", required=False):
            office = self.get(t, "office", where, str)
            if office not in office_slugs:
                raise self.fail(f"{where}.office", UNKNOWN_OFFICE.format(slug=office))
            start, end = self._span(t, where)
            out.append(OfficialRecord(
                name=self.names(t, "name", where, ("en",)), office=office, start=start, end=end,
                state=self._state_ref(t, "state", where, codes, required=False),
                note=self.get(t, "note", where, str, ""),
            ))
        return tuple(out)

    def _collation(self, data, codes) -> dict[str, tuple[str, ...]]:
        table = self.get(data, "collation", "", dict, {})
        out = {}
        for lang in table:
            if lang not in KNOWN_LANGUAGES:
                raise self.fail(f"collation.{lang}", UNKNOWN_LANGUAGE.format(code=lang))
            order = self.get(table, lang, "collation", list)
            for i, code in enumerate(order):
                if code not in codes:
                    raise self.fail(f"collation.{lang}[{i}]", UNKNOWN_STATE.format(code=code))
            out[lang] = tuple(order)
        return out

    def _presidencies(self, data, codes) -> tuple[PresidencyRecord, ...]:
        out = []
        for where, t in self.tables(data, "presidencies", required=False):
            start, end = self._span(t, where)
            out.append(PresidencyRecord(
                state=self._state_ref(t, "state", where, codes), start=start, end=end,
                reason=self.get(t, "reason", where, str, ""),
            ))
        return tuple(out)
