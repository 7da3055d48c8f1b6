"""URL map: the API under /api/, the admin, language switching, and the pages."""

from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path

from concilium.api import api

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if find_spec("concilium.live.urls") is not None:
    urlpatterns.append(path("live/", include("concilium.live.urls")))
if find_spec("concilium.web.urls") is not None:
    urlpatterns.append(path("", include("concilium.web.urls")))
