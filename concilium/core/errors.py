"""Domain errors: what services raise, and what every door turns into a 4xx or exit code 2.

A message is meant for a person: it names the field or position and says what to do next.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request the rules refuse; nothing was written."""

    status = 400
    code = "invalid"

    def __init__(self, message, *, field: str | None = None, **params):
        self.template = message
        self.params = {"field": field, **params} if field else params
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = str(self.template)
        return text.format(**self.params) if self.params else text

    def as_dict(self) -> dict:
        out = {"error": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        return out


class ValidationFailed(DomainError):
    status = 422
    code = "validation"


class NotFound(DomainError):
    """Does not exist, or the user may not see it: the two look the same."""

    status = 404
    code = "not_found"


class Unauthorized(DomainError):
    """Credentials were sent and are wrong (a bad token): not the same as sending none."""

    status = 401
    code = "unauthorized"


class TooManyAttempts(DomainError):
    """Locked out after too many failed sign-ins."""

    status = 429
    code = "locked_out"


class Forbidden(DomainError):
    """The user can see the thing but may not do this to it."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """A write made against a stale version; the message names the current one."""

    status = 409
    code = "conflict"


NOT_FOUND = _("No {kind} '{key}' here, or you may not see it.")
STALE_VERSION = _(
    "{kind} '{key}' has changed since you loaded it: you sent version {sent}, the current "
    "version is {current}. Reload and try again."
)
NOT_SIGNED_IN = _("Sign in to do this.")
