"""The official languages gate an agreement: every paragraph present and current in each.

Why: texts are equally authentic in every official language of the charter (for the SCO,
Russian and Chinese), so a body cannot agree a text whose Chinese version is missing or was
not brought up to date after the Russian one changed. Working languages (English) are for
publication and do not gate. The secretariat may waive a language for one document, with the
reason; the waiver is named in the decision and the minutes.

What must stay true: the gaps are listed per language, missing and out of date apart, by
paragraph number, in the charter's order of languages; a waived language never blocks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

MISSING = "missing"
OUTDATED = "outdated"


@dataclass(frozen=True)
class Gaps:
    """One language's paragraphs that are not ready."""

    lang: str
    missing: tuple[int, ...] = ()
    outdated: tuple[int, ...] = ()

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(sorted({*self.missing, *self.outdated}))


@dataclass(frozen=True)
class Verdict:
    blocking: tuple[Gaps, ...] = ()  # languages not waived that have gaps
    waived: tuple[Gaps, ...] = field(default=())  # waived languages that have gaps

    @property
    def allowed(self) -> bool:
        return not self.blocking


def check(official: Sequence[str], paragraphs: Sequence[tuple[int, Mapping[str, str]]],
          waived: Collection[str] = ()) -> Verdict:
    """Whether a text may be agreed: `paragraphs` is (number, {lang: status}) with status
    "current", "outdated" or "missing" (a language absent from the mapping is missing)."""
    blocking, used = [], []
    for lang in official:
        missing = tuple(n for n, st in paragraphs if st.get(lang, MISSING) == MISSING)
        outdated = tuple(n for n, st in paragraphs if st.get(lang) == OUTDATED)
        if not missing and not outdated:
            continue
        (used if lang in waived else blocking).append(Gaps(lang, missing, outdated))
    return Verdict(tuple(blocking), tuple(used))
