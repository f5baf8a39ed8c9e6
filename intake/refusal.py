"""Refused mail: what intake keeps of a message it will not route (STYLE.md rule 4).

A message too large to store, or from a sender the sender check refuses (intake/senders.py
decides why), is recorded as ``refused``: a security-log row with the hashes and the reasons,
and the message's content deleted at once. ``refuse`` returns the refused IngestResult.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from intake import history
from intake.mime import body_of
from intake.models import MAX_RAW_BYTES, InboundMessage, Outcome, SecurityLogEntry
from intake.outcome import IngestResult, clean, clean_record, result
from intake.parsing import ParsedMessage
from intake.senders import SenderCheck

TOO_LARGE = "too_large"
REASON_TOO_LARGE = "The message is {size} bytes, over the {limit} bytes lerq stores."


def refuse(
    message: InboundMessage,
    raw: bytes,
    parsed: ParsedMessage,
    check: SenderCheck | None,
    codes: list[str],
    reasons: list[str],
) -> IngestResult:
    """Refused mail: a security-log row, and the content deleted at once."""
    sender = clean(check.address if check and check.address else parsed.from_header)[:998]
    reasons = [clean(r) for r in reasons]
    with transaction.atomic(durable=True):
        SecurityLogEntry.objects.create(
            at=timezone.now(),
            sender=sender,
            subject_sha256=_sha256(parsed.subject.encode("utf-8", "surrogatepass")),
            body_sha256=_sha256(body_of(raw)),
            message_sha256=message.sha256,
            reason_codes=codes,
            reasons=reasons,
            sender_check=clean_record(check.as_record()) if check else {},
            message=message,
        )
        changes = {"outcome": Outcome.REFUSED, "reasons": reasons, "routed_at": timezone.now()}
        changes |= {"raw": b"", "subject": "", "sender": sender}
        for name, value in changes.items():
            setattr(message, name, value)
        message.save(update_fields=list(changes))
        history.sender_history_record(
            address=check.address if check else None,
            message=message,
            outcome=Outcome.REFUSED,
            at=message.received_at,
        )
    return result(message, Outcome.REFUSED, reasons=reasons)


def refuse_too_large(message: InboundMessage, raw: bytes) -> IngestResult:
    """Over MAX_RAW_BYTES: not stored, not read, refused."""
    return refuse(message, raw, ParsedMessage(), None, [TOO_LARGE], _too_large(raw))


def _too_large(raw: bytes) -> list[str]:
    return [TOO_LARGE, REASON_TOO_LARGE.format(size=len(raw), limit=MAX_RAW_BYTES)]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
