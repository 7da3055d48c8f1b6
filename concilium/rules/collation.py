"""Alphabetical order of names in a language, as an institution lists its members.

Python's code-point order is right for Latin and nearly right for Cyrillic, but puts "ё"
after "я"; Russian lists file it with "е". Chinese official lists follow pinyin, which code
points do not give, so a charter supplies explicit order where it matters.
"""

import unicodedata
from collections.abc import Mapping, Sequence


def sort_key(name: str) -> tuple[str, str]:
    """A key that sorts names alphabetically: case-folded, ё filed with е, accents ignored."""
    folded = name.casefold().replace("ё", "е")
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    return plain, folded


def alphabetical(names: Mapping[str, str], codes: Sequence[str] | None = None) -> tuple[str, ...]:
    """The codes ordered by their names; codes without a name go last, by code."""
    chosen = list(names) if codes is None else list(codes)
    named = sorted((c for c in chosen if c in names), key=lambda c: (sort_key(names[c]), c))
    unnamed = sorted(c for c in chosen if c not in names)
    return (*named, *unnamed)


def ordered(
    names: Mapping[str, str], codes: Sequence[str] | None = None,
    explicit: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """The codes in a language's official order: an explicit order where the charter gives
    one (codes it does not list follow alphabetically), else alphabetical by name."""
    if not explicit:
        return alphabetical(names, codes)
    chosen = list(names) if codes is None else list(codes)
    rank = {code: i for i, code in enumerate(explicit)}
    listed = sorted((c for c in chosen if c in rank), key=rank.__getitem__)
    return (*listed, *alphabetical(names, [c for c in chosen if c not in rank]))
