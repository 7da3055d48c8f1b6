"""The secretariat's admin for documents. Texts, positions and proposals change only through
the negotiation room, the API or the commands, which version and audit every change."""

from django.contrib import admin

from concilium.core.admin import HistoryAdmin
from concilium.documents import models as m


class ParagraphTextInline(admin.TabularInline):
    model = m.ParagraphText
    fields = ["lang", "text", "bracket_count", "edit_seq"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(m.Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ["symbol", "__str__", "doc_type", "origin_body", "classification", "status",
                    "version"]
    list_filter = ["status", "classification", "doc_type", "origin_body"]
    search_fields = ["symbol", "titles"]


@admin.register(m.Paragraph)
class ParagraphAdmin(HistoryAdmin):
    list_display = ["document", "number", "key", "deleted"]
    list_filter = ["document"]
    inlines = [ParagraphTextInline]


@admin.register(m.Version)
class VersionAdmin(HistoryAdmin):
    list_display = ["document", "number", "created_at", "created_by", "note"]
    list_filter = ["document"]


@admin.register(m.Proposal)
class ProposalAdmin(HistoryAdmin):
    list_display = ["document", "kind", "state", "status", "created_by", "created_at"]
    list_filter = ["status", "kind", "state"]


@admin.register(m.Position)
class PositionAdmin(HistoryAdmin):
    list_display = ["document", "paragraph", "state", "stance", "recorded_by", "on_behalf",
                    "created_at"]
    list_filter = ["stance", "state"]


@admin.register(m.ParagraphText)
class ParagraphTextAdmin(HistoryAdmin):
    list_display = ["paragraph", "lang", "bracket_count", "edit_seq"]
    list_filter = ["lang"]


@admin.register(m.TextOutcome)
class TextOutcomeAdmin(HistoryAdmin):
    list_display = ["document", "paragraph", "kind", "recorded_by", "created_at"]
    list_filter = ["kind"]


@admin.register(m.ChairFocus)
class ChairFocusAdmin(HistoryAdmin):
    list_display = ["document", "paragraph", "set_by", "created_at"]
