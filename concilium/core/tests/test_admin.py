"""The admin serves the secretariat every model; history stays read-only there."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from concilium.accounts.models import ApiToken
from concilium.accounts.services import token_create
from concilium.audit.models import AuditRecord


@pytest.fixture
def officer_client(client, secretariat_officer):
    client.force_login(get_user_model().objects.get(username="officer"))
    return client


def test_every_model_has_an_admin_page_the_officer_can_open(officer_client):
    """Each registered model's list opens for the Secretariat officer."""
    from django.apps import apps

    ours = [m for m in apps.get_models() if m.__module__.startswith("concilium.")]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []
    for model in ours:
        meta = model._meta
        response = officer_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, meta.label


def test_positions_cannot_be_edited_in_the_admin(officer_client):
    """A recorded position is history: the admin offers no way to add or change one."""
    assert officer_client.get("/admin/documents/position/add/").status_code == 403


def test_an_admin_delete_is_audited_in_the_name_of_the_officer_who_made_it(
        officer_client, secretariat_officer):
    """Removing an API token in the admin leaves an audit record naming the signed-in officer,
    with their role, and what the admin did."""
    token_create(username="officer", label="script", acting_user=secretariat_officer)
    token = ApiToken.objects.get(label="script")
    response = officer_client.post(f"/admin/accounts/apitoken/{token.pk}/delete/",
                                   {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    record = AuditRecord.objects.order_by("-seq").first()
    assert (record.actor, record.role, record.target_type, record.summary["admin"]) == (
        "officer", "secretariat", "apitoken", "delete")
