"""Certified true copies of adopted documents, issued by the Secretariat as depositary.

The copy carries the registry number and date and the depositary's statement, in the
language of the copy; a PDF copy carries the Secretariat's PAdES signature
(`outcomes.signing`). Every file issued is entered in the registry of certified copies with
its SHA-256 (`certified_copy_record`), so that `concilium verify` and the page /verify/ can
say of any file whether it is a genuine copy, and of which entry. Only a registered
(adopted) document can be certified.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import ValidationFailed
from concilium.core.services import record_change
from concilium.core.signing import sha256, sign_pdf
from concilium.outcomes.exporters.html import render_certified
from concilium.outcomes.exporters.pdf import html_to_pdf
from concilium.outcomes.exporters.text import ExportText
from concilium.outcomes.models import CertifiedCopy
from concilium.rules.permissions import Actor

NOT_REGISTERED = _(
    "certified: '{symbol}' has no registry entry; only an adopted document entered in the "
    "registry can be certified."
)
SIGNATURE_REASON = "Certified true copy of registry entry {number}"


def _check(text: ExportText) -> None:
    if not text.registry_number or text.registry_date is None:
        raise ValidationFailed(NOT_REGISTERED, field="certified", symbol=text.symbol)


def export_certified_pdf(text: ExportText, *, certified_on: dt.date | None = None) -> bytes:
    """The certified copy as PDF, signed by the Secretariat."""
    _check(text)
    pdf = html_to_pdf(render_certified(text, medium="pdf", certified_on=certified_on))
    return sign_pdf(pdf, reason=SIGNATURE_REASON.format(number=text.registry_number))


def export_certified_html(text: ExportText, *, certified_on: dt.date | None = None) -> bytes:
    _check(text)
    return render_certified(text, certified_on=certified_on).encode("utf-8")


@transaction.atomic
def certified_copy_record(*, data: bytes, text: ExportText, fmt: str,
                          acting_user: Actor) -> CertifiedCopy:
    """Enter an issued certified copy in the registry of copies, by its SHA-256.

    The same bytes issued twice are one entry (a signed PDF differs each time it is signed,
    so each issue of a PDF is its own entry)."""
    _check(text)
    digest = sha256(data)
    copy, created = CertifiedCopy.objects.get_or_create(sha256=digest, defaults={
        "registry_number": text.registry_number, "symbol": text.symbol, "lang": text.lang,
        "format": fmt, "size": len(data), "certified_on": dt.date.today(),
        "issued_by": acting_user.username or ""})
    if created:
        record_change(actor=acting_user, action=Action.CERTIFY, target_type="certified_copy",
                      target_id=copy.pk, summary={
                          "registry_number": copy.registry_number, "symbol": copy.symbol,
                          "lang": copy.lang, "format": fmt, "sha256": digest})
    return copy
