"""Appending to the audit chain and checking it.

Each append lists the history rows its write created (`history.drain`) and, once the
transaction commits, signs the new head into the checkpoints file (`checkpoints`).
`audit_verify` walks the chain, holds it to the latest signed checkpoint (so cutting off
the newest records, or all of them, shows) and checks every history row against its record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from concilium.audit import checkpoints, history
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
CUT_SHORT = gettext_noop("record missing: the chain ends before the signed checkpoint")
CHECKPOINT_MISMATCH = gettext_noop("record differs from the signed checkpoint")
CHECKPOINT_FORGED = gettext_noop("a checkpoint's signature does not hold")
HISTORY_UNRECORDED = gettext_noop("a history row has no audit record")
HISTORY_CHANGED = gettext_noop("a history row differs from its audit record")


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
    summary = dict(summary or {})
    rows = history.drain()
    if rows:
        summary["rows"] = rows
    fields = {
        "seq": seq, "at": timezone.now(), "actor": actor.username or "public",
        "role": str(actor.role), "acting_for": acting_for or actor.state or "",
        "on_behalf": on_behalf, "action": str(action), "target_type": target_type,
        "target_id": str(target_id), "topic": topic, "summary": _jsonable(summary),
        "prev_hash": prev_hash,
    }
    record = AuditRecord.objects.create(**fields, hash=record_hash(**fields))
    checkpoints.checkpoint_on_commit(record.seq, record.hash)
    return record


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    broken_seq: int | None = None
    problem: str = ""
    checkpoint_seq: int | None = None  # the signed head the chain was held to
    detail: str = ""


def _walk(checkpoint) -> ChainReport:
    cp_seq = checkpoint.seq if checkpoint else None
    prev, count, expected_seq = GENESIS, 0, 1
    for r in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
        if r.seq != expected_seq:
            return ChainReport(False, count, expected_seq, RECORD_MISSING, cp_seq)
        if r.prev_hash != prev:
            return ChainReport(False, count, r.seq, LINK_BROKEN, cp_seq)
        computed = record_hash(
            seq=r.seq, at=r.at, actor=r.actor, role=r.role, acting_for=r.acting_for,
            on_behalf=r.on_behalf, action=r.action, target_type=r.target_type,
            target_id=r.target_id, topic=r.topic, summary=r.summary, prev_hash=r.prev_hash,
        )
        if computed != r.hash:
            return ChainReport(False, count, r.seq, CONTENT_CHANGED, cp_seq)
        if r.seq == cp_seq and r.hash != checkpoint.hash:
            return ChainReport(False, count, r.seq, CHECKPOINT_MISMATCH, cp_seq)
        prev, count, expected_seq = r.hash, count + 1, expected_seq + 1
    if cp_seq is not None and count < cp_seq:
        return ChainReport(False, count, count + 1, CUT_SHORT, cp_seq,
                           detail=f"#{count + 1}-#{cp_seq}")
    return ChainReport(True, count, checkpoint_seq=cp_seq)


def audit_verify() -> ChainReport:
    """Walk the chain in order and hold it to the latest signed checkpoint; then check that
    every history row has its audit record. Reports the first problem found."""
    read = checkpoints.latest_checkpoint()
    with transaction.atomic():
        report = _walk(read.latest)
        if not report.ok:
            return report
        if read.forged_seq is not None:
            return ChainReport(False, report.count, read.forged_seq, CHECKPOINT_FORGED,
                               report.checkpoint_seq)
        found = history.history_problem()
    if found is not None:
        problem = HISTORY_UNRECORDED if found.problem == history.UNRECORDED else HISTORY_CHANGED
        return ChainReport(False, report.count, found.seq, problem, report.checkpoint_seq,
                           detail=f"{found.model} #{found.pk}")
    return report
