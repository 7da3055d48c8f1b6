"""Background exports in the admin: what was asked, by whom, and how far it got."""

from django.contrib import admin

from concilium.core.admin import HistoryAdmin
from concilium.outcomes.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(HistoryAdmin):
    list_display = ["symbol", "format", "lang", "requested_by", "status", "progress", "created"]
    list_filter = ["status", "format"]
