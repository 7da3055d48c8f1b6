"""Composers: the press release, communique (or declaration skeleton) and minutes of a
meeting, written from its records in each of the organization's languages.

`compose` gives a `ComposedText` (title and paragraphs) in one language; `render` turns it
into txt or any export format; `composed_save` stores it as a draft document.
"""

from __future__ import annotations

from concilium.core.errors import ValidationFailed
from concilium.outcomes.composer.compose import (
    KINDS,
    ComposedText,
    check_kind,
    compose,
    compose_all,
    template_names,
)
from concilium.outcomes.composer.services import DOC_TYPES, composed_publish, composed_save
from concilium.outcomes.exporters import get_format

TEXT_FORMATS = ("txt",)


def render(text: ComposedText, fmt: str = "txt") -> tuple[bytes, str, str]:
    """The text as (content, content type, file name) in `fmt`: txt, html, pdf, docx, akn.

    Pure: everything it writes was gathered with the text (`records.gather`); no query."""
    name = (fmt or "txt").strip().lower()
    kind = f"{text.kind}-{text.note}" if text.note else text.kind
    stem = f"{text.meeting}.{kind}.{text.lang}"
    if name == "txt":
        return text.as_text().encode("utf-8"), "text/plain; charset=utf-8", f"{stem}.txt"
    try:
        chosen = get_format(name)
    except ValidationFailed as error:
        error.params["known"] = "txt, " + error.params.get("known", "")
        raise
    return chosen.text(text.export_text()), chosen.content_type, f"{stem}.{chosen.extension}"


__all__ = ["DOC_TYPES", "KINDS", "ComposedText", "check_kind", "compose", "compose_all",
           "composed_publish", "composed_save", "render", "template_names"]
