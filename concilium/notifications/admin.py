"""Notifications in the admin, read-only: what was told to whom and whether its e-mail went
(a `failed` row keeps the mail server's last answer). Settings and follows change through
the services (pages, API, `concilium notify`), which audit them."""

from django.contrib import admin

from concilium.core.admin import HistoryAdmin
from concilium.notifications import models as n


class NotificationAdmin(HistoryAdmin):
    list_display = ("user", "kind", "document", "meeting", "created_at", "read_at",
                    "email_state", "attempts", "last_error")
    list_filter = ("kind", "email_state")


admin.site.register(n.Notification, NotificationAdmin)
admin.site.register(n.Follow, HistoryAdmin)
admin.site.register(n.NotificationSettings, HistoryAdmin)
admin.site.register(n.CalendarFeed, HistoryAdmin)  # the digest only: the address is never kept
