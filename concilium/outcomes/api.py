"""The outcomes app's endpoints, mounted under /api/ by concilium.api.

The app has three capabilities, one endpoint module each, joined here into the one `router`
every app's `api.py` exposes:

- `api_exports`: /api/exports (a document as a file) and /api/exports/jobs (large ones in
  the background), tag "exports";
- `api_compose`: /api/compose/{kind}/{slug} (a meeting's press release, communique or
  minutes, composed or saved as a draft; a list of participants; a note verbale), tag
  "compose";
- `api_correspondence`: /api/correspondence (the registry of notes verbales; issuing one),
  tag "correspondence".

Each module owns its router, schemas and endpoints; endpoints stay thin (parse, call one
selector or service, shape the answer; codes other than 200 through `ninja.Status`).
"""

from __future__ import annotations

from ninja import Router

from concilium.outcomes.api_compose import router as compose_router
from concilium.outcomes.api_correspondence import router as correspondence_router
from concilium.outcomes.api_exports import router as exports_router

router = Router()
router.add_router("", exports_router)
router.add_router("", compose_router)
router.add_router("", correspondence_router)

__all__ = ["router"]
