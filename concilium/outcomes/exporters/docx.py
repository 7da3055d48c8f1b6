"""DOCX: headings, numbered paragraphs, recorded views as real Word footnotes.

python-docx has no footnote API, so the footnotes part (`word/footnotes.xml`, with the two
separator footnotes Word expects) is written with lxml and related to the main document part;
each view is a `w:footnoteReference` run after its paragraph's text.

Speed (docs PERFORMANCE.md, "Exports"): paragraphs are built as XML with the style id set
directly, styles are looked up once per document, never by name per paragraph.

Paragraph numbers are written as text ("12." then a tab, hanging indent), not as Word list
numbering: the number is the paragraph's negotiated number, the same in every language and
in every reader, and it must survive a renumbering in Word unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from concilium.outcomes.exporters import progress as p
from concilium.outcomes.exporters.text import ExportText, RedlineParagraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
assert RT.FOOTNOTES == FOOTNOTES_RT

CJK_FONT = "Noto Serif CJK SC"
LATIN_FONT = "DejaVu Serif"
PARA_STYLE = "Numbered Paragraph"
INDENT = "567"  # twips: 1 cm hanging indent for the number

_W = f"{{{W_NS}}}"
_P, _PPR, _R, _RPR, _T = (qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _lang_tag(lang: str) -> str:
    return {"en": "en-GB", "ru": "ru-RU", "zh": "zh-CN"}.get(lang, lang)


class DocxBuilder:
    """A new document with the project's styles, to which paragraphs are appended as XML."""

    def __init__(self, lang: str, *, title: str = ""):
        self.lang = lang
        self.document = new_docx()
        self.body = self.document.element.body
        self._sect = self.body.find(qn("w:sectPr"))
        self._footnotes: etree._Element | None = None
        self._next_footnote = 1
        self._next_change = 1
        self.styles = self._styles()
        self._defaults()
        core = self.document.core_properties
        core.title = title
        core.language = _lang_tag(lang)
        core.author = "Concilium"
        core.comments = ""

    # --- set-up, once per document ---

    def _styles(self) -> dict[str, str]:
        """The style ids used below, looked up (or created) once."""
        styles = self.document.styles
        names = {s.name: s for s in styles}
        if PARA_STYLE not in names:
            style = styles.add_style(PARA_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = names["Normal"]
            fmt = style.paragraph_format
            fmt.space_after = Pt(6)
            style.element.get_or_add_pPr()
            ppr = style.element.pPr
            ind = etree.SubElement(ppr, qn("w:ind"))
            ind.set(qn("w:left"), INDENT)
            ind.set(qn("w:hanging"), INDENT)
            jc = etree.SubElement(ppr, qn("w:jc"))
            jc.set(qn("w:val"), "left" if self.lang == "zh" else "both")
            names[PARA_STYLE] = style
        if "Footnote Text" not in names:
            style = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = names["Normal"]
            style.font.size = Pt(9)
            style.paragraph_format.space_after = Pt(0)
            names["Footnote Text"] = style
        if "Footnote Reference" not in names:
            style = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
            style.font.superscript = True
            names["Footnote Reference"] = style
        wanted = ("Normal", "Title", "Subtitle", "Heading 1", PARA_STYLE, "Footnote Text",
                  "Footnote Reference")
        return {name: names[name].style_id for name in wanted}

    def _defaults(self) -> None:
        """Document language and fonts that carry Cyrillic and Chinese."""
        styles = self.document.styles.element
        rpr = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        if rpr is None:
            return
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = etree.SubElement(rpr, qn("w:rFonts"))
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:cs"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = etree.SubElement(rpr, qn("w:lang"))
        lang.set(qn("w:val"), _lang_tag(self.lang if self.lang != "zh" else "en"))
        lang.set(qn("w:eastAsia"), "zh-CN")

    # --- paragraphs ---

    def paragraph(self, style: str, text: str = "", *, align: str | None = None):
        """Append a paragraph with the style's id set on the XML."""
        p = etree.Element(_P)
        ppr = etree.SubElement(p, _PPR)
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), self.styles[style])
        if align:
            etree.SubElement(ppr, qn("w:jc")).set(qn("w:val"), align)
        if text:
            self.run(p, text)
        self._sect.addprevious(p)
        return p

    @staticmethod
    def run(parent, text: str, *, tab_after: bool = False, deleted: bool = False,
            rpr: Iterable[tuple[str, str | None]] = ()):
        r = etree.SubElement(parent, _R)
        props = list(rpr)
        if props:
            rp = etree.SubElement(r, _RPR)
            for tag, val in props:
                el = etree.SubElement(rp, qn(tag))
                if val is not None:
                    el.set(qn("w:val"), val)
        t = etree.SubElement(r, qn("w:delText") if deleted else _T)
        t.text = _xml_safe(text)
        t.set(_XML_SPACE, "preserve")
        if tab_after:
            etree.SubElement(r, qn("w:tab"))
        return r

    def numbered(self, number: int | None, text: str):
        p = self.paragraph(PARA_STYLE)
        if number is not None:
            self.run(p, f"{number}.", tab_after=True)
        else:
            etree.SubElement(etree.SubElement(p, _R), qn("w:tab"))
        if text:
            self.run(p, text)
        return p

    # --- footnotes ---

    def footnote(self, paragraph, text: str) -> int:
        """Add a footnote with `text`, referenced at the end of `paragraph`; its id."""
        if self._footnotes is None:
            self._footnotes = _footnotes_root()
        fid = self._next_footnote
        self._next_footnote += 1
        ref = etree.SubElement(paragraph, _R)
        etree.SubElement(etree.SubElement(ref, _RPR), qn("w:rStyle")).set(
            qn("w:val"), self.styles["Footnote Reference"])
        etree.SubElement(ref, qn("w:footnoteReference")).set(qn("w:id"), str(fid))

        note = etree.SubElement(self._footnotes, qn("w:footnote"))
        note.set(qn("w:id"), str(fid))
        p = etree.SubElement(note, _P)
        etree.SubElement(etree.SubElement(p, _PPR), qn("w:pStyle")).set(
            qn("w:val"), self.styles["Footnote Text"])
        mark = etree.SubElement(p, _R)
        etree.SubElement(etree.SubElement(mark, _RPR), qn("w:rStyle")).set(
            qn("w:val"), self.styles["Footnote Reference"])
        etree.SubElement(mark, qn("w:footnoteRef"))
        self.run(p, " " + text)
        return fid

    def _attach_footnotes(self) -> None:
        if self._footnotes is None:
            return
        part = self.document.part
        blob = etree.tostring(self._footnotes, xml_declaration=True, encoding="UTF-8",
                              standalone=True)
        footnotes = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, part.package)
        part.relate_to(footnotes, FOOTNOTES_RT)
        settings = self.document.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = etree.Element(qn("w:footnotePr"))
            for sid in ("-1", "0"):
                etree.SubElement(pr, qn("w:footnote")).set(qn("w:id"), sid)
            anchor = settings.find(qn("w:endnotePr"))
            if anchor is None:
                anchor = settings.find(qn("w:compat"))
            if anchor is not None:
                anchor.addprevious(pr)
            else:
                settings.append(pr)

    # --- tracked changes ---

    def change(self, parent, kind: str, author: str, when: dt.datetime):
        """A w:ins or w:del wrapper (or, for a paragraph mark, its rPr marker)."""
        el = etree.SubElement(parent, qn(f"w:{kind}"))
        el.set(qn("w:id"), str(self._next_change))
        el.set(qn("w:author"), author)
        el.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
        self._next_change += 1
        return el

    def save(self) -> bytes:
        self._attach_footnotes()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _footnotes_root():
    root = etree.Element(qn("w:footnotes"), nsmap={"w": W_NS})
    for fid, kind, mark in (("-1", "separator", "w:separator"),
                            ("0", "continuationSeparator", "w:continuationSeparator")):
        note = etree.SubElement(root, qn("w:footnote"))
        note.set(qn("w:type"), kind)
        note.set(qn("w:id"), fid)
        p = etree.SubElement(note, _P)
        spacing = etree.SubElement(etree.SubElement(p, _PPR), qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
        etree.SubElement(etree.SubElement(p, _R), qn(mark))
    return root


_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}


