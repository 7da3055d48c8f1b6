"""The last two steps every write takes: an audit record, and a live event after commit."""

from __future__ import annotations

from concilium.audit.models import Action, AuditRecord
from concilium.audit.services import audit_append
from concilium.live.bus import publish_on_commit
from concilium.rules.permissions import Actor


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
