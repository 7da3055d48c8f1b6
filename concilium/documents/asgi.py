"""A document's summary and its paragraph pages as a lean ASGI handler, in front of Django's.

Pollers ask for `GET /api/documents/{symbol}/summary` (and `/paragraphs?offset=&limit=`) many
times a second, and a kept answer is cheap (`api_summary.summary_answer`, `paragraphs_answer`:
one query, then the JSON kept by its ETag or a 304): what costs is the request's way through
Django (the request and its thread, the signals and the connection they close, the middleware
chain, the URL resolver, ninja's routing, authentication and rendering), about as much as the
trivial `/api/me`. This handler gives the same answers without it:

- in the event loop: the middleware hooks of `settings.MIDDLEWARE` on a real `ASGIRequest`
  (`core.hooks`; the security checks, the allowed host, the language), and after the answer
  their `process_response` (security and clickjacking headers, `Vary`, `Content-Language`,
  `Content-Length`), so the headers are Django's own;
- in one hop to one of a few threads of its own that keep their database connections
  (`DatabaseThreads`: given back, on PostgreSQL to the pool, after a second without a
  request): the bearer token's actor, its lockout record and the document's last change
  in one query (`accounts.selectors.token_actors_with`), then the endpoint's own answer
  (the access check, the ETag, 304 or the kept JSON; made and kept if it is not yet). A
  revoked token, a deactivated account or a new role is refused at its next request, since
  nothing about the token is remembered between requests.

The requests that wait while every database thread is busy are answered together: the
next free thread takes all of them (up to `BATCH`) and reads every token, lockout record
and last change in that one query, then makes each its own answer (`_answer_all`). On
PostgreSQL the query's round trip to another process is most of a poll's cost (one query
per request gave a quarter of SQLite's rate), and a query for sixty costs little more
than one for one; SQLite gains too. Each request is still read after it came (a thread
takes only what already waits), so a write or a revocation is seen by the next request.

It answers only 200 and 304. Everything else goes to Django's application unchanged and
from the start, so its answers are Django's: other methods and paths, a query string other
than plain numbers for a page's `offset` and `limit`, a cookie (the session decides who
asks), an Authorization that is not a bearer token, an unknown or refused token (401,
counted by the lockout), an address with failed attempts on record, a document the caller
may not read or that does not exist (404, the same for both), bounds out of range (422), a
hook that answers by itself or raises, a database error. Without a token the caller is the
public, as `accounts.auth.ActorAuth` makes it.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import get_script_prefix
from django.db import connection
from django.http import HttpResponse
from django.urls import NoReverseMatch, resolve, reverse

from concilium.accounts.auth import ActorAuth
from concilium.accounts.lockout import TOKEN_CREDENTIALS_NAME, client_address, lockout_applies
from concilium.accounts.selectors import token_actors_with
from concilium.core.conditional import not_modified, tagged
from concilium.core.hooks import HandOff, middleware_hooks
from concilium.documents import summary
from concilium.documents.api_summary import JSON, paragraphs_answer, summary_answer
from concilium.documents.models import Document

log = logging.getLogger(__name__)

DB_THREADS = 2
"""Threads answering from the database, per process, on SQLite: one query for what waits, so
two keep up with the event loop (the second runs while the first waits on its query)."""
BATCH = 64
"""Most requests answered by one query: those that came while every thread was busy."""
RELEASE_AFTER = 1.0
"""Seconds without a request after which a database thread closes its connection."""
SAMPLE = "SYMBOL"


class DocumentPolls:
    """ASGI application: a document's summary and paragraph pages here, the rest to `django_app`.

    `db_threads=0` answers in the caller's thread through `sync_to_async` (the tests, whose
    transaction another thread would not see)."""

    def __init__(self, django_app, *, db_threads: int | None = None):
        self.django_app = django_app
        self.db_threads = _db_threads() if db_threads is None else db_threads
        self.threads: DatabaseThreads | None = None
        self.routes = {}  # suffix: (answer, view)
        for name, answer in (("get_summary", summary_answer),
                             ("list_paragraphs", paragraphs_answer)):
            try:
                sample = reverse(f"api:{name}", kwargs={"symbol": SAMPLE})
            except NoReverseMatch:
                continue
            self.prefix, suffix = sample.split(SAMPLE)
            self.routes[suffix] = (answer, resolve(sample).func)
        self.hooks = middleware_hooks("the document polls") if self.routes else None

    async def __call__(self, scope, receive, send):
        asked = self._asked(scope) if self.hooks else None
        if asked is None:
            return await self.django_app(scope, receive, send)
        try:
            response = await self._respond(scope, *asked)
        except HandOff:
            return await self.django_app(scope, receive, send)
        await self.django_app.send_response(response, send)

    async def send_response(self, response, send):
        """Django's sending, for a handler in front of this one (`live.asgi`)."""
        await self.django_app.send_response(response, send)

    def _asked(self, scope) -> tuple | None:
        """(answer, view, symbol, bounds, bearer token or None) if this handler answers the
        request, else None."""
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"].removeprefix(get_script_prefix(scope).rstrip("/"))
        if not path.startswith(self.prefix):
            return None
        suffix = path[path.rfind("/"):]
        route = self.routes.get(suffix)
        symbol = path[len(self.prefix):len(path) - len(suffix)]
        if route is None or not symbol:
            return None
        bounds = _bounds(scope["query_string"]) if route[0] is paragraphs_answer else (
            None if scope["query_string"] else {})
        if bounds is None:
            return None
        authorization = None
        for name, value in scope["headers"]:
            if name == b"cookie":
                return None
            if name == b"authorization":
                if authorization is not None:
                    return None
                authorization = value.decode("latin-1")
        if authorization is None:
            return *route, symbol, bounds, None
        if not authorization.lower().startswith("bearer "):
            return None
        return *route, symbol, bounds, authorization.split(" ", 1)[1].strip()

    async def _respond(self, scope, answer, view, symbol: str, bounds: dict,
                       token: str | None) -> HttpResponse:
        try:
            request = self.hooks.request(scope, view, {"symbol": symbol})
            if token is None:
                actor, address = ActorAuth()(request), None  # the public: no I/O
            elif lockout_applies(request):
                raise HandOff
            else:
                actor, address = None, client_address(request)
        except HandOff:
            raise
        except Exception:
            log.debug("document poll: handed to Django", exc_info=True)
            raise HandOff from None
        answered = await self._in_thread(answer, symbol, bounds, token, actor, address,
                                         request.headers.get("If-None-Match", ""))
        if answered is None:
            raise HandOff
        etag, body = answered
        response = (not_modified(etag) if body is None
                    else tagged(HttpResponse(body, content_type=JSON), etag))
        return self.hooks.finish(request, response)

    async def _in_thread(self, *args):
        if not self.db_threads:
            return (await sync_to_async(_answer_all, thread_sensitive=True)([args]))[0]
        if self.threads is None:
            self.threads = DatabaseThreads(self.db_threads)
        return await self.threads.together(_answer_all, args)


