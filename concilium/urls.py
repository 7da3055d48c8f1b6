"""URL map: the API under /api/, the admin, language switching, the live streams, the pages.

A path under /api/ that matches no route is answered in JSON like every other API error
(`handler404`); elsewhere the page is Django's.
"""

from django.contrib import admin
from django.urls import include, path

from concilium.api import api
from concilium.live import urls as live_urls
from concilium.web import urls as web_urls

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("live/", include(live_urls)),
    path("", include(web_urls)),
]

handler404 = "concilium.web.views.not_found"
