"""Extensions: which preservation a message asking to extend one is about.

``may_extend`` says whether a message about a request may be a new extension request rather
than a reply; ``named_preservation`` finds the preservation an extension names (the reader's
``original_preservation``); ``linked`` decides whether the extension is linked to it: only when
the sender is of the agency that asked for it (intake/standing.py), else it opens unlinked,
with why on its reasons. Opening the extension request itself is intake/opening.py.
"""

from __future__ import annotations

from typing import Any

from intake import standing
from intake.models import InboundMessage
from intake.parsing import ParsedMessage
from intake.senders import SenderCheck
from intake.threads import REFERENCE
from triage.models import Kind, Request, Status

REASON_EXTENSION_UNLINKED = (
    "Not linked to {reference}: {address} is not of the agency that asked for it ({agency}); "
    "link it by hand when extending the hold if it is genuine."
)


def may_extend(request: Request) -> bool:
    """A message about this request may be a new extension request rather than a reply."""
    return request.kind == Kind.PRESERVATION and request.status != Status.NEEDS_INFO


def linked(
    message: InboundMessage,
    parsed: ParsedMessage,
    check: SenderCheck,
    original: Request | None,
    reasons: list[str],
) -> Request | None:
    """The preservation an extension is linked to: only one the sender's agency asked for
    (intake/standing.py). Another agency's extension is opened unlinked, with why; a person
    links it when extending the hold (hold_extend names the preservation)."""
    if original is None:
        return None
    found = standing.agency_standing(
        request=original, check=check, ids=standing.thread_ids(parsed, message)
    )
    if found.verified:
        return original
    reasons.append(
        REASON_EXTENSION_UNLINKED.format(
            reference=original.reference, address=check.address or "", agency=original.agency
        )
    )
    return None


def named_preservation(fields: dict[str, Any]) -> Request | None:
    """The preservation an extension names (the extraction's ``original_preservation``)."""
    if fields.get("kind") != Kind.PRESERVATION_EXTENSION:
        return None
    named = fields.get("original_preservation")
    reference = named.get("reference") if isinstance(named, dict) else None
    if not isinstance(reference, str) or not REFERENCE.fullmatch(reference):
        return None
    return Request.objects.filter(reference=reference, kind=Kind.PRESERVATION).first()
