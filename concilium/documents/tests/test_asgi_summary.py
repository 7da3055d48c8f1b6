"""The lean ASGI handler of the summary and the paragraph pages answers exactly as Django's
path would, or lets Django answer.

Each request is sent twice over ASGI: to the lean handler (`documents.asgi.DocumentPolls`)
and to Django's own handler; status, headers and body must be the same, and the lean handler
must have answered by itself (200, 304) or handed the request over untouched (the rest).
"""

import asyncio
import json
import threading
from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from django.core import signals
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from concilium import asgi as concilium_asgi
from concilium.accounts.models import ApiToken
from concilium.accounts.services import token_create, token_revoke, user_update
from concilium.core.tests.aio import run_async
from concilium.documents import asgi as polls
from concilium.documents import services
from concilium.documents.asgi import DatabaseThreads, DocumentPolls
from concilium.documents.tests.test_api import SYM, URL
from concilium.documents.tests.test_summary import forget_summaries
from concilium.rules.permissions import SYSTEM

SUMMARY = f"{URL}/summary"
PAGES = f"{URL}/paragraphs"


class Django:
    """Django's ASGI handler, counting the requests it is given."""

    def __init__(self):
        self.handler = concilium_asgi.OneThreadASGIHandler()
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await self.handler(scope, receive, send)

    async def send_response(self, response, send):
        await self.handler.send_response(response, send)


