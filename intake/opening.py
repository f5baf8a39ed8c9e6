"""Opening a request: what the rules decide of a message no request is waiting for.

``open_request`` reads the message (intake/reading.py), holds it for a clerk when no request
can be read from it (intake/holding.py), else opens the request and, in the same
transaction, takes the rules' decision: validated, a deficiency notice, or received with the
deficiencies proposed to a clerk when the reading is not sure enough (intake/certainty.py).
``extension`` opens an extension request from a message about a preservation (None when it
does not ask to extend: then it is a reply). ``verdict`` is what the rules say; ``decide``
applies it to a request already open (a crash between the two, a clerk's open, a letter by
post). Each returns the created (or held) IngestResult.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from intake import certainty, govdomains, history
from intake.attachments import Stored
from intake.extensions import linked, named_preservation
from intake.extraction import Extraction
from intake.extraction.pdf import REASON_SCANNED
from intake.holding import hold
from intake.looked import looked_in
from intake.models import InboundMessage, Outcome
from intake.outcome import IngestResult, clean, clean_record, finish, result
from intake.parsing import ParsedMessage
from intake.reading import extract
from intake.senders import SenderCheck
from intake.targets import targets_accepted
from triage import rules, services
from triage.models import Kind, Request, Status

EMERGENCY_SUBJECT = re.compile(r"EMERGENCY DISCLOSURE REQUEST", re.I)

REASON_NOT_A_REQUEST = "No request found in it (no legal process and no target recognised)."
REASON_NO_KIND = "Targets are named but the legal process could not be recognised."
REASON_UNREADABLE = "The message cannot be read as a request: {error}"
REASON_EXTENSION = "names {reference}, the preservation it asks to extend"


def extension(
    message: InboundMessage,
    parsed: ParsedMessage,
    stored: Stored,
    check: SenderCheck,
    reasons: list[str],
    preservation: Request,
) -> IngestResult | None:
    """A verified government sender's mail about a preservation that asks to extend it
    opens an extension request (linked to it) rather than being attached as a reply; None
    when it does not ask to extend (then it is a reply)."""
    try:
        extraction = extract(parsed, stored)
    except Exception:
        return None
    if extraction.fields.get("kind") != Kind.PRESERVATION_EXTENSION:
        return None
    if EMERGENCY_SUBJECT.search(parsed.subject):
        return None
    note = REASON_EXTENSION.format(reference=preservation.reference)
    return open_request(
        message,
        parsed,
        stored,
        check,
        [*reasons, note],
        extraction=extraction,
        original=preservation,
    )


def open_request(
    message: InboundMessage,
    parsed: ParsedMessage,
    stored: Stored,
    check: SenderCheck,
    reasons: list[str],
    *,
    extraction: Extraction | None = None,
    original: Request | None = None,
) -> IngestResult:
    if extraction is None:
        try:
            extraction = extract(parsed, stored)
        except Exception as error:
            reason = REASON_UNREADABLE.format(error=error)
            return hold(message, [*reasons, reason], sender=check.address, parsed=parsed)
    fields = extraction.fields
    kind = Kind.EMERGENCY if EMERGENCY_SUBJECT.search(parsed.subject) else fields.get("kind")
    if not kind and not fields.get("targets"):
        reasons += [REASON_NOT_A_REQUEST, *extraction.reasons]
        return hold(message, reasons, sender=check.address, parsed=parsed, extraction=extraction)
    if not kind:
        reasons += [REASON_NO_KIND, *extraction.reasons]
        return hold(message, reasons, sender=check.address, parsed=parsed, extraction=extraction)
    agency = _text(fields.get("agency"), 300)
    review = history.sender_review(address=check.address or "", agency=agency, message=message)
    reasons += [clean(note) for note in review.notes]
    reasons += extraction.reasons

    # A crash after request_open and before this message was marked: finish that request.
    # (Nearly always there is none: EXISTS spares building a whole Request query and row.)
    opened = Request.objects.filter(source_sha256=message.sha256)
    request = opened.first() if opened.exists() else None
    if request is not None:
        message.request = request
        return decide(message, request, extraction, reasons, (check.address, agency))
    targets, dropped = targets_accepted(fields.get("targets") or [])
    reasons += dropped
    if kind == Kind.PRESERVATION_EXTENSION:
        original = linked(message, parsed, check, original or named_preservation(fields), reasons)
    else:
        original = None
    # The EMERGENCY subject line is our own rule's reading of the kind, not the reader's.
    given = ["kind"] if kind != fields.get("kind") else []
    opening = certainty.request_fields(extraction, parsed, message, check, given=given)
    # The government address verified here: a disclosure may go to its domain (triage/package.py).
    opening["sender_address"] = (check.address or "")[:254]
    # Opened and decided in one transaction: the message is linked to it when it is marked.
    then, missing, proposed = _decision(message, parsed, kind, opening, extraction, reasons)
    request = services.request_open(
        by=None,
        kind=kind,
        original=original if original and original.kind == Kind.PRESERVATION else None,
        received_at=message.received_at,
        targets=targets,
        sender_review=clean_record(review.as_record()),
        then=then,
        missing=missing,
        proposed=proposed,
        **opening,
    )
    return decided(message, request, missing, reasons, (check.address, agency))


def _decision(
    message: InboundMessage,
    parsed: ParsedMessage,
    kind: str,
    opening: dict[str, Any],
    extraction: Extraction,
    reasons: list[str],
) -> tuple[str | None, list[str], list[dict[str, str]] | None]:
    """What the rules decide for a request about to open: (then, missing items, the list
    proposed to a clerk instead of a notice sent, or None). A deficiency notice leaves alone
    only when every item it rests on was read sure enough (intake/certainty.py)."""
    then, missing, found = verdict(
        kind, opening["agent_email"], message.received_at, extraction, reasons
    )
    if then != services.ASK_INFO:
        return then, missing, None
    alone, unsure = certainty.deficiency_gate(confidence=opening["reading_confidence"], found=found)
    if alone:
        return then, missing, None
    # Intake proposes, a clerk decides: the request opens received with the list proposed
    # (and, when it waited for want of certainty, what it was unsure of).
    opening["deficiency_unsure"] = unsure
    return None, missing, _proposal(found, looked_in(message, body=bool(parsed.text.strip())))


def decide(
    message: InboundMessage,
    request: Request,
    extraction: Extraction,
    reasons: list[str],
    sender: tuple[str | None, str] = (None, ""),
    looked: str | None = None,
) -> IngestResult:
    """The rules decide: validated, or a deficiency notice; an interception waits for a lawyer.
    ``sender``: the verified address and agency to count in the sender's history (none for a
    held message or a letter opened by a clerk: intake/held.py and intake/manual.py).
    ``looked``: where the reading looked, when it was not the message (a letter by post)."""
    then, missing, found = verdict(
        request.kind, request.agent_email, request.received_at, extraction, reasons
    )
    if request.status == Status.RECEIVED and then == services.VALIDATE:
        request = services.request_validate(request=request, by=None)
    elif request.status == Status.RECEIVED and then == services.ASK_INFO:
        alone, unsure = certainty.deficiency_gate(
            confidence=certainty.confidence_of(request), found=found
        )
        if alone:
            request = services.request_ask_info(request=request, by=None, missing=missing)
        else:
            request = services.request_deficiencies_propose(
                request=request,
                by=None,
                items=_proposal(found, looked or looked_in(message)),
                unsure=unsure,
            )
    return decided(message, request, missing, reasons, sender)


def verdict(
    kind: str,
    agent_email: str,
    received_at: datetime,
    extraction: Extraction,
    reasons: list[str],
) -> tuple[str | None, list[str], list[rules.Deficiency]]:
    """What the rules say of a request of ``kind`` (services.VALIDATE, services.ASK_INFO, or
    None: refused by rule, left for a lawyer), the fields missing and the deficiencies found
    (each with the sentence the notice would use); the sentences go on
    ``reasons``. Pure but for the government-domain rules: known before the request is
    opened, so the decision can be taken in the transaction that opens it."""
    fields = {
        **extraction.fields,
        "scanned": any(REASON_SCANNED in r for r in extraction.reasons),
        "agent_email": agent_email or extraction.fields.get("agent_email"),
    }
    found = rules.deficiencies(
        kind=kind,
        fields=fields,
        received_at=received_at,
        is_government_email=_is_government_email,
        overbroad=extraction.overbroad,
    )
    missing = [d.name for d in found]
    reasons += [d.sentence for d in found]
    if kind == Kind.EMERGENCY:
        reasons += rules.emergency_gaps(fields)
    note = rules.language_note(fields.get("language"))
    if note:
        reasons.append(note)
    refusal = rules.refusal(kind)
    if refusal:
        reasons.append(refusal)
        return None, missing, found
    return (services.ASK_INFO if found else services.VALIDATE), missing, found


def _proposal(found: list[rules.Deficiency], looked: str) -> list[dict[str, str]]:
    """Each item with the sentence the notice would use and where intake looked for it."""
    return [{"name": d.name, "sentence": d.sentence, "looked": looked} for d in found]


def decided(
    message: InboundMessage,
    request: Request,
    missing: list[str],
    reasons: list[str],
    sender: tuple[str | None, str],
) -> IngestResult:
    """The message is marked created, and counted in its sender's history."""
    address, agency = sender
    message.request = request
    finish(
        message, Outcome.CREATED, request=request, reasons=reasons, sender=address, agency=agency
    )
    return result(message, Outcome.CREATED, missing=missing, reasons=reasons)


def _is_government_email(address: str) -> bool:
    domain = govdomains.normalise_domain(address.rpartition("@")[2])
    rules = govdomains.current_rules()
    return domain is not None and govdomains.is_government_domain(domain, rules=rules) is not None


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value).split())[:limit] if value else ""
