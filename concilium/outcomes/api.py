"""The outcomes app's endpoints, mounted under /api/ by concilium.api: exports of documents
(api_exports) and texts composed from a meeting's records (api_compose)."""

from ninja import Router

from concilium.outcomes.api_compose import router as compose_router
from concilium.outcomes.api_exports import router as exports_router

router = Router()
router.add_router("", exports_router)
router.add_router("", compose_router)

__all__ = ["router"]
