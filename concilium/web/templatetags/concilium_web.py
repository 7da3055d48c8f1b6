"""Rendering helpers the templates call for the heavy parts of a page.

The negotiation room shows up to thousands of paragraphs: highlighting brackets and building
the positions matrix is done here in plain Python (escaped once, marked safe) rather than in
nested template loops, which would cost tens of microseconds per cell.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from concilium.organization.models import pick_name
from concilium.outcomes.exporters import FORMATS
from concilium.rules.negotiation import NotationError, bracket_spans
from concilium.web import room
from concilium.web.meetings_data import title_label
from concilium.web.views import typed_language

register = template.Library()


@register.filter
def highlight(text: str) -> str:
    """Paragraph text with every bracket and options group marked (nested groups nest)."""
    if not text:
        return ""
    if "[" not in text:
        return escape(text)
    return _highlight(text, get_language() or "en")


@lru_cache(maxsize=20_000)
def _highlight(text: str, language: str) -> str:
    """Parsing costs ~0.1 ms a paragraph; a room re-renders the same texts on every live
    event, so the markup is kept per (text, UI language) — texts are immutable strings."""
    try:
        spans = bracket_spans(text)
    except NotationError:
        return escape(text)
    opens: dict[int, list[str]] = {}
    closes: dict[int, int] = {}
    for start, end, kind in spans:
        label = _("bracketed text") if kind == "bracket" else _("alternative options")
        opens.setdefault(start, []).append(
            f'<mark class="{kind}"><span class="visually-hidden">{escape(label)}: </span>')
        closes[end] = closes.get(end, 0) + 1
    out = []
    last = 0
    points = sorted(set(opens) | set(closes))
    for point in points:
        out.append(escape(text[last:point]))
        out.append("</mark>" * closes.get(point, 0))
        out.extend(opens.get(point, ()))
        last = point
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


STANCE_SIGNS = {"agree": "✓", "view": "✓*", "not_participating": "–", "object": "✗"}


def stance_labels() -> dict[str, str]:
    return {
        "agree": pgettext("stance", "agrees"),
        "view": pgettext("stance", "agrees, with a view"),
        "not_participating": pgettext("stance", "does not participate"),
        "object": pgettext("stance", "objects"),
    }


@register.simple_tag
def positions_matrix(rows, states, names, *, rows_only: bool = False) -> str:
    """The states × paragraphs table: a sign and a word in each cell, reasons in a title.

    `rows` is [(number or None, {state: (stance, text)})]; `states` the column codes. Each
    row has the id `m-<number>` (`m-whole`), so that one row can be swapped alone;
    `rows_only` gives the rows without the table around them.
    """
    labels = stance_labels()
    silent = escape(_("no position"))
    head = "".join(
        f'<th scope="col"><abbr title="{escape(names.get(s, s))}">{escape(s)}</abbr></th>'
        for s in states)
    parts = ['<table class="matrix"><caption class="visually-hidden">',
             escape(_("Positions of the member states on each paragraph")),
             '</caption><thead><tr><th scope="col">', escape(_("Paragraph")), "</th>", head,
             "</tr></thead><tbody>"]
    header = len(parts)
    whole = escape(_("Whole document"))
    # Rows mostly repeat (every member agreeing): each distinct set of cells is rendered
    # once. `rows` keeps every cells dict alive for the call, so its id is a sound key.
    rendered: dict[int, str] = {}
    cell_html: dict[tuple[str, str] | None, str] = {
        None: f'<td><span class="muted" title="{silent}">·</span></td>'}
    for number, cells in rows:
        html = rendered.get(id(cells))
        if html is None:
            out = []
            for s in states:
                found = cells.get(s)
                cell = cell_html.get(found)
                if cell is None:
                    stance, text = found
                    label = escape(labels.get(stance, stance))
                    title = f"{label}: {escape(text)}" if text else label
                    cell = cell_html[found] = (
                        f'<td><span class="stance {escape(stance)}" title="{title}">'
                        f'{STANCE_SIGNS.get(stance, "?")}<span class="visually-hidden"> '
                        f"{label}</span></span></td>")
                out.append(cell)
            html = rendered[id(cells)] = "".join(out)
        oob = ' hx-swap-oob="true"' if rows_only else ""
        parts.append(f'<tr id="m-{"whole" if number is None else number}"{oob}>'
                     f'<th scope="row">{whole if number is None else number}</th>'
                     f"{html}</tr>")
    if rows_only:
        return mark_safe("".join(parts[header:]))
    parts.append("</tbody></table>")
    return mark_safe("".join(parts))


@register.simple_tag
def consensus_items(r, kind: str) -> str:
    """The objections ("object") or views ("view") of the room's consensus as list items,
    in Python (a long text can carry hundreds of them), kept like the room's other HTML per
    data version and UI language (see room.py). The same words and markup as

        <li data-paragraph="{{ number }}"><span class="stance object">✗</span>
        {% blocktranslate %}{{ state }} objects to
        paragraph {{ number }}:{% endblocktranslate %} {{ reason }}</li>
    """
    items = r.consensus.objections if kind == "object" else r.consensus.views
    return room.remembered(room.RENDERED, (*r.cache_key, f"consensus-{kind}", get_language()),
                           lambda: _consensus_items(items, kind))


@register.simple_tag
def paragraph_consensus_items(r, kind: str, number) -> str:
    """The objections or views of the room's consensus on paragraph `number` only, as
    `consensus_items` shows them: what a live event on that paragraph sends."""
    items = r.consensus.objections if kind == "object" else r.consensus.views
    if number in (None, ""):
        return ""
    return _consensus_items([i for i in items if i[1] == number], kind)


def _consensus_items(items, kind: str) -> str:
    if kind == "object":
        sign = '<span class="stance object">✗</span>'
        on_paragraph = _("%(state)s objects to paragraph %(number)s:")
        on_document = _("%(state)s objects to the document:")
    else:
        sign = '<span class="stance view">✓*</span>'
        on_paragraph = _("View of %(state)s on paragraph %(number)s:")
        on_document = _("View of %(state)s:")
    parts = []
    for state, number, text in items:
        said = (on_paragraph % {"state": escape(state), "number": escape(number)} if number
                else on_document % {"state": escape(state)})
        parts.append(f'<li data-paragraph="{escape(number or "")}">{sign} {said} '
                     f"{escape(text)}</li>")
    return mark_safe("".join(parts))


@register.filter
def lang_name(code: str) -> str:
    return {"en": _("English"), "ru": _("Russian"), "zh": _("Chinese")}.get(code, code)


@register.filter
def name_in(obj, lang: str) -> str:
    """A registry object's name in a language (`state|name_in:LANGUAGE_CODE`)."""
    return obj.name((lang or "en").split("-")[0]) if obj is not None else ""


