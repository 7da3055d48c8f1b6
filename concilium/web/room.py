"""The negotiation room ("text on screen"): what it shows, and its forms turned into service calls.

The room reads through selectors (the documents app's, whose `document_get` checks who may
read, and `web.selectors` for the bulk reads shaped for the room): no query is written here.
It writes only through the documents services, which check who may act: a delegate's forms
offer only the states `rules.permissions.states_to_act_for` gives (the rule the services
apply), and a hand-made request naming another state is refused by the service.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import ValidationFailed
from concilium.documents import models as dm
from concilium.documents import selectors as docs
from concilium.documents import services
from concilium.documents.dates import act_day
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor, Role, may_chair, states_to_act_for
from concilium.web import selectors as pages

NOT_A_NUMBER = _("{field}: give a number.")
UNKNOWN_DECISION = _("{field}: choose accept, reject or withdraw.")
NO_SUCH_PART = _("{field}: give the index of a paragraph, below {count}.")

STANCES = [("agree", "agree"), ("view", "view"), ("not_participating", "not_participating"),
           ("object", "object")]


class Recent:
    """A small least-recently-used map, safe to share between a process's threads."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key, make: Callable):
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            value = make()  # outside the lock: two threads may both make it, either is right
            self.put(key, value)
        return value

    def get(self, key, default=None):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return default

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# What the room derives from the stored data, and the HTML it renders from it, depend on
# nothing about the user: they are kept per process, keyed by the data version (the latest
# audit record, read before the data) and everything else they were derived from. A write
# appends an audit record, so the next render after it derives again (everything, or only
# the consensus after positions only: see ONLY_POSITIONS); a write that bypassed the
# services (no audit record) would not be seen until the next one.
# A 1,000-paragraph room's data and HTML take a few MB: a few rooms are kept.
DERIVED = Recent(8)  # room key without version -> (version, RoomData)
RENDERED = Recent(24)
# Each paragraph's HTML, keyed by everything it shows: right whatever the version.
ARTICLES = Recent(8192)
# Writes that only add a Position row (documents.services.position_record, the one writer
# of this action): after them the texts, proposals, versions and registry the room derived
# are still right, and only the consensus and the matrix are derived again.
ONLY_POSITIONS = frozenset({Action.POSITION_RECORD.value})

# A long text answers first with its first paragraphs (and their matrix rows); the rest
# follow in parts, each fetched as soon as the one before is in (see templatetags/room_html).
FIRST_PART = 200
PART = 500


def part_start(data, count: int) -> int:
    """The index a part of the text starts at (`start`): a number below `count`."""
    start = _int(data, "start")
    if start is None or start >= max(count, 1):
        raise ValidationFailed(NO_SUCH_PART, field="start", count=count)
    return start


def parts(count: int, stop: int):
    """(start, end) indexes of the parts after the paragraphs before `stop`, of `count`."""
    return ((start, min(start + PART, count)) for start in range(stop, count, PART))


def remembered(cache: Recent, key, make: Callable):
    """`make()`, kept in `cache` under `key` (not kept when the key has no data version)."""
    if key is None or key[0] is None:
        return make()
    return cache.get_or_make(key, make)


@dataclass(frozen=True)
class RoomData:
    """What the room shows that is the same for every user (derived from stored data)."""

    paragraphs: list
    consensus: docs.DocumentConsensus
    proposals: dict[str, list]
    inserts: dict[str, list]
    history: list
    matrix_rows: list
    members: list[str]
    names: dict[str, str]
    chair_state: str | None
    versions: list
    status_of: dict[int, str]


@dataclass(frozen=True)
class Room(RoomData):
    """The room as one user sees it: the shared data, plus the document, the languages and
    date chosen, and what this user may do."""

    document: dm.Document
    languages: tuple[str, ...]
    lang: str
    lang2: str | None
    day: dt.date
    acting_state: str | None
    state_choices: list[str]
    can_chair: bool
    version: tuple[int, str] | None = None  # the data version it was built from

    @property
    def shown_languages(self) -> list[str]:
        return [self.lang] + ([self.lang2] if self.lang2 else [])

    @property
    def can_act(self) -> bool:
        return bool(self.state_choices) and self.document.status not in dm.CLOSED_STATUSES

    def paragraph(self, number):
        for p in self.paragraphs:
            if str(p.number) == str(number):
                return p
        return None

    @property
    def query(self) -> str:
        parts = [f"lang={self.lang}"]
        if self.lang2:
            parts.append(f"lang2={self.lang2}")
        parts.append(f"on={self.day.isoformat()}")
        return "&".join(parts)

    @property
    def cache_key(self) -> tuple:
        """What the room's user-independent parts were derived from (data version first)."""
        return _data_key(self.version, self.document, self.languages, self.day, self.lang,
                         self.lang2)


