"""GET /live/stream?topics=document:SYMBOL,meeting:SLUG — server-sent events for open pages.

Each event names what changed (`event:` the audit action), carries the audit seq as its `id`
and a JSON body; a reconnecting browser sends `Last-Event-ID` and first receives the audit
records it missed on its topics. The stream itself does no per-event work beyond a topic
check: the broadcaster encoded the frame once for every stream of the process.

Opening a stream is made cheap because thousands reconnect at once after a restart
(PERFORMANCE.md, "Live updates"): everything that needs the database — the session, the
user with their profile, the topic checks and the replay — runs in one hop to a small pool
of threads that keep their connections, so a stream neither opens a database connection nor
holds one while it stays open. A session is authenticated once; its later streams confirm
it with one small query (`_actor`). Topic checks are remembered per role and state until the
next change (`selectors.topics_for_cached`). A browser back within seconds is replayed what
it missed from the events the broadcaster remembers, already encoded
(`Broadcaster.remembered_after`); only one that was away longer, or a process that has just
started, asks the audit log (`selectors.events_after`, one query written out in SQL), and
without `Last-Event-ID` there is no replay at all. A reconnect then costs one query.

Under the ASGI server this view is called by `concilium.live.asgi`, which runs the
middleware hooks in the event loop instead of giving every open stream a thread of its own;
the test client calls it through Django as usual.
"""

from __future__ import annotations

import asyncio
import functools
import random
import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.handlers.asgi import ASGIRequest
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from concilium.accounts.models import Profile
from concilium.accounts.services import actor_for
from concilium.core.errors import DomainError
from concilium.live.broadcaster import encode, get_broadcaster
from concilium.live.selectors import (
    TOPIC_CACHE_SIZE,
    WILDCARDS,
    events_after,
    readable_levels,
    topics_for_cached,
)
from concilium.rules.permissions import Classification

RETRY_MS = (2_000, 5_000)
"""Reconnect delay range: spread so that a restart is not followed by every client at once."""

DB_THREADS = 2
_db_pool: ThreadPoolExecutor | None = None


def _last_id(request) -> int:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("since") or "0"
    try:
        return max(int(raw), 0)
    except ValueError:
        return 0


def _user_with_profile(request):
    """The signed-in user (session and user: two queries) with the profile, its state and
    organization fetched in one more, so that `actor_for` asks nothing further."""
    user = get_user(request)
    if user.is_authenticated:
        profile = (Profile.objects.select_related("state", "organization")
                   .filter(user_id=user.pk).first())
        if profile is not None:
            user.profile = profile
    return user


@functools.cache
def _sign_in_sql() -> str:
    session, user = Session._meta, User._meta
    profile = Profile._meta
    return (
        f"SELECT s.session_data, u.password, u.is_active, p.role, p.state_id, "
        f"p.organization_id FROM {session.db_table} s "
        f"INNER JOIN {user.db_table} u ON u.{user.pk.column} = %s "
        f"LEFT JOIN {profile.db_table} p ON p.{profile.get_field('user').column} "
        f"= u.{user.pk.column} WHERE s.session_key = %s AND s.expire_date > %s")


def _sign_in_state(key: str, user_id) -> tuple | None:
    """What a session's sign-in rests on, in one query: the stored session, the user's
    password hash and active flag, and the profile's role and binding. None when the
    session has ended (signed out, expired, or the user is gone)."""
    with connection.cursor() as cursor:
        cursor.execute(_sign_in_sql(), [
            user_id, key, connection.ops.adapt_datetimefield_value(timezone.now())])
        row = cursor.fetchone()
    return tuple(row) if row else None


def _loaded_state(user) -> tuple:
    """The part of `_sign_in_state` that the full sign-in read, to compare."""
    profile = getattr(user, "profile", None)
    bound = ((profile.role, profile.state_id, profile.organization_id) if profile is not None
             else (None, None, None))
    return (user.password, user.is_active, *bound)


_actors: dict[str, tuple[object, object, tuple]] = {}
_actors_lock = threading.Lock()


