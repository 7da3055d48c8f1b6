"""The live stream: who may follow what, delivery within a second, and resuming after a
disconnect without missing a change."""

from __future__ import annotations

import os
import time

import pytest
from django.contrib.auth.models import User

from concilium.web.testing import (
    DEMO_SYMBOL,
    EventStream,
    Session,
    demo_environment,
    start_server,
    stop_server,
)

TOPIC = f"document:{DEMO_SYMBOL}"


@pytest.mark.django_db
class TestSubscribing:
    def test_the_public_cannot_follow_a_members_only_document(self, client, sco):
        from concilium.web.sample import sample_document

        sample_document(paragraphs=1, positions=False)
        response = client.get(f"/live/stream?topics={TOPIC}")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

    def test_an_unknown_topic_is_refused(self, client, sco):
        response = client.get("/live/stream?topics=everything")
        assert response.status_code == 422
        assert response.json()["field"] == "topics"

    def test_a_stream_needs_a_topic(self, client, sco):
        assert client.get("/live/stream").status_code == 422


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = demo_environment(tmp_path_factory.mktemp("live"),
                           database=f"concilium_live_{os.getpid()}")
    proc, url = start_server(env)
    yield url
    stop_server(proc)


def record_position(session: Session, paragraph: int, stance: str = "agree") -> None:
    status, body = session.post(f"/position/{DEMO_SYMBOL}", {
        "stance": stance, "paragraph": paragraph, "on": "2020-09-10",
        "text": "" if stance == "agree" else "Needs work."})
    assert status in (200, 302), body


class TestDelivery:
    def test_a_change_reaches_an_open_stream_within_a_second(self, server):
        india = Session(server, "india")
        stream = EventStream(server, TOPIC, cookie=india.cookie_header())
        assert stream.status == 200
        started = time.monotonic()
        record_position(india, 3, "object")
        event = stream.next_event(timeout=5)
        elapsed = time.monotonic() - started
        stream.close()
        assert event is not None and event["event"] == "position.record"
        assert event["data"]["topic"] == TOPIC
        assert int(event["id"]) == event["data"]["id"]
        assert elapsed < 1.0

    def test_a_reconnect_resumes_from_last_event_id(self, server):
        """Changes made while a browser was away are replayed from the audit log, in order."""
        india = Session(server, "india")
        stream = EventStream(server, TOPIC, cookie=india.cookie_header())
        record_position(india, 4)
        last = int(stream.next_event()["id"])
        stream.close()
        record_position(india, 5)  # while disconnected
        record_position(india, 6)
        again = EventStream(server, TOPIC, cookie=india.cookie_header(), last_id=last)
        replayed = [again.next_event(timeout=3), again.next_event(timeout=3)]
        again.close()
        ids = [int(e["id"]) for e in replayed]
        assert ids == sorted(ids) and ids[0] > last
        assert all(e["event"] == "position.record" for e in replayed)

    def test_the_lists_follow_every_document_the_actor_may_read(self, server):
        """A list page follows "documents": the officer hears of a change to the
        members-only draft, with the paragraph it touched; an observer hears nothing."""
        officer = Session(server, "officer")
        observer = Session(server, "mongolia")
        everything = EventStream(server, "documents,meetings", cookie=officer.cookie_header())
        outside = EventStream(server, "documents,meetings", cookie=observer.cookie_header())
        assert everything.status == outside.status == 200
        record_position(Session(server, "india"), 2)
        event = everything.next_event(timeout=5)
        assert event is not None and event["data"]["topic"] == TOPIC
        assert event["data"]["data"]["audience"] == "members"
        assert outside.next_event(timeout=1.5) is None
        everything.close()
        outside.close()

    def test_other_topics_are_not_sent(self, server):
        officer = Session(server, "officer")
        stream = EventStream(server, "registry", cookie=officer.cookie_header())
        record_position(Session(server, "india"), 1)
        assert stream.next_event(timeout=1.5) is None
        stream.close()