def _data_key(version, document, languages, day, lang, lang2) -> tuple:
    return (version, document.pk, document.version, document.status, tuple(languages), day,
            lang, lang2)


def _pick_lang(value: str | None, languages, default: str) -> str:
    return value if value in languages else default


def room(symbol: str, *, actor: Actor, lang: str | None, lang2: str | None, on: str | None,
         ui_lang: str) -> Room:
    version = pages.data_version()  # first: everything read below is at least this new
    document = docs.document_get(symbol, actor=actor)
    languages = org.charter().languages
    default = ui_lang if ui_lang in languages else document.original_language
    lang = _pick_lang(lang, languages, default)
    lang2 = lang2 if lang2 in languages and lang2 != lang else None
    day = act_day(document, on=on, reading=True)
    data = _derived(version, _data_key(None, document, languages, day, lang, lang2),
                    lambda: room_data(document, languages=languages, lang=lang,
                                      lang2=lang2, day=day),
                    lambda old: with_new_positions(old, document, day=day, lang=lang))
    shared = {f.name: getattr(data, f.name) for f in dataclasses.fields(RoomData)}
    return Room(
        **shared, document=document, languages=languages, lang=lang, lang2=lang2, day=day,
        acting_state=actor.state if actor.role is not Role.SECRETARIAT else None,
        state_choices=states_to_act_for(actor, data.members),
        can_chair=may_chair(actor, data.chair_state), version=version,
    )


def _derived(version, key, make: Callable, update: Callable) -> RoomData:
    """The room's data at `version`: kept, else updated from what was kept at an earlier
    version when only positions were recorded since, else made afresh."""
    if version is None:
        return make()
    seen, data = DERIVED.get(key, (None, None))
    if seen == version:
        return data
    if seen is not None and seen[0] < version[0]:
        actions = pages.actions_since(seen)
        data = (update(data) if actions is not None and set(actions) <= ONLY_POSITIONS
                else make())
    else:
        data = make()
    DERIVED.put(key, (version, data))
    return data


def room_data(document: dm.Document, *, languages, lang: str, lang2: str | None,
              day: dt.date) -> RoomData:
    """Everything the room shows that does not depend on who looks (a fixed number of
    queries)."""
    paragraphs = pages.paragraph_texts(document, languages, [lang] + ([lang2] if lang2 else []))
    pending: dict[str, list] = defaultdict(list)
    inserts: dict[str, list] = defaultdict(list)
    history = docs.proposals_list(document)
    for p in history:
        if p.status != dm.ProposalStatus.PENDING:
            continue
        if p.kind == dm.ProposalKind.INSERT:
            inserts[p.after.key if p.after_id else ""].append(p)
        elif p.paragraph_id:
            pending[p.paragraph.key].append(p)
    members = list(org.member_codes_on(day))
    return RoomData(
        paragraphs=paragraphs, proposals=dict(pending), inserts=dict(inserts),
        history=history, members=members, names=org.state_names(lang),
        chair_state=services.chair_state_on(day), versions=docs.versions_list(document),
        **_consensus(document, day=day, lang=lang, members=members))


def with_new_positions(data: RoomData, document: dm.Document, *, day: dt.date,
                       lang: str) -> RoomData:
    """`data` after positions were recorded (and nothing else): the consensus and the
    matrix derived again, the rest as it was."""
    return dataclasses.replace(data, **_consensus(document, day=day, lang=lang,
                                                  members=data.members, previous=data))


