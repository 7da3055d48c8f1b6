"""Akoma Ntoso 3.0 XML, valid against the OASIS schema kept in `concilium/outcomes/schemas/`.

Statements, declarations and the other negotiated texts are `doc` documents named by their
type; the FRBR identification follows the naming convention
`/akn/<organization>/doc/<type>/<date>/<number>` (work), `/<lang3>@<rev>` (expression),
`.akn` (manifestation). Paragraphs are `paragraph` elements `para_N` with `num` and
`content/p`; recorded views are `authorialNote`s inside the paragraph's text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from concilium.outcomes.exporters.text import ExportText

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "akomantoso30.xsd"

# ISO 639-2 (three letters) for the charter languages' ISO 639-1 codes, as FRBRlanguage wants.
LANG3 = {
    "ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fa": "fas", "fr": "fra", "hi": "hin",
    "hy": "hye", "kk": "kaz", "ky": "kir", "mn": "mon", "ps": "pus", "ru": "rus", "tg": "tgk",
    "tk": "tuk", "tr": "tur", "uk": "ukr", "ur": "urd", "uz": "uzb", "zh": "zho",
}

_A = f"{{{AKN_NS}}}"
_SLUG = re.compile(r"[^0-9a-z]+")


def _slug(value: str) -> str:
    return _SLUG.sub("-", value.lower()).strip("-") or "x"


def _el(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, _A + tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _day(text: ExportText) -> str:
    """The document's own date (adoption, decision, circulation or version); the export's
    day only for a text that has none at all."""
    return (text.date or dt.date.today()).isoformat()


def frbr_uris(text: ExportText, organization_slug: str) -> tuple[str, str, str]:
    """(work, expression, manifestation) URIs of the text, dated by the document."""
    day = _day(text)
    work = f"/akn/{organization_slug}/doc/{_slug(text.doc_type)}/{day}/{_slug(text.symbol)}"
    version = _slug(text.revision) if text.revision else ""
    expression = f"{work}/{LANG3.get(text.lang, text.lang)}@{version}"
    return work, expression, f"{expression}.akn"


def export_akn(text: ExportText, *, organization_slug: str | None = None) -> bytes:
    """The text as an Akoma Ntoso 3.0 `doc`."""
    org = _slug(organization_slug or text.organization_slug or text.symbol.split("/")[0])
    day = _day(text)
    work, expression, manifestation = frbr_uris(text, org)
    author = "#" + _slug(text.author or "secretariat")

    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NS})
    doc = _el(root, "doc", name=_slug(text.doc_type))
    meta = _el(doc, "meta")
    ident = _el(meta, "identification", source="#secretariat")

    def core(tag: str, this: str, uri: str, date_name: str):
        level = _el(ident, tag)
        _el(level, "FRBRthis", value=f"{this}/!main" if tag != "FRBRManifestation" else this)
        _el(level, "FRBRuri", value=uri)
        _el(level, "FRBRdate", date=day, name=date_name)
        _el(level, "FRBRauthor", href=author if tag == "FRBRWork" else "#secretariat")
        return level

    w = core("FRBRWork", work, work, text.date_name or (
        "adoption" if text.registry_date else "generation"))
    _el(w, "FRBRcountry", value=org)
    _el(w, "FRBRnumber", value=_slug(text.symbol))
    _el(w, "FRBRname", value=text.doc_type_name or text.doc_type)
    e = core("FRBRExpression", expression, expression, "version")
    _el(e, "FRBRlanguage", language=LANG3.get(text.lang, text.lang))
    core("FRBRManifestation", manifestation, manifestation, "transform")

    refs = _el(meta, "references", source="#secretariat")
    ontology = f"/ontology/organization/{org}"
    _el(refs, "TLCOrganization", eId="secretariat", href=f"{ontology}/secretariat",
        showAs="Secretariat")
    if author != "#secretariat":
        _el(refs, "TLCOrganization", eId=author[1:], href=f"{ontology}/{author[1:]}",
            showAs=text.body or author[1:])

    preface = _el(doc, "preface")
    _el(_el(preface, "p"), "docAuthority", text.organization)
    if text.body:
        _el(_el(preface, "p"), "docProponent", text.body)
    number = text.symbol + (f" {text.revision}" if text.revision else "")
    _el(_el(preface, "p"), "docNumber", number)
    if text.date:
        _el(_el(preface, "p"), "docDate", text.date.isoformat(), date=text.date.isoformat())
    if text.doc_type_name:
        _el(_el(preface, "p"), "docType", text.doc_type_name)
    _el(_el(preface, "p"), "docTitle", text.title)

    body = _el(doc, "mainBody")
    for index, paragraph in enumerate(text.paragraphs, start=1):
        eid = f"para_{paragraph.number or index}"
        para = _el(body, "paragraph", eId=eid)
        if paragraph.number is not None:
            _el(para, "num", f"{paragraph.number}.")
        p = _el(_el(para, "content"), "p", _xml_safe(paragraph.text))
        for n, view in enumerate(paragraph.views, start=1):
            note = _el(p, "authorialNote", marker=str(n), placement="bottom",
                       eId=f"{eid}__authorialNote_{n}")
            _el(note, "p", _xml_safe(f"{view.state}: {view.text}"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}


def _xml_safe(text: str) -> str:
    return text.translate(_CONTROL)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 schema (parsed once: it takes about a second)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate_akn(xml_bytes: bytes) -> list[str]:
    """Schema errors of an Akoma Ntoso document ("line N: message"), empty when valid."""
    try:
        tree = etree.fromstring(xml_bytes)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    checker = schema()
    if checker.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
