"""Test settings: the real settings, with a fixed key, a fast hasher and plain HTTP."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret")  # noqa: S105 - tests only
os.environ.setdefault("AUDIT_ANCHOR_KEY", "test-only-anchor-key")
os.environ.setdefault("TOTP_ENCRYPTION_KEY", "test-only-totp-key")

from zhuban.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client and the browser's live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
AUDIT_ANCHOR_FILE = BASE_DIR / "var" / f"test-audit-anchors-{os.getpid()}.log"  # noqa: F405

# Tests use a file database, not SQLite's shared in-memory one: concurrent writers in threads
# then behave as in production (WAL, IMMEDIATE transactions, a busy timeout) instead of failing
# at once with "table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # One file per run, so two runs side by side never share (and wreck) a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
