"""`RequestGuard`: what every request's body and text must be before any view sees it.

A body over `CONCILIUM_MAX_BODY_BYTES` is refused with 413 before it is read; a multipart
body that cannot be parsed (no boundary, cut short) with 400; a text field holding what
cannot be stored (`core.text.check_text`) with 422 naming the field. The API gets JSON
`{"error", "message", "field"}`; a page gets a short page saying the same. It runs after
`LocaleMiddleware` (the messages are translated) and before `CsrfViewMiddleware`, the first
to read a form, so no parser error reaches Django's generic 400 or a 500.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import DomainError
from concilium.core.text import check_strings, check_text

TOO_LARGE = _("The request body has {size} bytes; the limit is {limit} bytes ({megabytes} MB). "
              "Send a smaller file or split the document.")
MALFORMED = _("The request body could not be read as {content_type}: {detail}. Send it again "
              "as a complete form (multipart/form-data with its boundary) or as JSON.")
TOO_MANY_FIELDS = _("The request has too many form fields; send at most {limit}.")
METHOD_NOT_ALLOWED = _("method: {method} is not allowed on {path}; use {allowed}.")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _limit() -> int:
    return int(settings.CONCILIUM_MAX_BODY_BYTES)


class RequestGuard(MiddlewareMixin):
    """Refuse oversized, malformed or unstorable input with a 4xx that names the problem."""

    def process_request(self, request):
        try:
            return self._check(request)
        except DomainError as error:
            return self._refuse(request, error.status, error.as_dict())

    def process_response(self, request, response):
        """Ninja's bare-text 405 (a path that matched another route's pattern) in JSON."""
        if (response.status_code == 405 and request.path.startswith("/api/")
                and not response.get("Content-Type", "").startswith("application/json")):
            allowed = response.get("Allow", "")
            refused = JsonResponse({
                "error": "method_not_allowed", "field": "method",
                "message": str(METHOD_NOT_ALLOWED).format(
                    method=request.method, path=request.path, allowed=allowed or "-")},
                status=405)
            if allowed:
                refused["Allow"] = allowed
            return refused
        return response

    def _check(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        size = int(length) if length.isdigit() else 0
        if size > _limit():
            return self._too_large(request, size)
        check_text(request.path, field="path")
        for key in request.GET:
            check_text(key, field=key or "query")
            for value in request.GET.getlist(key):
                check_text(value, field=key or "query")
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        content_type = request.content_type or ""
        try:
            if content_type in FORM_TYPES:
                for key in request.POST:
                    check_text(key, field=key or "form")
                    for value in request.POST.getlist(key):
                        check_text(value, field=key or "form")
            elif content_type.endswith("json"):
                self._check_json(request.body)
        except RequestDataTooBig:
            return self._too_large(request, size)
        except TooManyFieldsSent:
            return self._refuse(request, 400, {
                "error": "bad_request", "field": "body", "message": str(TOO_MANY_FIELDS).format(
                    limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)})
        except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError) as error:
            return self._refuse(request, 400, {
                "error": "bad_request", "field": "body", "message": str(MALFORMED).format(
                    content_type=content_type, detail=str(error) or type(error).__name__)})
        return None

    @staticmethod
    def _check_json(body: bytes) -> None:
        try:
            data = json.loads(body)
        except ValueError:
            return  # not JSON: the API's own parser says so, naming the body
        check_strings(data)

    def _too_large(self, request, size: int):
        limit = _limit()
        return self._refuse(request, 413, {
            "error": "too_large", "field": "body", "limit": limit,
            "message": str(TOO_LARGE).format(size=size, limit=limit,
                                             megabytes=round(limit / 1_048_576, 1))})

    @staticmethod
    def _refuse(request, status: int, body: dict):
        if request.path.startswith("/api/"):
            response = JsonResponse(body, status=status)
        else:
            response = HttpResponse(
                render_to_string("core/refused.html", {"message": body["message"]}),
                status=status)
        # The body was not read: the connection cannot carry another request after it.
        if status == 413:
            response["Connection"] = "close"
        return response
