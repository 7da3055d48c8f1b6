"""What the meetings tests share: calling the API as one of the cast."""

from __future__ import annotations

import pytest

from concilium.accounts.services import token_create


def _token(actor):
    return token_create(username=actor.username, acting_user=actor)


@pytest.fixture
def as_(client):
    """Call the API as one of the cast, with a bearer token."""

    def call(actor, method, path, **kwargs):
        headers = {"Authorization": f"Bearer {_token(actor)}"}
        if method == "get":
            return client.get(path, kwargs.get("data"), headers=headers)
        return client.post(path, kwargs.get("json"), content_type="application/json",
                           headers=headers)

    return call
