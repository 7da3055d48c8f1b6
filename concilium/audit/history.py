"""Business history tied to the audit chain: each history row's content hash is in the
audit record of the write that made it.

Positions, proposals, decisions and document versions are the institution's memory. A
service that creates one calls `note(row)`; the next `audit_append` of the same
transaction lists every noted row (`summary["rows"]`: model, primary key, SHA-256 of its
content), inside the hashed chain. `history_problem` then finds a row with no record, or
whose content no longer matches it: a row slipped in or edited behind the services' back.
Apps declare their history models with `register` (in `AppConfig.ready`), naming the
fields a later step may fill in (a proposal's decision), which the hash leaves out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from concilium.audit.models import AuditRecord


@dataclass(frozen=True)
class HistoryModel:
    model: type
    fields: tuple[str, ...]  # attnames hashed, in a fixed order

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_REGISTRY: dict[str, HistoryModel] = {}


def register(model, *, filled_in_later: tuple[str, ...] = ()) -> None:
    """Declare `model` as append-only history tied to the audit chain."""
    names = [f.name for f in model._meta.concrete_fields if f.name not in filled_in_later]
    attnames = tuple(model._meta.get_field(n).attname for n in names)
    spec = HistoryModel(model, attnames)
    _REGISTRY[spec.label] = spec


def registered() -> list[HistoryModel]:
    return list(_REGISTRY.values())


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_hash(obj) -> str:
    """SHA-256 of a history row's content: its registered fields as canonical JSON."""
    spec = _REGISTRY[obj._meta.label_lower]
    values = {name: _plain(getattr(obj, name)) for name in spec.fields}
    # A round trip through JSON makes what is in memory look as it reads back (tuples →
    # lists, keys → strings), so a row hashes the same before and after it is stored.
    canonical = json.dumps(json.loads(json.dumps(values, default=str)), sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Pending:
    """Rows noted in the current transaction. Valid while its on-commit marker is still
    queued: a rollback discards the marker, and with it these rows."""

    def __init__(self):
        self.rows: list = []

    def __call__(self):  # the on-commit marker: after commit the list starts afresh
        self.rows = []


def _pending(create: bool) -> _Pending | None:
    pending = getattr(connection, "_concilium_history", None)
    queued = pending is not None and any(
        entry[1] is pending for entry in connection.run_on_commit)
    if queued:
        return pending
    if not create:
        return None
    pending = _Pending()
    transaction.on_commit(pending)
    connection._concilium_history = pending
    return pending


def note(obj) -> None:
    """Mark a new history row for the audit record its service appends next."""
    _pending(create=True).rows.append(obj)


def drain() -> list[dict]:
    """The noted rows as `{"model", "pk", "sha256"}`, and forget them."""
    pending = _pending(create=False)
    if pending is None or not pending.rows:
        return []
    rows, pending.rows = pending.rows, []
    return [{"model": obj._meta.label_lower, "pk": obj.pk, "sha256": row_hash(obj)}
            for obj in rows]


@dataclass(frozen=True)
class HistoryProblem:
    model: str
    pk: int
    problem: str
    seq: int | None = None


UNRECORDED = "no audit record"
DIFFERS = "content differs from its audit record"


def history_problem() -> HistoryProblem | None:
    """The first history row without its audit record, or whose content has changed."""
    claims: dict[tuple[str, str], tuple[str, int]] = {}
    for seq, summary in (AuditRecord.objects.filter(summary__has_key="rows")
                         .order_by("seq").values_list("seq", "summary").iterator(2000)):
        for row in summary.get("rows") or []:
            claims[(row["model"], str(row["pk"]))] = (row["sha256"], seq)
    for spec in registered():
        for obj in spec.model.objects.order_by("pk").iterator(2000):
            claim = claims.get((spec.label, str(obj.pk)))
            if claim is None:
                return HistoryProblem(spec.label, obj.pk, UNRECORDED)
            if claim[0] != row_hash(obj):
                return HistoryProblem(spec.label, obj.pk, DIFFERS, claim[1])
    return None