class DatabaseThreads:
    """A few threads that answer from the database, each keeping its connection while
    requests come and closing it (on PostgreSQL: giving it back to the pool) after
    `RELEASE_AFTER` seconds without one. Closing after every request would cost a pool
    round trip each time (about 0.1 ms of CPU), keeping it for ever one pool connection per
    thread even when nobody polls.

    `together(fn, args)` jobs that wait while every thread is busy are taken by the next
    free thread at once, up to `BATCH` of them, and given to one call of `fn` (a list of
    their `args` in, a list of their results out): one query for all of them where each
    would have made its own. Each is still read after it came, since a thread takes only
    what is already waiting."""

    def __init__(self, count: int):
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        for n in range(count):
            threading.Thread(target=self._work, name=f"document-polls-db-{n}",
                             daemon=True).start()

    def run(self, fn, *args) -> asyncio.Future:
        """`fn(*args)` in one of the threads, alone."""
        return self._put(fn, args, False)

    def together(self, fn, args: tuple) -> asyncio.Future:
        """`fn([args, ...])[i]`, with whatever else waits for `fn` with it."""
        return self._put(fn, args, True)

    def _put(self, fn, args, together: bool) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.jobs.put((loop, future, fn, args, together))
        return future

    def _work(self) -> None:
        while True:
            try:
                job = self.jobs.get(timeout=RELEASE_AFTER)
            except queue.Empty:
                connection.close()
                job = self.jobs.get()
            jobs = [job]
            while len(jobs) < BATCH:
                try:
                    jobs.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            groups: dict = {}
            for job in jobs:
                if job[4]:
                    groups.setdefault(job[2], []).append(job)
                else:
                    _settle_all([job], job[2], *job[3])
            for fn, group in groups.items():
                _settle_all(group, fn, [args for _, _, _, args, _ in group])


