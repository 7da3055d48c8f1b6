"""The negotiation room's long parts, rendered in plain Python: its paragraphs, positions
matrix and consensus lists, whole or in parts.

A room of thousands of paragraphs answers first with the first `room.FIRST_PART` paragraphs
and their matrix rows, then the browser fetches the rest `room.PART` at a time, each part as
soon as the one before is in (hx-trigger="load"), so the whole text is soon in the page for
search, links to a paragraph and the keyboard; `?whole=1` gives it in one answer (and a link
offers it where scripts do not run). A live refresh of the text or matrix gets them whole.
"""

from __future__ import annotations

import html

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concilium.web import room
from concilium.web.templatetags.concilium_web import (
    _highlight,
    lang_name,
    matrix_cell,
    positions_matrix,
    stance_labels,
)

register = template.Library()


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
    if number == "whole":  # those on the whole text, which name no paragraph
        return _consensus_items([i for i in items if i[1] is None], kind)
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
    for state, number, text in items:  # html.escape: what Django's gives, without its
        state = html.escape(str(state))  # lazy-string check per call (hundreds of items)
        said = (on_paragraph % {"state": state, "number": number} if number
                else on_document % {"state": state})
        parts.append(f'<li data-paragraph="{number or ""}">{sign} {said} '
                     f"{html.escape(str(text))}</li>")
    return mark_safe("".join(parts))


@register.simple_tag
def room_matrix(r, stop=None) -> str:
    """The room's positions matrix, kept per data version and UI language (see room.py):
    the row on the whole text and those of the paragraphs before index `stop` (all when
    None), then an empty body for each later part, which that part's answer fills."""
    if stop is None or stop >= len(r.paragraphs):
        return room.remembered(room.RENDERED, (*r.cache_key, "matrix", get_language()),
                               lambda: positions_matrix(r.matrix_rows, r.members, r.names))
    later = "".join(
        f'<tbody id="m-part-{start}"><tr><td colspan="{len(r.members) + 1}" class="muted">'
        f"{escape(_part_label(r, start, end))}</td></tr></tbody>"
        for start, end in room.parts(len(r.paragraphs), stop))
    return room.remembered(
        room.RENDERED, (*r.cache_key, "matrix", stop, get_language()),
        lambda: positions_matrix(r.matrix_rows[:1] + _rows_of(r, 0, stop), r.members,
                                 r.names, after_rows=later))


@register.simple_tag
def room_matrix_part(r, start, stop) -> str:
    """The matrix rows of the paragraphs from index `start` to `stop`, in the body that
    waited for them (swapped out of band)."""
    rows = positions_matrix(_rows_of(r, start, stop), r.members, r.names, rows_only=True,
                            oob=False)
    return mark_safe(f'<tbody id="m-part-{start}" hx-swap-oob="true">{rows}</tbody>')


def _rows_of(r, start, stop) -> list:
    """The matrix rows of the paragraphs from index `start` to `stop`, in the text's order."""
    numbers = {p.number for p in r.paragraphs[start:stop]}
    return [row for row in r.matrix_rows if row[0] is not None and row[0] in numbers]


@register.simple_tag
def room_part_next(r, stop) -> str:
    """Where the paragraphs from index `stop` on will come (nothing when there are none):
    they are fetched as soon as this is in the page; without scripts, a link to the whole
    text."""
    if stop is None or stop >= len(r.paragraphs):
        return ""
    start, end = next(iter(room.parts(len(r.paragraphs), stop)))
    base = reverse("web:room_fragment",
                   args=["part", r.document.symbol])
    whole = reverse("web:room", args=[r.document.symbol])
    first = r.paragraphs[start].number
    return mark_safe(
        f'<div id="part-{start}" class="para-part muted" role="status" '
        f'hx-get="{escape(base)}?{escape(r.query)}&amp;start={start}" hx-trigger="load" '
        f'hx-swap="outerHTML">{escape(_part_label(r, start, end))} '
        f'<a href="{escape(whole)}?{escape(r.query)}&amp;whole=1#p-{first}">'
        f'{escape(_("Show the whole text at once"))}</a></div>')


def _part_label(r, start, end) -> str:
    return _("Paragraphs %(first)s to %(last)s are on their way…") % {
        "first": r.paragraphs[start].number, "last": r.paragraphs[end - 1].number}


@register.simple_tag(takes_context=True)
def room_paragraphs(context, r, start=0, stop=None) -> str:
    """The paragraphs of the room from index `start` to `stop` (all when None), rendered in
    Python (a thousand of them in a few ms).

    Same markup a template loop would give. The paragraphs are the same for everyone who
    may act (or may not), so their HTML is kept per data version, UI language and that
    choice (see room.py); pending proposals (few) carry the user's own buttons and form
    token, and go through their template on every render, spliced in where they belong.
    """
    key = (*r.cache_key, "text", start, stop, get_language(), r.can_act)
    segments, points = room.remembered(room.RENDERED, key,
                                       lambda: _paragraph_segments(r, start, stop))
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


def _paragraph_segments(r, start=0, stop=None) -> tuple[list[str], list[str]]:
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
    for p in r.paragraphs[start:stop]:
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


STATUS_CODES = {"agreed": "a", "bracketed": "b", "objected": "o", "pending": "p"}


@register.simple_tag
def room_standing(r, states) -> str:
    """What a position on the whole text changes beyond the consensus: the row on the whole
    text (out of band) and, in a `#standing-delta` swapped out of band, the columns of
    `states` and every paragraph's status, a character per paragraph (the whole text's
    positions carry to each paragraph, see documents/standing.py).

    A few KB at a thousand paragraphs where the matrix and text whole are hundreds: the
    distinct cells of each column come once, and `data-cells` gives each paragraph's, in
    the text's order, as an index into them; `data-statuses` each paragraph's status, as
    the letters of `STATUS_CODES`, whose words come once. live.js puts them in place.
    """
    labels = stance_labels()
    rows = r.matrix_rows[1:]
    numbers = [n for n, _cells in rows]
    parts = ["<template>",
             positions_matrix(r.matrix_rows[:1], r.members, r.names, rows_only=True),
             '</template><div id="standing-delta" hx-swap-oob="true" hidden data-numbers="',
             escape(_number_runs(numbers)), '" data-statuses="',
             "".join(STATUS_CODES[r.status_of.get(n) or "pending"] for n in numbers), '">']
    words = _article_words(r, ())["status"]
    parts += [f'<span data-status="{st}" data-code="{code}">{words[st]}</span>'
              for st, code in STATUS_CODES.items()]
    for state in states:
        if state not in r.members:
            continue
        cells: dict = {}
        index = "".join(_cell_code(cells.setdefault(row[1].get(state), len(cells)))
                        for row in rows)
        parts.append(f'<template data-state="{escape(state)}" '
                     f'data-column="{r.members.index(state) + 1}" data-cells="{index}">'
                     f'<table><tr>{"".join(matrix_cell(c, labels) for c in cells)}</tr>'
                     "</table></template>")
    parts.append("</div>")
    return mark_safe("".join(parts))


def _cell_code(index: int) -> str:
    """A cell's index as one character (a column has a few distinct cells: stances × texts)."""
    return chr(48 + index) if index < 75 else "~"  # "~": beyond, shown from the matrix


def _number_runs(numbers) -> str:
    """Paragraph numbers as runs: "1-1000" (or "1-40,42-1000" around a gap)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)
