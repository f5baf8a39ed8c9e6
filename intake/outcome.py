"""What routing a message came to, recorded: the last step of every stage of intake.

``finish`` writes the message's outcome (created, attached, held, duplicate, failed, ...) with
its reasons and, in the same transaction, counts it in the sender's history; ``result`` is
the ``IngestResult`` that ``routing.ingest`` returns for it. ``clean`` makes any text from
mail safe to store in PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from intake import history
from intake.models import InboundMessage, Outcome
from triage.models import Request


@dataclass
class IngestResult:
    outcome: str
    message_pk: int | None = None
    message_id: str | None = None
    reference: str | None = None
    kind: str | None = None
    status: str | None = None
    missing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def as_json(self, file: str) -> dict[str, Any]:
        return {
            "file": file,
            "message_id": self.message_id,
            "outcome": self.outcome,
            "reference": self.reference,
            "kind": self.kind,
            "status": self.status,
            "missing": list(self.missing),
            "reasons": list(self.reasons),
        }


def result(message: InboundMessage, outcome: str, **extra: Any) -> IngestResult:
    request = message.request
    found = {
        "message_pk": message.pk,
        "message_id": message.message_id,
        "reference": request.reference if request else None,
        "kind": request.kind if request else None,
        "status": request.status if request else None,
    }
    return IngestResult(outcome=outcome, **{**found, **extra})


def clean(value: str) -> str:
    """Text PostgreSQL accepts: no NUL, no lone surrogates (from undecodable headers)."""
    return value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def clean_record(record: dict[str, Any]) -> dict[str, Any]:
    return json.loads(clean(json.dumps(record)))


def finish(
    message: InboundMessage,
    outcome: str,
    *,
    sender: str | None = None,
    agency: str = "",
    then: Callable[[], object] | None = None,
    **changes: Any,
) -> None:
    """Record the routing outcome and, in the same transaction, count it in the history of
    ``sender`` (the verified address; None when there is none to count) and do ``then``."""
    if "reasons" in changes:
        changes["reasons"] = [clean(str(r)) for r in changes["reasons"]]
    changes = {"outcome": outcome, "routed_at": timezone.now(), **changes}
    for name, value in changes.items():
        setattr(message, name, value)
    with transaction.atomic(durable=True):
        message.save(update_fields=list(changes))
        history.sender_history_record(
            address=sender, message=message, outcome=outcome, at=message.received_at, agency=agency
        )
        if then is not None:
            then()


def failed(message: InboundMessage, error: Exception) -> IngestResult:
    """Routing raised: the message is marked failed with the error, and ingesting it again
    routes it afresh."""
    reasons = [clean(f"{type(error).__name__}: {error}")]
    # A request it opened before failing stays linked to it (the link is otherwise
    # written when the message is marked created).
    opened = Request.objects.filter(source_sha256=message.sha256).first()
    link = {"request": opened} if opened is not None else {}
    finish(message, Outcome.FAILED, reasons=reasons, routing_started_at=None, **link)
    return result(message, Outcome.FAILED, reasons=reasons)
