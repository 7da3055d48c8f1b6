"""Reading drafts from files: plain text, Markdown and Word (with tracked changes).

Text and Markdown: one paragraph per blank-line-separated block; leading paragraph numbers
("1.", "2)", "(3)") are dropped because numbering is the document's own; the first Markdown
heading is the title. Word: each non-empty paragraph is one; tracked insertions (w:ins) and
deletions (w:del) are read as proposals: the base text is the text *before* the changes
(deletions kept, insertions left out), and the text after the changes is what is proposed;
each change keeps the `w:author` names Word recorded, for `rules.authors` to map to states.
Nothing here writes; `services.document_import` does.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
from django.utils.translation import gettext_lazy as _
from docx.opc.exceptions import PackageNotFoundError

from concilium.core.errors import ValidationFailed

MAX_FILE_BYTES = 20 * 1024 * 1024

UNSUPPORTED = _("file: '{name}' is not a .txt, .md or .docx file.")
NOT_UTF8 = _("file: '{name}' is not UTF-8 text (byte {position} cannot be read); save it "
             "as UTF-8 and try again.")
NOT_DOCX = _("file: '{name}' is not a Word document that can be read ({detail}).")
EMPTY = _("file: '{name}' contains no paragraphs.")
TOO_BIG = _("file: '{name}' is larger than {limit} MB.")

_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|\(\d+\)|[a-z][.)]|\([a-z]\))\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass
class Tracked:
    """A paragraph with tracked changes: its index in the base text (or, for a paragraph
    only inserted, the index of the base paragraph after which it goes, -1 for the start)."""

    kind: str  # insert | replace | delete
    index: int
    text: str = ""
    # The `w:author` of each insertion or deletion in the paragraph, in order, once each.
    authors: tuple[str, ...] = ()


@dataclass
class ImportedText:
    title: str
    paragraphs: list[str]
    tracked: list[Tracked] = field(default_factory=list)

    def author_counts(self) -> dict[str, int]:
        """Every author of a tracked change, with how many changes name it, in order."""
        out: dict[str, int] = {}
        for change in self.tracked:
            for author in change.authors:
                out[author] = out.get(author, 0) + 1
        return out


def strip_number(text: str) -> str:
    return _NUMBER.sub("", text, count=1).strip()


def read(content: bytes, name: str) -> ImportedText:
    """Read a draft from the bytes of a file called `name`."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed(TOO_BIG, field="file", name=name, limit=MAX_FILE_BYTES >> 20)
    lower = name.lower()
    if lower.endswith((".txt", ".md", ".markdown")):
        out = read_text(content, name)
    elif lower.endswith(".docx"):
        out = read_docx(content, name)
    else:
        raise ValidationFailed(UNSUPPORTED, field="file", name=name)
    if not out.paragraphs and not out.tracked:
        raise ValidationFailed(EMPTY, field="file", name=name)
    return out


def read_text(content: bytes, name: str) -> ImportedText:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed(NOT_UTF8, field="file", name=name, position=error.start) from None
    title = ""
    paragraphs = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln.strip() for ln in block.strip().split("\n") if ln.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading and not title:
            title = heading.group(1)
            lines = lines[1:]
            if not lines:
                continue
        elif heading:
            lines[0] = heading.group(1)
        para = strip_number(" ".join(lines))
        if para:
            paragraphs.append(para)
    return ImportedText(title=title, paragraphs=paragraphs)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}


_AUTHOR = W + "author"
# An author left empty by Word is still someone whose change must be listed.
NO_AUTHOR = "(no author)"


def _versions(p) -> tuple[str, str, tuple[str, ...]]:
    """The paragraph's text before and after its tracked changes, and their authors."""
    before, after, authors = [], [], {}
    for change in p.iter(*_INSERTED, *_DELETED):
        authors[(change.get(_AUTHOR) or "").strip() or NO_AUTHOR] = None
    for el in p.iter(W + "t", W + "delText", W + "tab", W + "br"):
        ancestors = {a.tag for a in el.iterancestors()}
        inserted = bool(ancestors & _INSERTED)
        deleted = el.tag == W + "delText" or bool(ancestors & _DELETED)
        piece = el.text or "" if el.tag in (W + "t", W + "delText") else " "
        if not inserted:
            before.append(piece)
        if not deleted:
            after.append(piece)
    return "".join(before).strip(), "".join(after).strip(), tuple(authors)


def read_docx(content: bytes, name: str) -> ImportedText:
    try:
        document = docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationFailed(NOT_DOCX, field="file", name=name,
                               detail=str(error) or type(error).__name__) from None
    except Exception as error:  # lxml and zip errors vary with the damage
        raise ValidationFailed(NOT_DOCX, field="file", name=name,
                               detail=type(error).__name__) from None
    title = ""
    paragraphs: list[str] = []
    tracked: list[Tracked] = []
    for para in document.paragraphs:
        before, after, authors = _versions(para._p)
        before, after = strip_number(before), strip_number(after)
        style = (para.style.name if para.style is not None else "") or ""
        if not title and before and before == after and style.startswith(("Title", "Heading")):
            title = before
            continue
        if not before and not after:
            continue
        if not before:
            tracked.append(Tracked("insert", len(paragraphs) - 1, after, authors))
            continue
        paragraphs.append(before)
        if not after:
            tracked.append(Tracked("delete", len(paragraphs) - 1, authors=authors))
        elif after != before:
            tracked.append(Tracked("replace", len(paragraphs) - 1, after, authors))
    return ImportedText(title=title, paragraphs=paragraphs, tracked=tracked)
