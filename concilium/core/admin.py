"""Admin writes are writes too: each save or delete appends an audit record."""

from django.contrib import admin

from concilium.audit.models import Action
from concilium.core.models import WorkerBeat
from concilium.core.services import record_change


class AuditedAdmin(admin.ModelAdmin):
    """Records who saved or deleted what: `request.actor`, which the accounts app's
    `ActorMiddleware` sets for every request."""

    audit_action = Action.DOCUMENT_UPDATE

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


@admin.register(WorkerBeat)
class WorkerBeatAdmin(HistoryAdmin):
    """The background workers alive, and when each last beat: read-only."""

    list_display = ["worker_id", "host", "pid", "started_at", "beat_at"]
