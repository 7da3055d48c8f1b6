"""The translations of a document: per language, the paragraphs missing or out of date.

The page lists, for the language chosen, each paragraph whose version in that language is
missing or behind the newest edit, beside the text to translate (the document's original
language when it is up to date, else the newest version); the officer types the
translations, or uploads a file whose paragraphs fill the fields in order, and saves them
as one new version (`documents.services.translation_set`). Once every paragraph is done the
language is up to date and nothing is listed. Reads come from `documents.selectors`
(`document_get`, `document_paragraphs`): a fixed number of queries whatever the length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.documents import importing, services
from concilium.documents import selectors as docs
from concilium.organization import selectors as org
from concilium.rules.permissions import may_draft
from concilium.web.forms import GENERAL, int_or_none
from concilium.web.views import page

WRONG_COUNT = gettext_lazy(
    "file: '{name}' has {found} paragraphs; the document has {wanted}. Upload the whole "
    "translation, one paragraph of the file for each paragraph.")


@dataclass
class Row:
    number: int
    status: str  # missing | outdated | current
    source_lang: str
    source: str
    current: str
    value: str  # what the field holds
    error: str = ""

    @property
    def key(self) -> str:
        return str(self.number)


@dataclass
class LanguageTab:
    lang: str
    missing: int
    outdated: int

    @property
    def pending(self) -> int:
        return self.missing + self.outdated


def _rows(document, paragraphs, lang: str, *, every: bool) -> list[Row]:
    rows = []
    for p in paragraphs:
        mine = p.texts[lang]
        if mine.status == docs.Translation.CURRENT and not every:
            continue
        source = p.texts.get(document.original_language)
        if source is None or source.status != docs.Translation.CURRENT or source.lang == lang:
            source = max((t for t in p.texts.values() if t.lang != lang),
                         key=lambda t: t.edit_seq, default=mine)
        rows.append(Row(p.number, mine.status, source.lang, source.text, mine.text, mine.text))
    return rows


def _tabs(paragraphs, languages) -> list[LanguageTab]:
    return [LanguageTab(
        lang,
        sum(1 for p in paragraphs if p.texts[lang].status == docs.Translation.MISSING),
        sum(1 for p in paragraphs if p.texts[lang].status == docs.Translation.OUTDATED))
        for lang in languages]


@page
def translations(request, symbol):
    """`?lang=ru` (the first language with work to do by default); `&all=1` lists every
    paragraph. POST saves the fields `text-<number>` as one version; a file in `file`
    fills them instead, to be checked and saved."""
    if not may_draft(request.actor):
        raise Forbidden(services.ONLY_SECRETARIAT_DRAFTS)
    document = docs.document_get(symbol, actor=request.actor)
    languages = list(org.charter().languages)
    paragraphs = docs.document_paragraphs(document)
    tabs = _tabs(paragraphs, languages)
    lang = request.GET.get("lang") or request.POST.get("lang") or next(
        (t.lang for t in tabs if t.pending), document.original_language)
    if lang not in languages:
        docs.language_check(lang)
    every = (request.GET.get("all") or request.POST.get("all")) == "1"
    rows = _rows(document, paragraphs, lang, every=every)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                _fill_from_file(upload, paragraphs, rows)
            else:
                for row in rows:
                    row.value = request.POST.get(f"text-{row.number}", "")
                texts = {row.number: row.value for row in rows}
                services.translation_set(
                    symbol=document.symbol, lang=lang, texts=texts, acting_user=request.actor,
                    expected_version=int_or_none(request.POST.get("expected_version")))
                messages.success(request, _("The translation is saved."))
                url = reverse("web:document_translations", args=[document.symbol])
                return redirect(f"{url}?lang={lang}" + ("&all=1" if every else ""))
        except (ValidationFailed, Conflict) as error:
            field = (error.field or "").split(".")
            key = f"text-{field[1]}" if field[0] == "texts" and len(field) > 1 else (
                "file" if field[0] == "file" else GENERAL)
            errors = {key: error.message}
            for row in rows:
                row.error = errors.get(f"text-{row.number}", "")
            status = error.status
    return render(request, "web/documents/translations.html", {
        "section": "documents", "document": document, "lang": lang, "tabs": tabs,
        "rows": rows, "every": every, "errors": errors}, status=status)


def _fill_from_file(upload, paragraphs, rows) -> None:
    """Put the file's paragraphs, in order, into the fields of the same numbers."""
    name = upload.name or "upload.txt"
    found = importing.read(upload.read(), name).paragraphs
    if len(found) != len(paragraphs):
        raise ValidationFailed(WRONG_COUNT, field="file", name=name, found=len(found),
                               wanted=len(paragraphs))
    by_number = {p.number: text for p, text in zip(paragraphs, found, strict=True)}
    for row in rows:
        row.value = by_number.get(row.number, row.value)
