"""Running a coroutine to its end from a synchronous test, whatever runs in this thread: a
browser test's Playwright keeps an event loop in the main thread for the whole session, and
then neither `asyncio.run` nor `async_to_sync` may be called there."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_async(fn, *args):
    """`fn(*args)`'s result, run in an event loop of its own in a thread of its own."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(fn(*args))).result()
