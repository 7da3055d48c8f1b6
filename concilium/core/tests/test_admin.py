"""The admin serves the secretariat every model; history stays read-only there."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model


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
