"""Admin writes are writes too: each save or delete appends an audit record.

Every `AuditedAdmin` names the `Action` its model's writes are recorded as (a model without
one cannot be registered: the admin's system check says which). A bulk "Delete selected"
records each object it removes, as a delete one by one does. History models are read-only:
`HistoryAdmin` offers no add, change or delete, and refuses a bulk delete outright.
"""

from django.contrib import admin
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db import transaction

from concilium.audit.models import Action
from concilium.core.models import WorkerBeat
from concilium.core.services import record_change

NO_AUDIT_ACTION = "{admin} does not name its audit_action (an audit.models.Action)."


class AuditedAdmin(admin.ModelAdmin):
    """Records who saved or deleted what: `request.actor`, which the accounts app's
    `ActorMiddleware` sets for every request."""

    audit_action: Action | None = None

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not isinstance(self.audit_action, Action):
            errors.append(checks.Error(NO_AUDIT_ACTION.format(admin=type(self).__name__),
                                       obj=type(self), id="concilium.E002"))
        return errors

    def _record(self, request, obj, verb: str) -> None:
        record_change(
            actor=request.actor, action=self.audit_action,
            target_type=obj._meta.model_name, target_id=obj.pk, topic="registry",
            summary={"admin": verb, "after": str(obj)},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._record(request, obj, "change" if change else "add")

    def delete_model(self, request, obj):
        self._record(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk "Delete selected": one audit record per object, in the same transaction."""
        with transaction.atomic():
            for obj in queryset:
                self._record(request, obj, "delete")
            super().delete_queryset(request, queryset)


class HistoryAdmin(admin.ModelAdmin):
    """Append-only history (versions, positions, proposals, decisions): read, never edit.

    Changes go through the services, which keep the history and the audit chain intact.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_queryset(self, request, queryset):
        raise PermissionDenied("history is append-only: it cannot be deleted")


@admin.register(WorkerBeat)
class WorkerBeatAdmin(HistoryAdmin):
    """The background workers alive, and when each last beat: read-only."""

    list_display = ["worker_id", "host", "pid", "started_at", "beat_at"]