def _consensus(document: dm.Document, *, day: dt.date, lang: str, members,
               previous: RoomData | None = None) -> dict:
    """The consensus and the matrix; after `previous`, only the positions recorded since
    are read and only the paragraphs they touched decided again."""
    result = docs.document_consensus(
        document, on=day, lang=lang,
        previous=previous.consensus if previous is not None else None)
    status_of = {}
    for n in result.agreed:
        status_of[n] = "agreed"
    for n in result.bracketed:
        status_of[n] = "bracketed"
    for n in result.objected:
        status_of[n] = "objected"
    whole = {s: ("view", t) for s, n, t in result.views if n is None}
    whole.update({s: ("object", r) for s, n, r in result.objections if n is None})
    matrix_rows = [(None, whole)]
    stances: dict[int, dict] = {}  # paragraphs deciding alike share one Outcome
    for p in result.paragraphs:
        cells = stances.get(id(p.outcome))
        if cells is None:
            cells = stances[id(p.outcome)] = stances_of(p.outcome, members)
        matrix_rows.append((p.number, cells))
    return {"consensus": result, "status_of": status_of, "matrix_rows": matrix_rows}


def stances_of(outcome, members) -> dict[str, tuple[str, str]]:
    """Each member's latest stance on a paragraph, as the consensus engine counted it."""
    out: dict[str, tuple[str, str]] = {}
    silent = set(outcome.silent)
    for state, reason in outcome.objections:
        out[state] = ("object", reason)
    for state, text in outcome.views:
        out[state] = ("view", text)
    for state in outcome.not_participating:
        out[state] = ("not_participating", "")
    for state in members:
        if state not in out and state not in silent:
            out[state] = ("agree", "")
    return out


# --- forms → services ---------------------------------------------------------------------


def _int(data, name: str) -> int | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationFailed(NOT_A_NUMBER, field=name)
    return int(raw)


def _day(data) -> dt.date | None:
    return parse_date(data.get("on"), field="on")


def propose(symbol: str, actor: Actor, data) -> dm.Proposal:
    return services.proposal_create(
        symbol=symbol, kind=data.get("kind", ""), lang=data.get("lang") or None,
        state=data.get("state") or None, paragraph=_int(data, "paragraph"),
        after=_int(data, "after"), span=data.get("span", ""), text=data.get("text", ""),
        explanation=data.get("explanation", ""),
        expected_version=_int(data, "expected_version"), acting_user=actor)


def decide(symbol: str, actor: Actor, data) -> dm.Proposal:
    decision = data.get("decision")
    number = _int(data, "proposal")
    note = data.get("note", "")
    if decision == "accept":
        return services.proposal_accept(symbol=symbol, proposal=number, note=note,
                                        expected_version=_int(data, "expected_version"),
                                        on=_day(data), acting_user=actor)
    if decision == "reject":
        return services.proposal_reject(symbol=symbol, proposal=number, note=note,
                                        on=_day(data), acting_user=actor)
    if decision == "withdraw":
        return services.proposal_withdraw(symbol=symbol, proposal=number, note=note,
                                          acting_user=actor)
    raise ValidationFailed(UNKNOWN_DECISION, field="decision")


def position(symbol: str, actor: Actor, data) -> dm.Position:
    return services.position_record(
        symbol=symbol, state=data.get("state") or actor.state or "",
        stance=data.get("stance", ""), text=data.get("text", ""),
        paragraph=_int(data, "paragraph"), expected_version=_int(data, "expected_version"),
        ad_referendum=data.get("ad_referendum") == "on", on=_day(data), acting_user=actor)


# --- redline --------------------------------------------------------------------------------


@dataclass
class RedlinePage:
    document: dm.Document
    versions: list
    languages: tuple[str, ...]
    lang: str
    from_rev: int
    to_rev: int
    redline: docs.Redline | None


def redline_page(symbol: str, *, actor: Actor, lang: str | None, from_rev, to_rev,
                 ui_lang: str) -> RedlinePage:
    document = docs.document_get(symbol, actor=actor)
    languages = org.charter().languages
    lang = _pick_lang(lang, languages,
                      ui_lang if ui_lang in languages else document.original_language)
    versions = docs.versions_list(document)
    to_n = int(to_rev) if str(to_rev or "").isdigit() else document.version
    from_n = int(from_rev) if str(from_rev or "").isdigit() else max(to_n - 1, 0)
    result = None
    if versions:
        result = docs.document_redline(document, from_rev=from_n, to_rev=to_n, lang=lang)
    return RedlinePage(document, versions, languages, lang, from_n, to_n, result)
