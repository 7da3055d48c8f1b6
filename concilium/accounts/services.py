"""Users, roles and API tokens; and turning a request's user into an Actor."""

from __future__ import annotations

import hashlib
import re
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.accounts.models import ApiToken, Profile
from concilium.audit.models import Action
from concilium.core.errors import Forbidden, NotFound, ValidationFailed
from concilium.core.services import record_change
from concilium.organization.models import PartnerOrganization, State
from concilium.rules.permissions import PUBLIC, Actor, Role, may_manage_registry

User = get_user_model()

ONLY_SECRETARIAT = _("Only the secretariat manages accounts.")
ROLE_NEEDS_STATE = _("role: a {role} account must be bound to a state (give its ISO code).")
ROLE_NEEDS_BINDING = _("role: an observer account must be bound to a state or an organization.")
UNKNOWN_ROLE = _("role: '{role}' is not one of secretariat, chair, delegate, observer.")
USERNAME_TAKEN = _("username: '{username}' is already taken.")
UNKNOWN_USER = _("username: there is no user '{username}'.")
UNKNOWN_STATE = _("state: there is no state '{code}'.")
UNKNOWN_ORGANIZATION = _("organization: there is no organization '{slug}'.")
BAD_USERNAME = _("username: '{username}' is not a usable user name (1-150 letters, digits "
                 "and @ . + - _).")
NOT_YOURSELF = _("{field}: you may not deactivate your own account or give up your own "
                 "secretariat role; ask another officer.")
BAD_EMAIL = _("email: '{email}' is not an e-mail address (name@example.org).")
UNKNOWN_TOKEN = _("token: user '{username}' has no token {token}.")

USERNAME_OK = re.compile(r"^[\w.@+-]{1,150}$")
WEAK_PASSWORD = _("password: {reasons}")


