"""Publishing from the meeting page: compose the press release, communique or minutes from
the records, preview it in every language of the charter side by side, save it as a
document, and publish it (public) — after which it is in the public archive, the
registry's list of documents and search.

Composing is for the secretariat and the chair (`may_publish`); making a text public is the
secretariat's (`composed_publish` asks `may_draft`). Each write is one service call; a
refusal is shown on the page with its status code, nothing written.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concilium.core.errors import DomainError, Forbidden
from concilium.meetings import selectors as ms
from concilium.outcomes.composer import DOC_TYPES, check_kind, composed_publish, composed_save
from concilium.outcomes.composer.compose import ONLY_PUBLISHERS
from concilium.outcomes.selectors import composed_preview, outcome_documents
from concilium.rules.permissions import may_draft, may_publish
from concilium.web import meetings_data as data
from concilium.web.views import page, ui_lang

#: The kinds composed here to be saved and published (notes and lists of participants are
#: composed on the correspondence page).
KINDS = tuple(DOC_TYPES)


def _kind_labels() -> list[tuple[str, str]]:
    labels = {"press-release": _("Press release"), "communique": _("Communique"),
              "minutes": _("Minutes")}
    return [(k, labels.get(k, k)) for k in KINDS]


def _page(request, slug, kind, error=None, status=200):
    meeting = ms.meeting_get(slug, actor=request.actor)
    texts, compose_error = None, None
    try:
        texts = composed_preview(kind, meeting, actor=request.actor)
    except Forbidden:
        raise
    except DomainError as exc:  # a text this meeting's records cannot give yet
        compose_error = exc
    return render(request, "web/publishing/publish.html", {
        "section": "meetings", "mt": meeting, "kind": kind, "kinds": _kind_labels(),
        "texts": list(texts.values()) if texts else [], "compose_error": compose_error,
        "saved": outcome_documents(meeting, actor=request.actor),
        "may_release": may_draft(request.actor), "error": error}, status=status)


@require_GET
@page
def publish(request, slug):
    """The composer: choose the kind, read it in every language, save, publish."""
    if not may_publish(request.actor):
        raise Forbidden(ONLY_PUBLISHERS)
    kind = check_kind(request.GET.get("kind") or KINDS[0])
    return _page(request, slug, kind)


@require_POST
@page
def save(request, slug, kind):
    """Save the composed text as a draft document (every language, paragraphs aligned)."""
    try:
        doc = composed_save(kind=kind, meeting=slug, acting_user=request.actor)
    except Forbidden:
        raise
    except DomainError as error:
        return _page(request, slug, kind, error, error.status)
    messages.success(request, _("Saved as {symbol}: members only until it is published.")
                     .format(symbol=doc.symbol))
    return redirect(reverse("web:meeting_publish", args=[slug]) + f"?kind={kind}")


@require_POST
@page
def release(request, symbol):
    """Publish a saved outcome text: it becomes public."""
    back = request.POST.get("meeting", "")
    try:
        doc = composed_publish(symbol=symbol,
                               expected_version=request.POST.get("expected_version") or None,
                               acting_user=request.actor)
    except Forbidden:
        raise
    except DomainError as error:
        if back:
            return _page(request, back, request.POST.get("kind") or KINDS[0], error,
                         error.status)
        raise
    messages.success(request, _("{symbol} is published: anyone can read and find it.")
                     .format(symbol=doc.symbol))
    if back:
        return redirect(reverse("web:meeting_publish", args=[back])
                        + f"?kind={request.POST.get('kind') or KINDS[0]}")
    return redirect("web:room", doc.symbol)


@require_GET
@page
def minutes(request, slug):
    """The minutes, assembled from the records: the meeting page loads them when opened."""
    meeting, text = data.minutes_text(slug, actor=request.actor, lang=ui_lang())
    template = ("web/publishing/_minutes.html" if request.headers.get("HX-Request") == "true"
                else "web/publishing/minutes.html")
    return render(request, template, {"section": "meetings", "mt": meeting, "text": text})
