"""The API root: every app's router under /api/, OpenAPI at /api/openapi.json."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from concilium.accounts import api as accounts_api
from concilium.accounts.auth import ActorAuth
from concilium.core.errors import DomainError
from concilium.documents import api as documents_api
from concilium.documents import api_outcomes as documents_outcomes_api
from concilium.documents import api_summary as documents_summary_api
from concilium.documents import api_workspace as documents_workspace_api
from concilium.meetings import api as meetings_api
from concilium.notifications import api as notifications_api
from concilium.organization import api as organization_api
from concilium.outcomes import api as outcomes_api
from concilium.rules.charter import CharterError
from concilium.search import api as search_api

api = NinjaAPI(
    title="Concilium API",
    version="1",
    description="Registry, meetings, negotiated documents, consensus and publications of an "
    "intergovernmental organization. Read endpoints answer the public with what is public; "
    "send `Authorization: Bearer <token>` (from `concilium token create`) to act as a user.",
    auth=ActorAuth(),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(CharterError)
def charter_error(request, exc: CharterError):
    return api.create_response(request, {"error": "charter", "message": str(exc)}, status=400)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path", "payload")]
    field = ".".join(loc)
    message = f"{field}: {first.get('msg', 'invalid value')}" if field else first.get("msg", "")
    return api.create_response(
        request, {"error": "validation", "field": field, "message": message,
                  "detail": exc.errors}, status=422)


BODY_UNREADABLE = _("body: the request body cannot be read ({detail}); send a JSON object with "
                    "Content-Type: application/json, or the form this endpoint documents.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja's own refusals (an unreadable body, above all) in the API's error shape."""
    if exc.status_code == 400:
        body = {"error": "bad_request", "field": "body",
                "message": str(BODY_UNREADABLE).format(detail=exc.message)}
    else:
        body = {"error": "http", "message": str(exc.message)}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"error": "not_found", "message": str(exc)}, status=404)


@api.exception_handler(DjangoValidationError)
def django_validation(request, exc):
    return api.create_response(request, {"error": "validation", "message": "; ".join(exc.messages)},
                               status=422)


# Every app's router under /api/, in this order (the order of the OpenAPI document).
# The documents workspace's, summary's and the chair's records' paths come before the
# documents' `/documents/{path:symbol}`, which would swallow them.
for app_api in (accounts_api, organization_api, documents_workspace_api, documents_summary_api,
                documents_outcomes_api, documents_api, meetings_api, outcomes_api, search_api,
                notifications_api):
    api.add_router("/", app_api.router)
