from django.contrib import admin

from concilium.audit.models import Action
from concilium.core.admin import AuditedAdmin
from concilium.organization import models as m


@admin.register(m.Organization)
class OrganizationAdmin(AuditedAdmin):
    audit_action = Action.ORGANIZATION_RECORD_SAVE
    list_display = ["slug", "charter_source", "loaded_at"]
    readonly_fields = ["charter_sha256", "loaded_at"]


@admin.register(m.State)
class StateAdmin(AuditedAdmin):
    audit_action = Action.STATE_SAVE
    list_display = ["code", "__str__"]
    search_fields = ["code", "names"]


@admin.register(m.Membership)
class MembershipAdmin(AuditedAdmin):
    audit_action = Action.MEMBERSHIP_SAVE
    list_display = ["state", "status", "start", "end"]
    list_filter = ["status"]


@admin.register(m.PartnerOrganization)
class PartnerOrganizationAdmin(AuditedAdmin):
    audit_action = Action.ORGANIZATION_SAVE
    list_display = ["slug", "__str__"]


@admin.register(m.Body)
class BodyAdmin(AuditedAdmin):
    audit_action = Action.BODY_SAVE
    list_display = ["slug", "__str__", "chair_rule", "prepares_for"]


@admin.register(m.Office)
class OfficeAdmin(AuditedAdmin):
    audit_action = Action.OFFICE_SAVE
    list_display = ["slug", "__str__", "body", "per_state"]


@admin.register(m.Official)
class OfficialAdmin(AuditedAdmin):
    audit_action = Action.OFFICIAL_SAVE
    list_display = ["__str__", "office", "state", "start", "end"]
    list_filter = ["office"]


@admin.register(m.Presidency)
class PresidencyAdmin(AuditedAdmin):
    audit_action = Action.PRESIDENCY_RECORD
    list_display = ["state", "start", "end", "reason"]


@admin.register(m.DocumentType)
class DocumentTypeAdmin(AuditedAdmin):
    audit_action = Action.DOCUMENT_TYPE_SAVE
    list_display = ["slug", "__str__", "approved_by", "rule"]
