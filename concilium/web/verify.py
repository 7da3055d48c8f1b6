"""The public page /verify/: upload a file, learn whether it is a genuine certified copy of
a registry entry, or altered. Open to anyone, as the registry is."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from concilium.outcomes.selectors import certified_copy_verify
from concilium.web.views import page

#: The largest file the page reads (a certified copy is a few hundred kilobytes).
MAX_BYTES = 50 * 1024 * 1024
NO_FILE = _("file: choose the copy to check (a PDF or HTML file of at most 50 MB).")


@require_http_methods(["GET", "POST"])
@page
def verify(request):
    if request.method == "GET":
        return render(request, "web/verify.html", {"section": "registry"})
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_BYTES:
        return render(request, "web/verify.html", {"section": "registry", "error": NO_FILE},
                      status=400)
    result = certified_copy_verify(upload.read())
    return render(request, "web/verify.html", {"section": "registry", "result": result})
