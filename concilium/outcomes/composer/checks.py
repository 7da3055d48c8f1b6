"""What a reader would stop at in a composed text: a sentence about an empty list, a count
with the wrong plural, a subject given twice, a word of another language, another
organization's name.

Pure: `problems(text, lang)` reads one text and says what is wrong with it, one line each.
The composer's tests run it over every kind of text of every meeting they compose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A sentence whose list came out empty: "approved the.", "with .", ":.", "（）".
EMPTY_LIST = re.compile(
    r"\b(?:the|of|with|to|and|by|on)\s*[.,:;]|:\s*[.;,]|\(\s*\)|«\s*»|\s[,.;:](?=\s|$)"
    r"|(?:^|\s)(?:с|и|в|на|к|о)\s*[.,:;]|[：，、]\s*[。，]|（\s*）|《\s*》|和。")
#: A count of one with a plural noun: "1 documents".
ONE_PLURAL = re.compile(r"(?<![\d.,])1 (?:[a-z]+ ){0,3}(?:documents|decisions|drafts|"
                        r"statements|memoranda|items)\b")
#: A fixed subject put before a paragraph that has its own: "The member states We, ...".
SUBJECTS = (r"The (?:member states|participants|Ministers|delegations of [^.]+?)|Участники|"
            r"Министры|Государства-члены|与会者|外长们|成员国")
DOUBLED_SUBJECT = re.compile(rf"^(?:{SUBJECTS})\s*(?:We|The|Мы|Государства|我们|各成员国)\b")
#: Latin words allowed in Russian and Chinese texts: registry symbols ("SCO/CFM/2020/PR.1")
#: are removed before the check; these stand on their own.
LATIN_ALLOWED = frozenset({"COVID"})
#: Terms of art that Russian diplomatic texts keep in Latin ("согласован ad referendum").
LATIN_TERMS = re.compile(r"\bad referendum\b")
#: A state's own words, quoted as recorded (a view may be given in any language).
QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”")
SYMBOL = re.compile(r"\b[A-Z][A-Z0-9]*(?:[/.\-][A-Z0-9]+)+\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: Fixed phrases of the English templates that must not appear in another language's text.
ENGLISH_PHRASES = ("Minutes of", "Held in", "Chaired by", "Press release", "agreed",
                   "submitted", "meeting", "the ", "Documents agreed by", "passes to")


def _views_removed(paragraph: str) -> str:
    """A Russian paragraph without the views quoted after a colon: «...» (document titles,
    also in «», are kept: they must be Russian)."""
    return re.sub(r":\s*«[^«»]*»", ":", paragraph)


def problems(text: str, lang: str, *, foreign: Iterable[str] = ()) -> list[str]:
    """Each thing wrong with `text` (a composed text in `lang`), as "problem: excerpt".

    `foreign` are names that must not appear (another organization's names and bodies)."""
    out = []
    for number, paragraph in enumerate(p for p in text.split("\n") if p.strip()):
        where = f"paragraph {number}"
        for pattern, name in ((EMPTY_LIST, "empty list"), (ONE_PLURAL, "plural after 1"),
                              (DOUBLED_SUBJECT, "doubled subject")):
            found = pattern.search(paragraph)
            if found:
                excerpt = paragraph[max(0, found.start() - 30):found.end() + 10]
                out.append(f"{where}: {name}: …{excerpt}…")
        if lang in ("ru", "zh"):
            stripped = SYMBOL.sub("", QUOTED.sub("", paragraph) if lang == "zh" else
                                  _views_removed(paragraph))
            if lang == "ru":
                stripped = LATIN_TERMS.sub("", stripped)
            latin = [w for w in LATIN_WORD.findall(stripped) if w not in LATIN_ALLOWED]
            if latin:
                out.append(f"{where}: Latin words in {lang}: {', '.join(latin[:5])}")
            english = [p for p in ENGLISH_PHRASES if p in stripped]
            if english:
                out.append(f"{where}: English phrase in {lang}: {english[0]!r}")
        for name in foreign:
            if name and name in paragraph:
                out.append(f"{where}: another organization's name: {name!r}")
    return out


__all__ = ["problems"]
