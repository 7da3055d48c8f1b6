"""What every write shares: the stale-version check, the audit record, and the live event
announced after commit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action, AuditRecord
from concilium.audit.services import audit_append
from concilium.core.bus import publish_on_commit
from concilium.core.errors import STALE_VERSION, Conflict, ValidationFailed
from concilium.rules.permissions import Actor

BAD_VERSION = _("expected_version: '{value}' is not a version number.")


def check_version(obj, expected, *, kind) -> None:
    """Refuse a write made against a stale version of `obj` (a document, a meeting).

    `expected` is the version the client saw (None: the client did not say); `obj.version`
    is the current one, and `str(obj)` names it in the message.
    """
    if expected is None:
        return
    try:
        sent = int(expected)
    except (TypeError, ValueError):
        raise ValidationFailed(BAD_VERSION, field="expected_version", value=expected) from None
    if sent != obj.version:
        raise Conflict(STALE_VERSION, field="expected_version", kind=kind, key=str(obj),
                       sent=sent, current=obj.version)


def record_change(
    *, actor: Actor, action: Action, target_type: str, target_id, topic: str = "",
    summary: dict | None = None, acting_for: str | None = None, on_behalf: bool = False,
) -> AuditRecord:
    """Append the audit record and queue the live event that announces it once committed."""
    record = audit_append(
        actor=actor, action=action, target_type=target_type, target_id=target_id,
        summary=summary, topic=topic, acting_for=acting_for, on_behalf=on_behalf,
    )
    if topic:
        publish_on_commit(
            id=record.seq, topic=topic, kind=str(action),
            data={"target_type": target_type, "target_id": str(target_id)},
        )
    return record
