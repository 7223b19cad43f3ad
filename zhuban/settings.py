"""The one settings module.

Everything that differs between machines comes from the environment through the small typed
helpers below, which fail loudly on a value they cannot read. SQLite is the embedded default;
``DATABASE_URL`` switches to PostgreSQL and nothing else changes.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envstr(name: str, default: str) -> str:
    return os.environ.get(name) or default


DEBUG = envbool("DEBUG", False)
# Demo mode creates the demo accounts; it is never on unless asked for.
DEMO = envbool("ZHUBAN_DEMO", False)

# A production secret key must come from the environment; outside debug we refuse to start
# without one rather than run with a key that is in the repository.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - debug only
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")


def envsecret(name: str, purpose: str) -> str:
    """A key that must come from the environment outside debug, like SECRET_KEY. In debug a
    stable key is derived from SECRET_KEY, so development needs no secrets file by hand."""
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        import hashlib

        return hashlib.sha256(f"zhuban {purpose} (development only):{SECRET_KEY}".encode()).hexdigest()
    raise ImproperlyConfigured(f"{name} must be set in the environment when DEBUG is off.")


# Signs the audit chain's head outside the database (zhuban/audit/chain.py head_mac): someone
# who can write the database but not read this key cannot truncate or re-hash the chain unseen.
AUDIT_ANCHOR_KEY = envsecret("AUDIT_ANCHOR_KEY", "audit anchor")
# `audit_anchor` (cron, daily) appends the signed head here; `audit_verify` checks every line.
AUDIT_ANCHOR_FILE = Path(envstr("AUDIT_ANCHOR_FILE", str(BASE_DIR / "var" / "audit-anchors.log")))
# Encrypts the authenticators' TOTP secrets in the database and so in its backups.
TOTP_ENCRYPTION_KEY = envsecret("TOTP_ENCRYPTION_KEY", "totp encryption")

ALLOWED_HOSTS = [h for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "zhuban.audit",
    "zhuban.geo",
    "zhuban.org",
    "zhuban.registry",
    "zhuban.policy",
    "zhuban.decision",
    "zhuban.workbook",
    "zhuban.consolidation",
    "zhuban.campaign",
    "zhuban.inspection",
    "zhuban.notifications",
    "zhuban.oversight",
    "zhuban.reception",
    "zhuban.disclosure",
    "zhuban.flows",
    "zhuban.desk",
    "zhuban.ops",
    "zhuban.ui",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhuban.middleware.SecurityHeadersMiddleware",
    # Under PUBLIC_PREFIX only: no session, no cookies, the same page for everyone.
    "zhuban.middleware.PublicPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhuban.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhuban.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhuban" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "zhuban.wsgi.application"

# SQLite unless DATABASE_URL says otherwise. SQLite gets WAL and IMMEDIATE transactions so
# that concurrent writers queue instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# 8 characters and 3 of the 4 character classes: the usual reading of GB/T 22239 level 2.
# OWASP ASVS 2.1 advises against composition rules and asks for 12+ characters; we follow the
# national baseline that government reviewers check, and keep the breached/common check.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "zhuban.org.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]

LOGIN_URL = "org:login"
# The public disclosure pages (zhuban/disclosure): no login, no session, cacheable.
PUBLIC_PREFIX = "/public/"
# How long a browser or proxy may keep a public page before asking again (with its ETag).
PUBLIC_MAX_AGE_SECONDS = envint("PUBLIC_MAX_AGE_SECONDS", 300)
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "org:login"

# Idle sessions end after 30 minutes: the cookie's age is renewed on every request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout: 5 failures lock that username from that address for 30 minutes. The address
# is the client's, read from X-Forwarded-For as the trusted proxies in front of us wrote it
# (zhuban/org/client_ip.py); behind a proxy REMOTE_ADDR is the proxy's, shared by everyone.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "zhuban.org.client_ip.client_ip"
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Across addresses a username is only slowed, never locked (so strangers cannot lock an approver
# out): once it has had LOGIN_FAILURE_LIMIT failures, each attempt must wait this long after
# the last failure, from whatever address.
LOGIN_USERNAME_DELAY_SECONDS = envint("LOGIN_USERNAME_DELAY_SECONDS", 30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "org/locked_out.html"
AXES_VERBOSE = False

# The city bureau approves only after a second factor (TOTP) in the same session, confirmed
# again once this many seconds have passed since the code was typed.
OTP_TOTP_ISSUER = "驻办"
OTP_APPROVAL_MAX_AGE_SECONDS = envint("OTP_APPROVAL_MAX_AGE_SECONDS", 15 * 60)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zhuban" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# The project-wide stylesheet lives beside the project templates, outside any app.
STATICFILES_DIRS = [BASE_DIR / "zhuban" / "static"]
# Uploaded evidence lives outside the web root and is served only through the access chokepoint.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Background work (zhuban/ops/jobs.py) through Django's task interface on the database: the
# embedded default needs no other server, and several workers on several machines share the queue
# (`manage.py db_worker`; `manage.py scheduler` enqueues the periodic jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job that fails is tried again after a pause that doubles each time, this many times in all.
JOB_MAX_ATTEMPTS = envint("JOB_MAX_ATTEMPTS", 3)
JOB_RETRY_SECONDS = envint("JOB_RETRY_SECONDS", 30)

# 附表一 workbooks (zhuban.workbook): refused above these sizes before any parsing. The
# uncompressed bound also bounds what the reader holds in memory (a sheet is read whole).
REGISTRATION_MAX_BYTES = envint("REGISTRATION_MAX_BYTES", 20 * 1024 * 1024)
REGISTRATION_MAX_ROWS = envint("REGISTRATION_MAX_ROWS", 50_000)
REGISTRATION_MAX_UNCOMPRESSED_BYTES = envint("REGISTRATION_MAX_UNCOMPRESSED_BYTES", 256 * 1024 * 1024)
REGISTRATION_MAX_MERGED_CELLS = envint("REGISTRATION_MAX_MERGED_CELLS", 10_000)
# Workbooks are read in a child process held to this much address space beyond its parent's
# (it starts as a copy of the worker) and these seconds of CPU
# (and of waiting for each batch of rows), so a reader that blows up costs one refused file.
REGISTRATION_READ_MEMORY_BYTES = envint("REGISTRATION_READ_MEMORY_BYTES", 2048 * 1024 * 1024)
REGISTRATION_READ_SECONDS = envint("REGISTRATION_READ_SECONDS", 120)
# An uploaded workbook waiting for its commit is deleted after this many hours.
REGISTRATION_UPLOAD_HOURS = envint("REGISTRATION_UPLOAD_HOURS", 24)
# Official receptions (zhuban.reception): the same visitors hosted again within this many days
# is a pattern the checks report; a warning the office head has not explained within this many
# days goes onto the inspection checklist.
RECEPTION_REPEAT_DAYS = envint("RECEPTION_REPEAT_DAYS", 30)
RECEPTION_EXPLAIN_DAYS = envint("RECEPTION_EXPLAIN_DAYS", 10)
# Offices in one assessment request (POST /api/v1/assess, manage.py assess); docs/api.md.
ASSESS_MAX_OFFICES = envint("ASSESS_MAX_OFFICES", 5000)

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "zhuban@localhost")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
# The address the system is reached at, for links in reminder e-mails (e.g. https://zhuban.example.gov.cn).
SITE_URL = envstr("SITE_URL", "")

# Secure transport and headers whenever we are not debugging.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
