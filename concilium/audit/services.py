"""Appending to the audit chain and checking it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from concilium.audit.models import Action, AuditRecord
from concilium.rules.permissions import Actor

GENESIS = "0" * 64
# An arbitrary constant naming the advisory lock that serialises appends on PostgreSQL.
_CHAIN_LOCK = 727_001
NOT_IN_TRANSACTION = "audit_append must run inside the service's transaction"
# The problems `audit verify` reports (translated where they are shown).
RECORD_MISSING = gettext_noop("record missing")
LINK_BROKEN = gettext_noop("link to the previous record broken")
CONTENT_CHANGED = gettext_noop("content changed after it was recorded")


def _jsonable(value):
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def record_hash(*, seq, at, actor, role, acting_for, on_behalf, action, target_type, target_id,
                topic, summary, prev_hash) -> str:
    """SHA-256 over a canonical JSON of the record's content and its predecessor's hash."""
    payload = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), actor, role, acting_for, on_behalf, action,
         target_type, target_id, topic, summary, prev_hash],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: the service's IMMEDIATE transaction already holds the only write lock.


def audit_append(
    *, actor: Actor, action: Action, target_type: str, target_id, summary: dict | None = None,
    topic: str = "", acting_for: str | None = None, on_behalf: bool = False,
) -> AuditRecord:
    """Append one record to the chain, inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError(NOT_IN_TRANSACTION)
    _lock_chain()
    last = AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    fields = {
        "seq": seq, "at": timezone.now(), "actor": actor.username or "public",
        "role": str(actor.role), "acting_for": acting_for or actor.state or "",
        "on_behalf": on_behalf, "action": str(action), "target_type": target_type,
        "target_id": str(target_id), "topic": topic, "summary": _jsonable(summary or {}),
        "prev_hash": prev_hash,
    }
    return AuditRecord.objects.create(**fields, hash=record_hash(**fields))


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    broken_seq: int | None = None
    problem: str = ""


def audit_verify() -> ChainReport:
    """Walk the chain in order; report the first record whose hash or link does not hold."""
    prev, count, expected_seq = GENESIS, 0, 1
    with transaction.atomic():
        for r in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
            if r.seq != expected_seq:
                return ChainReport(False, count, expected_seq, RECORD_MISSING)
            if r.prev_hash != prev:
                return ChainReport(False, count, r.seq, LINK_BROKEN)
            computed = record_hash(
                seq=r.seq, at=r.at, actor=r.actor, role=r.role, acting_for=r.acting_for,
                on_behalf=r.on_behalf, action=r.action, target_type=r.target_type,
                target_id=r.target_id, topic=r.topic, summary=r.summary, prev_hash=r.prev_hash,
            )
            if computed != r.hash:
                return ChainReport(False, count, r.seq, CONTENT_CHANGED)
            prev, count, expected_seq = r.hash, count + 1, expected_seq + 1
    return ChainReport(True, count)
