"""Checking an uploaded evidence file by its content, not its name. Framework-free."""

from __future__ import annotations

import hashlib
from typing import IO

# Official documents arrive as PDF or OFD (the national format) scans, or photographs.
SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"PK\x03\x04": "zip",  # OFD, DOCX and XLSX are zip containers
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class EvidenceError(ValueError):
    """The file is refused; the message says why in the user's language (set by the caller)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def sniff(head: bytes) -> str | None:
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def check_evidence(stream: IO[bytes], *, size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """(sha256, kind) of an acceptable file; raises EvidenceError('too_large'|'empty'|'type')."""
    if size <= 0:
        raise EvidenceError("empty")
    if size > max_bytes:
        raise EvidenceError("too_large", size=size, limit=max_bytes)
    head = stream.read(16)
    kind = sniff(head)
    if kind is None:
        raise EvidenceError("type")
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest(), kind
