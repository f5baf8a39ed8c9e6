"""Signed checkpoints of the record, witnessed outside the database (issue 19).

Every few minutes, when events were appended, lerq signs the head of the RFC 9162 Merkle tree
over the events (size, root, time) with an Ed25519 key kept outside the database, stores it
in ``Checkpoint`` and appends it as one JSON line to an append-only file in
``LERQ_AUDIT_WITNESS_DIR``. Each line names the SHA-256 of the line before, so the file is a
chain of its own. Someone who can write to the database but not to that file (or the mailbox
it is sent to) can no longer truncate, shorten or rewrite the record unseen: verify_audit
checks the events against the latest witnessed line (triage/checkpoint_verify.py).

Leaf i (1-based seq order) is ``bytes.fromhex(Event.hash)``: the event's chain hash already
commits to its content and to every event before it.
"""

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from triage import merkle
from triage.audit import GENESIS, chain_hash, content_hash_of
from triage.models import Checkpoint, Event
from triage.notices.alerts import audit_checkpoints_mail

LINE_FORMAT = "lerq-checkpoint/1"
WITNESS_FILE_NAME = "checkpoints.jsonl"
# Not the chain's append lock: checkpoints never hold up an append.
_CHECKPOINT_LOCK_KEY = 0x6C657263  # "lerc"

NO_SIGNING_KEY = "no audit signing key at {path}: run `manage.py audit_signing_key_create`"
SIGNING_KEY_EXISTS = "an audit signing key already exists at {path} (--force replaces it)"
CHAIN_BROKEN = (
    "event #{seq} does not follow from the events before it: no checkpoint is signed over a "
    "broken chain; run `manage.py verify_audit`"
)
COVERED_EVENT_CHANGED = (
    "event #{seq}, the last that checkpoint #{number} covers, is gone or changed: "
    "run `manage.py verify_audit`"
)
WITNESS_DIVERGED = (
    "the witness file {path} does not end with checkpoint #{number} of the database: "
    "one of them was changed or rolled back; run `manage.py verify_audit`"
)


class CheckpointError(Exception):
    pass


# --- the key --------------------------------------------------------------------------------


def signing_key_create(*, path: Path, force: bool = False) -> Ed25519PublicKey:
    """Write a new Ed25519 private key (PKCS#8 PEM, mode 0600) and its public key beside it."""
    if path.exists() and not force:
        raise CheckpointError(SIGNING_KEY_EXISTS.format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    tmp.replace(path)
    public_key_path(path).write_bytes(public_key_pem(key.public_key()))
    return key.public_key()


def public_key_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + ".pub")


