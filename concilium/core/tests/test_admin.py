"""The admin serves the secretariat every model; history stays read-only there."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from concilium.accounts.models import ApiToken
from concilium.accounts.services import token_create
from concilium.audit.models import Action, AuditRecord
from concilium.core.admin import AuditedAdmin


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


def test_a_bulk_delete_is_audited_object_by_object(officer_client, secretariat_officer):
    """"Delete selected" on two API tokens leaves one audit record for each token."""
    for label in ("one", "two"):
        token_create(username="officer", label=label, acting_user=secretariat_officer)
    pks = list(ApiToken.objects.values_list("pk", flat=True))
    before = AuditRecord.objects.count()
    response = officer_client.post("/admin/accounts/apitoken/", {
        "action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    deletes = AuditRecord.objects.filter(seq__gt=before)
    assert sorted(r.target_id for r in deletes) == sorted(str(pk) for pk in pks)
    assert {(r.action, r.summary["admin"], r.actor) for r in deletes} == {
        ("token.save", "delete", "officer")}


def test_history_cannot_be_bulk_deleted(officer_client, secretariat_officer):
    """Positions, proposals, decisions and versions offer no bulk delete, and refuse one."""
    from concilium.documents import services

    services.document_create(doc_type="declaration", body="cfm", lang="en",
                             paragraphs=["Text."], titles={}, symbol="SCO/H/1",
                             acting_user=secretariat_officer)
    from concilium.documents.models import Version

    pks = list(Version.objects.values_list("pk", flat=True))
    response = officer_client.post("/admin/documents/version/", {
        "action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert Version.objects.count() == len(pks)
    assert response.status_code in (200, 302, 403)
    model_admin = admin.site._registry[Version]
    with pytest.raises(PermissionDenied):
        model_admin.delete_queryset(None, Version.objects.all())


def test_each_admin_records_its_own_kind_of_write():
    """No admin borrows another model's action: every audited admin names its own."""
    audited = {model: ma for model, ma in admin.site._registry.items()
               if isinstance(ma, AuditedAdmin)}
    actions = [ma.audit_action for ma in audited.values()]
    assert len(actions) == len(set(actions)), actions
    assert all(isinstance(a, Action) for a in actions)


def test_editing_a_token_in_the_admin_is_not_recorded_as_creating_a_user(
        officer_client, secretariat_officer):
    token_create(username="officer", label="script", acting_user=secretariat_officer)
    token = ApiToken.objects.get()
    officer_client.post(f"/admin/accounts/apitoken/{token.pk}/change/",
                        {"user": token.user_id, "label": "renamed"})
    assert ApiToken.objects.get().label == "renamed"
    assert AuditRecord.objects.order_by("-seq").first().action == "token.save"


def test_saving_a_body_or_a_membership_in_the_admin_records_its_own_action(
        secretariat_officer, rf):
    """A body's save is a body.save, a membership's a membership.save: not state.save."""
    from django.db import transaction

    from concilium.organization.models import Body, Membership

    request = rf.post("/admin/")
    request.actor = secretariat_officer
    for model, expected in ((Body, "body.save"), (Membership, "membership.save")):
        obj = model.objects.first()
        with transaction.atomic():
            admin.site._registry[model].save_model(request, obj, form=None, change=True)
        record = AuditRecord.objects.order_by("-seq").first()
        assert (record.action, record.target_type) == (expected, model._meta.model_name)
