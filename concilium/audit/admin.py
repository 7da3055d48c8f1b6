from django.contrib import admin

from concilium.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for the secretariat."""

    list_display = ["seq", "at", "actor", "acting_for", "action", "target_type", "target_id"]
    list_filter = ["action", "role"]
    search_fields = ["actor", "target_id", "topic"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