@pytest.mark.postgresql
def test_a_change_through_one_server_reaches_a_client_of_another(tmp_path):
    """Two server processes on one PostgreSQL database: NOTIFY carries the event across."""
    env = demo_environment(tmp_path, database=f"concilium_live2_{os.getpid()}")
    first, url_a = start_server(env)
    second, url_b = start_server(env)
    try:
        india_a, india_b = Session(url_a, "india"), Session(url_b, "india")
        stream = EventStream(url_b, TOPIC, cookie=india_b.cookie_header())
        assert stream.status == 200
        time.sleep(0.5)  # the LISTEN task starts with the first stream
        started = time.monotonic()
        record_position(india_a, 2, "object")
        event = stream.next_event(timeout=5)
        elapsed = time.monotonic() - started
        stream.close()
        assert event is not None and event["event"] == "position.record"
        assert elapsed < 1.0
    finally:
        stop_server(first)
        stop_server(second)


@pytest.mark.django_db
class TestRememberedTopicChecks:
    """A reconnect storm checks each actor's topics once, until the next published change."""

    def test_a_remembered_check_is_retired_by_the_next_change(self, sco, indian_delegate,
                                                               django_assert_num_queries):
        from concilium.live.selectors import forget_checked_topics, topics_for_cached
        from concilium.web.sample import sample_document

        sample_document(paragraphs=1, positions=False)
        forget_checked_topics()
        assert topics_for_cached(indian_delegate, TOPIC, version=7) == [TOPIC]
        with django_assert_num_queries(0):
            assert topics_for_cached(indian_delegate, TOPIC, version=7) == [TOPIC]
        with django_assert_num_queries(1):
            topics_for_cached(indian_delegate, TOPIC, version=8)

    def test_delegates_of_one_state_share_the_check(self, sco, indian_delegate,
                                                    django_assert_num_queries):
        """Access is precomputed per role and state, not per person."""
        from concilium.live.selectors import forget_checked_topics, topics_for_cached
        from concilium.rules.permissions import Actor, Role
        from concilium.web.sample import sample_document

        sample_document(paragraphs=1, positions=False)
        forget_checked_topics()
        topics_for_cached(indian_delegate, TOPIC, version=3)
        colleague = Actor(username="india-2", role=Role.DELEGATE, state="IND")
        with django_assert_num_queries(0):
            assert topics_for_cached(colleague, TOPIC, version=3) == [TOPIC]

    def test_a_refusal_is_not_remembered(self, sco, mongolian_observer):
        from concilium.core.errors import NotFound
        from concilium.live.selectors import forget_checked_topics, topics_for_cached
        from concilium.web.sample import sample_document

        sample_document(paragraphs=1, positions=False)
        forget_checked_topics()
        for _ in range(2):
            with pytest.raises(NotFound):
                topics_for_cached(mongolian_observer, TOPIC, version=1)