@register.filter
def title_in(obj, lang: str) -> str:
    return obj.title((lang or "en").split("-")[0]) if obj is not None else ""


@register.filter
def names_in(names: dict, lang: str) -> str:
    return pick_name(names or {}, (lang or "en").split("-")[0])


@register.simple_tag
def stance_label(stance: str) -> str:
    return stance_labels().get(stance, stance)


@register.simple_tag
def typed_title_label() -> str:
    """The label of a one-language title field: "Title (Russian)" where it is taken as
    Russian (`views.typed_language`)."""
    return title_label(typed_language())


@register.filter
def text_or_dash(value) -> str:
    return conditional_escape(value) if value else "—"


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` — a dict lookup with a variable key (None when absent)."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def export_formats() -> list[tuple[str, str]]:
    """The export formats the outcomes app offers, as (name, label)."""
    return [(f.name, f.label) for f in FORMATS.values()]


@register.simple_tag
def room_matrix(r) -> str:
    """The room's positions matrix, kept per data version and UI language (see room.py)."""
    return room.remembered(room.RENDERED, (*r.cache_key, "matrix", get_language()),
                           lambda: positions_matrix(r.matrix_rows, r.members, r.names))


@register.simple_tag(takes_context=True)
def room_paragraphs(context, r) -> str:
    """The paragraphs of the room, rendered in Python (a thousand of them in a few ms).

    Same markup a template loop would give. The paragraphs are the same for everyone who
    may act (or may not), so their HTML is kept per data version, UI language and that
    choice (see room.py); pending proposals (few) carry the user's own buttons and form
    token, and go through their template on every render, spliced in where they belong.
    """
    key = (*r.cache_key, "text", get_language(), r.can_act)
    segments, points = room.remembered(room.RENDERED, key, lambda: _paragraph_segments(r))
    if not points:
        return mark_safe(segments[0])
    proposal_template = get_template("web/room/_proposal.html")
    flat = context.flatten()
    parts = [segments[0]]
    for key, segment in zip(points, segments[1:], strict=True):
        for prop in [*r.proposals.get(key, ()), *r.inserts.get(key, ())]:
            parts.append(proposal_template.render({**flat, "prop": prop, "r": r}))
        parts.append(segment)
    return mark_safe("".join(parts))


def _paragraph_segments(r) -> tuple[list[str], list[str]]:
    """The paragraphs' HTML cut where proposals go: (segments, the paragraph key before
    each cut); `len(segments) == len(points) + 1`. Each paragraph's HTML is kept by what it
    shows (room.ARTICLES), so after a write only the paragraphs that changed are rendered."""
    language = get_language() or "en"
    act_url = escape(reverse("web:act_form", args=[r.document.symbol]))
    query = escape(r.query)
    shown = tuple(r.shown_languages)
    context = (language, shown, bool(r.lang2), r.can_act, act_url, query)
    with_proposals = set(r.proposals) | set(r.inserts)
    words = None
    segments, points, parts = [], [], []
    for p in r.paragraphs:
        st = r.status_of.get(p.number) or "pending"
        texts = tuple((t.text, t.status) if t is not None else None
                      for t in map(p.texts.get, shown))
        key = (context, p.number, p.key, st, texts)
        article = room.ARTICLES.get(key)
        if article is None:
            if words is None:
                words = _article_words(r, shown)
            article = _article(p, st, texts, shown, words, r.can_act, act_url, query,
                               language)
            room.ARTICLES.put(key, article)
        head, tail = article
        parts.append(head)
        if p.key in with_proposals:
            segments.append("".join(parts))
            points.append(p.key)
            parts = []
        parts.append(tail)
    if not r.paragraphs:
        parts.append(f'<p class="muted">{escape(_("This document has no paragraphs yet."))}</p>')
    segments.append("".join(parts))
    return segments, points


@register.simple_tag(takes_context=True)
def room_paragraph(context, r, key) -> str:
    """One paragraph of the room with its pending proposals, as `room_paragraphs` shows it:
    what an open page fetches when a live event names that paragraph."""
    p = next((p for p in r.paragraphs if p.key == key), None)
    if p is None:
        return ""
    language = get_language() or "en"
    shown = tuple(r.shown_languages)
    act_url = escape(reverse("web:act_form", args=[r.document.symbol]))
    st = r.status_of.get(p.number) or "pending"
    texts = tuple((t.text, t.status) if t is not None else None
                  for t in map(p.texts.get, shown))
    head, tail = _article(p, st, texts, shown, _article_words(r, shown), r.can_act, act_url,
                          escape(r.query), language)
    proposal_template = get_template("web/room/_proposal.html")
    flat = context.flatten()
    props = [proposal_template.render({**flat, "prop": prop, "r": r})
             for prop in [*r.proposals.get(p.key, ()), *r.inserts.get(p.key, ())]]
    return mark_safe("".join([head, *props, tail]))


@register.simple_tag
def room_matrix_row(r, key) -> str:
    """The positions matrix's row of one paragraph, to be swapped out of band."""
    number = next((p.number for p in r.paragraphs if p.key == key), None)
    rows = [row for row in r.matrix_rows if row[0] is not None and row[0] == number]
    return positions_matrix(rows, r.members, r.names, rows_only=True) if rows else ""


def _article_words(r, shown) -> dict:
    """The fixed words of a paragraph's HTML, in the current UI language."""
    return {
        "status": {
            "agreed": "✓ " + escape(_("agreed")),
            "bracketed": "[ ] " + escape(_("bracketed")),
            "objected": "✗ " + escape(_("objected to")),
            "pending": "… " + escape(_("pending")),
        },
        "missing": '<em class="muted">' + escape(_("(no text in this language yet)")) + "</em>",
        "outdated": (' <span class="badge bracketed">' + escape(_("translation out of date"))
                     + "</span>"),
        "labels": {code: (f'<span class="visually-hidden">{escape(lang_name(code))}: </span>'
                          if r.lang2 else "") for code in shown},
        "act": _("Propose or take a position on paragraph %(n)s"),
    }


def _article(p, st, texts, shown, words, can_act, act_url, query, language):
    """One paragraph's HTML: (up to where its proposals go, the rest)."""
    parts = [f'<article class="para status-{st}" id="p-{p.number}" '
             f'data-key="{escape(p.key)}"><div class="para-head">'
             f'<span class="para-num">{p.number}.</span>'
             f'<span>{words["status"][st]}</span></div><div class="texts">']
    for code, t in zip(shown, texts, strict=True):
        if t is None or t[1] == "missing":
            body = words["missing"]
        else:
            text, status = t
            body = (("" if not text else _highlight(text, language) if "[" in text
                     else escape(text))
                    + (words["outdated"] if status == "outdated" else ""))
        parts.append(f'<div class="text" lang="{code}">{words["labels"][code]}{body}</div>')
    parts.append("</div>")
    tail = ""
    if can_act:
        label = escape(words["act"] % {"n": p.number})
        tail = (f'<div id="act-{p.number}"><button type="button" class="btn secondary small" '
                f'hx-get="{act_url}?paragraph={p.number}&amp;{query}" '
                f'hx-target="#act-{p.number}" hx-swap="innerHTML">{label}</button></div>')
    return "".join(parts), tail + "</article>"