def signing_key_load(path: Path | None = None) -> Ed25519PrivateKey:
    path = path or settings.LERQ_AUDIT_SIGNING_KEY_FILE
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise CheckpointError(NO_SIGNING_KEY.format(path=path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 private key")
    return key


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


# --- the witness line -----------------------------------------------------------------------


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def signed_bytes(fields: dict[str, Any]) -> bytes:
    """What the signature covers: the line's fields but the signature, canonical JSON."""
    return _canonical({k: v for k, v in fields.items() if k != "signature"})


def line_hash(line: str) -> str:
    return hashlib.sha256(line.encode()).hexdigest()


def _line_build(
    *, number: int, size: int, root: bytes, at: datetime, prev: str, key: Ed25519PrivateKey
) -> str:
    fields: dict[str, Any] = {
        "format": LINE_FORMAT,
        "number": number,
        "size": size,
        "root": root.hex(),
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "prev": prev,
        "key": key_id(key.public_key()),
    }
    fields["signature"] = base64.b64encode(key.sign(signed_bytes(fields))).decode()
    return _canonical(fields).decode()


def witness_path() -> Path:
    return settings.LERQ_AUDIT_WITNESS_DIR / WITNESS_FILE_NAME


def witness_lines(path: Path | None = None) -> list[str]:
    path = path or witness_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line for line in text.split("\n") if line]


def _witness_last_line(path: Path) -> str | None:
    """The file's last line, read from its end (the file grows by a line every few minutes)."""
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            end = f.tell()
            f.seek(max(0, end - 8192))
            tail = f.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    lines = [line for line in tail.split("\n") if line]
    return lines[-1] if lines else None


def _witness_append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


# --- the service ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Extension:
    frontier: list[bytes]
    size: int
    head: str


def _extend(last: Checkpoint | None, upto: int | None = None) -> _Extension:
    """Hash the events after ``last`` (up to seq ``upto``) into its frontier, checking that
    each one follows the one before."""
    size = last.size if last else 0
    frontier = [bytes.fromhex(h) for h in last.frontier] if last else []
    prev = last.head if last else GENESIS
    if last and Event.objects.filter(seq=size).values_list("hash", flat=True).first() != prev:
        # Not worth waiting for verify_audit: the beat job's failure is the first alarm.
        raise CheckpointError(COVERED_EVENT_CHANGED.format(seq=size, number=last.number))
    events = Event.objects.filter(seq__gt=size).order_by("seq")
    if upto is not None:
        events = events.filter(seq__lte=upto)
    for event in events.iterator(chunk_size=2000):
        if (
            event.seq != size + 1
            or event.prev_hash != prev
            or content_hash_of(event) != event.content_hash
            or chain_hash(event.prev_hash, event.content_hash) != event.hash
        ):
            raise CheckpointError(CHAIN_BROKEN.format(seq=size + 1))
        frontier = merkle.frontier_extend(frontier, size, [bytes.fromhex(event.hash)])
        size, prev = size + 1, event.hash
    return _Extension(frontier, size, prev)


def _store(line: str, extension: _Extension) -> Checkpoint:
    fields = json.loads(line)
    return Checkpoint.objects.create(
        number=fields["number"],
        size=fields["size"],
        root=fields["root"],
        at=datetime.fromisoformat(fields["at"]),
        head=extension.head,
        frontier=[h.hex() for h in extension.frontier],
        line=line,
        line_hash=line_hash(line),
    )


def _adopt(line: str | None, last: Checkpoint | None, key: Ed25519PrivateKey) -> Checkpoint | None:
    """The file's line past the table's last one, when a commit failed after the line was
    written: taken into the table if it is signed by our key, follows the table's last line,
    and the events have its root. Anything else is left for verify_audit to name."""
    try:
        fields = json.loads(line or "")
        key.public_key().verify(base64.b64decode(fields["signature"]), signed_bytes(fields))
    except (ValueError, KeyError, TypeError, InvalidSignature):
        return None
    follows = fields.get("number") == (last.number if last else 0) + 1 and fields.get("prev") == (
        last.line_hash if last else GENESIS
    )
    if not follows or fields.get("size", -1) < (last.size if last else 0):
        return None
    extension = _extend(last, upto=fields["size"])
    if extension.size != fields["size"] or (
        merkle.frontier_root(extension.frontier).hex() != fields["root"]
    ):
        return None
    return _store(line or "", extension)


@transaction.atomic(durable=True)
def checkpoint_create(*, now: datetime | None = None) -> Checkpoint | None:
    """Sign and witness the tree head when events were appended since the last checkpoint;
    None when nothing was (running it twice changes nothing)."""
    key = signing_key_load()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHECKPOINT_LOCK_KEY])
    last = Checkpoint.objects.order_by("-number").first()
    path = witness_path()
    file_last = _witness_last_line(path)
    if (last.line if last else None) != file_last:
        adopted = _adopt(file_last, last, key)
        if adopted is None:
            number = last.number if last else 0
            raise CheckpointError(WITNESS_DIVERGED.format(path=path, number=number))
        last = adopted
    extension = _extend(last)
    if extension.size == (last.size if last else 0):
        return None
    line = _line_build(
        number=(last.number if last else 0) + 1,
        size=extension.size,
        root=merkle.frontier_root(extension.frontier),
        at=now or timezone.now(),
        prev=last.line_hash if last else GENESIS,
        key=key,
    )
    checkpoint = _store(line, extension)
    # Written last, inside the transaction: if the write fails nothing is committed; if the
    # commit fails after it, the file is a line ahead, and the next run takes that line in.
    _witness_append(path, line)
    return checkpoint


# A beat down for a few days still mails each missed day once it is back.
_MAIL_DAYS_BACK = 7


@transaction.atomic(durable=True)
def checkpoint_mail_daily(*, now: datetime | None = None) -> int:
    """Queue each complete UTC day's checkpoint lines (of the last week) not yet mailed to
    LERQ_AUDIT_COMPLIANCE_EMAIL; how many mails were queued."""
    if not settings.LERQ_AUDIT_COMPLIANCE_EMAIL:
        return 0
    today = (now or timezone.now()).astimezone(UTC).date()
    queued = 0
    for back in range(_MAIL_DAYS_BACK, 0, -1):
        day = today - timedelta(days=back)
        start = datetime.combine(day, time.min, tzinfo=UTC)
        lines = list(
            Checkpoint.objects.filter(at__gte=start, at__lt=start + timedelta(days=1))
            .order_by("number")
            .values_list("line", flat=True)
        )
        if audit_checkpoints_mail(day=day.isoformat(), lines=lines):
            queued += 1
    return queued
