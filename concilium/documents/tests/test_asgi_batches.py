"""The lean handler answers the polls that wait while its database threads are busy in one
query, and each of them gets its own answer, as if it had come alone: its own token, read
at that moment (a revoked one refused, the others served), its own role (an observer does
not get a members-only draft that a delegate beside it gets), its own document.
"""

import asyncio
import threading

from django.db import connection
from django.test.utils import CaptureQueriesContext

from concilium.accounts.models import ApiToken
from concilium.accounts.services import token_create, token_revoke
from concilium.core.tests.aio import run_async
from concilium.documents import asgi as polls
from concilium.documents.api_summary import paragraphs_answer, summary_answer
from concilium.documents.asgi import DatabaseThreads
from concilium.documents.tests.test_api import SYM
from concilium.rules.permissions import PUBLIC, SYSTEM

PRESS, REPORT = "SCO/CFM/2020/PR.1", "SCO/CFM/2020/REP.1"
ADDRESS = "127.0.0.1"


def poll(symbol, token=None, *, answer=summary_answer, bounds=None, if_none_match=""):
    """One waiting request, as the handler gives it to its database thread."""
    return (answer, symbol, bounds or {}, token, PUBLIC if token is None else None,
            None if token is None else ADDRESS, if_none_match)


def token(username):
    return token_create(username=username, acting_user=SYSTEM)


class TestOneQueryForAllThatWait:
    def test_delegate_observer_public_and_a_revoked_token_each_get_their_own_answer(
            self, draft, public_draft, released_draft, indian_delegate, pakistani_delegate,
            mongolian_observer):
        india, pakistan, mongolia = token("india"), token("pakistan"), token("mongolia")
        token_revoke(username="pakistan",
                     token=ApiToken.objects.get(user__username="pakistan").pk,
                     acting_user=SYSTEM)
        asked = [poll(SYM, india), poll(SYM, pakistan), poll(SYM, mongolia),
                 poll(REPORT, mongolia), poll(PRESS), poll(SYM),
                 poll(SYM, "cnc_not-a-token"), poll(SYM, india, answer=paragraphs_answer,
                                                   bounds={"limit": 2})]
        polls._answer_all(asked)  # the answers made and kept: what follows is the poll
        with CaptureQueriesContext(connection) as queries:
            answers = polls._answer_all(asked)
        # One for all of them, then the access check of each of the two refused the draft
        # (its kept answer is not theirs to have).
        assert len(queries) == 1 + 2
        delegate, revoked, observer, released, press, public, unknown, page = answers
        assert b'"symbol": "SCO/CFM/2020/DRAFT.1"' in delegate[1]
        assert b'"symbol": "SCO/CFM/2020/REP.1"' in released[1]
        assert b'"symbol": "SCO/CFM/2020/PR.1"' in press[1]
        assert b'"offset": 0, "limit": 2' in page[1]
        # Django answers these: 401 for the revoked and the unknown token, 404 for the
        # observer and the public asking for the members' draft.
        assert revoked is observer is public is unknown is None

    def test_kept_answers_for_many_pollers_and_documents_cost_one_query(
            self, draft, public_draft, released_draft, indian_delegate, pakistani_delegate,
            mongolian_observer):
        tokens = [token(name) for name in ("india", "pakistan", "mongolia")] * 3
        asked = [poll(symbol, t) for t in tokens for symbol in (REPORT, PRESS)] + [
            poll(SYM, tokens[0]), poll(SYM, tokens[1]), poll(PRESS)]
        made = polls._answer_all(asked)
        with CaptureQueriesContext(connection) as queries:
            assert polls._answer_all(asked) == made
        assert len(queries) == 1 and None not in made

    def test_the_etags_are_each_requests_own(self, draft, released_draft, indian_delegate,
                                             mongolian_observer):
        india, mongolia = token("india"), token("mongolia")
        first = polls._answer_all([poll(SYM, india), poll(REPORT, mongolia)])
        etags = [etag for etag, _ in first]
        again = polls._answer_all([poll(REPORT, mongolia, if_none_match=etags[1]),
                                   poll(SYM, india, if_none_match=etags[1])])
        assert again[0] == (etags[1], None)  # revalidated: a 304
        assert again[1][0] == etags[0] and again[1][1] is not None  # another's tag: 200

    def test_a_failed_query_hands_every_request_to_django(self, draft, indian_delegate,
                                                          monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("the server went away")

        monkeypatch.setattr(polls, "token_actors_with", broken)
        assert polls._answer_all([poll(SYM, token("india")), poll(SYM)]) == [None, None]


def _while_busy(threads, fn, count: int) -> list:
    """`count` calls of `threads.together(fn, (n,))` made while the one thread is busy, then
    let through: their results."""
    busy, free = threading.Event(), threading.Event()

    def hold():
        busy.set()
        free.wait(5)

    async def asked():
        held = threads.run(hold)
        await asyncio.to_thread(busy.wait, 5)
        waiting = [threads.together(fn, (n,)) for n in range(count)]
        free.set()
        await held
        return await asyncio.gather(*waiting)

    return run_async(asked)


class TestTheThreadsTakeWhatWaits:
    def test_requests_that_came_while_the_thread_was_busy_go_in_one_call(self):
        calls = []

        def doubled(asked):
            calls.append(len(asked))
            return [n * 2 for (n,) in asked]

        assert _while_busy(DatabaseThreads(1), doubled, 5) == [0, 2, 4, 6, 8]
        assert calls == [5]

    def test_no_more_than_a_batch_at_once(self, monkeypatch):
        monkeypatch.setattr(polls, "BATCH", 3)
        calls = []

        def counted(asked):
            calls.append(len(asked))
            return [None] * len(asked)

        _while_busy(DatabaseThreads(1), counted, 7)
        assert sum(calls) == 7 and max(calls) == 3

    def test_an_error_reaches_every_request_of_its_batch(self):
        threads = DatabaseThreads(1)

        def failing(asked):
            raise ZeroDivisionError

        async def asked():
            return await asyncio.gather(threads.together(failing, ()),
                                        threads.together(failing, ()),
                                        return_exceptions=True)

        assert all(isinstance(e, ZeroDivisionError) for e in run_async(asked))
