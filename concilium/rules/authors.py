"""Who made a tracked change: Word's `w:author` names mapped to the states of the registry.

Delegations send drafts whose tracked changes carry the author Word was set up with: "India",
"Délégation de l'Inde", "中国", "Russian Federation". An author maps to a state when its name,
after folding case and spacing, is the state's code, one of its names in any language of the
charter, or one of its aliases; an explicit mapping given with the import wins over both.
What must stay true: an author that matches nothing, or matches two states, is reported as
unknown, never guessed and never dropped; the caller lists it and keeps its changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

_SPACES = re.compile(r"\s+")


class How(StrEnum):
    """Why an author was mapped to a state (or not)."""

    MAPPING = "mapping"  # the importer said so
    CODE = "code"  # the author is the state's code ("IND")
    NAME = "name"  # one of the state's names, in any language
    ALIAS = "alias"  # one of the state's aliases in the charter
    AMBIGUOUS = "ambiguous"  # names two states: not guessed
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StateNames:
    """What a state may be called: its code, its names and its aliases in every language."""

    code: str
    names: Sequence[str] = ()
    aliases: Sequence[str] = ()


@dataclass(frozen=True)
class Author:
    """One `w:author` of a file and the state it stands for (None: unknown)."""

    name: str
    state: str | None
    how: How
    changes: int = 0

    @property
    def known(self) -> bool:
        return self.state is not None


class MappingError(ValueError):
    """An explicit mapping that cannot be read; `index` is its 1-based position."""

    def __init__(self, index: int, entry: str, problem: str):
        self.index, self.entry, self.problem = index, entry, problem
        super().__init__(f"{index}: {entry!r}: {problem}")


NO_EQUALS = "write it as 'author name=STATE CODE'"
EMPTY_SIDE = "both the author's name and the state code are needed"
TWICE = "the author is mapped twice"


def fold(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, one space between words."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def parse_mapping(entries: Iterable[str]) -> dict[str, str]:
    """Read "Indian delegation=IND" entries into {folded author: code}.

    The split is on the last '=' so that an author's name may itself hold one.
    """
    out: dict[str, str] = {}
    for index, entry in enumerate(entries, start=1):
        if "=" not in entry:
            raise MappingError(index, entry, NO_EQUALS)
        author, _, code = entry.rpartition("=")
        author, code = fold(author), code.strip().upper()
        if not author or not code:
            raise MappingError(index, entry, EMPTY_SIDE)
        if author in out and out[author] != code:
            raise MappingError(index, entry, TWICE)
        out[author] = code
    return out


def index_names(states: Iterable[StateNames]) -> dict[str, tuple[How, frozenset[str]]]:
    """{folded name: (how it matches, the codes it names)}; a code beats a name, a name an
    alias, so that an alias can never take a state's own name from it."""
    rank = {How.CODE: 0, How.NAME: 1, How.ALIAS: 2}
    found: dict[str, dict[How, set[str]]] = {}
    for state in states:
        for how, values in ((How.CODE, [state.code]), (How.NAME, state.names),
                            (How.ALIAS, state.aliases)):
            for value in values:
                if key := fold(value):
                    found.setdefault(key, {}).setdefault(how, set()).add(state.code)
    out = {}
    for key, by_how in found.items():
        how = min(by_how, key=rank.__getitem__)
        out[key] = (how, frozenset(by_how[how]))
    return out


def resolve(
    authors: Mapping[str, int] | Sequence[str], states: Iterable[StateNames],
    mapping: Mapping[str, str] | None = None,
) -> list[Author]:
    """Each author (with the number of changes it made, if given) and its state, in the
    order given. `mapping` is `parse_mapping`'s result; its codes are trusted as checked."""
    counts = dict(authors) if isinstance(authors, Mapping) else {a: 0 for a in authors}
    names = index_names(states)
    mapping = mapping or {}
    out = []
    for author, changes in counts.items():
        key = fold(author)
        if key in mapping:
            out.append(Author(author, mapping[key], How.MAPPING, changes))
            continue
        how, codes = names.get(key, (How.UNKNOWN, frozenset()))
        if len(codes) > 1:
            out.append(Author(author, None, How.AMBIGUOUS, changes))
        elif codes:
            out.append(Author(author, next(iter(codes)), how, changes))
        else:
            out.append(Author(author, None, How.UNKNOWN, changes))
    return out


def state_of(change_authors: Sequence[str], resolved: Mapping[str, Author]) -> str | None:
    """The state a change stands for: the one state all its authors map to, else None (a
    change made by two states, or by someone unknown, stays the secretariat's)."""
    codes = {resolved[a].state if a in resolved else None for a in change_authors}
    if len(codes) != 1:
        return None
    return next(iter(codes))
