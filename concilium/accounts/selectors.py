"""Reads of accounts for the secretariat: the users with their roles, and their tokens.

Only the secretariat lists accounts; a user that does not exist is the same `NotFound` as
elsewhere. A fixed number of queries whatever the number of users or tokens.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count

from concilium.accounts.models import ApiToken, Profile
from concilium.accounts.services import ONLY_SECRETARIAT, UNKNOWN_USER, actor_for, token_digest
from concilium.core.errors import Forbidden, NotFound
from concilium.organization import selectors as org
from concilium.organization.models import PartnerOrganization, State
from concilium.rules.permissions import Actor, Role, may_manage_registry

User = get_user_model()


@dataclass(frozen=True)
class Account:
    username: str
    email: str
    active: bool
    role: str
    state: str | None
    organization: str | None
    tokens: int
    last_login: object | None


def _account(user) -> Account:
    actor = actor_for(user)
    return Account(username=user.username, email=user.email, active=user.is_active,
                   role=str(actor.role), state=actor.state, organization=actor.organization,
                   tokens=getattr(user, "token_count", 0), last_login=user.last_login)


def _check(actor: Actor) -> None:
    if not may_manage_registry(actor):
        raise Forbidden(ONLY_SECRETARIAT)


def user_list(*, actor: Actor) -> list[Account]:
    """Every account, by user name, with its role, binding and number of tokens. One query."""
    _check(actor)
    users = (User.objects.select_related("profile__state", "profile__organization")
             .annotate(token_count=Count("api_tokens")).order_by("username"))
    return [_account(u) for u in users]


def user_get(username: str, *, actor: Actor) -> Account:
    _check(actor)
    user = (User.objects.select_related("profile__state", "profile__organization")
            .annotate(token_count=Count("api_tokens")).filter(username=username).first())
    if user is None:
        raise NotFound(UNKNOWN_USER, field="username", username=username)
    return _account(user)


def token_list(username: str, *, actor: Actor) -> list[ApiToken]:
    """A user's tokens (their labels and dates; the tokens themselves are never stored)."""
    _check(actor)
    return list(ApiToken.objects.filter(user__username=username).order_by("created", "id"))


@dataclass(frozen=True)
class Choices:
    roles: list[tuple[str, str]]  # (value, label)
    states: list[tuple[str, str]]  # (code, name), in the order lists in `lang` use
    organizations: list[tuple[str, str]]


def account_choices(*, lang: str, actor: Actor) -> Choices:
    """What an account form offers: the roles, every state, every partner organization."""
    _check(actor)
    names = org.state_names(lang)
    return Choices(
        roles=[(value, str(label)) for value, label in Profile.ROLE_CHOICES],
        states=[(code, names[code]) for code in org.state_order(lang)],
        organizations=[(o.slug, o.name(lang)) for o in PartnerOrganization.objects.all()])


@functools.cache
def _token_sql() -> str:
    token, user, profile = ApiToken._meta, User._meta, Profile._meta
    state, org_ = State._meta, PartnerOrganization._meta
    attempt = AccessAttempt._meta
    return (
        f"SELECT u.{user.get_field('username').column} AS username, u.is_superuser, p.role, "
        f"s.code AS state, o.slug AS organization, EXISTS (SELECT 1 FROM "
        f"{attempt.db_table} a WHERE a.username = %s AND a.ip_address = %s) AS attempts "
        f"FROM {token.db_table} t INNER JOIN {user.db_table} u "
        f"ON u.{user.pk.column} = t.{token.get_field('user').column} AND u.is_active "
        f"LEFT JOIN {profile.db_table} p ON p.{profile.get_field('user').column} "
        f"= u.{user.pk.column} "
        f"LEFT JOIN {state.db_table} s ON s.{state.pk.column} = p.state_id "
        f"LEFT JOIN {org_.db_table} o ON o.{org_.pk.column} = p.organization_id "
        f"WHERE t.digest = %s")


def token_actor(token: str, *, lockout_name: str, address: str | None
                ) -> tuple[Actor | None, bool]:
    """(the actor a bearer token stands for, None if unknown, revoked or its user inactive;
    whether `address` has failed sign-ins on record under `lockout_name`), in one query.

    Every API call of a script asks this, so it is written out in SQL and builds the Actor
    as `services.actor_for` would from the user and profile, without model instances."""
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [lockout_name, address, token_digest(token)])
        row = cursor.fetchone()
    if row is None:
        return None, True
    return _token_row_actor(row), bool(row[5])


