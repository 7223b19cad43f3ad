"""TOTP secrets as the database stores them: sealed with TOTP_ENCRYPTION_KEY (AES-GCM), so
neither the database nor its backups hold a usable secret, and nobody who can write the
database but not read the key can plant a secret of their own (a plain or forged value never
verifies).

Stored form: ``aes1:`` + URL-safe base64 of nonce (12 bytes) + ciphertext with its tag; 69
characters for the usual 20-byte secret, within django-otp's 80-character column.
"""

from __future__ import annotations

import hashlib
import os
from base64 import urlsafe_b64decode, urlsafe_b64encode

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "aes1:"
# Binds a sealed value to its purpose: the same key sealing something else cannot stand in.
PURPOSE = b"zhuban totp secret"


class UnreadableKey(ValueError):
    pass


def _cipher() -> AESGCM:
    # Any string from the environment becomes a 256-bit key.
    return AESGCM(hashlib.sha256(settings.TOTP_ENCRYPTION_KEY.encode("utf-8")).digest())


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(secret: bytes) -> str:
    nonce = os.urandom(12)
    return PREFIX + urlsafe_b64encode(nonce + _cipher().encrypt(nonce, secret, PURPOSE)).decode().rstrip("=")


def unseal(stored: str) -> bytes:
    if not is_sealed(stored):
        raise UnreadableKey("not a sealed TOTP secret")
    body = stored[len(PREFIX) :]
    try:
        raw = urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return _cipher().decrypt(raw[:12], raw[12:], PURPOSE)
    except (InvalidTag, ValueError):
        raise UnreadableKey("the TOTP secret does not open with TOTP_ENCRYPTION_KEY") from None
