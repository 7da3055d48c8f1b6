"""Accounts kept by the secretariat: changes, deactivation, passwords and tokens, audited."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from concilium.accounts import selectors, services
from concilium.audit.models import AuditRecord
from concilium.core.errors import Forbidden, NotFound, ValidationFailed

User = get_user_model()


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="demo-pass-2020")
    return client


def test_the_officer_changes_a_role_and_the_change_is_audited(secretariat_officer,
                                                               indian_delegate):
    services.user_update(username="india", role="observer", state="IND",
                         acting_user=secretariat_officer)
    record = AuditRecord.objects.order_by("-seq").first()
    assert record.action == "user.update" and record.target_id == "india"
    assert record.summary == {"before": {"role": "delegate"}, "after": {"role": "observer"}}
    assert selectors.user_get("india", actor=secretariat_officer).role == "observer"


def test_a_deactivated_account_cannot_sign_in(secretariat_officer, indian_delegate):
    services.user_update(username="india", role="delegate", state="IND", active=False,
                         acting_user=secretariat_officer)
    assert authenticate(username="india", password="demo-pass-2020") is None


def test_the_officer_may_not_lock_themself_out(secretariat_officer):
    with pytest.raises(ValidationFailed) as caught:
        services.user_update(username="officer", role="secretariat", active=False,
                             acting_user=secretariat_officer)
    assert caught.value.field == "active"


def test_a_reset_password_works_once_shown(secretariat_officer, indian_delegate):
    password = services.user_password_reset(username="india", acting_user=secretariat_officer)
    assert authenticate(username="india", password=password) is not None
    assert authenticate(username="india", password="demo-pass-2020") is None


def test_a_revoked_token_is_refused(client, secretariat_officer, indian_delegate):
    token = services.token_create(username="india", label="script",
                                  acting_user=secretariat_officer)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/me", **auth).json()["username"] == "india"
    (row,) = selectors.token_list("india", actor=secretariat_officer)
    services.token_revoke(username="india", token=row.pk, acting_user=secretariat_officer)
    assert client.get("/api/me", **auth).status_code == 401
    assert AuditRecord.objects.order_by("-seq").first().action == "token.revoke"
    with pytest.raises(NotFound):
        services.token_revoke(username="india", token=row.pk, acting_user=secretariat_officer)


def test_a_delegate_manages_no_account(indian_delegate, pakistani_delegate):
    with pytest.raises(Forbidden):
        services.user_update(username="pakistan", role="delegate", state="IND",
                             acting_user=indian_delegate)
    with pytest.raises(Forbidden):
        services.user_password_reset(username="pakistan", acting_user=indian_delegate)
    with pytest.raises(Forbidden):
        selectors.user_list(actor=indian_delegate)


def test_the_command_creates_a_delegate_and_prints_a_password(sco):
    out = StringIO()
    call_command("user", "create", "kazakh", "--role", "delegate", "--state", "KAZ",
                 "--email", "k@example.org", stdout=out)
    username, password = out.getvalue().split()
    assert username == "kazakh"
    user = authenticate(username="kazakh", password=password)
    assert user.profile.state.code == "KAZ" and user.email == "k@example.org"
    listing = StringIO()
    call_command("user", "list", stdout=listing)
    assert "kazakh\tdelegate\tKAZ\tactive" in listing.getvalue()


def test_the_command_refuses_bad_input_with_exit_2(sco):
    with pytest.raises(CommandError) as caught:
        call_command("user", "create", "x", "--role", "delegate", stdout=StringIO())
    assert caught.value.returncode == 2 and "state" in str(caught.value)
    assert not User.objects.filter(username="x").exists()


def test_the_api_creates_changes_and_lists_accounts(secretariat_officer):
    client = signed_in("officer")
    created = client.post("/api/users", {"username": "uzbek", "role": "delegate",
                                         "state": "UZB"}, content_type="application/json")
    assert created.status_code == 201
    assert authenticate(username="uzbek", password=created.json()["password"]) is not None
    changed = client.patch("/api/users/uzbek", {"role": "delegate", "state": "UZB",
                                                "active": False},
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert [u["username"] for u in client.get("/api/users").json()] == ["officer", "uzbek"]
    token = client.post("/api/users/uzbek/tokens", {"label": "ci"},
                        content_type="application/json")
    assert token.status_code == 201
    (row,) = client.get("/api/users/uzbek/tokens").json()
    assert client.delete(f"/api/users/uzbek/tokens/{row['id']}").status_code == 204
    assert client.get("/api/users/uzbek/tokens").json() == []
    bad = client.post("/api/users", {"username": "x", "role": "king"},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "role"


def test_the_api_refuses_a_delegate(indian_delegate):
    client = signed_in("india")
    assert client.get("/api/users").status_code == 403
    assert client.post("/api/users", {"username": "y", "role": "secretariat"},
                       content_type="application/json").status_code == 403
    assert not User.objects.filter(username="y").exists()
