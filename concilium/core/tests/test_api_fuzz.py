"""The API fuzzed from its own OpenAPI document: no input makes it answer 500.

Schemathesis generates requests, valid and invalid, for every operation in
/api/openapi.json; each is sent as the Secretariat officer, the Indian delegate and the
public. Every answer must be below 500, and every 4xx a JSON body with a message (400 and
422 also name the field). Hypothesis runs derandomized with a fixed budget (generating a
request costs more than serving it, so each is generated once and sent three times): the
same ~2,000 requests in every build, on SQLite and on PostgreSQL alike.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from concilium.accounts.services import token_create
from concilium.api import api
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import sample_document
from concilium.wsgi import application

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CALLERS = 3
# About 2,000 requests in all, however many operations the API has: this many generated
# per operation, each sent by the three callers (CONCILIUM_FUZZ_EXAMPLES overrides).
REQUESTS = 2_000
EXAMPLES = int(os.environ.get("CONCILIUM_FUZZ_EXAMPLES", "0")) or max(
    4, REQUESTS // (CALLERS * len(OPERATIONS)))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck), print_blob=True,
                phases=[Phase.explicit, Phase.generate, Phase.shrink])


def cases(operation):
    """Valid requests and invalid ones (wrong types, missing fields, bad formats)."""
    return st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                     operation.as_strategy(GenerationMode.NEGATIVE))


@pytest.fixture
def app_in_the_test_transaction():
    """Serve the WSGI app in this thread without closing the test's database connection
    after each request (what Django's own test client does too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(secretariat_officer, indian_delegate, app_in_the_test_transaction):
    sample_document(symbol="SCO/CFM/2020/DEMO", paragraphs=4)
    return {
        "officer": {"Authorization": "Bearer " + token_create(username="officer",
                                                               acting_user=SYSTEM)},
        "delegate": {"Authorization": "Bearer " + token_create(username="india",
                                                                acting_user=SYSTEM)},
        "public": {},
    }


def check(case, response, caller: str) -> None:
    where = f"{caller}: {case.method} {case.formatted_path} → {response.status_code}"
    assert response.status_code < 500, f"{where}: {response.text[:500]}"
    if 400 <= response.status_code < 500:
        try:
            body = response.json()
        except ValueError:
            raise AssertionError(f"{where}: not JSON: {response.text[:300]}") from None
        assert isinstance(body, dict) and body.get("message"), f"{where}: {response.text[:300]}"
        if response.status_code in (400, 422):
            assert "field" in body, f"{where}: {response.text[:300]}"


def test_no_generated_request_gets_a_server_error(world):
    sent = []
    for operation in OPERATIONS:

        @FUZZ
        @given(case=cases(operation))
        def fuzz(case):
            for caller, headers in world.items():
                response = case.call(app=application, headers=headers)
                sent.append(response.status_code)
                check(case, response, caller)

        fuzz()
    print(f"{len(sent)} requests over {len(OPERATIONS)} operations")
    assert len(sent) >= 2 * EXAMPLES * len(OPERATIONS)  # the budget was spent
