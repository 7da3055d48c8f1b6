"""Accounts: roles bound to states, tokens for scripts, and the API's view of who calls."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concilium.accounts.services import token_create, user_create
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.rules.permissions import Role


def test_a_delegate_account_is_bound_to_its_state(indian_delegate):
    """The Indian delegate acts as a delegate of India."""
    assert indian_delegate.role is Role.DELEGATE
    assert indian_delegate.state == "IND"


def test_a_delegate_without_a_state_is_refused(secretariat_officer):
    """A delegate must speak for some state; the message names the field."""
    with pytest.raises(ValidationFailed) as caught:
        user_create(username="nobody", password="x-long-pass", role="delegate",
                    acting_user=secretariat_officer)
    assert caught.value.field == "state"


def test_only_the_secretariat_creates_accounts(indian_delegate):
    """A delegate cannot create accounts, not even for colleagues."""
    with pytest.raises(Forbidden):
        user_create(username="friend", password="x-long-pass", role="delegate", state="IND",
                    acting_user=indian_delegate)


def test_a_token_lets_a_script_act_as_its_user(client, indian_delegate, secretariat_officer):
    """`concilium token create india` prints a token that the API accepts as India's delegate."""
    out = StringIO()
    call_command("token", "create", "india", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("cnc_")
    whoami = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert whoami == {"username": "india", "role": "delegate", "state": "IND",
                      "organization": None}


def test_without_credentials_the_api_answers_as_the_public(client, sco):
    """An anonymous caller is the public, not an error."""
    assert client.get("/api/me").json()["role"] == "public"


def test_a_wrong_token_is_refused_not_taken_for_the_public(client, sco):
    """A made-up token grants nothing, and says so: 401, never the public's answer."""
    response = client.get("/api/me", headers={"Authorization": "Bearer cnc_made_up"})
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


def test_a_token_for_an_unknown_user_exits_2(sco):
    """The command names the missing user."""
    with pytest.raises(CommandError) as caught:
        call_command("token", "create", "ghost", stdout=StringIO())
    assert caught.value.returncode == 2 and "ghost" in str(caught.value)


def test_tokens_are_stored_only_as_digests(indian_delegate, secretariat_officer):
    """The database never holds a usable token."""
    from concilium.accounts.models import ApiToken

    token = token_create(username="india", acting_user=secretariat_officer)
    assert not ApiToken.objects.filter(digest=token).exists()


def test_a_token_is_checked_in_one_query(client, secretariat_officer, mongolian_observer,
                                         django_assert_num_queries):
    """Scripts poll: the token, its user, the profile and the address's failed sign-ins are
    read together, and the actor is the one the user stands for."""
    from django.contrib.auth.models import User

    from concilium.accounts.services import actor_for

    token = token_create(username="mongolia", acting_user=secretariat_officer)
    with django_assert_num_queries(1):
        whoami = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert whoami == {"username": "mongolia", "role": "observer", "state": "MNG",
                      "organization": None}
    assert actor_for(User.objects.get(username="mongolia")) == mongolian_observer


def test_a_token_of_a_deactivated_user_is_refused(client, secretariat_officer, indian_delegate):
    from django.contrib.auth.models import User

    token = token_create(username="india", acting_user=secretariat_officer)
    User.objects.filter(username="india").update(is_active=False)
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_superuser_without_a_profile_acts_as_the_secretariat(client, secretariat_officer):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password="root-pass-2020-long")
    token = token_create(username="root", acting_user=secretariat_officer)
    whoami = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert whoami["role"] == "secretariat"
