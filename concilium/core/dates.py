"""Parsing dates from people: one message that says which field and which format."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed

BAD_DATE = _("{field}: '{value}' is not a date; write it as YYYY-MM-DD.")


def parse_date(value: str | dt.date | None, *, field: str, default: dt.date | None = None):
    if value is None or value == "":
        return default
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(BAD_DATE, field=field, value=value) from None
