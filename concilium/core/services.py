"""What every write shares: the stale-version check, the audit record, and the live event
announced after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action, AuditRecord
from concilium.audit.services import audit_append
from concilium.core.bus import publish_on_commit
from concilium.core.errors import STALE_VERSION, Conflict, ValidationFailed
from concilium.rules.permissions import Actor

BAD_VERSION = _("expected_version: '{value}' is not a version number.")
log = logging.getLogger(__name__)

_record_hooks: list[tuple[Callable[[AuditRecord], None], frozenset[str] | None,
                         Callable[[], bool] | None]] = []


def add_record_hook(hook: Callable[[AuditRecord], None], *,
                    actions: Collection[str] | None = None,
                    when: Callable[[], bool] | None = None) -> None:
    """Run `hook(record)` for every audit record (or only those of `actions`), inside the
    writing transaction.

    For derived data that must change with the write (the search index, who is told of
    it): a hook sees the record and the rows the write made, and its own writes commit or
    roll back with them. A hook that fails is logged and undone alone (a savepoint); the
    write goes on, and the hook's owner must catch up later by itself (search drains the
    audit log before reading). `actions` spares the other writes the savepoint's two
    queries, and so does `when()` (a read, asked first) when it says there is nothing to
    do. Registered once, from an app's `ready()`.
    """
    if all(known is not hook for known, _wanted, _when in _record_hooks):
        _record_hooks.append((hook, frozenset(map(str, actions)) if actions else None, when))


def _run_record_hooks(record: AuditRecord) -> None:
    for hook, wanted, when in _record_hooks:
        if wanted is not None and str(record.action) not in wanted:
            continue
        try:
            if when is not None and not when():
                continue
            with transaction.atomic():
                hook(record)
        except Exception:  # derived data must never fail the write
            log.exception("record hook %s failed on #%s", hook, record.seq)


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
    audience: str = "",
) -> AuditRecord:
    """Append the audit record and queue the live event that announces it once committed.

    `audience` is the classification of what changed (a document's): streams that follow
    every document receive the event only when their actor may read that level. The event
    names the paragraph (its key) when the write changed one, so that an open page fetches
    that paragraph alone.
    """
    record = audit_append(
        actor=actor, action=action, target_type=target_type, target_id=target_id,
        summary=summary, topic=topic, acting_for=acting_for, on_behalf=on_behalf,
    )
    _run_record_hooks(record)
    if topic:
        publish_on_commit(
            id=record.seq, topic=topic, kind=str(action),
            data=event_data(target_type, target_id, summary, audience),
        )
    return record


MAX_NAMED = 5  # paragraphs an event names one by one; more, and it names the whole text


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def event_data(target_type: str, target_id, summary: dict | None, audience: str = "") -> dict:
    """What a live event says about a write, beside its topic and kind.

    It names what an open page must fetch again, the least that shows the change: one
    paragraph (`paragraph`, its key, or `number`), a few (`numbers`), or the whole text's
    standing after a position on it (`whole`, the state); else nothing, and the page
    fetches its parts whole. `proposals`: the proposals whose rows changed (made, decided,
    superseded). `version` lets the page's forms carry the document's new version without
    being fetched again.
    """
    data = {"target_type": target_type, "target_id": str(target_id)}
    summary = summary or {}
    paragraph = summary.get("paragraph")  # its key (text edits) or number (positions)
    if summary.get("renumbered"):  # every later paragraph's number moved: the whole text
        paragraph = None
    if isinstance(paragraph, str):
        data["paragraph"] = paragraph
    elif _is_int(paragraph):
        data["number"] = paragraph
    numbers = summary.get("translation")  # the numbers of the paragraphs it changed
    if (isinstance(numbers, list) and 0 < len(numbers) <= MAX_NAMED
            and all(map(_is_int, numbers))):
        data["numbers"] = numbers
    proposals = [summary.get("proposal"), *(summary.get("superseded") or ())]
    if _is_int(proposals[0]) and all(map(_is_int, proposals)):  # made, decided, superseded
        data["proposals"] = proposals
    if _is_int(summary.get("version")):  # the document's version after the write
        data["version"] = summary["version"]
    if summary.get("whole"):  # a position on the whole text: by which state
        data["whole"] = str(summary.get("state") or "")
    if audience:
        data["audience"] = str(audience)
    return data
