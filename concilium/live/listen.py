"""PostgreSQL LISTEN: events written by any server process reach this process's streams.

`core.bus.publish` sends every event with NOTIFY on the `concilium_live` channel; one task per
process (started by the first stream) listens on its own psycopg 3 async connection and feeds
the broadcaster. After a lost connection it reconnects and replays from the audit log what it
may have missed, so a stream never silently skips an event.
"""

from __future__ import annotations

import asyncio
import logging
import random

import psycopg
from asgiref.sync import sync_to_async
from django.db import connection

from concilium.core import bus
from concilium.live.selectors import events_after, latest_seq

log = logging.getLogger(__name__)


def _conninfo() -> str:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items()
                                             if isinstance(v, str | int)})


def _missed_since(seq: int) -> list[bus.Event]:
    return events_after(seq, topics=None)


async def listen(broadcaster) -> None:
    """Forward NOTIFY payloads into the broadcaster until cancelled; reconnect on failure."""
    conninfo = await sync_to_async(_conninfo)()
    delay = 0.5
    first = True
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                await conn.execute(f"LISTEN {bus.CHANNEL}")
                # Listening now: every later commit is heard, so memory covers what follows
                # the latest seq (after a lost connection, only from the new one on).
                broadcaster.cover_from(await sync_to_async(latest_seq)())
                if not first and broadcaster.last_seq:
                    for event in await sync_to_async(_missed_since)(broadcaster.last_seq):
                        broadcaster.publish(event)
                first = False
                delay = 0.5
                async for notify in conn.notifies():
                    try:
                        event = bus.Event.decode(notify.payload)
                    except (ValueError, TypeError):
                        log.warning("live: undecodable notification dropped")
                        continue
                    broadcaster.publish(event)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("live: LISTEN connection lost; reconnecting")
            await asyncio.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 10.0)