def _check_password(password: str, *, username: str, email: str = "") -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as every form
    that sets a password applies them."""
    try:
        validate_password(password, user=User(username=username, email=email))
    except DjangoValidationError as error:
        raise ValidationFailed(WEAK_PASSWORD, field="password",
                               reasons=" ".join(error.messages)) from None


def actor_for(user) -> Actor:
    """The Actor a Django user stands for; anonymous users are the public."""
    if user is None or not user.is_authenticated:
        return PUBLIC
    profile = getattr(user, "profile", None)
    if profile is None:
        role = Role.SECRETARIAT if user.is_superuser else Role.PUBLIC
        return Actor(username=user.get_username(), role=role)
    return actor_of(user.get_username(), profile.role,
                    profile.state.code if profile.state_id else None,
                    profile.organization.slug if profile.organization_id else None)


def actor_of(username: str, role: str, state: str | None, organization: str | None) -> Actor:
    """The Actor of an account with a profile, from plain values (a state's code, an
    organization's slug): for reads of many accounts at once, without model instances."""
    return Actor(username=username, role=Role(role), state=state or None,
                 organization=organization or None)


def _role(role: str) -> Role:
    try:
        value = Role(role)
    except ValueError:
        raise ValidationFailed(UNKNOWN_ROLE, field="role", role=role) from None
    if value is Role.PUBLIC:
        raise ValidationFailed(UNKNOWN_ROLE, field="role", role=role)
    return value


def _binding(role: Role, state: str | None, organization: str | None):
    """The state and organization an account of `role` is bound to, checked."""
    state_obj = org_obj = None
    if state:
        state_obj = State.objects.filter(code=state.strip().upper()).first()
        if state_obj is None:
            raise NotFound(UNKNOWN_STATE, field="state", code=state)
    if organization:
        org_obj = PartnerOrganization.objects.filter(slug=organization).first()
        if org_obj is None:
            raise NotFound(UNKNOWN_ORGANIZATION, field="organization", slug=organization)
    if role in (Role.CHAIR, Role.DELEGATE) and state_obj is None:
        raise ValidationFailed(ROLE_NEEDS_STATE, field="state", role=role.value)
    if role is Role.OBSERVER and state_obj is None and org_obj is None:
        raise ValidationFailed(ROLE_NEEDS_BINDING, field="state")
    return state_obj, org_obj


def _check_email(email: str | None) -> str | None:
    if email is None:
        return None
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationFailed(BAD_EMAIL, field="email", email=email) from None
    return email


def new_password() -> str:
    """A one-time password to hand to a new user or after a reset (shown once, not stored)."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(
    *, username: str, password: str, role: str, state: str | None = None,
    organization: str | None = None, email: str = "", staff: bool = False,
    acting_user: Actor,
):
    """Create an account with its role and binding."""
    if not may_manage_registry(acting_user):
        raise Forbidden(ONLY_SECRETARIAT)
    username = (username or "").strip()
    if not USERNAME_OK.match(username):
        raise ValidationFailed(BAD_USERNAME, field="username", username=username)
    role_value = _role(role)
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(USERNAME_TAKEN, field="username", username=username)
    email = _check_email(email) or ""
    _check_password(password, username=username, email=email)
    state_obj, org_obj = _binding(role_value, state, organization)
    user = User.objects.create_user(username=username, password=password, email=email,
                                    is_staff=staff or role_value is Role.SECRETARIAT)
    Profile.objects.create(user=user, role=role_value.value, state=state_obj,
                           organization=org_obj)
    if role_value is Role.SECRETARIAT:
        user.groups.add(secretariat_group())
    record_change(actor=acting_user, action=Action.USER_CREATE, target_type="user",
                  target_id=username,
                  summary={"after": {"role": role_value.value,
                                     "state": state_obj.code if state_obj else None,
                                     "organization": organization}})
    return user


def _locked_user(username: str):
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the join to the profile.
    user = (User.objects.select_for_update(of=("self",)).select_related("profile")
            .filter(username=username).first())
    if user is None:
        raise NotFound(UNKNOWN_USER, field="username", username=username)
    return user


def _profile_of(user) -> Profile:
    profile = Profile.objects.filter(user=user).select_related("state", "organization").first()
    if profile is None:  # a superuser made with createsuperuser: the secretariat
        profile = Profile(user=user, role=Role.SECRETARIAT.value)
    return profile


@transaction.atomic
def user_update(
    *, username: str, role: str, state: str | None = None, organization: str | None = None,
    email: str | None = None, active: bool | None = None, acting_user: Actor,
):
    """Change an account's role and binding, e-mail, or whether it may sign in (a
    deactivated account keeps its history; its sessions and tokens stop working). The
    secretariat may not deactivate its own account or take its own role away."""
    if not may_manage_registry(acting_user):
        raise Forbidden(ONLY_SECRETARIAT)
    user = _locked_user(username)
    role_value = _role(role)
    state_obj, org_obj = _binding(role_value, state, organization)
    email = _check_email(email)
    if user.get_username() == acting_user.username and (
            active is False or role_value is not Role.SECRETARIAT):
        raise ValidationFailed(NOT_YOURSELF, field="active" if active is False else "role")
    profile = _profile_of(user)
    before = {"role": profile.role, "state": profile.state.code if profile.state_id else None,
              "organization": profile.organization.slug if profile.organization_id else None,
              "email": user.email, "active": user.is_active}
    profile.role, profile.state, profile.organization = role_value.value, state_obj, org_obj
    profile.save()
    if email is not None:
        user.email = email
    if active is not None:
        user.is_active = active
    user.is_staff = user.is_superuser or role_value is Role.SECRETARIAT
    user.save(update_fields=["email", "is_active", "is_staff"])
    if role_value is Role.SECRETARIAT:
        user.groups.add(secretariat_group())
    else:
        user.groups.remove(secretariat_group())
    after = {"role": role_value.value, "state": state_obj.code if state_obj else None,
             "organization": org_obj.slug if org_obj else None, "email": user.email,
             "active": user.is_active}
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        record_change(actor=acting_user, action=Action.USER_UPDATE, target_type="user",
                      target_id=username,
                      summary={"before": {k: before[k] for k in changed},
                               "after": {k: after[k] for k in changed}})
    return user


@transaction.atomic
def user_password_reset(*, username: str, acting_user: Actor) -> str:
    """Give an account a new one-time password and return it (it is not stored)."""
    if not may_manage_registry(acting_user):
        raise Forbidden(ONLY_SECRETARIAT)
    user = _locked_user(username)
    password = new_password()
    _check_password(password, username=username, email=user.email)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_change(actor=acting_user, action=Action.USER_UPDATE, target_type="user",
                  target_id=username, summary={"password": "reset"})
    return password


SECRETARIAT_GROUP = "Secretariat"
PROJECT_APPS = ("core", "accounts", "audit", "organization", "documents", "meetings",
                "outcomes", "search", "notifications")


def secretariat_group():
    """The admin group of the secretariat: every permission on the project's own models."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=PROJECT_APPS)
    if group.permissions.count() != wanted.count():
        group.permissions.set(wanted)
    return group


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, username: str, label: str = "", acting_user: Actor) -> str:
    """Issue a new API token for a user; returns the token, which is not stored."""
    if not may_manage_registry(acting_user) and acting_user.username != username:
        raise Forbidden(ONLY_SECRETARIAT)
    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(UNKNOWN_USER, field="username", username=username)
    token = "cnc_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, digest=token_digest(token), label=label)
    record_change(actor=acting_user, action=Action.TOKEN_CREATE, target_type="user",
                  target_id=username, summary={"label": label, "token": row.pk})
    return token


@transaction.atomic
def token_revoke(*, username: str, token: int, acting_user: Actor) -> None:
    """Revoke one of a user's API tokens: scripts using it are refused from now on."""
    if not may_manage_registry(acting_user) and acting_user.username != username:
        raise Forbidden(ONLY_SECRETARIAT)
    row = (ApiToken.objects.select_for_update()
           .filter(pk=token, user__username=username).first())
    if row is None:
        raise NotFound(UNKNOWN_TOKEN, field="token", username=username, token=token)
    label = row.label
    row.delete()
    record_change(actor=acting_user, action=Action.TOKEN_REVOKE, target_type="user",
                  target_id=username, summary={"label": label, "token": token})
