"""Layer 1 of intake (STYLE.md rule 4): the raw bytes stored, byte for byte, with their
hash, before anything reads them; then the claim that says which process routes them.

``message_store`` returns the message's row (found again by its SHA-256 when the same bytes
come back). ``claim_with_headers`` takes the message for routing by a conditional update,
writing what its headers say in the same statement; a Message-ID another message has makes
it a duplicate (``duplicate_id``). A process that loses the claim answers ``claim_lost``.
"""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager, nullcontext
from datetime import timedelta
from typing import Any

import psycopg
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from intake.models import MAX_RAW_BYTES, UNFINISHED, InboundMessage, Outcome
from intake.outcome import IngestResult, clean, finish, result
from intake.parsing import ParsedMessage

# Raw bytes larger than this are written to PostgreSQL as a binary parameter (_raw_write).
BINARY_WRITE_BYTES = 256 * 1024
# A router that has not finished after this long is presumed dead; another may take over.
STALE_CLAIM = timedelta(minutes=10)

REASON_SAME_BYTES = "The same message (same SHA-256) was ingested before, as {outcome}."
REASON_SAME_ID = "A message with the same Message-ID was ingested before."
REASON_BEING_ROUTED = "Another intake process is routing this message now."


def message_store(raw: bytes, *, source: str) -> tuple[InboundMessage, bool]:
    """Layer 1: the bytes, byte for byte, with their hash, before anything reads them."""
    sha256 = hashlib.sha256(raw).hexdigest()
    # The raw bytes of a stored message are not read back: the caller holds them.
    stored = InboundMessage.objects.defer("raw")
    existing = stored.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    fits = len(raw) <= MAX_RAW_BYTES
    binary = fits and len(raw) > BINARY_WRITE_BYTES and connection.vendor == "postgresql"
    try:
        # One INSERT is its own transaction; large bytes are written by a second statement.
        with transaction.atomic(durable=True) if binary else _one_statement():
            message = InboundMessage.objects.create(
                raw=raw if fits and not binary else b"",
                size=len(raw),
                sha256=sha256,
                source=source[:300],
                received_at=timezone.now(),
            )
            if binary:
                _raw_write(message.pk, raw)
    except IntegrityError:  # another process stored the same bytes first
        return stored.get(sha256=sha256), False
    return message, True


def _raw_write(pk: int, raw: bytes) -> None:
    """Large raw bytes go to PostgreSQL as a binary parameter. Django's psycopg cursors bind
    on the client, which writes bytes as a hex literal: a 32 MB message became a 64 MB query
    string and as many bytes again, and took 1.4 s to store."""
    connection.ensure_connection()
    table = connection.ops.quote_name(InboundMessage._meta.db_table)
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(f"UPDATE {table} SET raw = %b WHERE id = %s", [raw, pk])  # noqa: S608


def _one_statement() -> AbstractContextManager[Any]:
    """Around a single write that may violate a unique constraint: in autocommit the
    statement is its own transaction (no BEGIN and COMMIT round trips); inside a caller's
    transaction (a test's) a savepoint keeps the violation from aborting it."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def same_bytes(message: InboundMessage) -> IngestResult:
    """The same bytes were routed before: a duplicate, on what they came to then."""
    reason = REASON_SAME_BYTES.format(outcome=message.outcome)
    return result(message, Outcome.DUPLICATE, reasons=[reason], missing=[])


def claim(message: InboundMessage, **changes: Any) -> bool:
    """Idempotent by database state: the conditional update's count says who routes it.
    ``changes`` are written with the claim (the headers: one statement, not two). A Message-ID
    that another message has raises IntegrityError, and nothing is written."""
    now = timezone.now()
    won = InboundMessage.objects.filter(pk=message.pk, outcome__in=UNFINISHED).filter(
        Q(routing_started_at__isnull=True) | Q(routing_started_at__lt=now - STALE_CLAIM)
    )
    with _one_statement():
        count = won.update(routing_started_at=now, **changes)
    if count != 1:
        return False
    for name, value in changes.items():
        setattr(message, name, value)
    return True


def claim_with_headers(message: InboundMessage, parsed: ParsedMessage | None) -> tuple[bool, bool]:
    """The claim, with what the headers say; whether it was won, and whether the Message-ID
    is another message's (then the headers are not kept)."""
    try:
        return claim(message, **_headers(message, parsed)), False
    except IntegrityError:  # the Message-ID is another message's: the headers are not kept
        return claim(message), True


def _headers(message: InboundMessage, parsed: ParsedMessage | None) -> dict[str, Any]:
    """What the headers say, written with the claim. A Message-ID seen on another message
    makes the claim raise IntegrityError (the unique constraint): then it is a duplicate."""
    if parsed is None:  # too large to be read
        return {}
    found = {
        "sender": clean(parsed.from_header)[:998],
        "subject": clean(parsed.subject),
        "received_at": parsed.received_at or message.received_at,
    }
    if parsed.message_id:
        found["message_id"] = clean(parsed.message_id)
    return found


def claim_lost(message: InboundMessage) -> IngestResult:
    """Another process holds the claim, or finished the message since it was stored."""
    message.refresh_from_db(fields=["outcome", "message_id", "request"])
    reason = (
        REASON_BEING_ROUTED
        if message.outcome in UNFINISHED
        else REASON_SAME_BYTES.format(outcome=message.outcome)
    )
    return result(message, Outcome.DUPLICATE, reasons=[reason])


def duplicate_id(message: InboundMessage, parsed: ParsedMessage | None) -> IngestResult:
    """The Message-ID is another message's: a duplicate, on that message's request."""
    message_id = clean(parsed.message_id) if parsed and parsed.message_id else None
    original = (
        InboundMessage.objects.filter(message_id=message_id)
        .exclude(pk=message.pk)
        .select_related("request")
        .defer("raw")
        .first()
    )
    message.request = original.request if original else None
    finish(message, Outcome.DUPLICATE, reasons=[REASON_SAME_ID], request=message.request)
    return result(message, Outcome.DUPLICATE, reasons=[REASON_SAME_ID])
