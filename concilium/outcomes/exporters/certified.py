"""Certified true copies of adopted documents, issued by the Secretariat as depositary.

The copy carries the registry number and date and the depositary's statement, in the
language of the copy. Only a registered (adopted) document can be certified.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed
from concilium.outcomes.exporters.html import render_certified
from concilium.outcomes.exporters.pdf import html_to_pdf
from concilium.outcomes.exporters.text import ExportText

NOT_REGISTERED = _(
    "certified: '{symbol}' has no registry entry; only an adopted document entered in the "
    "registry can be certified."
)


def _check(text: ExportText) -> None:
    if not text.registry_number or text.registry_date is None:
        raise ValidationFailed(NOT_REGISTERED, field="certified", symbol=text.symbol)


def export_certified_pdf(text: ExportText, *, certified_on: dt.date | None = None) -> bytes:
    _check(text)
    return html_to_pdf(render_certified(text, medium="pdf", certified_on=certified_on))


def export_certified_html(text: ExportText, *, certified_on: dt.date | None = None) -> bytes:
    _check(text)
    return render_certified(text, certified_on=certified_on).encode("utf-8")
