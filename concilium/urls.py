"""URL map: the API under /api/, the admin, language switching, the live streams, the pages."""

from django.contrib import admin
from django.urls import include, path

from concilium.api import api
from concilium.live import urls as live_urls
from concilium.web import errors
from concilium.web import urls as web_urls

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("live/", include(live_urls)),
    path("", include(web_urls)),
]

handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
handler400 = errors.bad_request
