"""The agency's answer to a deficiency notice is read like a new request (issue 16: "an answer
fills the gaps"): the stage after the thread match and the sender's standing.

The same reader (``intake.extraction``, the ``extract`` contract) runs on the answer and its
attachments; what it finds for the request's fields goes to ``services.proposal_record``,
which proposes the values that differ from the current ones. Nothing on the request changes
until a person accepts them on the request page. Only a verified answer (intake/standing.py)
gets here: an unverified reply proposes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from intake.extraction import Extraction
from intake.models import InboundMessage
from intake.targets import targets_accepted
from triage import services
from triage.models import Request

REASON_PROPOSED = "Proposed from the answer, for a person to accept: {fields}."
REASON_UNREAD = "The answer could not be read for details: {error}"

# The reader's names (DESIGN.md, extract) → the request's fields.
READER_FIELDS = {
    "agency": "agency",
    "agent_name": "agent_name",
    "badge": "badge",
    "agent_email": "agent_email",
    "phone": "agent_phone",
    "address": "postal_address",
    "response_date": "response_due_date",
    "language": "language",
    "country": "country",  # not in the contract today: proposed once the reader gives it
}


def answer_fields(extraction: Extraction) -> dict[str, Any]:
    """What the reader found, under the request's field names; unknown values left out."""
    found = extraction.fields
    fields = {ours: found.get(theirs) for theirs, ours in READER_FIELDS.items()}
    email = fields.get("agent_email")
    try:
        validate_email(email)
    except ValidationError:
        fields["agent_email"] = None
    targets, _dropped = targets_accepted(found.get("targets") or [])
    fields["targets"] = [
        {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items() if v}
        for row in targets
    ]
    return {name: value for name, value in fields.items() if value not in (None, "", [])}


def answer_propose(
    message: InboundMessage, request: Request, read: Extraction | Exception
) -> list[str]:
    """Propose what the answer gives for ``request``; the sentences for the message's reasons.
    ``read``: the reader's extraction, or the error that kept it from reading the answer
    (the answer is still attached and answers the deficiency notice)."""
    if isinstance(read, Exception):
        return [REASON_UNREAD.format(error=read)]
    proposed = services.proposal_record(
        request=request,
        found=answer_fields(read),
        message_id=message.message_id or "",
        sha256=message.sha256,
    )
    if not proposed:
        return []
    return [REASON_PROPOSED.format(fields=", ".join(p.get_field_display() for p in proposed))]
