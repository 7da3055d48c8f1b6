"""Who am I, and the secretariat's accounts: users with a role, passwords, API tokens.

Thin: parse, call one service or selector, shape the answer. A password or a token is in
the answer that created it and nowhere else.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from concilium.accounts import selectors, services
from concilium.accounts.auth import actor_of

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    state: str | None
    organization: str | None


@router.get("/me", response=MeOut, summary="The caller as the API sees them")
def me(request):
    actor = actor_of(request)
    return MeOut(username=actor.username, role=str(actor.role), state=actor.state,
                 organization=actor.organization)


class UserOut(Schema):
    username: str
    email: str
    active: bool
    role: str
    state: str | None
    organization: str | None
    tokens: int


class UserCreateIn(Schema):
    username: str
    role: str
    state: str | None = None
    organization: str | None = None
    email: str = ""


class UserUpdateIn(Schema):
    role: str
    state: str | None = None
    organization: str | None = None
    email: str | None = None
    active: bool | None = None


class PasswordOut(Schema):
    username: str
    password: str


class TokenIn(Schema):
    label: str = ""


class TokenOut(Schema):
    id: int
    label: str
    created: dt.datetime


class NewTokenOut(Schema):
    token: str


def _user(account: selectors.Account) -> UserOut:
    return UserOut(username=account.username, email=account.email, active=account.active,
                   role=account.role, state=account.state,
                   organization=account.organization, tokens=account.tokens)


@router.get("/users", response=list[UserOut], summary="Every account with its role (secretariat)")
def list_users(request):
    return [_user(a) for a in selectors.user_list(actor=actor_of(request))]


@router.post("/users", response={201: PasswordOut},
             summary="Create an account with a role; answers its one-time password")
def create_user(request, payload: UserCreateIn):
    password = services.new_password()
    user = services.user_create(password=password, acting_user=actor_of(request),
                                **payload.dict())
    return Status(201, PasswordOut(username=user.username, password=password))


@router.patch("/users/{username}", response=UserOut,
              summary="Change an account's role, binding, e-mail or whether it may sign in")
def update_user(request, username: str, payload: UserUpdateIn):
    actor = actor_of(request)
    services.user_update(username=username, acting_user=actor, **payload.dict())
    return _user(selectors.user_get(username, actor=actor))


@router.post("/users/{username}/password", response=PasswordOut,
             summary="A new one-time password for an account")
def reset_password(request, username: str):
    password = services.user_password_reset(username=username, acting_user=actor_of(request))
    return PasswordOut(username=username, password=password)


@router.get("/users/{username}/tokens", response=list[TokenOut], summary="An account's tokens")
def list_tokens(request, username: str):
    return [TokenOut(id=t.pk, label=t.label, created=t.created)
            for t in selectors.token_list(username, actor=actor_of(request))]


@router.post("/users/{username}/tokens", response={201: NewTokenOut},
             summary="A new API token for an account (shown once)")
def create_token(request, username: str, payload: TokenIn):
    token = services.token_create(username=username, label=payload.label,
                                  acting_user=actor_of(request))
    return Status(201, NewTokenOut(token=token))


@router.delete("/users/{username}/tokens/{int:token}", response={204: None},
               summary="Revoke an API token")
def revoke_token(request, username: str, token: int):
    services.token_revoke(username=username, token=token, acting_user=actor_of(request))
    return Status(204, None)