def _actor(request):
    """The stream's actor, authenticated once per session and then confirmed with one
    small query (`_sign_in_state`) on every later stream of that session: a reconnect storm
    of thousands of signed-in people costs one query each, not three with the ORM.

    The remembered sign-in holds only while the session, the password hash, the active flag
    and the profile stay as they were: signing out, expiry, a new password or a new role
    end it at the next stream."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if key:
        with _actors_lock:
            hit = _actors.get(key)
        if hit is not None and _sign_in_state(key, hit[1]) == hit[2]:
            return hit[0]
    user = _user_with_profile(request)
    actor = actor_for(user)
    if key and user.is_authenticated:
        state = _sign_in_state(key, user.pk)
        if state is not None and state[1:] == _loaded_state(user):
            with _actors_lock:
                if len(_actors) >= TOPIC_CACHE_SIZE:
                    _actors.clear()
                _actors[key] = (actor, user.pk, state)
    return actor


def forget_sign_ins() -> None:
    with _actors_lock:
        _actors.clear()


def _open(request, raw_topics: str, since: int, version: int):
    """Everything a new stream needs from the database: its checked topics and the replay."""
    actor = _actor(request)
    topics = topics_for_cached(actor, raw_topics, version=version)
    return topics, readable_levels(actor), (events_after(since, topics=topics) if since else [])


def _open_pooled(*args):
    """`_open` in a pool thread, whose connection stays open between streams; a connection
    the server dropped is replaced once."""
    try:
        return _open(*args)
    except (OperationalError, InterfaceError):
        connection.close()
        return _open(*args)


async def _run_open(request, *args):
    global _db_pool
    if not isinstance(request, ASGIRequest):
        # Not under an ASGI server (the test client, WSGI): stay in the caller's thread and
        # transaction.
        return await sync_to_async(_open)(request, *args)
    if _db_pool is None:
        _db_pool = ThreadPoolExecutor(DB_THREADS, thread_name_prefix="live-db")
    return await asyncio.get_running_loop().run_in_executor(
        _db_pool, _open_pooled, request, *args)


class EventStreamResponse(StreamingHttpResponse):
    """The stream's response; `frames` is its own iterator of encoded frames, which the
    lean handler sends one `send` each (Django's sending wraps every frame in two more
    generators, for every stream, on every event)."""

    def __init__(self, frames):
        super().__init__(frames, content_type="text/event-stream; charset=utf-8")
        self.frames = frames
        self["Cache-Control"] = "no-cache, no-transform"
        self["X-Accel-Buffering"] = "no"


@require_GET
async def stream(request):
    since = _last_id(request)
    broadcaster = get_broadcaster()
    broadcaster.ensure_listener()
    waiting = broadcaster.tail  # taken before the replay: nothing falls in between
    raw = request.GET.get("topics", "")
    remembered = broadcaster.remembered_after(since, _asked(raw)) if since else []
    try:
        topics, levels, replay = await _run_open(
            request, raw, since if remembered is None else 0, broadcaster.access_version)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    topics = frozenset(topics)
    if remembered:  # asked before the check: keep only what the checked topics allow
        replay = [(node.seq, node.payload) for node in remembered if node.topic in topics]
    else:
        replay = [(event.id, encode(event)) for event in replay]
    return EventStreamResponse(_frames(broadcaster, waiting, replay, topics, levels))


def _asked(raw: str) -> frozenset[str]:
    """The topics a stream asks for that are replayed (the lists' are not: a list page
    reloads itself on reconnecting), before they are checked."""
    return frozenset(t.strip() for t in raw.split(",") if t.strip() and t.strip() not in WILDCARDS)


async def _frames(broadcaster, waiting, replay, topics, levels):
    broadcaster.clients += 1
    try:
        retry = random.randint(*RETRY_MS)
        yield f"retry: {retry}\n: connected\n\n".encode()
        replayed = set()
        for seq, payload in replay:
            replayed.add(seq)
            yield payload
        families = {WILDCARDS[t] for t in topics if t in WILDCARDS}
        # An event on a document without a classification is read as members-only.
        restricted = Classification.MEMBERS.value not in levels
        while True:
            node = await asyncio.shield(waiting)
            waiting = node.next
            if node.topic is None or (node.topic in topics and node.seq not in replayed) or (
                    node.family in families and node.topic not in topics and (
                        node.family != "document" or not restricted
                        or (node.audience and node.audience in levels))):
                yield node.payload
    finally:
        broadcaster.clients -= 1
