"""Settings for every environment, read from the process environment.

DATABASE_URL picks the store: unset means the embedded SQLite file ./var/concilium.sqlite3
(WAL mode, created on first run), sqlite:///path another SQLite file with the same options; a
postgres:// URL means PostgreSQL through psycopg 3 and its connection pool.
CONCILIUM_ENV=production turns on the production protections (secure cookies, HSTS, a
required SECRET_KEY); anything else is development.
"""

import os
import sys
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CONCILIUM_VAR_DIR", Path.cwd() / "var"))

PRODUCTION = os.environ.get("CONCILIUM_ENV", "development") == "production"
# Off unless a developer asks for it: a debug page shows the URL map and tracebacks to anyone.
DEBUG = not PRODUCTION and os.environ.get("CONCILIUM_DEBUG", "") == "1"


# --- Production checks -------------------------------------------------------------------
# Production refuses to start without what it cannot guess: one line naming the variable,
# exit code 2, no traceback (README, "Running in production"). SQLite in production is
# refused by the system check `concilium.E001` unless CONCILIUM_ALLOW_SQLITE=1.
MISSING_IN_PRODUCTION = (
    "concilium: {name} is not set; CONCILIUM_ENV=production needs it ({hint}). "
    "See README, \"Running in production\"."
)


def _required_in_production(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.stderr.write(MISSING_IN_PRODUCTION.format(name=name, hint=hint) + "\n")
        raise SystemExit(2)
    return value


if PRODUCTION:
    SECRET_KEY = _required_in_production("SECRET_KEY", "a random string of 50 characters or more")
    ALLOWED_HOSTS = _required_in_production(
        "ALLOWED_HOSTS", "the host names it serves, comma-separated").split(",")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production-use")
    ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
ALLOWED_HOSTS = [host.strip() for host in ALLOWED_HOSTS if host.strip()]
CONCILIUM_ALLOW_SQLITE_IN_PRODUCTION = os.environ.get("CONCILIUM_ALLOW_SQLITE", "0") == "1"
# --- end of production checks ------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # serves /api/docs' Swagger assets from here, not from a CDN
    "django_tasks",
    "django_tasks_db",
    "concilium.core",
    "concilium.accounts",
    "concilium.audit",
    "concilium.organization",
    "concilium.live",
    "concilium.documents",
    "concilium.meetings",
    "concilium.outcomes",
    "concilium.search",
    "concilium.notifications",
    "concilium.scenarios",
    "concilium.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a body: oversized, malformed or unstorable input gets a 4xx.
    "concilium.core.middleware.RequestGuard",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "concilium.accounts.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in that tripped the lockout into the lockout's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "concilium.urls"
WSGI_APPLICATION = "concilium.wsgi.application"
ASGI_APPLICATION = "concilium.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concilium.web.context_processors.concilium",
            ],
        },
    },
]


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value else default
    except ValueError:
        raise SystemExit(f"{name}: '{value}' is not a number.") from None


# SQLite, however it is named: WAL lets readers go on while one writer writes; IMMEDIATE takes
# the write lock at BEGIN so two writers queue instead of failing half-way through; a writer
# waits up to CONCILIUM_SQLITE_TIMEOUT seconds for the lock before answering 503.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": _env_number("CONCILIUM_SQLITE_TIMEOUT", 20),
}

# Django's SQLite backend, with open connections kept between requests (core/pooled_sqlite3).
SQLITE_ENGINE = "concilium.core.pooled_sqlite3"


