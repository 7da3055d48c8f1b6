"""GET /api/search: the archive search, as the caller may read it."""

from __future__ import annotations

from ninja import Router, Schema

from concilium.accounts.auth import actor_of
from concilium.search import selectors

router = Router(tags=["search"])


class ResultOut(Schema):
    kind: str
    symbol: str
    paragraph: int | None
    meeting: str
    lang: str
    snippet: str
    rank: float


class SearchOut(Schema):
    q: str
    results: list[ResultOut]


@router.get("/search", response=SearchOut, summary="Search documents, paragraphs and decisions")
def search(request, q: str = "", lang: str = "", body: str = "", type: str = "",
           year: str = "", status: str = "", limit: int = selectors.DEFAULT_LIMIT):
    """Every word of `q` must occur (Russian and English in any word form, Chinese as a
    substring). Filters: `lang` (one of the charter's languages; another is a
    422), `body` (slug), `type` (document type slug),
    `year`, `status`. Snippets are HTML with matches in `<mark>`. An empty `q` is a 422."""
    results = selectors.search(actor=actor_of(request), q=q, lang=lang or None,
                               body=body or None, doc_type=type or None, year=year or None,
                               status=status or None, limit=limit)
    return {"q": q, "results": [r.as_dict() for r in results]}
