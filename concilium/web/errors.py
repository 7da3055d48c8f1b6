"""The pages shown when something is refused, missing or broken: in the user's language, with
where to go next, and nothing about how the site is built (no URL map, no traceback).

The 500 page is rendered without the context processors (they read the database, which may
be what failed) and falls back to plain HTML if even that fails.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concilium.core.errors import NotFound

NO_SUCH_PATH = gettext_lazy(
    "path: there is nothing at '{path}'; see /api/docs for the API's paths.")


def _next_steps(request) -> dict:
    actor = getattr(request, "actor", None)
    signed_in = bool(actor and actor.is_authenticated) or bool(
        getattr(getattr(request, "user", None), "is_authenticated", False))
    return {"signed_in": signed_in, "path": request.get_full_path()}


def page_not_found(request, exception=None):
    """Missing and not allowed to see look the same (a members-only draft is 'not found').

    Under /api/ a path that matches no route is answered in the API's JSON error shape.
    """
    if request.path.startswith("/api/"):
        error = NotFound(NO_SUCH_PATH, field="path", path=request.path)
        return JsonResponse(error.as_dict(), status=404)
    return render(request, "web/errors/404.html", _next_steps(request), status=404)


def permission_denied(request, exception=None):
    return render(request, "web/errors/403.html", _next_steps(request), status=403)


def server_error(request):
    try:
        body = loader.get_template("web/errors/500.html").render({})
    except Exception:  # the error page must not fail in turn
        body = "<!doctype html><title>500</title><h1>{}</h1><p><a href='/'>{}</a></p>".format(
            _("Something went wrong on our side"), _("Back to the dashboard"))
    return HttpResponseServerError(body)


def bad_request(request, exception=None) -> HttpResponse:
    return render(request, "web/errors/400.html", _next_steps(request), status=400)
