"""System checks of the deployment: what production must not run with.

`concilium.E001`: SQLite in production. One file on one machine cannot serve several
workers, and the live updates need PostgreSQL's NOTIFY across processes; an operator who
knows this (a single-process appliance) says so with CONCILIUM_ALLOW_SQLITE=1.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

SQLITE_IN_PRODUCTION = (
    "DATABASE_URL points to SQLite (or is unset) with CONCILIUM_ENV=production.")
SQLITE_HINT = ("Set DATABASE_URL to a PostgreSQL database, or CONCILIUM_ALLOW_SQLITE=1 to run "
               "one process on SQLite knowingly.")


@checks.register("concilium")
def sqlite_in_production(app_configs=None, **kwargs):
    """Refuse SQLite in production unless it was explicitly allowed."""
    production = getattr(settings, "PRODUCTION", False)
    if not production or settings.CONCILIUM_ALLOW_SQLITE_IN_PRODUCTION:
        return []
    engines = {db["ENGINE"] for db in settings.DATABASES.values()}
    if any(engine.endswith("sqlite3") for engine in engines):
        return [checks.Error(SQLITE_IN_PRODUCTION, hint=SQLITE_HINT, id="concilium.E001")]
    return []