def token_actor_with(token: str, *, lockout_name: str, address: str | None, sql: str,
                     params: list) -> tuple[Actor | None, bool, tuple | None]:
    """`token_actor` and the row of `sql` (a SELECT of at most one row, `params` its
    parameters) in the same query, so that both are read at the same moment: for the lean
    handler of the summary (`documents.asgi`), the document's last change. The row is None
    when `sql` finds none or the token is refused."""
    with connection.cursor() as cursor:
        cursor.execute(_token_with_sql(sql), [lockout_name, address, token_digest(token),
                                              *params])
        row = cursor.fetchone()
    if row is None:
        return None, True, None
    return _token_row_actor(row), bool(row[5]), (None if row[6] is None else tuple(row[6:]))


def _token_row_actor(row) -> Actor:
    username, superuser, role, state, organization = row[:5]
    if role is None:
        return Actor(username=username, role=Role.SECRETARIAT if superuser else Role.PUBLIC)
    return Actor(username=username, role=Role(role), state=state, organization=organization)


@functools.lru_cache(maxsize=8)
def _token_with_sql(sql: str) -> str:
    return f"SELECT q.*, w.* FROM ({_token_sql()}) q LEFT JOIN ({sql}) w ON 1 = 1"



def token_actors_with(asked: list[tuple[str | None, str | None, object]], *,
                      lockout_name: str, columns: str, join: str
                      ) -> list[tuple[Actor | None, bool, tuple | None]]:
    """`token_actor_with` for several requests in one query: for each (bearer token or
    None, address, value) of `asked`, in order, (its actor, None if the token is unknown,
    revoked, its user inactive or no token was given; whether its address has failed
    sign-ins on record under `lockout_name`; the row that `join` finds for its value, or
    None). `join` is a LEFT JOIN whose condition reads the request's value as `r.value`,
    `columns` the columns it gives (all NULL when it finds nothing). For the lean handler
    of the summary (`documents.asgi`): the requests that came while the database was busy,
    answered together, each read after it came."""
    if not asked:
        return []
    rows, params = _token_rows([
        (n, None if token is None else token_digest(token), address, value)
        for n, (token, address, value) in enumerate(asked)])
    with connection.cursor() as cursor:
        cursor.execute(f"{_token_batch_sql(columns)} FROM {rows} {_token_joins()} {join} "
                       "ORDER BY r.n", [lockout_name, *params])
        found = cursor.fetchall()
    return [(None if row[1] is None else _token_row_actor(row[1:]), bool(row[6]),
             None if row[7] is None else tuple(row[7:])) for row in found]


def _token_rows(asked: list[tuple]) -> tuple[str, list]:
    """The requests as a table `r` (n, digest, address, value) and its parameters; on
    PostgreSQL as arrays, so that the query's text is the same whatever their number."""
    if connection.vendor == "postgresql":
        return ("unnest(%s::bigint[], %s::text[], %s::inet[], %s::text[]) "
                "AS r(n, digest, address, value)",
                [list(column) for column in zip(*asked, strict=True)])
    values = ", ".join(["(%s, %s, %s, %s)"] * len(asked))
    return (f"(WITH r(n, digest, address, value) AS (VALUES {values}) SELECT * FROM r) r",
            [value for row in asked for value in row])


@functools.lru_cache(maxsize=8)
def _token_batch_sql(columns: str) -> str:
    attempt = AccessAttempt._meta
    return (f"SELECT r.n, u.{User._meta.get_field('username').column} AS username, "
            f"u.is_superuser, p.role, s.code AS state, o.slug AS organization, EXISTS "
            f"(SELECT 1 FROM {attempt.db_table} a WHERE a.username = %s "
            f"AND a.ip_address = r.address) AS attempts, {columns}")


@functools.cache
def _token_joins() -> str:
    """The token's user (if active), profile, state and organization, all LEFT JOINs so
    that each request keeps its row; a refused token gives a NULL username."""
    token, user, profile = ApiToken._meta, User._meta, Profile._meta
    state, org_ = State._meta, PartnerOrganization._meta
    return (
        f"LEFT JOIN {token.db_table} t ON t.digest = r.digest "
        f"LEFT JOIN {user.db_table} u ON u.{user.pk.column} = "
        f"t.{token.get_field('user').column} AND u.is_active "
        f"LEFT JOIN {profile.db_table} p ON p.{profile.get_field('user').column} "
        f"= u.{user.pk.column} "
        f"LEFT JOIN {state.db_table} s ON s.{state.pk.column} = p.state_id "
        f"LEFT JOIN {org_.db_table} o ON o.{org_.pk.column} = p.organization_id")