def _stream_request(client):
    """A stream's request carrying `client`'s session, as the view receives it."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    request = RequestFactory().get("/live/stream", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={key}")
    request.session = SessionStore(key)
    return request


@pytest.mark.django_db
class TestRememberedSignIns:
    """A session is authenticated once per process; each later stream confirms it with one
    query, so a reconnect storm of distinct people costs one query each."""

    def _signed_in(self, client, username):
        client.force_login(User.objects.get(username=username))
        return _stream_request(client)

    def test_a_later_stream_of_the_session_costs_one_query(self, client, indian_delegate,
                                                            django_assert_num_queries):
        from concilium.live.views import _actor, forget_sign_ins

        forget_sign_ins()
        request = self._signed_in(client, "india")
        assert _actor(request) == indian_delegate
        with django_assert_num_queries(1):
            assert _actor(_stream_request(client)) == indian_delegate

    def test_signing_out_ends_the_remembered_sign_in(self, client, indian_delegate):
        from concilium.live.views import _actor, forget_sign_ins
        from concilium.rules.permissions import PUBLIC

        forget_sign_ins()
        request = self._signed_in(client, "india")
        assert _actor(request) == indian_delegate
        stale = _stream_request(client)
        client.logout()
        assert _actor(stale) == PUBLIC

    def test_a_new_password_or_role_ends_it(self, client, indian_delegate):
        from concilium.accounts.models import Profile
        from concilium.live.views import _actor, forget_sign_ins
        from concilium.rules.permissions import PUBLIC, Role

        forget_sign_ins()
        assert _actor(self._signed_in(client, "india")) == indian_delegate
        Profile.objects.filter(user__username="india").update(role=Role.OBSERVER.value)
        assert _actor(_stream_request(client)).role is Role.OBSERVER
        india = User.objects.get(username="india")
        india.set_password("a-new-pass-2021")
        india.save()
        assert _actor(_stream_request(client)) == PUBLIC  # the old session's hash no longer holds


def test_a_stream_opens_with_a_jittered_retry(server):
    """Every stream tells its browser when to come back, spread over 2-5 s."""
    import http.client
    import urllib.parse

    india = Session(server, "india")
    parsed = urllib.parse.urlparse(server)
    retries = set()
    for _ in range(5):
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
        conn.request("GET", f"/live/stream?topics={urllib.parse.quote(TOPIC)}",
                     headers={"Cookie": india.cookie_header()})
        first = conn.getresponse().readline().decode()
        conn.close()
        assert first.startswith("retry: "), first
        retries.add(int(first.split()[1]))
    assert all(2_000 <= r <= 5_000 for r in retries) and len(retries) > 1


class TestLeanHandler:
    """`GET /live/stream` is served without Django's request thread (concilium.live.asgi);
    what a client sees is what the view answers, and everything else is Django's."""

    def _get(self, server, path, headers=None, method="GET"):
        import http.client
        import urllib.parse

        parsed = urllib.parse.urlparse(server)
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        first = response.readline() if response.status == 200 else response.read()
        conn.close()
        return response, first

    def test_refusals_are_the_views(self, server):
        import urllib.parse

        quoted = urllib.parse.quote(TOPIC)
        response, body = self._get(server, f"/live/stream?topics={quoted}")
        assert response.status == 404 and b'"not_found"' in body  # anonymous: members only
        assert response.getheader("X-Frame-Options") == "DENY"
        response, body = self._get(server, "/live/stream?topics=everything")
        assert response.status == 422 and b'"topics"' in body
        assert self._get(server, "/live/stream")[0].status == 422
        response, first = self._get(server, "/live/stream?topics=registry")
        assert response.status == 200 and first.startswith(b"retry: ")  # public topic
        assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        assert "Cookie" in response.getheader("Vary")
        india = Session(server, "india")
        response, first = self._get(server, f"/live/stream?topics={quoted}",
                                    {"Cookie": india.cookie_header()})
        assert response.status == 200 and first.startswith(b"retry: ")

    def test_other_requests_go_to_django(self, server):
        assert self._get(server, "/live/stream?topics=registry", method="HEAD")[0].status == 405
        response, _body = self._get(server, "/live/stream?topics=registry",
                                    {"Host": "evil.example"})
        assert response.status == 400  # ALLOWED_HOSTS, answered by Django

    def test_a_disconnect_ends_the_stream(self):
        """The stream registers its client, delivers a pushed event, and ends (the client
        gone from the broadcaster) once the client disconnects. Each step waits for what it
        expects, up to a generous deadline, rather than for a fixed time: a busy machine
        slows the test down but does not fail it."""
        import asyncio

        from django.core.handlers.asgi import ASGIHandler

        from concilium.core.tests.aio import run_async
        from concilium.live.asgi import LiveStreams
        from concilium.live.broadcaster import get_broadcaster

        async def scenario():
            app = LiveStreams(ASGIHandler())

            async def until(check, what: str, timeout: float = 20.0):
                deadline = asyncio.get_running_loop().time() + timeout
                while not check():
                    assert asyncio.get_running_loop().time() < deadline, f"never {what}"
                    await asyncio.sleep(0.01)

            task, sent, gone = await _open_stream(app, b"topics=registry")
            broadcaster = get_broadcaster()
            await until(lambda: broadcaster.clients, "registered")
            assert broadcaster.clients == 1 and sent[0]["status"] == 200
            broadcaster.push(1, "registry", b"id: 1\n\n")
            await until(lambda: sent[-1].get("body") == b"id: 1\n\n", "delivered")
            gone.set()
            await asyncio.wait_for(task, 20)
            assert broadcaster.clients == 0

        run_async(scenario)


async def _open_stream(app, query: bytes, last_id: int | None = None):
    """A stream opened on `app` in this loop: (its task, the messages sent, the event that
    disconnects it)."""
    import asyncio

    sent, gone = [], asyncio.Event()

    async def receive():
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    headers = [(b"host", b"testserver")]
    if last_id is not None:
        headers.append((b"last-event-id", str(last_id).encode()))
    scope = {"type": "http", "method": "GET", "path": "/live/stream", "query_string": query,
             "root_path": "", "scheme": "http", "headers": headers,
             "server": ("testserver", 80), "client": ("127.0.0.1", 1)}
    return asyncio.create_task(app(scope, receive, send)), sent, gone


