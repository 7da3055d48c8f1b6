"""The search index in the admin: derived data, rebuilt by `concilium search --reindex`."""

from django.contrib import admin

from concilium.core.admin import HistoryAdmin
from concilium.search import models as m

admin.site.register(m.Entry, HistoryAdmin)
admin.site.register(m.State, HistoryAdmin)
