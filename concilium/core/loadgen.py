"""A bounded HTTP/1.1 load generator: N clients, each one keep-alive connection, for a time.

For the tests that load a real server (connections under load, concurrent writers) and for
the API bench. Plain asyncio streams and no dependency, so the generator costs little of the
CPU it shares with the server: one client sends a request, reads the whole answer, then
sends the next; the load is bounded by the number of clients, never open-ended.
"""

from __future__ import annotations

import asyncio
import socket
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# What a client asks next: (method, path, headers, body), chosen per client and request.
Ask = tuple[str, str, dict[str, str], bytes]
Plan = Callable[[int, int], Ask]


@dataclass
class LoadResult:
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    bodies: dict[int, bytes] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def rate(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def get(path: str, headers: dict[str, str] | None = None) -> Ask:
    return ("GET", path, headers or {}, b"")


async def _read_response(reader: asyncio.StreamReader, method: str) -> tuple[int, bytes, bool]:
    """(status, body, keep_alive) of one response; Content-Length or chunked bodies."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    keep_alive = headers.get("connection", "").lower() != "close"
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return status, b"", keep_alive
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"])), keep_alive
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return status, b"".join(chunks), keep_alive
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    return status, await reader.read(), False


async def _client(n: int, host: str, port: int, plan: Plan, stop_at: float, limit: int | None,
                  result: LoadResult, keep_bodies: bool) -> None:
    reader = writer = None
    sent = 0
    while time.monotonic() < stop_at and (limit is None or sent < limit):
        method, path, headers, body = plan(n, sent)
        sent += 1
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            if body or method in ("POST", "PUT", "PATCH"):
                lines.append(f"Content-Length: {len(body)}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            status, content, keep_alive = await _read_response(reader, method)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            result.errors[type(error).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)
            continue
        result.latencies.append(time.monotonic() - started)
        result.statuses[status] += 1
        if keep_bodies and status not in result.bodies:
            result.bodies[status] = content
        if not keep_alive:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def load_async(host: str, port: int, *, plan: Plan, clients: int,
                     duration: float | None = None, per_client: int | None = None,
                     keep_bodies: bool = True) -> LoadResult:
    """Run `clients` clients until `duration` seconds have passed or each has sent
    `per_client` requests; the statuses, latencies (s) and one body per status."""
    result = LoadResult()
    started = time.monotonic()
    stop_at = started + (duration if duration is not None else 3600.0)
    await asyncio.gather(*(_client(n, host, port, plan, stop_at, per_client, result,
                                   keep_bodies) for n in range(clients)))
    result.elapsed = time.monotonic() - started
    return result


def load(host: str, port: int, **kwargs) -> LoadResult:
    """`load_async` from synchronous code (a test, a bench). Where this thread already runs
    an event loop (a browser test's, left in the thread), the load runs in a thread of its
    own, which `asyncio.run` needs."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(load_async(host, port, **kwargs))
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, load_async(host, port, **kwargs)).result()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    """Until `url` answers (any status), or raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
