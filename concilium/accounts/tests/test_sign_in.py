"""Logins that cannot be guessed: lockout after repeated failures on every door, a bad token
refused as such, and passwords held to Django's validators by the services."""

import pytest
from django.test import Client

from concilium.accounts.services import token_create, user_create
from concilium.core.errors import ValidationFailed
from concilium.rules.permissions import SYSTEM

PASSWORD = "demo-pass-2020"


def _fail(client, url, n, username="india"):
    return [client.post(url, {"username": username, "password": "wrong-guess"}).status_code
            for _ in range(n)]


@pytest.mark.axes
class TestLockout:
    def test_repeated_wrong_passwords_lock_the_login_page(self, indian_delegate, settings):
        """After the limit, even the right password is refused, with a message saying why."""
        client = Client()
        assert _fail(client, "/login/", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
        assert _fail(client, "/login/", 1) == [429]
        response = client.post("/login/", {"username": "india", "password": PASSWORD})
        assert response.status_code == 429
        assert "Too many failed sign-in attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_the_admin_login_locks_out_too(self, secretariat_officer, settings):
        client = Client()
        statuses = _fail(client, "/admin/login/", settings.AXES_FAILURE_LIMIT, "officer")
        assert statuses[-1] == 429
        response = client.post("/admin/login/", {"username": "officer", "password": PASSWORD})
        assert response.status_code == 429

    def test_a_success_before_the_limit_resets_the_count(self, indian_delegate, settings):
        client = Client()
        _fail(client, "/login/", settings.AXES_FAILURE_LIMIT - 1)
        assert client.post("/login/", {"username": "india", "password": PASSWORD}
                           ).status_code == 302
        assert _fail(Client(), "/login/", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4

    def test_guessing_api_tokens_locks_the_address_out(self, indian_delegate, settings):
        client = Client(HTTP_AUTHORIZATION="Bearer cnc_guess")
        statuses = [client.get("/api/me").status_code
                    for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
        assert statuses[:settings.AXES_FAILURE_LIMIT - 1] == [401] * 4
        assert statuses[-1] == 429
        good = token_create(username="india", acting_user=SYSTEM)
        locked = Client(HTTP_AUTHORIZATION=f"Bearer {good}").get("/api/me")
        assert locked.status_code == 429 and locked.json()["error"] == "locked_out"

    @pytest.mark.parametrize(("lang", "word"), [("ru", "попыток"), ("zh-hans", "次数过多")])
    def test_the_lockout_message_is_translated(self, lang, word, indian_delegate, settings):
        client = Client(HTTP_ACCEPT_LANGUAGE=lang)
        _fail(client, "/login/", settings.AXES_FAILURE_LIMIT)
        page = client.post("/login/", {"username": "india", "password": PASSWORD})
        assert page.status_code == 429 and word in page.content.decode()


def test_a_bad_bearer_token_is_401_naming_the_header(db):
    response = Client(HTTP_AUTHORIZATION="Bearer not-a-token").get("/api/states")
    assert response.status_code == 401
    assert response.json()["field"] == "Authorization"
    assert Client().get("/api/states").status_code == 200  # no token: the public


@pytest.mark.parametrize("weak", ["a", "password", "12345678", "india-delegate"])
def test_user_create_refuses_a_weak_password(sco, weak):
    with pytest.raises(ValidationFailed) as error:
        user_create(username="india-delegate", password=weak, role="delegate", state="IND",
                    acting_user=SYSTEM)
    assert error.value.field == "password"


def test_production_asks_for_twelve_characters(sco, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
         "OPTIONS": {"min_length": 12}}]
    with pytest.raises(ValidationFailed) as error:
        user_create(username="kz", password="Tq7#xk2Lp", role="delegate", state="KAZ",
                    acting_user=SYSTEM)
    assert "12 characters" in error.value.message


def test_changing_an_unknown_user_is_not_found_on_every_database(sco):
    """Found by the API fuzz on PostgreSQL: locking the user joined to its profile failed."""
    from concilium.accounts.services import user_update
    from concilium.core.errors import NotFound

    with pytest.raises(NotFound):
        user_update(username="nobody", role="delegate", state="IND", acting_user=SYSTEM)