def _xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry."""
    return text.translate(_CONTROL) if any(ord(c) < 32 for c in text) else text


def masthead(builder: DocxBuilder, text: ExportText) -> None:
    """Organization, body, symbol and revision, date, then the title."""
    builder.paragraph("Subtitle", text.organization, align="center")
    if text.body:
        builder.paragraph("Normal", text.body, align="center")
    symbol = text.symbol + (f" {text.revision}" if text.revision else "")
    builder.paragraph("Normal", symbol, align="right")
    if text.date:
        builder.paragraph("Normal", text.date.isoformat(), align="right")
    if text.doc_type_name:
        builder.paragraph("Heading 1", text.doc_type_name, align="center")
    builder.paragraph("Title", text.title, align="center")


PROGRESS_BATCH = 100  # paragraphs between two progress reports


def export_docx(text: ExportText, progress: p.Progress | None = None) -> bytes:
    """The text as a Word document; views become footnotes on their paragraphs.

    With `progress`, reports every `PROGRESS_BATCH` paragraphs, then the saving of the file.
    """
    builder = DocxBuilder(text.lang, title=text.title)
    masthead(builder, text)
    total = len(text.paragraphs) or 1
    for i, paragraph in enumerate(text.paragraphs):
        if progress is not None and i % PROGRESS_BATCH == 0:
            progress(p.WRITING_PARAGRAPHS, 5 + 80 * i // total)
        para = builder.numbered(paragraph.number, paragraph.text)
        for view in paragraph.views:
            builder.footnote(para, f"{view.state}: {view.text}")
    if progress is not None:
        progress(p.WRITING_FILE, 85)
    data = builder.save()
    if progress is not None:
        progress(p.DONE, 100)
    return data


def redline_docx(builder: DocxBuilder, paragraphs: list[RedlineParagraph], *, author: str,
                 when: dt.datetime) -> None:
    """Paragraphs of a redline as Word tracked changes (w:ins / w:del)."""
    for para in paragraphs:
        p = builder.paragraph(PARA_STYLE)
        if para.kind in ("insert", "delete"):
            # The paragraph mark itself is inserted or deleted.
            ppr = p.find(_PPR)
            builder.change(etree.SubElement(ppr, _RPR), "ins" if para.kind == "insert"
                           else "del", author, when)
        number = f"{para.number}." if para.number is not None else ""
        if para.kind == "insert":
            builder.run(builder.change(p, "ins", author, when), number, tab_after=True)
        elif para.kind == "delete":
            builder.run(builder.change(p, "del", author, when), number, tab_after=True,
                        deleted=True)
        else:
            builder.run(p, number, tab_after=True)
        for run in para.runs:
            if run.op == "insert":
                builder.run(builder.change(p, "ins", author, when), run.text)
            elif run.op == "delete":
                builder.run(builder.change(p, "del", author, when), run.text, deleted=True)
            else:
                builder.run(p, run.text)