class TestResumingFromMemory:
    """A browser back within seconds is replayed what it missed from the events this process
    delivered, kept encoded: a reconnect storm adds no query to the audit log per stream."""

    def test_a_resumed_stream_gets_what_it_missed_from_memory(self):
        """The audit log of this test holds none of these events: what the resumed stream
        receives can only come from the broadcaster's memory, in delivery order, on its own
        topic only, and the next live event follows."""
        import asyncio

        from django.core.handlers.asgi import ASGIHandler

        from concilium.core.bus import Event
        from concilium.live.asgi import LiveStreams
        from concilium.live.broadcaster import get_broadcaster

        async def scenario():
            app = LiveStreams(ASGIHandler())
            broadcaster = get_broadcaster()
            broadcaster.cover_from(10)
            for seq, topic in ((11, "registry"), (12, "meeting:cfm"), (13, "registry"),
                               (14, "registry")):
                broadcaster.publish(Event(id=seq, topic=topic, kind="registry.entry", data={}))
            task, sent, gone = await _open_stream(app, b"topics=registry", last_id=11)
            deadline = asyncio.get_running_loop().time() + 20
            while len(sent) < 4:
                assert asyncio.get_running_loop().time() < deadline, sent
                await asyncio.sleep(0.01)
            broadcaster.publish(Event(id=15, topic="registry", kind="registry.entry", data={}))
            while len(sent) < 5:
                assert asyncio.get_running_loop().time() < deadline, sent
                await asyncio.sleep(0.01)
            gone.set()
            await asyncio.wait_for(task, 20)
            bodies = [m["body"] for m in sent[1:5]]
            assert bodies[0].startswith(b"retry: ")
            assert [b.split(b"\n")[0] for b in bodies[1:]] == [b"id: 13", b"id: 14", b"id: 15"]

        asyncio.run(scenario())

    def test_memory_answers_only_what_it_covers(self):
        """Before the process knows it hears every commit, and below an event it has
        forgotten, the audit log answers (None); within memory, the missed events."""
        import asyncio

        from concilium.live import broadcaster as live

        async def scenario():
            broadcaster = live.Broadcaster(asyncio.get_running_loop())
            try:
                broadcaster.push(5, "registry", b"id: 5\n\n")
                assert broadcaster.remembered_after(4, frozenset({"registry"})) is None
                broadcaster.cover_from(5)
                assert broadcaster.remembered_after(4, frozenset({"registry"})) is None
                for seq in range(6, 6 + live.HISTORY + 1):
                    broadcaster.push(seq, "registry", b"")
                assert broadcaster.remembered_after(5, frozenset({"registry"})) is None  # 6 forgotten
                newest = broadcaster.remembered_after(6 + live.HISTORY - 2,
                                                      frozenset({"registry"}))
                assert [node.seq for node in newest] == [6 + live.HISTORY - 1, 6 + live.HISTORY]
                assert broadcaster.remembered_after(7, frozenset({"meeting:cfm"})) == []
            finally:
                broadcaster.close()

        asyncio.run(scenario())


@pytest.mark.postgresql
def test_concurrent_writers_on_two_servers_reach_every_client(tmp_path):
    """Eight delegations record positions at once through two server processes; three
    clients, on either server, each receive every one of those events exactly once."""
    import threading

    env = demo_environment(tmp_path, database=f"concilium_gaps_{os.getpid()}")
    first, url_a = start_server(env)
    second, url_b = start_server(env)
    try:
        watchers = [EventStream(url, TOPIC, cookie=Session(url, "officer").cookie_header())
                    for url in (url_a, url_b, url_b)]
        time.sleep(0.5)  # the LISTEN tasks start with the first stream
        writers = ["india", "china", "kazakhstan", "kyrgyzstan", "pakistan", "russia",
                   "tajikistan", "uzbekistan"]
        sessions = [Session(url_a if i % 2 else url_b, name) for i, name in enumerate(writers)]

        def write(session):
            for paragraph in (1, 2, 3):
                record_position(session, paragraph)

        threads = [threading.Thread(target=write, args=(s,)) for s in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected = len(writers) * 3
        for stream in watchers:
            ids = []
            while len(ids) < expected and (event := stream.next_event(timeout=5)) is not None:
                ids.append(int(event["id"]))
            stream.close()
            assert len(ids) == len(set(ids)) == expected
    finally:
        stop_server(first)
        stop_server(second)

