from django.contrib import admin

from concilium.accounts.models import ApiToken, Profile
from concilium.audit.models import Action
from concilium.core.admin import AuditedAdmin


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin):
    audit_action = Action.PROFILE_SAVE
    list_display = ["user", "role", "state", "organization"]
    list_filter = ["role"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    audit_action = Action.TOKEN_SAVE
    list_display = ["user", "label", "created"]
    readonly_fields = ["digest", "created"]
