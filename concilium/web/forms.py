"""Showing a service's refusal beside the form field it names.

Services name the field of their input in `DomainError.field` ("titles.en",
"paragraphs.3.en", "state"); a page maps the first part to its own form field (through
`aliases` where the names differ) and shows the message there, the rest above the form.
"""

from __future__ import annotations

from concilium.core.errors import DomainError

GENERAL = "general"


def form_errors(error: DomainError, fields, aliases: dict[str, str] | None = None
                ) -> dict[str, str]:
    """{form field: message} for one refusal; GENERAL when no field of the form fits."""
    name = (error.field or "").split(".")[0]
    name = (aliases or {}).get(name, name)
    return {name if name in fields else GENERAL: error.message}


def int_or_none(value) -> int | None:
    """A form's number (the version the user saw); None when absent or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
