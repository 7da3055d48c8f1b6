"""Publishing changes to connected browsers, after the writing transaction commits.

`record_change` calls `publish_on_commit`; nothing is sent if the transaction rolls back. An event
names its topic (what changed: "document:12", "meeting:cfm-2020-09-10"), its kind and the
audit record's `seq` as its id, so a browser that reconnects resumes from the last id it saw.

In one process the event goes to in-process subscribers; with PostgreSQL it is sent with
NOTIFY, so that subscribers in every server process receive it. The streaming side (the
broadcaster that subscribes here, the LISTEN task, the stream view) is the `live` app's;
this module imports none of it, so that every app may publish.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db import connection, transaction

log = logging.getLogger(__name__)
CHANNEL = "concilium_live"


@dataclass(frozen=True)
class Event:
    id: int
    topic: str
    kind: str
    data: dict

    def encode(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=str)

    @classmethod
    def decode(cls, text: str) -> Event:
        return cls(**json.loads(text))


_subscribers: list[Callable[[Event], None]] = []
_lock = threading.Lock()


def subscribe(callback: Callable[[Event], None]) -> Callable[[], None]:
    """Register an in-process subscriber; returns a function that unsubscribes it."""
    with _lock:
        _subscribers.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers:
                _subscribers.remove(callback)

    return unsubscribe


def deliver_locally(event: Event) -> None:
    with _lock:
        targets = list(_subscribers)
    for callback in targets:
        try:
            callback(event)
        except Exception:  # a broken subscriber must not stop the others
            log.exception("live subscriber failed")


def publish(event: Event) -> None:
    """Send now: NOTIFY on PostgreSQL (every process, this one included), else in-process."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, event.encode()[:7900]])
    else:
        deliver_locally(event)


def publish_on_commit(*, id: int, topic: str, kind: str, data: dict | None = None) -> None:
    """Announce the event once the writing transaction commits, never if it rolls back.

    On PostgreSQL the NOTIFY is issued inside the transaction: the server delivers it at
    commit, and delivers notifications in the order their transactions committed, so
    listeners see audit seqs in order (appends are serialised by the chain's lock) and a
    crash between commit and announcement cannot lose one. Elsewhere, in-process
    subscribers are called after commit.
    """
    event = Event(id=id, topic=topic, kind=kind, data=data or {})
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        publish(event)
    else:
        transaction.on_commit(lambda: publish(event))
