"""The documents workspace: the list of documents, a new draft, an import, a release.

Thin like `web.views`: parse the request, call one selector or service, render. A refusal
from a service is shown beside the field it names, with the form as the user filled it;
nothing is written.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.documents import importing, services
from concilium.documents import selectors as docs
from concilium.rules.permissions import may_draft
from concilium.web import catalogue, uploads
from concilium.web.forms import form_errors, int_or_none
from concilium.web.selectors import live_since
from concilium.web.views import page, ui_lang


def _query(chosen: dict[str, str], sort: str, **change) -> str:
    wanted = {**chosen, **change}
    if sort != "symbol":
        wanted["sort"] = sort
    return "?" + urlencode({k: v for k, v in wanted.items() if v})


@require_GET
@page
def documents(request):
    """Every document the role may read, filtered and counted (`?body=&type=&year=...`)."""
    chosen = {name: request.GET.get(name, "").strip() for name in catalogue.FILTERS}
    sort = request.GET.get("sort", "symbol")
    data = catalogue.catalogue(actor=request.actor, chosen=chosen, sort=sort, lang=ui_lang())
    for facet in data.facets:
        for choice in facet.choices:
            choice.href = _query(data.chosen, data.sort,
                                 **{facet.name: "" if choice.selected else choice.value})
    return render(request, "web/documents/list.html", {
        "section": "documents", "c": data, "can_draft": may_draft(request.actor),
        "sort_symbol": _query(data.chosen, "symbol"), "sort_date": _query(data.chosen, "date"),
        "clear": _query({}, data.sort), "live_topics": "documents",
        "live_since": live_since()})


# --- a new draft, typed in ------------------------------------------------------------------

CREATE_FIELDS = ("doc_type", "body", "title", "lang", "classification", "symbol", "paragraphs")
ALIASES = {"titles": "title", "text": "paragraphs"}


def _drafting(request) -> catalogue.DraftingChoices:
    if not may_draft(request.actor):
        raise Forbidden(services.ONLY_SECRETARIAT_DRAFTS)
    return catalogue.drafting_choices(lang=ui_lang())


def _defaults(request, choices: catalogue.DraftingChoices) -> dict[str, str]:
    body = request.GET.get("body") or (choices.bodies[0][0] if choices.bodies else "")
    lang = ui_lang() if ui_lang() in choices.languages else choices.languages[0]
    return {"doc_type": request.GET.get("doc_type") or "", "body": body, "lang": lang,
            "classification": "members",
            "symbol": services.symbol_propose(body=body, year=services.today().year)}


@page
def document_create(request):
    """A new draft: type, body, title, original language and its paragraphs; the symbol
    proposed from the charter (the next free draft symbol of the body), which may be
    changed. `?fragment=symbol&body=...` answers the symbol field alone (htmx)."""
    choices = _drafting(request)
    errors: dict[str, str] = {}
    if request.method != "POST":
        values = _defaults(request, choices)
        template = ("web/documents/_symbol.html" if request.GET.get("fragment") == "symbol"
                    else "web/documents/create.html")
        return render(request, template, {"section": "documents", "choices": choices,
                                          "values": values, "errors": errors})
    values = {name: request.POST.get(name, "").strip() for name in CREATE_FIELDS}
    paragraphs = importing.read_text(values["paragraphs"].encode("utf-8"), "text").paragraphs
    try:
        doc = services.document_create(
            doc_type=values["doc_type"], body=values["body"], lang=values["lang"],
            titles={values["lang"]: values["title"]} if values["lang"] else {},
            paragraphs=paragraphs, classification=values["classification"] or "members",
            symbol=values["symbol"] or None, acting_user=request.actor)
    except (ValidationFailed, Conflict) as error:
        errors = form_errors(error, CREATE_FIELDS, ALIASES)
        return render(request, "web/documents/create.html", {
            "section": "documents", "choices": choices, "values": values, "errors": errors},
            status=error.status)
    messages.success(request, _("The draft %(symbol)s is created.") % {"symbol": doc.symbol})
    return redirect(reverse("web:room", args=[doc.symbol]))


# --- an imported draft: preview, then confirm --------------------------------------------

IMPORT_FIELDS = ("file", "doc_type", "body", "title", "lang", "classification", "symbol")
NO_FILE = gettext_lazy("file: choose a .docx, .md or .txt file to import.")


def _import_page(request, choices, values, *, errors=None, preview=None, ticket="",
                 status=200):
    return render(request, "web/documents/import.html", {
        "section": "documents", "choices": choices, "values": values, "errors": errors or {},
        "preview": preview, "ticket": ticket}, status=status)


@page
def document_import(request):
    """Import a draft from a file in two steps. "Preview" reads the file, writing nothing,
    and shows the paragraphs, the brackets and options found and Word's tracked changes as
    the proposals they will become; the file is held on the server (`web.uploads`). "Import"
    then creates the draft from the held file. A file that cannot be used is refused at the
    file field, naming the paragraph."""
    choices = _drafting(request)
    if request.method != "POST":
        values = {**_defaults(request, choices), "symbol": ""}
        return _import_page(request, choices, values)
    values = {name: request.POST.get(name, "").strip() for name in IMPORT_FIELDS}
    ticket = request.POST.get("ticket", "")
    upload = request.FILES.get("file")
    username = request.actor.username
    preview = None
    try:
        if upload is not None:
            content, filename = upload.read(), upload.name or "upload.txt"
            ticket = ""
        elif ticket:
            content, filename = uploads.held(ticket, username=username)
        else:
            raise ValidationFailed(NO_FILE, field="file")
        preview = services.document_import_preview(content=content, filename=filename,
                                                   acting_user=request.actor)
        if not ticket:
            ticket = uploads.hold(content, filename=filename, username=username)
        if request.POST.get("step") != "confirm" or upload is not None:
            values["title"] = values["title"] or preview.title
            return _import_page(request, choices, values, preview=preview, ticket=ticket)
        doc = services.document_import(
            content=content, filename=filename, doc_type=values["doc_type"],
            body=values["body"], lang=values["lang"], symbol=values["symbol"] or None,
            title=values["title"] or None, classification=values["classification"] or "members",
            acting_user=request.actor)
    except (ValidationFailed, Conflict) as error:
        errors = form_errors(error, IMPORT_FIELDS, ALIASES)
        if "file" in errors:
            ticket, preview = "", None
        return _import_page(request, choices, values, errors=errors, preview=preview,
                            ticket=ticket, status=error.status)
    uploads.drop(ticket, username=username)
    messages.success(request, _(
        "%(symbol)s is imported: %(paragraphs)d paragraphs, %(proposals)d tracked changes "
        "as proposals.") % {"symbol": doc.symbol, "paragraphs": len(preview.paragraphs),
                            "proposals": len(preview.changes)})
    return redirect(reverse("web:room", args=[doc.symbol]))


# --- a release: a new classification, confirmed ------------------------------------------

RELEASE_FIELDS = ("classification", "confirm")
NOT_CONFIRMED = gettext_lazy(
    "confirm: tick the box to confirm who will be able to read the document.")


@page
def document_release(request, symbol):
    """Change who may read a document (members only → released → public), after a
    confirmation that says who will then read it; public at once in the archive, search and
    registry, which read the classification at every request."""
    document = docs.document_get(symbol, actor=request.actor)
    choices = catalogue.drafting_choices(lang=ui_lang())
    if not may_draft(request.actor):
        raise Forbidden(services.ONLY_SECRETARIAT_DRAFTS)
    errors: dict[str, str] = {}
    wanted = request.POST.get("classification", "")
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("confirm") != "yes":
                raise ValidationFailed(NOT_CONFIRMED, field="confirm")
            doc = services.document_update(
                symbol=document.symbol, classification=wanted, acting_user=request.actor,
                expected_version=int_or_none(request.POST.get("expected_version")))
        except (ValidationFailed, Conflict) as error:
            errors, status = form_errors(error, RELEASE_FIELDS), error.status
        else:
            messages.success(request, _("%(symbol)s is now: %(level)s.") % {
                "symbol": doc.symbol, "level": doc.get_classification_display()})
            return redirect(reverse("web:room", args=[doc.symbol]))
    levels = [(v, label) for v, label in choices.classifications if v != document.classification]
    return render(request, "web/documents/release.html", {
        "section": "documents", "document": document, "levels": levels,
        "wanted": wanted or (levels[-1][0] if levels else ""), "errors": errors},
        status=status)
