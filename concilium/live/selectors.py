"""Reads for the live streams: which topics an actor may follow, and the events to replay."""

from __future__ import annotations

import functools
import json
import threading
import time

from django.db import connection
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import AuditRecord
from concilium.core.bus import Event
from concilium.core.errors import ValidationFailed
from concilium.core.services import event_data
from concilium.documents.selectors import document_get
from concilium.meetings.selectors import meeting_get
from concilium.rules.permissions import Actor, Classification, may_read

MAX_TOPICS = 20
REPLAY_LIMIT = 1_000
NO_TOPICS = _("topics: name at least one topic, e.g. document:SCO/CFM/2020/1.")
TOO_MANY_TOPICS = _("topics: at most {limit} topics per stream.")
UNKNOWN_TOPIC = _("topics: '{topic}' is not a topic (document:…, meeting:… or registry).")
WILDCARDS = {"documents": "document", "meetings": "meeting"}
"""Topics that follow every document or meeting (the lists); an event on a document reaches
them only when the actor may read its classification (`readable_levels`)."""


def readable_levels(actor: Actor) -> frozenset[str]:
    """The classifications this actor may read: precomputed once per stream."""
    return frozenset(level.value for level in Classification if may_read(actor, level))


def topics_for(actor: Actor, raw: str) -> list[str]:
    """The topics asked for, each checked by its app's own selector: a document or meeting
    that does not exist, or that the actor may not read, is the same NotFound."""
    topics = list(dict.fromkeys(t.strip() for t in (raw or "").split(",") if t.strip()))
    if not topics:
        raise ValidationFailed(NO_TOPICS, field="topics")
    if len(topics) > MAX_TOPICS:
        raise ValidationFailed(TOO_MANY_TOPICS, field="topics", limit=MAX_TOPICS)
    for topic in topics:
        kind, _sep, key = topic.partition(":")
        if kind == "document" and key:
            document_get(key, actor=actor)
        elif kind == "meeting" and key:
            meeting_get(key, actor=actor)
        elif topic != "registry" and topic not in WILDCARDS:
            raise ValidationFailed(UNKNOWN_TOPIC, field="topics", topic=topic)
    return topics


TOPIC_CACHE_SECONDS = 10.0
"""How long a topic check stays valid at most; any published change ends it sooner."""
TOPIC_CACHE_SIZE = 10_000

_checked: dict[tuple, tuple[int, float]] = {}


def _access(actor: Actor) -> tuple:
    """What reading depends on: the role and what the actor stands for, not the person. Five
    thousand delegates of eight states share eight answers per topic."""
    return (actor.role, actor.state, actor.organization)
_checked_lock = threading.Lock()


def topics_for_cached(actor: Actor, raw: str, *, version: int) -> list[str]:
    """`topics_for`, remembering briefly which topics this actor may follow.

    `version` counts the published events that can change who may read what (the
    broadcaster's `access_version`: documents created or updated, accounts, meetings); a
    newer one retires every remembered answer, and so does the clock after
    TOPIC_CACHE_SECONDS. Answers are kept per role and state (`_access`), and only those
    that allowed the stream: a refusal is checked again each time. A reconnect storm of
    thousands of delegates then costs a query per state and topic, while positions and
    proposals keep flowing.
    """
    now = time.monotonic()
    topics = list(dict.fromkeys(t.strip() for t in (raw or "").split(",") if t.strip()))
    with _checked_lock:
        fresh = bool(topics) and len(topics) <= MAX_TOPICS and all(
            (hit := _checked.get((_access(actor), topic))) is not None and hit[0] == version
            and now - hit[1] < TOPIC_CACHE_SECONDS for topic in topics)
    if fresh:
        return topics
    topics = topics_for(actor, raw)
    with _checked_lock:
        if len(_checked) >= TOPIC_CACHE_SIZE:
            _checked.clear()
        for topic in topics:
            _checked[(_access(actor), topic)] = (version, now)
    return topics


def forget_checked_topics() -> None:
    with _checked_lock:
        _checked.clear()


@functools.cache
def _replay_sql(topics: int) -> str:
    table = AuditRecord._meta.db_table
    where = (f"topic IN ({', '.join(['%s'] * topics)})" if topics else "topic <> ''")
    return (f"SELECT seq, topic, action, target_type, target_id, summary FROM {table} "
            f"WHERE seq > %s AND {where} ORDER BY seq LIMIT {REPLAY_LIMIT}")


def events_after(seq: int, *, topics: list[str] | None) -> list[Event]:
    """Audit records after `seq` on these topics (any topic when None), oldest first.

    Written out in SQL: every reconnecting browser asks this, and building the same
    queryset each time cost more than the database's answer."""
    if topics is not None:
        # The lists' topics are not replayed: a list page reloads itself on reconnecting.
        topics = [t for t in topics if t not in WILDCARDS]
        if not topics:
            return []
    with connection.cursor() as cursor:
        cursor.execute(_replay_sql(len(topics) if topics is not None else 0),
                       [seq, *(topics or ())])
        rows = cursor.fetchall()
    return [
        Event(id=seq_, topic=topic, kind=action,
              data=event_data(target_type, target_id,
                              json.loads(summary) if isinstance(summary, str) else summary))
        for seq_, topic, action, target_type, target_id, summary in rows
    ]


def events_between(after: int, upto: int) -> list[tuple[int, Event | None]]:
    """Every audit record with after < seq <= upto: (seq, its event, or None without a topic).

    The broadcaster asks for this when seqs went missing; a record without a topic fills its
    hole and announces nothing."""
    rows = (AuditRecord.objects.filter(seq__gt=after, seq__lte=upto).order_by("seq")
            .values_list("seq", "topic", "action", "target_type", "target_id", "summary"))
    return [(seq, Event(id=seq, topic=topic, kind=action,
                        data=event_data(target_type, target_id, summary)) if topic else None)
            for seq, topic, action, target_type, target_id, summary in rows]


def latest_seq() -> int:
    """The audit log's latest seq (0 when empty)."""
    return AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
