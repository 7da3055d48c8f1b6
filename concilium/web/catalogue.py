"""The documents list's view model: every document the role may read, filters and counts.

Two queries whatever the number of documents or paragraphs: the documents (with the date of
their latest decision, which dates them as search does: that year, else the year they were
created), and the paragraphs whose translation is missing or out of date. Filtering,
counting and sorting then happen in memory, so each filter's counts say how many documents
that value would leave given the other filters chosen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Q
from django.utils.translation import gettext_lazy as _

from concilium.documents import models as dm
from concilium.documents import selectors as docs
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor

COMPLETE, INCOMPLETE = "complete", "incomplete"
TRANSLATION_LABELS = {COMPLETE: _("every language up to date"),
                      INCOMPLETE: _("translation missing or out of date")}
SORTS = ("symbol", "date")
FILTERS = ("body", "type", "year", "status", "classification", "translation")
FILTER_LABELS = {"body": _("Body"), "type": _("Type"), "year": _("Year"), "status": _("Status"),
                 "classification": _("Classification"), "translation": _("Translation")}


@dataclass
class Row:
    document: dm.Document
    date: dt.date
    untranslated: int  # paragraphs with a language version missing or out of date

    @property
    def year(self) -> str:
        return str(self.date.year)

    @property
    def translation(self) -> str:
        return INCOMPLETE if self.untranslated else COMPLETE

    def value(self, name: str) -> str:
        d = self.document
        return {"body": d.origin_body.slug, "type": d.doc_type.slug, "year": self.year,
                "status": d.status, "classification": d.classification,
                "translation": self.translation}[name]


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list[Choice] = field(default_factory=list)


@dataclass
class Catalogue:
    rows: list[Row]
    facets: list[Facet]
    chosen: dict[str, str]
    sort: str
    total: int  # documents readable before filtering


def _untranslated(ids: list[int], languages: list[str]) -> Counter:
    """Per document, the paragraphs lacking a charter language or with one behind the
    newest edit. One grouped query returning only such paragraphs."""
    in_charter = Q(texts__lang__in=languages)
    rows = (dm.Paragraph.objects.filter(document_id__in=ids, deleted=False)
            .annotate(n=Count("texts", filter=in_charter),
                      lo=Min("texts__edit_seq", filter=in_charter),
                      hi=Max("texts__edit_seq", filter=in_charter))
            .filter(Q(n__lt=len(languages)) | Q(lo__lt=F("hi")))
            .values_list("document_id", flat=True))
    return Counter(rows)


def _labels(rows: list[Row], lang: str) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {name: {} for name in FILTERS}
    for row in rows:
        d = row.document
        labels["body"][d.origin_body.slug] = d.origin_body.name(lang)
        labels["type"][d.doc_type.slug] = d.doc_type.name(lang)
        labels["year"][row.year] = row.year
    labels["status"] = {str(v): str(lbl) for v, lbl in dm.DocumentStatus.choices}
    labels["classification"] = {str(v): str(lbl) for v, lbl in dm.Document.CLASSIFICATIONS}
    labels["translation"] = {k: str(v) for k, v in TRANSLATION_LABELS.items()}
    return labels


def catalogue(*, actor: Actor, chosen: dict[str, str], sort: str, lang: str) -> Catalogue:
    """The documents `actor` may read that match `chosen` (filter name → value), sorted by
    symbol or by date (newest first), with per-value counts for every filter."""
    chosen = {k: v for k, v in chosen.items() if k in FILTERS and v}
    sort = sort if sort in SORTS else "symbol"
    documents = list(dm.Document.objects
                     .select_related("doc_type", "origin_body", "approving_body")
                     .filter(classification__in=docs.readable_levels(actor))
                     .annotate(last_decision=Max("decisions__date")))
    languages = list(org.charter().languages)
    untranslated = _untranslated([d.pk for d in documents], languages)
    rows = [Row(d, d.last_decision or d.created_at.date(), untranslated.get(d.pk, 0))
            for d in documents]
    labels = _labels(rows, lang)
    facets = []
    for name in FILTERS:
        others = {k: v for k, v in chosen.items() if k != name}
        counts = Counter(r.value(name) for r in rows
                         if all(r.value(k) == v for k, v in others.items()))
        values = sorted(set(counts) | ({chosen[name]} if name in chosen else set()),
                        reverse=name == "year")
        facets.append(Facet(name, str(FILTER_LABELS[name]), [
            Choice(v, labels[name].get(v, v), counts.get(v, 0), chosen.get(name) == v)
            for v in values]))
    shown = [r for r in rows if all(r.value(k) == v for k, v in chosen.items())]
    if sort == "date":
        shown.sort(key=lambda r: (r.date, r.document.symbol), reverse=True)
    else:
        shown.sort(key=lambda r: r.document.symbol)
    return Catalogue(rows=shown, facets=facets, chosen=chosen, sort=sort, total=len(rows))


@dataclass
class DraftingChoices:
    types: list[tuple[str, str]]  # (slug, name)
    bodies: list[tuple[str, str]]
    languages: list[str]
    classifications: list[tuple[str, str]]


def drafting_choices(*, lang: str) -> DraftingChoices:
    """What the forms that create a draft offer: the charter's document types, bodies and
    languages, and the classifications. Two queries (and the charter's)."""
    return DraftingChoices(
        types=[(t.slug, t.name(lang)) for t in om.DocumentType.objects.order_by("slug")],
        bodies=[(b.slug, b.name(lang)) for b in om.Body.objects.order_by("position")],
        languages=list(org.charter().languages),
        classifications=[(str(v), str(lbl)) for v, lbl in dm.Document.CLASSIFICATIONS])
