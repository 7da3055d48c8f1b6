"""Accounts in the browser, for the secretariat: the list, a new account, one account.

Thin: every read through `accounts.selectors`, every write one `accounts.services` call.
A new password or token is shown once, on the page that answers the write, and is not kept.
Everyone but the secretariat is refused (403) before anything is read.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from concilium.accounts import selectors, services
from concilium.core.errors import DomainError, Forbidden
from concilium.rules.permissions import may_manage_registry
from concilium.web.forms import form_errors, int_or_none
from concilium.web.views import page, ui_lang

FIELDS = ("username", "role", "state", "organization", "email", "active", "token", "label")


def _choices(request) -> selectors.Choices:
    if not may_manage_registry(request.actor):
        raise Forbidden(services.ONLY_SECRETARIAT)
    return selectors.account_choices(lang=ui_lang(), actor=request.actor)


def _values(post) -> dict[str, str]:
    return {name: post.get(name, "").strip() for name in FIELDS}


def _refused(error: DomainError) -> bool:
    """A refusal of the person, not of the input: shown as its own status page."""
    return isinstance(error, Forbidden) or (error.status == 404 and not error.field)


@require_GET
@page
def accounts(request):
    _choices(request)
    return render(request, "web/accounts/list.html", {
        "section": "accounts", "accounts": selectors.user_list(actor=request.actor)})


@page
def account_create(request):
    """A new account with its role and state or organization; its one-time password is
    shown on the page that answers."""
    choices = _choices(request)
    values = _values(request.POST) if request.method == "POST" else {"role": "delegate"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        password = services.new_password()
        try:
            user = services.user_create(
                username=values["username"], password=password, role=values["role"],
                state=values["state"] or None, organization=values["organization"] or None,
                email=values["email"], acting_user=request.actor)
        except DomainError as error:
            if _refused(error):
                raise
            errors = form_errors(error, FIELDS)
            return render(request, "web/accounts/create.html", {
                "section": "accounts", "choices": choices, "values": values,
                "errors": errors}, status=error.status)
        return render(request, "web/accounts/secret.html", {
            "section": "accounts", "username": user.username, "password": password,
            "created": True})
    return render(request, "web/accounts/create.html", {
        "section": "accounts", "choices": choices, "values": values, "errors": errors})


@page
def account(request, username):
    """One account: change its role, binding, e-mail and whether it may sign in; a new
    password; its API tokens (create, revoke). `action` says which form was sent."""
    choices = _choices(request)
    found = selectors.user_get(username, actor=request.actor)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        values = _values(request.POST)
        try:
            if action == "password":
                password = services.user_password_reset(username=username,
                                                        acting_user=request.actor)
                return render(request, "web/accounts/secret.html", {
                    "section": "accounts", "username": username, "password": password})
            if action == "token":
                token = services.token_create(username=username, label=values["label"],
                                              acting_user=request.actor)
                return render(request, "web/accounts/secret.html", {
                    "section": "accounts", "username": username, "token": token})
            if action == "revoke":
                services.token_revoke(username=username, acting_user=request.actor,
                                      token=int_or_none(values["token"]) or 0)
                messages.success(request, _("The token is revoked."))
            else:
                services.user_update(
                    username=username, role=values["role"], state=values["state"] or None,
                    organization=values["organization"] or None, email=values["email"],
                    active=values["active"] == "yes", acting_user=request.actor)
                messages.success(request, _("The account is saved."))
            return redirect(reverse("web:account", args=[username]))
        except DomainError as error:
            if _refused(error):
                raise
            errors, status = form_errors(error, FIELDS), error.status
    values = {"role": found.role, "state": found.state or "",
              "organization": found.organization or "", "email": found.email,
              "active": "yes" if found.active else ""}
    if request.method == "POST" and request.POST.get("action", "") not in (
            "password", "token", "revoke"):
        values = {**values, **_values(request.POST)}
    return render(request, "web/accounts/account.html", {
        "section": "accounts", "choices": choices, "account": found, "values": values,
        "tokens": selectors.token_list(username, actor=request.actor), "errors": errors},
        status=status)