def ask(app, path, *, method="GET", query=b"", **headers):
    """(status, headers, body) of one request to an ASGI `app`. Django's closing of old
    connections is held back, as the test client does, so the test's transaction lives."""
    raw = [(b"host", b"testserver")] + [
        (name.replace("_", "-").lower().encode(), value.encode()) for name, value in
        headers.items()]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": query, "root_path": "", "headers": raw,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    sent, received = [], []

    async def receive():
        if received:  # the body was read: the client stays until the answer is sent
            await asyncio.Event().wait()
        received.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        async_to_sync(app)(scope, receive, send)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    start = sent[0]
    return (start["status"], sorted((name.lower(), value) for name, value in start["headers"]),
            b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.fixture
def servers():
    """(the lean handler in front of a counting Django, Django alone)."""
    django = Django()
    return DocumentPolls(django, db_threads=0), django


def bearer(username):
    return {"authorization": f"Bearer {token_create(username=username, acting_user=SYSTEM)}"}


def same_answer(servers, path, query=b"", **headers):
    """The lean handler's answer, once checked equal to Django's for the same request."""
    fast, django = servers
    calls = django.calls
    answer = ask(fast, path, query=query, **headers)
    handed = django.calls - calls
    assert ask(django.handler, path, query=query, **headers) == answer
    return answer, handed


class TestSameAnswers:
    def test_the_indian_delegate_gets_djangos_summary_without_django(
            self, servers, draft, indian_delegate):
        token = bearer("india")
        ask(servers[1].handler, SUMMARY, **token)  # made once, kept by its ETag
        (status, headers, body), handed = same_answer(servers, SUMMARY, **token)
        assert status == 200 and handed == 0
        names = dict(headers)
        assert names[b"content-type"] == b"application/json; charset=utf-8"
        assert names[b"x-frame-options"] == b"DENY"
        assert names[b"x-content-type-options"] == b"nosniff"
        assert b"Accept-Language" in names[b"vary"]
        assert names[b"etag"].startswith(b'"') and names[b"cache-control"] == (
            b"private, no-cache")
        assert b'"symbol": "SCO/CFM/2020/DRAFT.1"' in body

    def test_a_summary_not_kept_yet_is_made_by_the_lean_handler_too(
            self, servers, draft, indian_delegate):
        token = bearer("india")
        forget_summaries()
        fast, django = servers
        made = ask(fast, SUMMARY, **token)
        assert django.calls == 0 and made[0] == 200
        forget_summaries()
        assert ask(django.handler, SUMMARY, **token) == made

    def test_in_russian_the_language_headers_are_djangos(self, servers, draft,
                                                         indian_delegate):
        token = bearer("india")
        (status, headers, _), handed = same_answer(servers, SUMMARY, accept_language="ru",
                                                   **token)
        assert status == 200 and handed == 0
        assert dict(headers)[b"content-language"] == b"ru"

    def test_the_public_reads_a_public_text_as_through_django(self, servers, public_draft):
        (status, headers, _), handed = same_answer(
            servers, "/api/documents/SCO/CFM/2020/PR.1/summary")
        assert status == 200 and handed == 0
        assert b"Cookie" in dict(headers)[b"vary"]  # the session was asked, as by Django

    def test_an_observer_reads_a_released_text(self, servers, released_draft,
                                               mongolian_observer):
        (status, _, _), handed = same_answer(
            servers, "/api/documents/SCO/CFM/2020/REP.1/summary", **bearer("mongolia"))
        assert status == 200 and handed == 0

    def test_revalidation_gives_djangos_304(self, servers, draft, indian_delegate):
        token = bearer("india")
        etag = dict(ask(servers[0], SUMMARY, **token)[1])[b"etag"].decode()
        (status, headers, body), handed = same_answer(servers, SUMMARY, if_none_match=etag,
                                                      **token)
        assert status == 304 and body == b"" and handed == 0
        assert dict(headers)[b"etag"].decode() == etag

    def test_a_change_to_the_document_changes_the_answer_at_once(
            self, servers, draft, indian_delegate, secretariat_officer):
        token = bearer("india")
        etag = dict(ask(servers[0], SUMMARY, **token)[1])[b"etag"].decode()
        services.position_record(symbol=SYM, state="IND", stance="object", paragraph=2,
                                 text="Not acceptable.", acting_user=secretariat_officer)
        (status, headers, body), _ = same_answer(servers, SUMMARY, if_none_match=etag,
                                                 **token)
        assert status == 200 and dict(headers)[b"etag"].decode() != etag
        assert b'"objecting": ["IND"]' in body


class TestParagraphPages:
    @pytest.mark.parametrize("query", [b"", b"limit=2", b"offset=1&limit=1", b"limit=2&offset=0"])
    def test_a_page_is_djangos_without_django(self, servers, draft, indian_delegate, query):
        token = bearer("india")
        fast, django = servers
        made = ask(fast, PAGES, query=query, **token)
        assert made[0] == 200 and django.calls == 0
        forget_summaries()
        assert ask(django.handler, PAGES, query=query, **token) == made
        etag = dict(made[1])[b"etag"].decode()
        revalidated = ask(fast, PAGES, query=query, if_none_match=etag, **token)
        assert revalidated[0] == 304 and django.calls == 0
        assert ask(django.handler, PAGES, query=query, if_none_match=etag,
                   **token) == revalidated

    @pytest.mark.parametrize("query", [b"limit=0", b"limit=501", b"offset=-1", b"limit=x",
                                       b"limit=2&limit=3", b"lang=ru", b"limit=%32"])
    def test_bounds_it_does_not_read_plainly_go_to_django(self, servers, draft,
                                                          indian_delegate, query):
        fast, django = servers
        token = bearer("india")
        answer = ask(fast, PAGES, query=query, **token)
        assert django.calls == 1
        assert answer == ask(django.handler, PAGES, query=query, **token)

    def test_the_observer_gets_404_for_a_members_draft(self, servers, draft, indian_delegate,
                                                       mongolian_observer):
        ask(servers[0], PAGES, query=b"limit=2", **bearer("india"))
        (status, _, _), handed = same_answer(servers, PAGES, query=b"limit=2",
                                             **bearer("mongolia"))
        assert status == 404 and handed == 1


class TestRefusalsAreDjangos:
    def test_the_observer_gets_404_for_a_members_draft_as_for_no_document(
            self, servers, draft, indian_delegate, mongolian_observer):
        ask(servers[0], SUMMARY, **bearer("india"))  # kept: the observer must not get it
        token = bearer("mongolia")
        (status, _, hidden), handed = same_answer(servers, SUMMARY, **token)
        assert status == 404 and handed == 1
        (_, _, missing), _ = same_answer(servers, "/api/documents/SCO/NO/SUCH/summary",
                                         **token)
        assert json.loads(hidden)["error"] == json.loads(missing)["error"] == "not_found"
        assert same_answer(servers, SUMMARY, if_none_match="*", **token)[0][0] == 404
        assert same_answer(servers, SUMMARY)[0][0] == 404  # nor the public

    def test_a_revoked_token_is_refused_at_its_next_request(self, servers, draft,
                                                            indian_delegate):
        token = bearer("india")
        assert ask(servers[0], SUMMARY, **token)[0] == 200
        token_revoke(username="india", token=ApiToken.objects.get(user__username="india").pk,
                     acting_user=SYSTEM)
        (status, _, body), handed = same_answer(servers, SUMMARY, **token)
        assert status == 401 and handed == 1 and b"Authorization" in body

    def test_a_deactivated_account_is_refused_at_once(self, servers, draft, indian_delegate):
        token = bearer("india")
        assert ask(servers[0], SUMMARY, **token)[0] == 200
        user_update(username="india", role="delegate", state="IND", active=False,
                    acting_user=SYSTEM)
        assert same_answer(servers, SUMMARY, **token)[0][0] == 401

    def test_a_delegate_made_observer_loses_the_draft_at_once(self, servers, draft,
                                                              indian_delegate):
        token = bearer("india")
        assert ask(servers[0], SUMMARY, **token)[0] == 200
        user_update(username="india", role="observer", state="IND", acting_user=SYSTEM)
        assert same_answer(servers, SUMMARY, **token)[0][0] == 404

    @pytest.mark.axes
    def test_an_address_guessing_tokens_is_locked_out_even_with_a_good_one(
            self, servers, draft, indian_delegate, settings):
        token = bearer("india")
        assert ask(servers[0], SUMMARY, **token)[0] == 200
        guesses = [ask(servers[0], SUMMARY, authorization="Bearer cnc_guess")[0]
                   for _ in range(settings.AXES_FAILURE_LIMIT)]
        assert guesses[0] == 401 and guesses[-1] == 429
        calls = servers[1].calls
        (status, _, body), _ = same_answer(servers, SUMMARY, **token)
        assert status == 429 and json.loads(body)["error"] == "locked_out"
        assert servers[1].calls == calls + 1

    def test_a_wrong_token_is_djangos_401(self, servers, draft):
        (status, _, _), handed = same_answer(servers, SUMMARY,
                                             authorization="Bearer cnc_not-a-token")
        assert status == 401 and handed == 1


class TestWhatGoesToDjango:
    @pytest.mark.parametrize("request_", [
        {"method": "POST"}, {"method": "HEAD"}, {"query": b"x=1"},
        {"cookie": "sessionid=abc"}, {"authorization": "Basic aW5kaWE6eA=="},
    ], ids=["post", "head", "query", "cookie", "basic"])
    def test_anything_unusual(self, servers, draft, indian_delegate, request_):
        fast, django = servers
        ask(fast, SUMMARY, **request_)
        assert django.calls == 1

    def test_other_paths(self, servers, draft, indian_delegate):
        token = bearer("india")
        for path in (URL, f"{URL}/consensus", "/api/me", "/api/documents//summary"):
            ask(servers[0], path, **token)
        assert servers[1].calls == 4

    def test_the_server_application_has_it_in_front(self):
        assert isinstance(concilium_asgi.application.django_app, DocumentPolls)


class TestCost:
    def test_a_kept_summary_costs_one_query(self, servers, draft, indian_delegate):
        token = bearer("india")
        ask(servers[0], SUMMARY, **token)
        with CaptureQueriesContext(connection) as answered:
            assert ask(servers[0], SUMMARY, **token)[0] == 200
        etag = dict(ask(servers[0], SUMMARY, **token)[1])[b"etag"].decode()
        with CaptureQueriesContext(connection) as revalidated:
            assert ask(servers[0], SUMMARY, if_none_match=etag, **token)[0] == 304
        assert len(answered) == len(revalidated) == 1

    def test_a_kept_page_costs_one_query(self, servers, draft, indian_delegate):
        token = bearer("india")
        ask(servers[0], PAGES, query=b"limit=2", **token)
        with CaptureQueriesContext(connection) as answered:
            assert ask(servers[0], PAGES, query=b"limit=2", **token)[0] == 200
        assert len(answered) == 1


class TestDatabaseThreads:
    def test_answers_and_errors_come_back_to_the_request(self):
        threads = DatabaseThreads(2)

        async def asked():
            doubled = await threads.run(lambda n: n * 2, 21)
            with pytest.raises(ZeroDivisionError):
                await threads.run(lambda: 1 / 0)
            return doubled

        assert run_async(asked) == 42

    def test_a_thread_gives_its_connection_back_when_nobody_asks(self, monkeypatch):
        closed = threading.Event()
        monkeypatch.setattr(polls, "connection", SimpleNamespace(close=closed.set))
        monkeypatch.setattr(polls, "RELEASE_AFTER", 0.05)
        threads = DatabaseThreads(1)
        assert run_async(_run, threads, lambda: "answered") == "answered"
        assert closed.wait(2)

    def test_postgresql_gets_half_the_pool(self, monkeypatch):
        pooled = {"OPTIONS": {"pool": {"max_size": 4}}}
        monkeypatch.setattr(polls, "connection", SimpleNamespace(settings_dict=pooled))
        assert DocumentPolls(Django()).db_threads == 2
        pooled["OPTIONS"]["pool"]["max_size"] = 1
        assert DocumentPolls(Django()).db_threads == 1
        pooled["OPTIONS"]["pool"]["max_size"] = 8
        assert DocumentPolls(Django()).db_threads == 4


async def _run(threads, fn):
    return await threads.run(fn)
