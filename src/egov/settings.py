"""All settings of egov, read from environment variables in this one module.

Every variable is documented in docs/settings.md. Defaults give the embedded setup:
SQLite and files under ``./var/``, e-mail to files, the task worker inside ``egov demo``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Where the embedded installation keeps its state --------------------------------------------
VAR_DIR = Path(env("EGOV_VAR_DIR", "var")).resolve()


def _secret_key() -> str:
    """EGOV_SECRET_KEY, or a key generated once and kept in ./var/secret_key (embedded setup)."""
    key = env("EGOV_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("EGOV_DEBUG", False)
ALLOWED_HOSTS = env_list("EGOV_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("EGOV_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("EGOV_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Shown in the header and footer of every page.
EGOV_SITE_NAME = env("EGOV_SITE_NAME", "Chính quyền điện tử")
EGOV_PROVINCE_NAME = env("EGOV_PROVINCE_NAME")
EGOV_CONTACT_ADDRESS = env("EGOV_CONTACT_ADDRESS")
EGOV_CONTACT_PHONE = env("EGOV_CONTACT_PHONE")
EGOV_CONTACT_EMAIL = env("EGOV_CONTACT_EMAIL")

# --- Applications ----------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # Wagtail: the information portal's page tree (docs/decisions/0002-information-portal.md)
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # shared apps
    "egov.core",
    "egov.agencies",
    "egov.accounts",
    "egov.workdays",
    "egov.audit",
    "egov.events",
    "egov.attachments",
    "egov.notifications",
    "egov.search",
    # domains
    "egov.procedures",
    "egov.dossiers",
    "egov.services_portal",
    "egov.payments",
    "egov.signatures",
    "egov.documents",
    "egov.exchange",
    "egov.meetings",
    "egov.cms",
    "egov.feedback",
    # read side
    "egov.reports",
    "egov.plans",
    "egov.tasks",
    "egov.postal",
    # integration
    "egov.api",
    "egov.integrations.dvcqg",
]

MIDDLEWARE = [
    "egov.core.metrics.MetricsMiddleware",  # first: times the whole request (docs/deployment.md#metrics)
    "django.middleware.security.SecurityMiddleware",
    "egov.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "egov.core.middleware.RequestIdMiddleware",
    "egov.api.middleware.ApiCallLogMiddleware",  # every partner call logged (docs/api.md)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "egov.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "egov.audit.middleware.SecurityLogMiddleware",
    "egov.core.security.RequestGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "egov.accounts.sessions.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "egov.core.context_processors.site",
            ],
            # money, number, percent, vndate, vndatetime on every template (egov/core/formatting.py)
            "builtins": ["egov.core.templatetags.vn_format"],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'egov.sqlite3'}")
# 0 (a connection per request) unless set; `egov serve` sets 600 when unset (docs/deployment.md). A reused
# connection is checked first (CONN_HEALTH_CHECKS), so a restarted database costs one retry, not an error page.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("EGOV_DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file, not memory, so that a worker in another process sees the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-egov.sqlite3")}
    # SQLite needs the directory to exist before the first connection.
    name = DATABASES["default"].get("NAME")
    if name and name != ":memory:":
        Path(name).parent.mkdir(parents=True, exist_ok=True)

# A PostgreSQL streaming replica for the heavy read-only pages (reports, public statistics, portal lists):
# only views marked ``@replica_reads`` read from it, never inside a transaction nor after a write, and only while it
# answers and lags at most EGOV_REPLICA_MAX_LAG seconds; else the primary (egov/core/replica.py).
DATABASE_REPLICA_URL = env("EGOV_DATABASE_REPLICA_URL")
REPLICA_MAX_LAG = float(env("EGOV_REPLICA_MAX_LAG", "30"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("EGOV_DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)  # a dead host: fall back soon
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the test database as it is replicated
DATABASE_ROUTERS = ["egov.core.replica.ReplicaRouter"]

# PostgreSQL's JIT compiles a query whose estimated cost is high; the inboxes' scoped counts (an OR of scopes with
# a NOT EXISTS) are estimated far above jit_above_cost and spent ~35 ms compiling for a ~10 ms scan (issue 16,
# docs/benchmarks.md). Off for our short OLTP queries unless EGOV_DB_JIT=on.
DB_JIT = env("EGOV_DB_JIT", "off") == "on"
for _alias in DATABASES.values():
    if _alias["ENGINE"] == "django.db.backends.postgresql" and not DB_JIT:
        _options = _alias.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

# --- Accounts and sign-in ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:staff-login"
LOGIN_REDIRECT_URL = "core:workspace"
LOGOUT_REDIRECT_URL = "core:home"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "egov.accounts.passwords.CharacterClassesValidator"},  # TCVN 11930:2017
]
# Failed sign-in throttling: after this many failures for one username or one address within the
# window, further attempts are refused until the window passes.
LOGIN_MAX_FAILURES = env_int("EGOV_LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("EGOV_LOGIN_FAILURE_WINDOW", 900)
# Staff sessions end after this many minutes without a request, and this many hours after sign-in whatever
# happens (accounts/sessions.py); citizens' sessions follow Django's SESSION_COOKIE_AGE.
EGOV_SESSION_IDLE_MINUTES = env_int("EGOV_SESSION_IDLE_MINUTES", 30)
EGOV_SESSION_MAX_HOURS = env_int("EGOV_SESSION_MAX_HOURS", 12)

# OIDC sign-in (provincial SSO or VNeID-style identity provider); off unless EGOV_OIDC_ENABLED.
OIDC_ENABLED = env_bool("EGOV_OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = env("EGOV_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("EGOV_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("EGOV_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("EGOV_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("EGOV_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("EGOV_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("EGOV_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("EGOV_OIDC_SCOPES", "openid email profile")
LOGIN_REDIRECT_URL_FAILURE = "/cong-dan/dang-nhap/"  # mozilla-django-oidc uses it as a path
OIDC_OP_ISSUER = env("EGOV_OIDC_ISSUER")  # when set, the ID token's "iss" must equal it
OIDC_USE_PKCE = env_bool("EGOV_OIDC_USE_PKCE", True)
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_ID_NUMBER_CLAIM = env("EGOV_OIDC_ID_NUMBER_CLAIM", "citizen_id")  # claim carrying the citizen ID number
# The local VNeID-style identity provider at /mo-phong/vneid/ (demo and tests only; docs/services-portal.md).
VNEID_SIMULATOR = env_bool("EGOV_VNEID_SIMULATOR", False)
# Status lookups: failed tries allowed per client address within the window (besides the per-code lock-out).
PORTAL_LOOKUP_MAX_FAILURES_PER_IP = env_int("EGOV_PORTAL_LOOKUP_MAX_FAILURES_PER_IP", 20)
# Sign-up codes (first sends and resends) allowed per client address per hour, whatever the contact;
# each sign-up also gets at most 3 codes per hour (services_portal.services.CODES_PER_HOUR).
PORTAL_CODES_PER_IP_PER_HOUR = env_int("EGOV_PORTAL_CODES_PER_IP_PER_HOUR", 10)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "egov.accounts.oidc.EgovOIDCBackend")

# --- Internationalisation ----------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# egov/cms/locale: Vietnamese for the Wagtail page editor, ahead of Wagtail's incomplete "vi" catalogue.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "cms" / "locale"]
FORMAT_MODULE_PATH = ["egov.core.formats"]  # vi: 12/05/1990, 12/05/1990 08:30, 1.250.000, 72,73
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("EGOV_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("EGOV_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGE_BACKEND = env("EGOV_STORAGE", "file")  # "file" or "s3"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Production: `egov collectstatic` writes content-hashed copies (egov.3f2a….css) and their .gz, and pages link
# to those, so nginx may cache them for a year; an upgrade changes the names. Needs the collected manifest
# (system check egov.E113). Off in the embedded setup, where files are served from the package.
STATIC_HASHED = env_bool("EGOV_STATIC_HASHED", False)
if STATIC_HASHED:
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("EGOV_S3_BUCKET"),
            "endpoint_url": env("EGOV_S3_ENDPOINT_URL") or None,
            "access_key": env("EGOV_S3_ACCESS_KEY"),
            "secret_key": env("EGOV_S3_SECRET_KEY"),
            "region_name": env("EGOV_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "signature_version": "s3v4",  # SigV4 pre-signed URLs (SigV2 is retired by AWS, refused by some servers)
            "querystring_expire": env_int("EGOV_S3_URL_EXPIRY_SECONDS", 60),  # pre-signed download addresses
            "file_overwrite": False,
        },
    }
# S3 downloads: "stream" (through the web node, the default) or "redirect" (after the permission check, a 302 to a
# pre-signed URL valid EGOV_S3_URL_EXPIRY_SECONDS; the browser must reach EGOV_S3_ENDPOINT_URL). Files shown in the
# page and files with active content are always streamed (attachments/responses.py).
S3_DOWNLOADS = env("EGOV_S3_DOWNLOADS", "stream")
# Behind nginx with files on the local disk: downloads are checked by Django, then sent by nginx from this
# `internal` location (X-Accel-Redirect); empty = Django sends the bytes itself (docs/deployment.md).
ACCEL_REDIRECT_PREFIX = env("EGOV_ACCEL_REDIRECT_PREFIX")
WHITENOISE_USE_FINDERS = True  # serve static files straight from the package, no collectstatic needed
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads: the largest file accepted (bytes) and the types allowed (checked on the content).
UPLOAD_MAX_BYTES = env_int("EGOV_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Bombs (issue 14): an image's pixels are read from its header and refused above this (Pillow's
# MAX_IMAGE_PIXELS is set to it and its warning made an error); an office file (a zip) may unpack to at most
# UPLOAD_MAX_UNPACKED_BYTES, and no large entry may compress better than UPLOAD_MAX_UNPACK_RATIO to 1.
UPLOAD_MAX_IMAGE_PIXELS = env_int("EGOV_UPLOAD_MAX_IMAGE_PIXELS", 50_000_000)
UPLOAD_MAX_UNPACKED_BYTES = env_int("EGOV_UPLOAD_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
UPLOAD_MAX_UNPACK_RATIO = env_int("EGOV_UPLOAD_MAX_UNPACK_RATIO", 100)
# Photos to PDF run in a child process whose address space may grow by at most this many MB.
IMAGE_CONVERT_MEMORY_MB = env_int("EGOV_IMAGE_CONVERT_MEMORY_MB", 768)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest body a visitor who is not signed in may send (sign-in, sign-up, look-ups, payment notifications);
# the few anonymous views that take files declare their own limit (docs/security.md).
ANONYMOUS_MAX_BODY_BYTES = env_int("EGOV_ANONYMOUS_MAX_BODY_BYTES", 64 * 1024)
# Payment notifications and the payment simulator: requests allowed per client address within the window (s),
# counted on the default cache (egov.core.throttle: per web process, shared with EGOV_REDIS_URL); 429 above it.
PAYMENT_RATE_LIMIT = env_int("EGOV_PAYMENT_RATE_LIMIT", 120)
PAYMENT_RATE_WINDOW_SECONDS = env_int("EGOV_PAYMENT_RATE_WINDOW_SECONDS", 60)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail and SMS ---------------------------------------------------------------------------------
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[env("EGOV_EMAIL_BACKEND", "file")]
EMAIL_FILE_PATH = env("EGOV_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EGOV_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EGOV_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EGOV_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("EGOV_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("EGOV_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("EGOV_DEFAULT_FROM_EMAIL", "egov <no-reply@egov.local>")
SMS_BACKEND = env("EGOV_SMS_BACKEND", "egov.notifications.sms.SimulatorSmsGateway")
SMS_HTTP_URL = env("EGOV_SMS_HTTP_URL")  # HttpSmsGateway: the provider's JSON endpoint
SMS_HTTP_TOKEN = env("EGOV_SMS_HTTP_TOKEN")
SMS_HTTP_SENDER = env("EGOV_SMS_HTTP_SENDER")  # brand name, optional
SMS_HTTP_TIMEOUT = env_int("EGOV_SMS_HTTP_TIMEOUT", 10)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("EGOV_NOTIFICATIONS_MAX_ATTEMPTS", 5)

# --- Background tasks -----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[env("EGOV_TASKS_BACKEND", "database")],
    }
}
# Outbox dispatcher: how many times a delivery is tried before it is marked failed, and how long a
# worker may hold a delivery before another worker may take it over (crash recovery).
OUTBOX_MAX_ATTEMPTS = env_int("EGOV_OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_LEASE_SECONDS = env_int("EGOV_OUTBOX_LEASE_SECONDS", 60)
OUTBOX_BATCH_SIZE = env_int("EGOV_OUTBOX_BATCH_SIZE", 100)  # deliveries claimed at once by a worker
OUTBOX_BATCH_SECONDS = env_int("EGOV_OUTBOX_BATCH_MS", 500) / 1000  # handler time per delivery transaction
OUTBOX_BACKOFF_SECONDS = env_int("EGOV_OUTBOX_BACKOFF_SECONDS", 10)  # first retry delay, doubled each time
# Delivered events older than this are purged by the worker (failed or pending ones are kept).
OUTBOX_RETENTION_DAYS = env_int("EGOV_OUTBOX_RETENTION_DAYS", 30)
# A task row RUNNING for longer than this was left by a killed worker: it goes back to the queue, and after
# EGOV_TASKS_MAX_ATTEMPTS claims it is marked failed (events/tasks_lease.py). Longer than the longest task.
EGOV_TASKS_LEASE_SECONDS = env_int("EGOV_TASKS_LEASE_SECONDS", 1800)
EGOV_TASKS_MAX_ATTEMPTS = env_int("EGOV_TASKS_MAX_ATTEMPTS", 3)

# --- Online payments (docs/payments.md) ----------------------------------------------------------
PAYMENT_GATEWAY = env("EGOV_PAYMENT_GATEWAY", "simulator")  # "simulator" or "vnpay"
PAYMENT_SIMULATOR_SECRET = env("EGOV_PAYMENT_SIMULATOR_SECRET")  # default: derived from SECRET_KEY
PAYMENT_PENDING_MINUTES = env_int("EGOV_PAYMENT_PENDING_MINUTES", 60)  # reconciliation: pending too long
VNPAY_TMN_CODE = env("EGOV_VNPAY_TMN_CODE")
VNPAY_HASH_SECRET = env("EGOV_VNPAY_HASH_SECRET")
VNPAY_PAY_URL = env("EGOV_VNPAY_PAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
VNPAY_API_URL = env("EGOV_VNPAY_API_URL", "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction")

# --- Audit log seals and checkpoints (docs/security.md, docs/decisions/0006-audit-chain.md) -----------------
EGOV_AUDIT_SEAL_BATCH = env_int("EGOV_AUDIT_SEAL_BATCH", 10_000)  # records per seal (Merkle batch)
EGOV_AUDIT_CHECKPOINT_DIR = env("EGOV_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints"))
EGOV_AUDIT_CHECKPOINT_AGENCY = env(
    "EGOV_AUDIT_CHECKPOINT_AGENCY"
)  # agency code whose certificate signs; default: the top agency

# --- Digital signatures (docs/signatures.md) --------------------------------------------------------
SIGNATURES_TSA_URL = env("EGOV_SIGNATURES_TSA_URL")  # RFC 3161 time-stamping authority, optional
SIGNATURES_TRUST_ROOTS_DIR = env("EGOV_SIGNATURES_TRUST_ROOTS_DIR")  # extra trusted roots (PEM/DER files)
SIGNATURES_PKCS12_PASSPHRASE = env("EGOV_SIGNATURES_PKCS12_PASSPHRASE")  # encrypts stored keys; default from SECRET_KEY
SIGNATURES_PKCS11_LIB = env("EGOV_SIGNATURES_PKCS11_LIB")  # token/HSM module (.so)
SIGNATURES_PKCS11_TOKEN_LABEL = env("EGOV_SIGNATURES_PKCS11_TOKEN_LABEL")
SIGNATURES_PKCS11_PIN = env("EGOV_SIGNATURES_PKCS11_PIN")
SIGNATURES_FONT = env("EGOV_SIGNATURES_FONT")  # TTF for signature appearances (default: bundled DejaVu)

# --- Working-day calendar --------------------------------------------------------------------------
# Working hours as "HH:MM-HH:MM" intervals, the daily intake cut-off, and the counting rule.
WORKDAYS_HOURS = env("EGOV_WORKDAYS_HOURS", "07:30-11:30,13:30-17:00")
WORKDAYS_CUTOFF = env("EGOV_WORKDAYS_CUTOFF", "15:00")
WORKDAYS_WEEKEND = env("EGOV_WORKDAYS_WEEKEND", "5,6")  # Monday=0 ... Sunday=6
WORKDAYS_CALENDAR_FILE = env("EGOV_WORKDAYS_CALENDAR_FILE")
# A province's overrides of the one-stop form templates (see dossiers/forms_pdf/data/README.md).
FORM_TEMPLATES_DIR = env("EGOV_FORM_TEMPLATES_DIR")
WORKDAYS_RULE = env("EGOV_WORKDAYS_RULE", "same-time")  # "same-time" or "end-of-day" (docs/workdays.md)
WORKDAYS_CACHE_SECONDS = env_int("EGOV_WORKDAYS_CACHE_SECONDS", 300)  # delay before other processes see an edit
# Vietnamese date order in forms (Django's vi locale defines none, which would read 04/03 as 3 April).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]

# --- REST API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Partner systems: "Authorization: Bearer <token>" from /api/v1/oauth/token/ (docs/api.md); without
        # that header the staff session is used, as before.
        "egov.api.authentication.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["egov.api.throttling.PartnerRateThrottle"],  # per partner; staff not counted
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "egov.api.pagination.StandardPagination",  # ?page_size= up to 200
    "PAGE_SIZE": 50,
    # Every 4xx answer carries a Vietnamese "detail" (docs/security.md).
    "EXCEPTION_HANDLER": "egov.api.errors.exception_handler",
}
# Partner systems (docs/api.md): token lifetime, default rate limit per partner, days the call log is kept.
API_TOKEN_SECONDS = env_int("EGOV_API_TOKEN_SECONDS", 3600)
API_PARTNER_RATE = env("EGOV_API_PARTNER_RATE", "600/min")  # N/s, N/min, N/hour or N/day
API_CALL_LOG_DAYS = env_int("EGOV_API_CALL_LOG_DAYS", 180)
SPECTACULAR_SETTINGS = {
    "TITLE": "egov API",
    "DESCRIPTION": "REST API v1 của nền tảng chính quyền điện tử egov",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["egov.api.schema.only_our_api"],  # not Wagtail's admin API
    # Swagger UI served from the package (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models share a field name ("channel", "status"): name each choice set (drf_spectacular.W001 would
    # otherwise make `egov check --deploy` warn).
    "ENUM_NAME_OVERRIDES": {
        "DocumentChannelEnum": "egov.documents.models.Channel",
        "DossierChannelEnum": "egov.dossiers.models.Channel",
        "DossierStatusEnum": "egov.dossiers.transitions.Status",
        "IncomingStatusEnum": "egov.documents.transitions.IncomingStatus",
        "OutgoingStatusEnum": "egov.documents.transitions.OutgoingStatus",
    },
}

# --- Document exchange, edXML (docs/exchange.md) — section owned by the exchange app -------------------
# Default transport for external agencies that name none: "simulator" (local hub), "peer" or "hub".
EXCHANGE_TRANSPORT = env("EGOV_EXCHANGE_TRANSPORT", "simulator")
EXCHANGE_MAX_MESSAGE_BYTES = env_int("EGOV_EXCHANGE_MAX_MESSAGE_BYTES", 50 * 1024 * 1024)  # a received edXML
# One attachment (decoded); libxml2 without huge_tree caps a text node at 10 MB, i.e. about 7.5 MB of file.
EXCHANGE_MAX_ATTACHMENT_BYTES = env_int("EGOV_EXCHANGE_MAX_ATTACHMENT_BYTES", 7 * 1024 * 1024)
EXCHANGE_REPLAY_WINDOW_SECONDS = env_int("EGOV_EXCHANGE_REPLAY_WINDOW_SECONDS", 300)  # signed peer requests
EXCHANGE_TIMEOUT_SECONDS = env_int("EGOV_EXCHANGE_TIMEOUT_SECONDS", 30)
EXCHANGE_MAX_ATTEMPTS = env_int("EGOV_EXCHANGE_MAX_ATTEMPTS", 8)  # then the message shows as failed
EXCHANGE_BACKOFF_SECONDS = env_int("EGOV_EXCHANGE_BACKOFF_SECONDS", 30)  # first retry delay, doubled each time
EXCHANGE_ALLOW_HTTP = env_bool("EGOV_EXCHANGE_ALLOW_HTTP")  # plain HTTP to non-loopback peers (never in production)
# The national document exchange hub (protocol details are configurable; see docs/exchange.md).
EXCHANGE_HUB_URL = env("EGOV_EXCHANGE_HUB_URL")
EXCHANGE_HUB_SEND_PATH = env("EGOV_EXCHANGE_HUB_SEND_PATH", "/edoc/send")
EXCHANGE_HUB_TOKEN = env("EGOV_EXCHANGE_HUB_TOKEN")
EXCHANGE_HUB_USERNAME = env("EGOV_EXCHANGE_HUB_USERNAME")
EXCHANGE_HUB_PASSWORD = env("EGOV_EXCHANGE_HUB_PASSWORD")
EXCHANGE_HUB_FROM_HEADER = env("EGOV_EXCHANGE_HUB_FROM_HEADER", "from")
EXCHANGE_HUB_TO_HEADER = env("EGOV_EXCHANGE_HUB_TO_HEADER", "to")
# The provincial LGSP (docs/exchange.md#lgsp): off until its endpoint is set. Every call carries the system id
# and secret key the province's integration platform gives us; LGSP_ORGAN_IDS are the OrganIds registered on
# it for this installation (comma-separated; the poll lists the received documents of each).
EXCHANGE_LGSP_ENDPOINT = env("EGOV_EXCHANGE_LGSP_ENDPOINT")
EXCHANGE_LGSP_SYSTEM_ID = env("EGOV_EXCHANGE_LGSP_SYSTEM_ID")
EXCHANGE_LGSP_SECRET = env("EGOV_EXCHANGE_LGSP_SECRET")
EXCHANGE_LGSP_ORGAN_IDS = env_list("EGOV_EXCHANGE_LGSP_ORGAN_ID")
EXCHANGE_LGSP_POLL_MINUTES = float(env("EGOV_EXCHANGE_LGSP_POLL_MINUTES", "2"))
EXCHANGE_LGSP_FORMAT = env("EGOV_EXCHANGE_LGSP_FORMAT", "eDoc")  # new documents as "eDoc" or "qcvn102"
EXCHANGE_LGSP_CLIENT = env("EGOV_EXCHANGE_LGSP_CLIENT", "http")  # a name in egov.exchange.lgsp.client.CLIENTS
# The local LGSP at /mo-phong/lgsp/ (demo and tests only): failure rate 0..1, slowness in ms, RNG seed.
EXCHANGE_LGSP_SIMULATOR = env_bool("EGOV_EXCHANGE_LGSP_SIMULATOR", False)
EXCHANGE_LGSP_SIMULATOR_FAILURE_RATE = float(env("EGOV_EXCHANGE_LGSP_SIMULATOR_FAILURE_RATE", "0"))
EXCHANGE_LGSP_SIMULATOR_DELAY_MS = env_int("EGOV_EXCHANGE_LGSP_SIMULATOR_DELAY_MS", 0)
EXCHANGE_LGSP_SIMULATOR_SEED = env_int("EGOV_EXCHANGE_LGSP_SIMULATOR_SEED", 102)
# Its queues are files (web server and worker share them without taking SQLite's write lock).
EXCHANGE_LGSP_SIMULATOR_DIR = Path(env("EGOV_EXCHANGE_LGSP_SIMULATOR_DIR", str(VAR_DIR / "lgsp-simulator")))

# --- National public service portal DVCQG (docs/dvcqg.md) — section owned by egov.integrations.dvcqg ----
# Off by default: nothing is polled or synced until EGOV_DVCQG_ENABLED. The endpoint takes every service call
# (JSON body with "service"), the auth endpoint hands out the session token; both unverified against the real
# portal (docs/dvcqg.md says what to ask for).
DVCQG_ENABLED = env_bool("EGOV_DVCQG_ENABLED", False)
DVCQG_CLIENT = env("EGOV_DVCQG_CLIENT", "http")  # a name in egov.integrations.dvcqg.client.CLIENTS
DVCQG_ENDPOINT = env("EGOV_DVCQG_ENDPOINT", f"{SITE_URL.rstrip('/')}/mo-phong/dvcqg/api/")
DVCQG_AUTH_ENDPOINT = env("EGOV_DVCQG_AUTH_ENDPOINT", f"{SITE_URL.rstrip('/')}/mo-phong/dvcqg/xac-thuc/")
DVCQG_ORGAN_ID = env("EGOV_DVCQG_ORGAN_ID")  # madonvi: the province's OrganId at the national portal
DVCQG_USERNAME = env("EGOV_DVCQG_USERNAME", "egov-demo")
DVCQG_PASSWORD = env("EGOV_DVCQG_PASSWORD", "demo-secret")
DVCQG_TIMEOUT_SECONDS = float(env("EGOV_DVCQG_TIMEOUT_SECONDS", "15"))
DVCQG_MAX_ATTEMPTS = env_int("EGOV_DVCQG_MAX_ATTEMPTS", 10)  # then the sync message is a dead letter
DVCQG_BACKOFF_SECONDS = env_int("EGOV_DVCQG_BACKOFF_SECONDS", 15)  # first retry delay, doubled each time (max 1 h)
DVCQG_POLL_MINUTES = float(env("EGOV_DVCQG_POLL_MINUTES", "5"))  # how often new national dossiers are fetched
DVCQG_RECEIVING_AGENCY = env("EGOV_DVCQG_RECEIVING_AGENCY")  # OrganId of the agency that takes them in
DVCQG_PUSH_TOKEN = env("EGOV_DVCQG_PUSH_TOKEN")  # bearer token the portal sends to our push endpoint (empty: off)
# The local simulator at /mo-phong/dvcqg/ (demo and tests only): failure rate 0..1, slowness in ms, RNG seed.
DVCQG_SIMULATOR = env_bool("EGOV_DVCQG_SIMULATOR", False)
DVCQG_SIMULATOR_FAILURE_RATE = float(env("EGOV_DVCQG_SIMULATOR_FAILURE_RATE", "0"))
DVCQG_SIMULATOR_DELAY_MS = env_int("EGOV_DVCQG_SIMULATOR_DELAY_MS", 0)
DVCQG_SIMULATOR_SEED = env_int("EGOV_DVCQG_SIMULATOR_SEED", 15)

# --- Webhooks for partner systems (docs/webhooks.md) — section owned by egov.api.webhooks ---------------
# Seconds to wait after the 1st, 2nd... failed attempt; the last one repeats until the delivery is older than
# WEBHOOK_MAX_AGE_HOURS, then it is dead (shown on its subscription's log, "Gửi lại" sends it again).
WEBHOOK_RETRY_SCHEDULE = [int(s) for s in env_list("EGOV_WEBHOOK_RETRY_SCHEDULE", "5,300,1800,7200,18000,36000")]
WEBHOOK_MAX_AGE_HOURS = env_int("EGOV_WEBHOOK_MAX_AGE_HOURS", 72)
WEBHOOK_TIMEOUT_SECONDS = float(env("EGOV_WEBHOOK_TIMEOUT_SECONDS", "10"))
# Targets on private, loopback or link-local addresses are refused unless this is on (tests and the demo).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("EGOV_WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
WEBHOOK_SECRET_OVERLAP_HOURS = env_int("EGOV_WEBHOOK_SECRET_OVERLAP_HOURS", 24)  # old secret still signs
WEBHOOK_RETENTION_DAYS = env_int("EGOV_WEBHOOK_RETENTION_DAYS", 30)  # delivered ones are purged after this
# The receiver at /mo-phong/webhook-receiver/ that records and verifies what it gets (demo and tests only).
WEBHOOK_RECEIVER_SIMULATOR = env_bool("EGOV_WEBHOOK_RECEIVER_SIMULATOR", False)
WEBHOOK_DEMO_RECEIVER_URL = env("EGOV_WEBHOOK_DEMO_RECEIVER_URL", f"{SITE_URL}/mo-phong/webhook-receiver/")

# --- Information portal, Wagtail (docs/cms.md) — section owned by the cms app --------------------------
WAGTAIL_SITE_NAME = EGOV_SITE_NAME
# The page editor in Vietnamese: Wagtail leaves "vi" out of its default admin languages (incomplete catalogue;
# egov/cms/locale completes it for the strings our editors see).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # ASCII urls (/tin-tuc/so-tu-phap-...), readable everywhere
WAGTAIL_I18N_ENABLED = False  # the English section is a subtree (/en/), not Wagtail's locale machinery
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES  # same limit as every other upload
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods"]
WAGTAILADMIN_COMMENTS_ENABLED = False
# Whole-page cache of the portal for anonymous visitors (docs/cms.md): seconds an entry lives (0 turns
# the cache off) and where it is kept: "file" (under EGOV_VAR_DIR/cache, shared by the web server and
# the worker), "locmem" (one process only) or a redis:// url.
CMS_CACHE_SECONDS = env_int("EGOV_CMS_CACHE_SECONDS", 300)
CMS_CACHE_ALIAS = "portal"
_cms_cache = env("EGOV_CMS_CACHE", "file")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # per process: throttles, stats
# Several web nodes (docs/deployment.md): with EGOV_REDIS_URL the default cache (throttle counters, cached pages'
# data, signature statuses) is shared by every process, and sessions are read from it (cached_db: written to the
# database too, so a Redis restart signs nobody out). The portal cache follows unless EGOV_CMS_CACHE is set.
REDIS_URL = env("EGOV_REDIS_URL")
REDIS_KEY_PREFIX = env("EGOV_REDIS_KEY_PREFIX", "egov")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": REDIS_KEY_PREFIX,
        # A Redis that does not answer within 5 s fails the request rather than hanging a worker thread.
        "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    if not os.environ.get("EGOV_CMS_CACHE"):
        _cms_cache = REDIS_URL
if _cms_cache.startswith(("redis://", "rediss://", "unix://")):
    CACHES[CMS_CACHE_ALIAS] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _cms_cache,
        "KEY_PREFIX": f"{REDIS_KEY_PREFIX}-portal",
    }
elif _cms_cache == "locmem":
    CACHES[CMS_CACHE_ALIAS] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}
else:
    CACHES[CMS_CACHE_ALIAS] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "portal"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# --- Questions, feedback and consultations (docs/feedback.md) — section owned by the feedback app ------
# Working days to answer a question or a feedback item (counted by the workdays calendar from submission).
FEEDBACK_ANSWER_DAYS = env_int("EGOV_FEEDBACK_ANSWER_DAYS", 10)
# Abuse protection without captcha: submissions allowed per IP address and per contact (e-mail or phone)
# within the window; a form must have been open at least FEEDBACK_MIN_FILL_SECONDS (and at most a day).
FEEDBACK_RATE_LIMIT_IP = env_int("EGOV_FEEDBACK_RATE_LIMIT_IP", 5)
FEEDBACK_RATE_LIMIT_CONTACT = env_int("EGOV_FEEDBACK_RATE_LIMIT_CONTACT", 3)
FEEDBACK_RATE_WINDOW_SECONDS = env_int("EGOV_FEEDBACK_RATE_WINDOW_SECONDS", 3600)
FEEDBACK_MIN_FILL_SECONDS = env_int("EGOV_FEEDBACK_MIN_FILL_SECONDS", 4)
FEEDBACK_FORM_MAX_AGE_SECONDS = env_int("EGOV_FEEDBACK_FORM_MAX_AGE_SECONDS", 86400)
# OrganId of the agency whose intake staff route items submitted without a chosen agency (default: the root).
FEEDBACK_INTAKE_AGENCY = env("EGOV_FEEDBACK_INTAKE_AGENCY")
# Work schedule (meetings app): refresh period of the lobby screen view.
SCHEDULE_SCREEN_REFRESH_SECONDS = env_int("EGOV_SCHEDULE_SCREEN_REFRESH_SECONDS", 300)


# --- Reports and IT plans (docs/reports.md) — section owned by the reports and plans apps --------------
# The provincial IT department (OrganId codes, comma-separated): its staff manage IT plans and review
# periodic reports (system administrators always do). Default: the demo province's digital-transformation unit.
EGOV_PLANS_IT_AGENCIES = env_list("EGOV_PLANS_IT_AGENCIES", "000.01.07.H99")
# Largest IT-plan import file, in bytes.
EGOV_PLANS_IMPORT_MAX_BYTES = env_int("EGOV_PLANS_IMPORT_MAX_BYTES", 5 * 1024 * 1024)

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("EGOV_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("EGOV_BEHIND_PROXY") else None
# Redirect every plain-HTTP request to HTTPS (behind a proxy that terminates TLS, set EGOV_BEHIND_PROXY too).
SECURE_SSL_REDIRECT = env_bool("EGOV_SECURE_SSL_REDIRECT", False)
# Strict-Transport-Security max-age in seconds (0 = no header); production: 31536000 once HTTPS works everywhere.
SECURE_HSTS_SECONDS = env_int("EGOV_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("EGOV_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("EGOV_SECURE_HSTS_PRELOAD", False)
# Content-Security-Policy and Permissions-Policy: egov.core.headers.SecurityHeadersMiddleware (docs/security.md).

# Prometheus metrics at /metrics (docs/deployment.md#metrics): allowed with "Authorization: Bearer <token>" or from
# these addresses/networks (comma-separated, e.g. "10.0.0.5,10.0.1.0/24"); neither set: 404.
METRICS_TOKEN = env("EGOV_METRICS_TOKEN")
METRICS_ALLOW = env_list("EGOV_METRICS_ALLOW")
# Scrapers and probes talk plain HTTP to each node: never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^metrics$", r"^healthz$", r"^readyz$"]

# /readyz fails when the freshest `egov worker` heartbeat is older than this (seconds; 0: not checked).
READYZ_WORKER_MAX_AGE = env_int("EGOV_READYZ_WORKER_MAX_AGE", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"ordinary_client_errors": {"()": "egov.core.logging.OrdinaryClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["ordinary_client_errors"]}},
    "root": {"handlers": ["console"], "level": env("EGOV_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail logs every page created, moved or published at INFO: a demo load printed hundreds of lines.
        "wagtail": {"level": env("EGOV_WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
