"""An uploaded file held between a preview and its confirmation.

The import page shows what a file will become before anything is written; the file itself
stays on the server meanwhile, under a random name in a temporary folder, and the form
carries only a signed ticket naming it, its original name and the user who uploaded it. A
ticket is good for an hour and only for that user; a held file older than a day is removed
at the next upload. Nothing here touches the database.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from django.core import signing
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed

SALT = "concilium.web.uploads"
MAX_AGE_SECONDS = 3600
FOLDER = Path(tempfile.gettempdir()) / "concilium-held-uploads"
EXPIRED = _("file: the file shown in the preview is no longer held (after an hour it is "
            "dropped); choose it again.")


def _sweep() -> None:
    limit = time.time() - 24 * 3600
    for path in FOLDER.glob("*.bin"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def hold(content: bytes, *, filename: str, username: str) -> str:
    """Keep `content` and return the ticket that gets it back."""
    FOLDER.mkdir(mode=0o700, parents=True, exist_ok=True)
    _sweep()
    name = secrets.token_urlsafe(18)
    (FOLDER / f"{name}.bin").write_bytes(content)
    return signing.dumps({"f": name, "n": filename, "u": username}, salt=SALT)


def _ticket(ticket: str, username: str) -> dict:
    try:
        data = signing.loads(ticket, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise ValidationFailed(EXPIRED, field="file") from None
    if data.get("u") != username:
        raise ValidationFailed(EXPIRED, field="file")
    return data


def held(ticket: str, *, username: str) -> tuple[bytes, str]:
    """The content and original name of the held file; bad input at "file" when the ticket
    is forged, someone else's, expired, or its file is gone."""
    data = _ticket(ticket, username)
    path = FOLDER / f"{data['f']}.bin"
    if not path.is_file():
        raise ValidationFailed(EXPIRED, field="file")
    return path.read_bytes(), data["n"]


def drop(ticket: str, *, username: str) -> None:
    """Remove the held file once it has been imported."""
    data = _ticket(ticket, username)
    (FOLDER / f"{data['f']}.bin").unlink(missing_ok=True)
