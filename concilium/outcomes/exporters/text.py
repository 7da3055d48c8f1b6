"""What an exporter is given: plain data about one text in one language, never a request.

Every format (HTML, PDF, DOCX, Akoma Ntoso) renders an `ExportText`; a redline renders an
`ExportRedline`. They are built from the models by `export_text_for` and `export_redline_for`
in a fixed number of queries whatever the length of the document, and the composer builds
them directly for composed texts that are not stored as documents.

Texts are stored in bracket notation. A clean paragraph is exported as plain text (escapes
undone); a paragraph still holding brackets is exported in canonical notation, so that the
reader sees what is not yet agreed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import NotFound, ValidationFailed
from concilium.documents.models import (
    Document,
    Paragraph,
    ParagraphText,
    Position,
    Stance,
    Version,
)
from concilium.meetings.models import DecisionKind, RegistryEntry
from concilium.organization.selectors import charter, organization
from concilium.rules.negotiation import NotationError, parse
from concilium.rules.redline import ChangeKind, Op, diff_document

UNKNOWN_LANGUAGE = _("lang: '{value}' is not one of this organization's languages ({known}).")
NO_SUCH_REVISION = _("{field}: document '{symbol}' has no revision {value}; it has {known}.")


class View(NamedTuple):
    """A view recorded on a paragraph: who holds it and what it says."""

    state: str
    text: str


class ExportParagraph(NamedTuple):
    """One numbered paragraph as a reader sees it (number None: unnumbered)."""

    number: int | None
    text: str
    views: list[View] = []  # a NamedTuple default: shared, so never mutated


@dataclass
class ExportText:
    """One text in one language, ready for any format."""

    title: str
    symbol: str
    doc_type: str  # slug: picks the template (`export/<doc_type>.<lang>.html`)
    lang: str
    organization: str
    body: str
    revision: str  # "Rev.2", "" for the original
    paragraphs: list[ExportParagraph]
    date: dt.date | None = None
    registry_number: str = ""
    registry_date: dt.date | None = None
    doc_type_name: str = ""  # "Statement", "Заявление" ...
    author: str = ""  # slug of the body that issues it, for Akoma Ntoso references
    organization_slug: str = ""  # "sco": the Akoma Ntoso country/jurisdiction component
    date_name: str = ""  # what `date` is: "adoption", "approval", "circulation", "version"

    @property
    def filename_stem(self) -> str:
        """A file name without slashes: SCO-CFM-2020-1.en (Rev.2 adds .rev2)."""
        stem = self.symbol.replace("/", "-").replace(" ", "_") or "document"
        if self.revision:
            stem += "." + self.revision.lower().replace(".", "")
        return f"{stem}.{self.lang}"

    @property
    def view_count(self) -> int:
        return sum(len(p.views) for p in self.paragraphs)


class RedlineRun(NamedTuple):
    op: str  # "equal" | "insert" | "delete"
    text: str


class RedlineParagraph(NamedTuple):
    """A paragraph of a redline; kind is "equal", "insert", "delete" or "change"."""

    number: int | None
    kind: str
    runs: list[RedlineRun]


@dataclass
class ExportRedline:
    """The changes between two revisions of a text in one language."""

    text: ExportText  # the newer revision's metadata (its paragraphs are not used)
    old_label: str
    new_label: str
    paragraphs: list[RedlineParagraph] = field(default_factory=list)

    @property
    def filename_stem(self) -> str:
        def short(label: str) -> str:
            return label.lower().replace(".", "") or "current"

        stem = self.text.symbol.replace("/", "-").replace(" ", "_") or "document"
        return (f"{stem}.redline-{short(self.old_label)}-{short(self.new_label)}"
                f".{self.text.lang}")


def display_text(notation: str) -> str:
    """What a reader sees of a stored paragraph: plain text if clean, else the notation."""
    try:
        tree = parse(notation)
    except NotationError:
        return notation
    return tree.clean_text() if tree.is_clean else tree.notation()


def check_language(lang: str | None, known: tuple[str, ...]) -> str:
    """The language code if the organization works in it, else a 422 naming `lang`."""
    code = (lang or "").strip().lower().split("-")[0].split("_")[0]
    if code not in known:
        raise ValidationFailed(UNKNOWN_LANGUAGE, field="lang", value=lang or "",
                               known=", ".join(known))
    return code


# --- Building from the models ---------------------------------------------


@dataclass
class _Source:
    """A document revision read from the database: paragraphs as (key, number, notation)."""

    label: str
    date: dt.date | None
    titles: dict
    paragraphs: list[tuple[str, int | None, str]]


def _revision(document, rev: int | None, lang: str, field: str = "rev") -> _Source:
    """The working text (rev None) or the snapshot Rev.N: one or two queries."""
    fallback = document.original_language
    if rev is None:
        rows = list(Paragraph.objects.filter(document=document, deleted=False)
                    .order_by("position").values_list("id", "key", "number"))
        texts: dict[int, dict[str, str]] = {}
        for pid, code, text in ParagraphText.objects.filter(
                paragraph__document=document, paragraph__deleted=False,
                lang__in={lang, fallback}).values_list("paragraph_id", "lang", "text"):
            texts.setdefault(pid, {})[code] = text
        paragraphs = []
        for i, (pid, key, number) in enumerate(rows, start=1):
            by_lang = texts.get(pid, {})
            paragraphs.append((key, number or i, by_lang.get(lang, by_lang.get(fallback, ""))))
        updated = document.updated_at.date() if document.updated_at else None
        return _Source(document.revision_label, updated, document.titles, paragraphs)
    version = Version.objects.filter(document=document, number=rev).first()
    if version is None:
        known = list(Version.objects.filter(document=document)
                     .values_list("number", flat=True))
        raise NotFound(NO_SUCH_REVISION, field=field, symbol=document.symbol, value=rev,
                       known=", ".join(map(str, known)) or "none")
    paragraphs = []
    for i, item in enumerate(version.snapshot or [], start=1):
        texts = item.get("texts") or {}
        paragraphs.append((item.get("key") or f"p{i}", item.get("number") or i,
                           texts.get(lang, texts.get(fallback, ""))))
    return _Source(version.label if rev else "", version.created_at.date(),
                   version.titles or document.titles, paragraphs)


def _views(document, lang: str, rev: int | None) -> dict[str, list[View]]:
    """Views recorded on each paragraph (by key) as of the revision; one query.

    A state's latest position on a paragraph counts; it is a view when its stance is "view".
    """
    rows = Position.objects.filter(document=document, paragraph__isnull=False)
    if rev is not None:
        rows = rows.filter(version__lte=rev)
    latest: dict[tuple[int, int], tuple] = {}
    for row in rows.order_by("id").values_list("paragraph__key", "state_id", "state__names",
                                               "stance", "text"):
        latest[(row[0], row[1])] = row
    out: dict[str, list[View]] = {}
    for key, _state, names, stance, text in latest.values():
        if stance == Stance.VIEW and text:
            out.setdefault(key, []).append(View(_name(names, lang), text))
    return out


def _name(names: dict, lang: str) -> str:
    return names.get(lang) or names.get("en") or next(iter(names.values()), "")


def _load(document, lang: str | None):
    """The document with its type and bodies, the organization, and the checked language."""
    document = (Document.objects.select_related("doc_type", "approving_body", "origin_body")
                .annotate(**_DATES).get(pk=document.pk))
    code = check_language(lang or document.original_language, charter().languages)
    entry = RegistryEntry.objects.filter(document=document).first()
    return document, code, organization(), entry


#: The decisions that date a document, most decisive first.
_DATING = (("adopted_on", DecisionKind.ADOPTED, "adoption"),
           ("approved_on", DecisionKind.APPROVED, "approval"),
           ("agreed_on", DecisionKind.AGREED_SUBMITTED, "agreement"),
           ("agreed_ad_ref_on", DecisionKind.AGREED_AD_REF, "agreement"))
_DATES = {name: Max("decisions__date", filter=Q(decisions__kind=kind))
          for name, kind, _what in _DATING} | {"circulated_on": Max("circulations__date")}


def document_date(document, entry, source: _Source) -> tuple[dt.date | None, str]:
    """The date a document bears, and what it is: its adoption (the registry entry), else the
    latest decision on it (approval, agreement), else its circulation, else the date of the
    version exported. Never the day of the export. Read with the document (`_load`)."""
    if entry is not None:
        return entry.date, "adoption"
    for attribute, _kind, name in _DATING:
        if getattr(document, attribute, None):
            return getattr(document, attribute), name
    if getattr(document, "circulated_on", None):
        return document.circulated_on, "circulation"
    return source.date, "version"


def _meta(document, lang: str, org, entry, source: _Source) -> ExportText:
    body = document.approving_body
    day, day_name = document_date(document, entry, source)
    return ExportText(
        date=day, date_name=day_name,
        title=_name(source.titles, lang) or document.symbol,
        symbol=document.symbol,
        doc_type=document.doc_type.slug,
        doc_type_name=document.doc_type.name(lang),
        lang=lang,
        organization=org.name(lang),
        body=body.name(lang),
        author=body.slug,
        organization_slug=org.slug,
        revision=source.label,
        paragraphs=[],
        registry_number=entry.number if entry else "",
        registry_date=entry.date if entry else None,
    )


def export_text_for(document, *, lang: str | None = None, rev: int | None = None) -> ExportText:
    """A document's text in one language, at revision `rev` (None: the working text).

    Raises ValidationFailed (field "lang") for a language the organization does not use and
    NotFound (field "rev") for a revision that does not exist. Queries: a fixed handful.
    """
    document, lang, org, entry = _load(document, lang)
    source = _revision(document, rev, lang)
    views = _views(document, lang, rev)
    out = _meta(document, lang, org, entry, source)
    out.paragraphs = [ExportParagraph(number, display_text(text), views.get(key, []))
                      for key, number, text in source.paragraphs]
    return out


def export_redline_for(document, *, lang: str | None = None, old_rev: int,
                       new_rev: int | None = None) -> ExportRedline:
    """The redline from Rev.`old_rev` to Rev.`new_rev` (None: the working text)."""
    document, lang, org, entry = _load(document, lang)
    old = _revision(document, old_rev, lang, field="redline_from")
    new = _revision(document, new_rev, lang)
    changes = diff_document([(k, display_text(t)) for k, _, t in old.paragraphs],
                            [(k, display_text(t)) for k, _, t in new.paragraphs], lang)
    old_numbers = {k: n for k, n, _ in old.paragraphs}
    new_numbers = {k: n for k, n, _ in new.paragraphs}
    paragraphs = []
    for change in changes:
        number = (old_numbers.get(change.key) if change.kind is ChangeKind.DELETE
                  else new_numbers.get(change.key))
        runs = [RedlineRun(Op(run.op).value, run.text) for run in change.runs]
        paragraphs.append(RedlineParagraph(number, ChangeKind(change.kind).value, runs))
    meta = _meta(document, lang, org, entry, new)
    return ExportRedline(text=meta, old_label=old.label or str(_("original")),
                         new_label=new.label or str(_("original")), paragraphs=paragraphs)
