"""One broadcaster per server process: every open stream waits on the same shared future.

Why a chain of futures and not a queue per connection: an event is encoded once and one
`set_result` wakes every waiting stream (PERFORMANCE.md, "Live updates"). Each published event
becomes a `Node` holding the encoded bytes and the future of the next node; a stream keeps a
reference to the future it waits on and walks the chain, so none misses an event published
while it was busy writing, and nodes every stream has passed are freed by reference counting.

The last HISTORY events stay remembered, encoded, for streams that resume after
`Last-Event-ID`: a reconnect storm is replayed from memory instead of asking the audit log
once per stream. Memory answers only for seqs it is sure to hold (`remembered_after`).

Events reach the broadcaster from the loop's own thread only: `core.bus.deliver_locally` (SQLite,
called in the thread that committed) hops in with `call_soon_threadsafe`; on PostgreSQL the
LISTEN task (`concilium.live.listen`) runs inside the loop.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections import deque
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.db import connection

from concilium.core import bus
from concilium.live.listen import listen
from concilium.live.selectors import events_between, latest_seq

log = logging.getLogger(__name__)

PING_SECONDS = 20.0
"""A comment line this often keeps proxies from closing idle streams and finds dead clients."""
GAP_WAIT = 0.2
"""How long a hole in the seqs may stay before the audit log is asked what fills it."""
GAP_GIVE_UP = 60.0
"""A seq still missing after this long belongs to a transaction that rolled back."""
REMEMBERED = 10_000
HISTORY = 2_000
"""Events kept, encoded, for streams that resume after `Last-Event-ID`: a browser is back
within seconds (`retry:`), so a reconnect storm replays from memory, not the audit log."""
ACCESS_KINDS = frozenset({"document.create", "document.update", "document.revise",
                          "user.create", "token.create", "meeting.save", "registry.init"})
"""Events that may change who may read what or who someone is: they retire the streams'
remembered sign-ins and topic checks (`access_version`)."""


@dataclass(slots=True)
class Node:
    """One published event, encoded once, and the future that will hold the next node."""

    seq: int
    topic: str | None  # None: for every stream (the keep-alive ping)
    payload: bytes
    next: asyncio.Future
    family: str = ""  # "document", "meeting": what the lists' wildcard topics follow
    audience: str = ""  # a document's classification, when the event names it


def encode(event: bus.Event) -> bytes:
    """The server-sent-events frame of one event: its kind, its audit seq, its JSON."""
    data = json.dumps({"id": event.id, "topic": event.topic, "kind": event.kind,
                       "data": event.data}, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return f"id: {event.id}\nevent: {event.kind}\ndata: {data}\n\n".encode()


class Broadcaster:
    """Fans events out to every stream of this process from one shared future."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.tail: asyncio.Future = loop.create_future()
        self.last_seq = 0
        self.access_version = 0
        self.clients = 0
        self._delivered: deque[int] = deque(maxlen=REMEMBERED)
        self._delivered_set: set[int] = set()
        self._missing: dict[int, float] = {}  # seq → when it was first missed
        self._history: deque[Node] = deque()
        self._covered_above: int | None = None  # see `remembered_after`
        self._forgotten_above = 0  # the highest seq dropped from `_history`
        self._gap_task: asyncio.Task | None = None
        self._unsubscribe = bus.subscribe(self._from_any_thread)
        self._ping_task = loop.create_task(self._ping())
        self._listener = None

    # --- publishing (loop thread only) -------------------------------------------------

    def push(self, seq: int, topic: str | None, payload: bytes, audience: str = "") -> None:
        """Append one encoded event to the chain and wake every waiting stream."""
        current = self.tail
        self.tail = self.loop.create_future()
        family = topic.partition(":")[0] if topic else ""
        node = Node(seq, topic, payload, self.tail, family, audience)
        current.set_result(node)
        if seq > self.last_seq:
            self.last_seq = seq
        if topic is not None:
            self._remember(node)

    # --- remembering for resumed streams (loop thread only) ----------------------------

    def cover_from(self, seq: int) -> None:
        """Every event committed with a seq above `seq` reaches this process from now on
        (the subscription or the LISTEN came first, then the audit log's latest seq was
        read): from here the remembered events can stand in for the audit log."""
        self._covered_above = seq if self._covered_above is None else max(
            self._covered_above, seq)

    def _remember(self, node: Node) -> None:
        self._history.append(node)
        if len(self._history) > HISTORY:
            self._forgotten_above = max(self._forgotten_above, self._history.popleft().seq)

    def remembered_after(self, since: int, topics: frozenset[str]) -> list[Node] | None:
        """The events on `topics` with a seq above `since` delivered so far, in the order
        they were delivered; None when memory may lack one and the audit log must answer.

        Memory holds every delivered event above `_covered_above`: that starts at the
        audit log's latest seq once this process is sure to hear of everything after it
        (`cover_from`), and rises to the seq of each event it forgets. An event above it
        not yet delivered (a hole, a late commit) reaches the stream later, as to every
        other stream."""
        if self._covered_above is None or since < max(self._covered_above,
                                                      self._forgotten_above):
            return None
        return [node for node in self._history if node.seq > since and node.topic in topics]

    def publish(self, event: bus.Event) -> None:
        """Deliver an event once, even late: a seq below the highest seen is still sent
        when it was never sent, and a hole above it is looked up in the audit log."""
        if event.id in self._delivered_set:
            return
        if self.last_seq and event.id > self.last_seq + 1:
            now = self.loop.time()
            for seq in range(self.last_seq + 1, min(event.id, self.last_seq + 1 + REMEMBERED)):
                self._missing.setdefault(seq, now)
            self._schedule_gap_check()
        self._missing.pop(event.id, None)
        if event.kind in ACCESS_KINDS:
            self.access_version += 1
        if len(self._delivered) == self._delivered.maxlen:
            self._delivered_set.discard(self._delivered[0])
        self._delivered.append(event.id)
        self._delivered_set.add(event.id)
        self.push(event.id, event.topic, encode(event), str(event.data.get("audience", "")))

    def _schedule_gap_check(self) -> None:
        if self._gap_task is None or self._gap_task.done():
            self._gap_task = self.loop.create_task(self._fill_gaps())

    async def _fill_gaps(self) -> None:
        """Ask the audit log for the seqs that have not arrived; send those committed since.

        A seq with no topic (an account created) fills its hole without an event; one not
        yet committed is asked for again until GAP_GIVE_UP."""
        while self._missing:
            await asyncio.sleep(GAP_WAIT)
            wanted = sorted(self._missing)
            if not wanted:
                return
            try:
                found = await sync_to_async(events_between)(wanted[0] - 1, wanted[-1])
            except Exception:
                log.exception("live: could not look up missed events")
                continue
            present = {seq for seq, _event in found}
            for seq, event in found:
                if seq in self._missing and event is not None:
                    self.publish(event)
            now = self.loop.time()
            for seq in list(self._missing):
                if seq in present or now - self._missing[seq] > GAP_GIVE_UP:
                    del self._missing[seq]

    def _from_any_thread(self, event: bus.Event) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.publish, event)

    async def _ping(self) -> None:
        while True:
            await asyncio.sleep(PING_SECONDS)
            self.push(0, None, b": ping\n\n")

    # --- PostgreSQL --------------------------------------------------------------------

    def ensure_listener(self) -> None:
        """Start this process's LISTEN task on PostgreSQL, once (lazily, on the first
        stream); elsewhere read the audit log's latest seq once, the subscription being in
        place already, so that resumed streams can be served from memory."""
        if self._listener is None:
            self._listener = self.loop.create_task(
                listen(self) if connection.vendor == "postgresql" else self._cover())

    async def _cover(self) -> None:
        try:
            self.cover_from(await sync_to_async(latest_seq)())
        except Exception:  # the audit log answers every resumed stream instead
            log.exception("live: could not read the latest seq")

    def close(self) -> None:
        self._unsubscribe()
        self._ping_task.cancel()
        if self._listener is not None:
            self._listener.cancel()


_broadcasters: dict[asyncio.AbstractEventLoop, Broadcaster] = {}


def get_broadcaster() -> Broadcaster:
    """This process's broadcaster for the running loop, created on first use."""
    loop = asyncio.get_running_loop()
    found = _broadcasters.get(loop)
    if found is None:
        for old_loop in [lp for lp in _broadcasters if lp.is_closed()]:
            _broadcasters.pop(old_loop).close()
        found = _broadcasters[loop] = Broadcaster(loop)
        # Everything allocated during start-up (Django, the URL map, templates) is permanent:
        # keep the collector from walking it on every collection while streams are open.
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)
    return found
