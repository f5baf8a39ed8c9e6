"""One request's record with a proof that each event is in the signed, witnessed log.

The export holds the request's events (their canonical bytes, prev_hash and hash), an RFC 9162
inclusion proof of each against the latest checkpoint, that checkpoint's signed line and the
public key. Of other requests it reveals only sibling hashes in the proofs: nothing of their
content. ``scripts/verify_export.py`` checks it without lerq or its database.
"""

from typing import Any

from triage import merkle
from triage.audit import canonical_event_bytes
from triage.checkpoints import public_key_pem, signing_key_load
from triage.models import Checkpoint, Event

EXPORT_FORMAT = "lerq-audit-export/1"
NO_EVENTS = "no event of {reference} is covered by a checkpoint"
NO_CHECKPOINT = "no checkpoint yet: run `manage.py audit_checkpoint`"
NOT_THE_SIGNED_RECORD = (
    "the events do not have the root of checkpoint #{number}: run `manage.py verify_audit`"
)


class ExportError(Exception):
    pass


def request_audit_export(*, reference: str) -> dict[str, Any]:
    """The export of ``reference``'s events against the latest checkpoint, as JSON data."""
    checkpoint = Checkpoint.objects.order_by("-number").first()
    if checkpoint is None:
        raise ExportError(NO_CHECKPOINT)
    events = list(Event.objects.filter(reference=reference, seq__lte=checkpoint.size))
    if not events:
        raise ExportError(NO_EVENTS.format(reference=reference))
    hashes = Event.objects.filter(seq__lte=checkpoint.size).order_by("seq")
    tree = merkle.Tree(
        bytes.fromhex(h) for h in hashes.values_list("hash", flat=True).iterator(chunk_size=5000)
    )
    if len(tree) != checkpoint.size or tree.root(checkpoint.size).hex() != checkpoint.root:
        raise ExportError(NOT_THE_SIGNED_RECORD.format(number=checkpoint.number))
    return {
        "format": EXPORT_FORMAT,
        "reference": reference,
        "checkpoint": checkpoint.line,
        "public_key": public_key_pem(signing_key_load().public_key()).decode(),
        # RFC 3161 token over SHA-256 of the checkpoint line (base64 DER), or "" when none.
        "checkpoint_timestamp": checkpoint.timestamp_token,
        "events": [
            {
                "seq": event.seq,
                "canonical": canonical_event_bytes(event).decode(),
                "content_hash": event.content_hash,
                "prev_hash": event.prev_hash,
                "hash": event.hash,
                "proof": [h.hex() for h in tree.inclusion_proof(event.seq - 1, checkpoint.size)],
            }
            for event in events
        ],
    }
