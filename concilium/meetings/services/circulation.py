"""Circulation: recording the day a document, at its current version, reached the member
states. The meeting's selectors compare it with the charter's circulation period."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.services import record_change
from concilium.meetings import models as m
from concilium.meetings.services.common import document_for_write, require
from concilium.rules.permissions import Actor, may_draft

ONLY_CIRCULATORS = _("Only the secretariat circulates documents.")


@transaction.atomic
def circulation_record(*, document: str, date=None, acting_user: Actor) -> m.Circulation:
    """Record that a document (at its current version) reached the member states on a date."""
    require(may_draft(acting_user), ONLY_CIRCULATORS)
    doc = document_for_write(document)
    day = parse_date(date, field="date", default=timezone.localdate())
    row = m.Circulation.objects.create(document=doc, date=day, version=doc.version,
                                       recorded_by=acting_user.username)
    record_change(actor=acting_user, action=Action.CIRCULATION, target_type="document",
                  target_id=doc.symbol, topic=doc.topic, audience=doc.classification,
                  summary={"circulated": day, "version": doc.version})
    return row
