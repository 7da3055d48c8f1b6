"""The secretariat's admin for meetings: read what was recorded. Planning and decisions go
through the services (pages, API, commands), which check the rules and audit each write."""

from django.contrib import admin

from concilium.core.admin import HistoryAdmin
from concilium.meetings import models as m


class AgendaInline(admin.TabularInline):
    model = m.AgendaItem
    fields = ["number", "titles", "decision_sought", "reporter"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(m.Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["slug", "body", "start", "end", "format", "chair_state", "status"]
    list_filter = ["body", "status", "format"]
    inlines = [AgendaInline]


@admin.register(m.SideEvent)
class SideEventAdmin(HistoryAdmin):
    list_display = ["meeting", "date", "format"]


@admin.register(m.Delegation)
class DelegationAdmin(HistoryAdmin):
    list_display = ["meeting", "state", "organization", "head"]


@admin.register(m.AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    list_display = ["meeting", "number", "decision_sought"]


@admin.register(m.Circulation)
class CirculationAdmin(HistoryAdmin):
    list_display = ["document", "date", "version", "recorded_by"]


@admin.register(m.Package)
class PackageAdmin(HistoryAdmin):
    list_display = ["symbol", "submitted_to", "created_at"]


@admin.register(m.Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["date", "meeting", "document", "package", "kind", "recorded_by"]
    list_filter = ["kind", "meeting"]


@admin.register(m.SilenceProcedure)
class SilenceProcedureAdmin(HistoryAdmin):
    list_display = ["document", "opened_at", "deadline", "status", "broken_by"]


@admin.register(m.RegistryEntry)
class RegistryEntryAdmin(HistoryAdmin):
    list_display = ["number", "date", "body", "document"]
    list_filter = ["body"]


@admin.register(m.RuleException)
class RuleExceptionAdmin(HistoryAdmin):
    list_display = ["document", "rule", "subject", "recorded_by", "recorded_at"]
    list_filter = ["rule"]


@admin.register(m.FloorRequest)
class FloorRequestAdmin(HistoryAdmin):
    list_display = ["item", "state", "status", "requested_at", "given_at", "closed_at"]
    list_filter = ["status"]


@admin.register(m.Ballot)
class BallotAdmin(HistoryAdmin):
    list_display = ["date", "meeting", "document", "kind", "result", "recorded_by"]
    list_filter = ["result"]


@admin.register(m.BallotVote)
class BallotVoteAdmin(HistoryAdmin):
    list_display = ["ballot", "state", "choice"]
