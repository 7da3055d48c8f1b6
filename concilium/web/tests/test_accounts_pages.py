"""Accounts in the browser: the Secretariat officer creates, changes and deactivates
accounts, resets passwords and manages tokens; nobody else gets in."""

import pytest
from django.contrib.auth import authenticate, get_user_model

from concilium.accounts.models import ApiToken
from concilium.accounts.services import user_create
from concilium.audit.models import AuditRecord
from concilium.rules.permissions import SYSTEM

pytestmark = pytest.mark.django_db
User = get_user_model()


def _secret(html):
    return html.split('<p class="secret">')[1].split("</p>")[0]


def test_the_officer_creates_a_delegate_and_sees_its_password_once(as_officer):
    response = as_officer.post("/accounts/new", {"username": "kazakh", "role": "delegate",
                                                 "state": "KAZ", "email": "k@example.org"})
    html = response.content.decode()
    assert response.status_code == 200 and "The account kazakh is created" in html
    user = authenticate(username="kazakh", password=_secret(html))
    assert user is not None and user.profile.state.code == "KAZ"
    assert "kazakh" in as_officer.get("/accounts/").content.decode()


def test_a_delegate_without_a_state_stays_on_the_form_with_the_message_at_the_field(
        as_officer):
    before = AuditRecord.objects.count()
    response = as_officer.post("/accounts/new", {"username": "lost", "role": "delegate"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="state-error"' in html and 'value="lost"' in html
    assert not User.objects.filter(username="lost").exists()
    assert AuditRecord.objects.count() == before


def test_a_taken_user_name_is_refused_at_its_field(as_officer, indian_delegate):
    response = as_officer.post("/accounts/new", {"username": "india", "role": "delegate",
                                                 "state": "IND"})
    assert response.status_code == 422 and 'id="username-error"' in response.content.decode()


def test_the_officer_deactivates_an_account(as_officer, indian_delegate):
    response = as_officer.post("/accounts/india/", {"action": "save", "role": "delegate",
                                                    "state": "IND", "email": ""})
    assert response.status_code == 302
    assert not User.objects.get(username="india").is_active
    assert "deactivated" in as_officer.get("/accounts/").content.decode()
    assert AuditRecord.objects.order_by("-seq").first().action == "user.update"


def test_a_bad_change_keeps_what_was_chosen_and_writes_nothing(as_officer, indian_delegate):
    before = AuditRecord.objects.count()
    response = as_officer.post("/accounts/india/", {"action": "save", "role": "chair",
                                                    "state": "", "active": "yes"})
    html = response.content.decode()
    assert response.status_code == 422 and 'id="state-error"' in html
    assert '<option value="chair" selected>' in html
    assert User.objects.get(username="india").profile.role == "delegate"
    assert AuditRecord.objects.count() == before


def test_the_officer_resets_a_password(as_officer, indian_delegate):
    html = as_officer.post("/accounts/india/", {"action": "password"}).content.decode()
    assert authenticate(username="india", password=_secret(html)) is not None


def test_the_officer_creates_and_revokes_a_token(client, as_officer, indian_delegate):
    html = as_officer.post("/accounts/india/", {"action": "token",
                                                "label": "ci"}).content.decode()
    token = _secret(html)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["state"] == "IND"
    row = ApiToken.objects.get()
    assert "ci" in as_officer.get("/accounts/india/").content.decode()
    as_officer.post("/accounts/india/", {"action": "revoke", "token": row.pk})
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_nobody_but_the_secretariat_gets_in(client, as_india, as_observer, indian_delegate):
    for who in (as_india, as_observer, client):
        assert who.get("/accounts/").status_code == 403
        assert who.get("/accounts/new").status_code == 403
        assert who.get("/accounts/india/").status_code == 403
        assert who.post("/accounts/new", {"username": "z", "role": "secretariat"}
                        ).status_code == 403
        assert who.post("/accounts/india/", {"action": "password"}).status_code == 403
    assert not User.objects.filter(username="z").exists()


def test_an_unknown_account_is_not_found(as_officer):
    assert as_officer.get("/accounts/nobody/").status_code == 404


def test_the_menu_shows_accounts_to_the_secretariat_only(as_officer, as_india):
    assert 'href="/accounts/"' in as_officer.get("/documents/").content.decode()
    assert 'href="/accounts/"' not in as_india.get("/documents/").content.decode()


def test_the_list_costs_the_same_for_few_or_many_accounts(as_officer,
                                                          django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        as_officer.get("/accounts/")
    for n in range(10):
        user_create(username=f"d{n}", password="x-long-pass", role="delegate", state="IND",
                    acting_user=SYSTEM)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "d9" in as_officer.get("/accounts/").content.decode()


def test_one_account_costs_the_same_for_one_or_many_tokens(as_officer, indian_delegate,
                                                           django_assert_max_num_queries):
    as_officer.post("/accounts/india/", {"action": "token", "label": "first"})
    with django_assert_max_num_queries(15) as few:
        as_officer.get("/accounts/india/")
    first = len(few.captured_queries)  # read now: every request resets the query log
    for n in range(8):
        as_officer.post("/accounts/india/", {"action": "token", "label": f"t{n}"})
    with django_assert_max_num_queries(first):
        assert "t7" in as_officer.get("/accounts/india/").content.decode()


def test_a_bad_email_is_refused_at_its_field(as_officer, indian_delegate):
    response = as_officer.post("/accounts/new", {"username": "e", "role": "delegate",
                                                 "state": "IND", "email": "not-an-address"})
    assert response.status_code == 422 and 'id="email-error"' in response.content.decode()
    response = as_officer.post("/accounts/india/", {"action": "save", "role": "delegate",
                                                    "state": "IND", "email": "nope@",
                                                    "active": "yes"})
    assert response.status_code == 422 and 'id="email-error"' in response.content.decode()
    assert not User.objects.filter(username="e").exists()
    assert User.objects.get(username="india").email == ""
