"""Background exports in the admin: what was asked, by whom, and how far it got; the
registries of certified copies and of correspondence, read-only."""

from django.contrib import admin

from concilium.core.admin import HistoryAdmin
from concilium.outcomes.models import CertifiedCopy, ExportJob, Note


@admin.register(ExportJob)
class ExportJobAdmin(HistoryAdmin):
    list_display = ["symbol", "format", "lang", "requested_by", "status", "progress", "created"]
    list_filter = ["status", "format"]


@admin.register(CertifiedCopy)
class CertifiedCopyAdmin(HistoryAdmin):
    """The registry of certified copies: each file issued, by its SHA-256; read-only."""

    list_display = ["registry_number", "symbol", "lang", "format", "certified_on", "issued_by"]
    list_filter = ["format", "lang"]
    search_fields = ["sha256", "registry_number", "symbol"]


@admin.register(Note)
class NoteAdmin(HistoryAdmin):
    """The registry of correspondence: each note verbale issued, by its number; read-only."""

    list_display = ["number", "meeting", "kind", "issued_on", "issued_by"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "meeting__slug"]
