"""Rendering helpers the templates call for the heavy parts of a page.

The negotiation room shows up to thousands of paragraphs: highlighting brackets and building
the positions matrix is done here in plain Python (escaped once, marked safe) rather than in
nested template loops, which would cost tens of microseconds per cell. The room's own tags
(its paragraphs, matrix and consensus lists, whole or in parts) are in `room_html`.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from concilium.organization.models import pick_name
from concilium.outcomes.exporters import FORMATS
from concilium.rules.negotiation import NotationError, bracket_spans
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
def matrix_cell(found: tuple[str, str] | None, labels: dict[str, str]) -> str:
    """One cell of the positions matrix: a state's (stance, text) on a paragraph, or None."""
    if found is None:
        return f'<td><span class="muted" title="{escape(_("no position"))}">·</span></td>'
    stance, text = found
    label = escape(labels.get(stance, stance))
    title = f"{label}: {escape(text)}" if text else label
    return (f'<td><span class="stance {escape(stance)}" title="{title}">'
            f'{STANCE_SIGNS.get(stance, "?")}<span class="visually-hidden"> '
            f"{label}</span></span></td>")


def positions_matrix(rows, states, names, *, rows_only: bool = False, oob: bool | None = None,
                     after_rows: str = "") -> str:
    """The states × paragraphs table: a sign and a word in each cell, reasons in a title.

    `rows` is [(number or None, {state: (stance, text)})]; `states` the column codes. Each
    row has the id `m-<number>` (`m-whole`), so that one row can be swapped alone;
    `rows_only` gives the rows without the table around them, each to be swapped out of
    band unless `oob` is False; `after_rows` goes after the table's first body (the bodies
    of the rows still to come).
    """
    oob = rows_only if oob is None else oob
    labels = stance_labels()
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
    swap = ' hx-swap-oob="true"' if oob else ""
    cell_html: dict[tuple[str, str] | None, str] = {None: matrix_cell(None, labels)}
    for number, cells in rows:
        html = rendered.get(id(cells))
        if html is None:
            out = []
            for s in states:
                found = cells.get(s)
                cell = cell_html.get(found)
                if cell is None:
                    cell = cell_html[found] = matrix_cell(found, labels)
                out.append(cell)
            html = rendered[id(cells)] = "".join(out)
        parts.append(f'<tr id="m-{"whole" if number is None else number}"{swap}>'
                     f'<th scope="row">{whole if number is None else number}</th>'
                     f"{html}</tr>")
    if rows_only:
        return mark_safe("".join(parts[header:]))
    parts.append(f"</tbody>{after_rows}</table>")
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
