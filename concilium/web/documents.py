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
from django.views.decorators.http import require_GET

from concilium.rules.permissions import may_draft
from concilium.web import catalogue
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
        "clear": _query({}, data.sort)})