def _database() -> dict:
    """The one store. PostgreSQL goes through psycopg's connection pool, one per process:
    under ASGI every request runs in a thread of its own, and a connection kept per thread
    (CONN_MAX_AGE) is never reused, so the server's connections ran out. With the pool a
    process holds at most CONCILIUM_DB_POOL_MAX connections (default 4), keeps
    CONCILIUM_DB_POOL_MIN open (default 1), and a request waits up to
    CONCILIUM_DB_POOL_TIMEOUT seconds (default 30, psycopg's) for one before failing. The server's
    connections are then bounded by processes x (max + 1 for the live LISTEN). JIT
    compilation is off for the product's sessions: it costs tens of milliseconds a query and
    pays only for long reports, and a search whose plan the planner overestimates (one
    block of the index after another, search.backends) would pay it on every call."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        # Pooled connections are returned at the end of each request: CONN_MAX_AGE stays 0.
        config = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.postgresql":
            config.setdefault("TEST", {})["NAME"] = os.environ.get(
                "CONCILIUM_TEST_DB", f"test_{config['NAME']}"
            )
            low = int(_env_number("CONCILIUM_DB_POOL_MIN", 1))
            config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
            config["OPTIONS"]["pool"] = {
                "min_size": low,
                "max_size": max(low, int(_env_number("CONCILIUM_DB_POOL_MAX", 4))),
                "timeout": _env_number("CONCILIUM_DB_POOL_TIMEOUT", 30),
            }
        elif config["ENGINE"] == "django.db.backends.sqlite3":
            config["ENGINE"] = SQLITE_ENGINE
            config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": SQLITE_ENGINE,
        "NAME": VAR_DIR / "concilium.sqlite3",
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Password validators -----------------------------------------------------------------
# Django's full set; `accounts.services.user_create` applies them as the admin's forms do.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12 if PRODUCTION else 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- end of password validators ----------------------------------------------------------

# --- Axes: throttling sign-in ---------------------------------------------------------------
# After AXES_FAILURE_LIMIT failed attempts for one user name from one address (/login/,
# /admin/login/, or bad API tokens), signing in is locked for CONCILIUM_LOCKOUT_MINUTES;
# `concilium axes_reset_username NAME` unlocks early. The answer is translated
# (`accounts.lockout`): JSON on the API, a page elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CONCILIUM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("CONCILIUM_LOCKOUT_MINUTES", "30")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "concilium.accounts.lockout.lockout_response"
# The client's address is REMOTE_ADDR: uvicorn's --proxy-headers sets it from the proxy's
# X-Forwarded-For for trusted proxies only, so a client cannot pick its own address.
# --- end of axes ---------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("zh-hans", "中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Development serves static files straight from the apps; production runs collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# --- Files and background work -----------------------------------------------------------
# Files the product writes (exports, certified copies) go through the storage API: by
# default under VAR_DIR/files/ (never served directly: downloads check who asks). Several
# machines share one store with an S3-compatible bucket through django-storages
# (`pip install django-storages[s3]`): set CONCILIUM_S3_BUCKET, and CONCILIUM_S3_ENDPOINT
# for a non-AWS service; credentials come from the usual AWS_* variables.
MEDIA_ROOT = VAR_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("CONCILIUM_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["CONCILIUM_S3_BUCKET"],
            "endpoint_url": os.environ.get("CONCILIUM_S3_ENDPOINT") or None,
            "location": os.environ.get("CONCILIUM_S3_PREFIX", "concilium"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }

# Background tasks through Django's tasks API, queued in the database: the embedded
# default needs nothing more, and on PostgreSQL workers on several machines share the
# queue. `concilium worker` runs them (`make demo` starts one beside the server); it also
# enqueues the periodic tasks below (task path -> every N seconds) and puts back in the
# queue the tasks of a worker whose beat stopped for CONCILIUM_WORKER_STALE seconds.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CONCILIUM_SCHEDULE = {
    "concilium.meetings.tasks.silence_expire": _env_number("CONCILIUM_SILENCE_EVERY", 60),
    "concilium.outcomes.tasks.exports_prune": _env_number("CONCILIUM_EXPORT_PRUNE_EVERY",
                                                          3600),
    "concilium.core.tasks.task_results_prune": 3600,
    # Silence reminders due, e-mails to send again after a failure.
    "concilium.notifications.tasks.notifications_deliver": _env_number(
        "CONCILIUM_NOTIFY_EVERY", 60),
    # The daily digests (each account at most once in 20 hours).
    "concilium.notifications.tasks.notifications_digest": 3600,
}
CONCILIUM_WORKER_BEAT = _env_number("CONCILIUM_WORKER_BEAT", 5)
CONCILIUM_WORKER_STALE = _env_number("CONCILIUM_WORKER_STALE", 30)
CONCILIUM_TASK_ATTEMPTS = int(_env_number("CONCILIUM_TASK_ATTEMPTS", 3))
# Export files older than this many days are deleted (with their job) by the prune task.
CONCILIUM_EXPORT_KEEP_DAYS = _env_number("CONCILIUM_EXPORT_KEEP_DAYS", 7)
# Results of finished tasks (one row per run of a periodic task) are kept this many days.
CONCILIUM_TASK_RESULTS_KEEP_DAYS = _env_number("CONCILIUM_TASK_RESULTS_KEEP_DAYS", 7)
# --- end of files and background work ------------------------------------------------------

# --- Upload limits -----------------------------------------------------------------------
# One limit for every request body (JSON, forms, files), and the size of a document: bodies
# over it get 413 naming the limit; paragraphs beyond the count or length are refused at
# import and at edit.
CONCILIUM_MAX_BODY_BYTES = int(os.environ.get("CONCILIUM_MAX_BODY_MB", "25")) * 1_048_576
DATA_UPLOAD_MAX_MEMORY_SIZE = CONCILIUM_MAX_BODY_BYTES
CONCILIUM_MAX_PARAGRAPHS = int(os.environ.get("CONCILIUM_MAX_PARAGRAPHS", "2000"))
CONCILIUM_MAX_PARAGRAPH_CHARS = int(os.environ.get("CONCILIUM_MAX_PARAGRAPH_CHARS", "20000"))
# --- end of upload limits ----------------------------------------------------------------

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("CONCILIUM_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- HSTS --------------------------------------------------------------------------------
# Subdomains and the browsers' preload list are a promise about the whole domain, so the
# operator makes it (README, "Running in production"); with both set, `concilium check
# --deploy` reports no warning.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("CONCILIUM_HSTS_INCLUDE_SUBDOMAINS", "0") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("CONCILIUM_HSTS_PRELOAD", "0") == "1"
# --- end of HSTS -------------------------------------------------------------------------

# The demo (`concilium demo`, or CONCILIUM_DEMO=1): the landing page lists the demo accounts.
CONCILIUM_DEMO = os.environ.get("CONCILIUM_DEMO", "") == "1"

# --- E-mail (notifications) ---------------------------------------------------------------
# In production, SMTP from the environment: EMAIL_HOST (set, it chooses SMTP), EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL, DEFAULT_FROM_EMAIL.
# Without EMAIL_HOST, messages are written as files under the data directory (the demo's
# outbox: var/outbox); EMAIL_BACKEND overrides either.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if EMAIL_HOST else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1" if EMAIL_HOST else "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "secretariat@concilium.invalid")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "outbox"))
# The address pages and e-mails link to (https://concilium.example.org); "" for none.
CONCILIUM_SITE_URL = os.environ.get("CONCILIUM_SITE_URL", "").rstrip("/")
# --- end of e-mail -------------------------------------------------------------------------

# --- Audit checkpoints ---------------------------------------------------------------------
# The chain's signed head is appended to a file outside the database after every write
# (audit/checkpoints.py). In production give the key itself (64 hex characters) in
# CONCILIUM_AUDIT_KEY, or a key file on a volume the database host cannot write.
CONCILIUM_AUDIT_KEY = os.environ.get("CONCILIUM_AUDIT_KEY", "")
CONCILIUM_AUDIT_KEY_FILE = Path(os.environ.get("CONCILIUM_AUDIT_KEY_FILE", VAR_DIR / "audit.key"))
# The Secretariat's signing key and certificate for certified true copies (PEM files;
# `concilium init` creates a self-signed pair under the data directory when none is given).
CONCILIUM_SIGNING_KEY_FILE = Path(
    os.environ.get("CONCILIUM_SIGNING_KEY_FILE", VAR_DIR / "secretariat-signing.key"))
CONCILIUM_SIGNING_CERT_FILE = Path(
    os.environ.get("CONCILIUM_SIGNING_CERT_FILE", VAR_DIR / "secretariat-signing.crt"))
CONCILIUM_AUDIT_CHECKPOINTS = Path(
    os.environ.get("CONCILIUM_AUDIT_CHECKPOINTS", VAR_DIR / "audit-checkpoints.jsonl"))
# --- end of audit checkpoints ----------------------------------------------------------------

# The charter the registry was initialised from; `concilium init --charter` records it.
CONCILIUM_DEFAULT_CHARTER = os.environ.get("CONCILIUM_CHARTER", "sco")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
