"""The audit key: the secret that only lerq holds, so that only lerq can write an event.

Every event of the current form carries ``mac = HMAC-SHA256(key, hash)`` (triage/audit.py). The
key is a file outside the database (``LERQ_AUDIT_KEY_FILE``), so someone who can write to the
database, even as its owner, can recompute SHA-256 hashes but not the MAC. Losing the key makes
the record unverifiable: a deployment backs the file up with its other secrets.
"""

import functools
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings

AUDIT_KEY_MISSING = (
    "No audit key at {path}: run `python manage.py audit_key_create` or set LERQ_AUDIT_KEY_FILE."
)
AUDIT_KEY_INVALID = "The audit key at {path} is not 64 hexadecimal characters."
AUDIT_KEY_EXISTS = (
    "An audit key already exists at {path}: replacing it would make every event it signed "
    "unverifiable."
)


class AuditKeyError(Exception):
    pass


def audit_key_create(*, path: Path) -> Path:
    """Write a new random key (mode 0600) at ``path``; never replace one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: two processes creating it at once cannot both win and sign with different keys.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise AuditKeyError(AUDIT_KEY_EXISTS.format(path=path)) from exc
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    return path


def audit_key() -> bytes:
    """The key named by settings (read once per process and path)."""
    return _read(str(settings.LERQ_AUDIT_KEY_FILE))


@functools.lru_cache(maxsize=4)
def _read(path: str) -> bytes:
    try:
        text = Path(path).read_text().strip()
    except FileNotFoundError as exc:
        raise AuditKeyError(AUDIT_KEY_MISSING.format(path=path)) from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise AuditKeyError(AUDIT_KEY_INVALID.format(path=path))
    return key


def mac_of(event_hash: str, key: bytes) -> str:
    """HMAC-SHA256 over the event's hash, which commits to its content and its predecessor."""
    return hmac.new(key, bytes.fromhex(event_hash), "sha256").hexdigest()