def _settle_all(jobs: list, fn, *args) -> None:
    """`fn(*args)` gives the result of `jobs`' one job, or a list of the results of each."""
    try:
        results = fn(*args) if jobs[0][4] else [fn(*args)]
        errors = [None] * len(jobs)
    except BaseException as exc:  # given to the waiting requests, as an executor does
        results, errors = [None] * len(jobs), [exc] * len(jobs)
    by_loop: dict = {}
    for (loop, future, *_), result, error in zip(jobs, results, errors, strict=True):
        by_loop.setdefault(loop, []).append((future, result, error))
    for loop, settled in by_loop.items():  # one wake-up of each event loop, not one a job
        loop.call_soon_threadsafe(_settle, settled)


def _settle(settled: list) -> None:
    for future, result, error in settled:
        if future.done():  # the request was cancelled (its client went away)
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)


def _db_threads() -> int:
    """`DB_THREADS` on SQLite; on PostgreSQL half the pool's connections (two of the
    default four, `CONCILIUM_DB_POOL_MAX`), since each thread holds one while requests come
    and Django's requests and the live streams' threads need the rest. A query there waits
    on another process, so more threads answer more polls: four (a pool of eight) gave about
    twice the rate of one on a loaded two-core machine."""
    pool = connection.settings_dict.get("OPTIONS", {}).get("pool")
    if isinstance(pool, dict):
        return max(1, int(pool.get("max_size", 4)) // 2)
    return DB_THREADS


def _bounds(query: bytes) -> dict | None:
    """`offset` and `limit` of a paragraph page's query, when given only as plain numbers
    (each at most once); None for anything else, which Django reads and checks itself."""
    bounds = {}
    for part in query.split(b"&") if query else ():
        name, _, value = part.partition(b"=")
        if (name not in (b"offset", b"limit") or name.decode() in bounds
                or not value.isdigit() or len(value) > 9):
            return None
        bounds[name.decode()] = int(value)
    return bounds


def _answer_all(asked: list[tuple]) -> list[tuple[str, bytes | None] | None]:
    """`_answer` of each (answer, symbol, bounds, token, actor, address, If-None-Match) of
    `asked`, their tokens (with the lockout) and their documents' last changes read in one
    query (`accounts.selectors.token_actors_with`). A request without a token is the
    public's (`actor`, made in the event loop); a refused one is None."""
    try:
        found = token_actors_with(
            [(token, address, Document.topic_of(symbol))
             for _, symbol, _, token, _, address, _ in asked],
            lockout_name=TOKEN_CREDENTIALS_NAME, columns=summary.LAST_CHANGE_COLUMNS,
            join=summary.last_change_join())
    except Exception:
        log.debug("document polls: handed to Django", exc_info=True)
        _drop_broken()
        return [None] * len(asked)
    answers = []
    for (answer, symbol, bounds, token, public, _, if_none_match), (actor, attempts, change) \
            in zip(asked, found, strict=True):
        if token is not None and (actor is None or attempts):
            answers.append(None)
        else:
            answers.append(_answer(answer, symbol, bounds, public if token is None else actor,
                                   change or (0, ""), if_none_match))
    return answers


def _answer(answer, symbol: str, bounds: dict, actor, change: tuple[int, str],
            if_none_match: str) -> tuple[str, bytes | None] | None:
    """(ETag, body or None for 304), or None when Django answers (hidden, unknown, bad
    bounds, failed)."""
    try:
        return answer(symbol, actor=actor, change=change, if_none_match=if_none_match,
                      **bounds)
    except Exception:
        # NotFound (Django's 404 is the same for the hidden and the missing), a bad bound
        # (422), or a failure that Django reports its own way.
        log.debug("document poll: handed to Django", exc_info=True)
        _drop_broken()
        return None


def _drop_broken() -> None:
    """A broken connection is replaced next time."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()
