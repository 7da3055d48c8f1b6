"""Circulation: recording the day a document, at its current version, reached the member
states. The meeting's selectors compare it with the charter's circulation period.

Circulating to a meeting (`meeting_circulate`) measures each document against the
meeting's deadline first (`rules.circulation`): a late circulation is allowed, but only
once the officer has seen that it is late and says so (`accept_late`); nothing is recorded
otherwise.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import ValidationFailed
from concilium.core.services import record_change
from concilium.meetings import models as m
from concilium.meetings.services.common import document_for_write, meeting_for_write, require
from concilium.organization import selectors as org
from concilium.rules.circulation import timeliness
from concilium.rules.permissions import Actor, may_draft

ONLY_CIRCULATORS = _("Only the secretariat circulates documents.")
NOTHING_TO_CIRCULATE = _("documents: choose at least one document on the agenda.")
NOT_ON_AGENDA = _("documents: '{symbol}' is not on the agenda of '{slug}'.")
LATE_NOT_ACCEPTED = _(
    "accept_late: {symbols} would reach the members after the deadline of {deadline} "
    "({days} days before the meeting); confirm that you circulate late.")


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


@transaction.atomic
def meeting_circulate(*, meeting: str, documents: list[str], date=None,
                      accept_late: bool = False, acting_user: Actor) -> list[m.Circulation]:
    """Circulate documents on a meeting's agenda on `date` (default today), each at its
    current version; refused while any would be late and `accept_late` is not given."""
    require(may_draft(acting_user), ONLY_CIRCULATORS)
    row = meeting_for_write(meeting)
    symbols = list(dict.fromkeys(s.strip() for s in (documents or []) if s and s.strip()))
    if not symbols:
        raise ValidationFailed(NOTHING_TO_CIRCULATE, field="documents")
    day = parse_date(date, field="date", default=timezone.localdate())
    on_agenda = set(row.agenda.values_list("documents__symbol", flat=True))
    for symbol in symbols:
        if symbol not in on_agenda:
            raise ValidationFailed(NOT_ON_AGENDA, field="documents", symbol=symbol,
                                   slug=row.slug)
    days = org.charter().circulation_days
    when = timeliness(row.start, day, days)
    if when.late and not accept_late:
        raise ValidationFailed(LATE_NOT_ACCEPTED, field="accept_late",
                               symbols=", ".join(symbols), deadline=when.deadline, days=days)
    out = []
    for symbol in symbols:
        doc = document_for_write(symbol, "documents")
        out.append(m.Circulation.objects.create(document=doc, date=day, version=doc.version,
                                                recorded_by=acting_user.username))
        record_change(actor=acting_user, action=Action.CIRCULATION, target_type="document",
                      target_id=doc.symbol, topic=row.topic,
                      summary={"circulated": day, "version": doc.version,
                               "meeting": row.slug, "deadline": when.deadline,
                               "days_late": when.days_late})
    return out
