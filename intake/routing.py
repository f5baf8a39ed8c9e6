"""Layer 3 of intake (STYLE.md rule 4): store the raw bytes, parse them, route the message.

``ingest(raw, source=...)`` is the one entry point. Each step that writes is its own short
transaction; the triage services it calls are durable transactions of their own, so a crash
between two steps leaves the message ``pending`` or ``failed``, and ingesting the same bytes
again finishes the job (the message's row is found by its SHA-256, the request by
``source_sha256``). Only database errors escape: then lerq itself cannot run.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError

from intake import certainty, govdomains, history, replies
from intake.attachments import Stored, attachments_store
from intake.extensions import linked, may_extend, named_preservation
from intake.extraction import Extraction
from intake.extraction.pdf import REASON_SCANNED
from intake.holding import hold, hold_unknown_reference, hold_unlisted
from intake.looked import looked_in
from intake.models import MAX_RAW_BYTES, UNFINISHED, InboundMessage, Outcome
from intake.outcome import IngestResult, clean, clean_record, failed, finish, result
from intake.parsing import ParsedMessage, parse_message
from intake.reading import extract
from intake.refusal import refuse, refuse_too_large
from intake.senders import Refusal, SenderCheck, check_sender
from intake.store import claim_lost, claim_with_headers, duplicate_id, message_store, same_bytes
from intake.targets import targets_accepted
from intake.threads import (
    BOUNCE_REFUSALS,
    REFERENCE,
    attach,
    bounce,
    replied_request,
)
from intake.user_replies import USER_REPLY_REFUSALS, user_attach, user_reply
from triage import rules, services
from triage.models import Kind, Request, Status

EMERGENCY_SUBJECT = re.compile(r"EMERGENCY DISCLOSURE REQUEST", re.I)

# The database is unreachable: lerq cannot run, and the batch must stop.
CANNOT_RUN = (OperationalError, InterfaceError)

REASON_NOT_A_REQUEST = "No request found in it (no legal process and no target recognised)."
REASON_NO_KIND = "Targets are named but the legal process could not be recognised."
REASON_UNREADABLE = "The message cannot be read as a request: {error}"
REASON_EXTENSION = "names {reference}, the preservation it asks to extend"


# --- the entry point ----------------------------------------------------------------------------


def ingest(raw: bytes, *, source: str) -> IngestResult:
    """Store, parse and route one message. Raises only CANNOT_RUN: lerq itself cannot run."""
    raw = bytes(raw)
    message, created = message_store(raw, source=source)
    if not created and message.outcome not in UNFINISHED:
        return same_bytes(message)
    # Parsed before the claim (parse_message is pure and never raises): the claim writes what
    # the headers say in the same statement.
    parsed = parse_message(raw) if len(raw) <= MAX_RAW_BYTES else None
    won, duplicate = claim_with_headers(message, parsed)
    if not won:
        return claim_lost(message)
    try:
        if duplicate:
            return duplicate_id(message, parsed)
        return route(message, raw, parsed, fresh=created)
    except CANNOT_RUN:
        raise
    except Exception as error:
        return failed(message, error)


# --- routing ------------------------------------------------------------------------------------


def route(
    message: InboundMessage, raw: bytes, parsed: ParsedMessage | None, *, fresh: bool = False
) -> IngestResult:
    """``fresh``: the message was stored by this run (it has no attachment rows yet)."""
    if parsed is None:
        return refuse_too_large(message, raw)
    check = check_sender(
        headers=parsed.header_map(),
        raw=raw,
        trusted_authserv_ids=settings.LERQ_TRUSTED_AUTHSERV_IDS,
        government_rules=govdomains.current_rules(),
    )
    if check.refusal in BOUNCE_REFUSALS and replies.looks_like_bounce(parsed.header_map()):
        bounced = bounce(message, raw, parsed)
        if bounced is not None:
            return bounced
    if not check.ok:
        code = str(check.refusal)
        if check.refusal in USER_REPLY_REFUSALS and check.address:
            found = user_reply(parsed, message, check.address)
            if found is not None:
                return user_attach(message, raw, parsed, check, *found)
        if check.refusal == Refusal.UNLISTED_SENDER:
            return hold_unlisted(message, check, parsed)
        return refuse(message, raw, parsed, check, [code], [code, *check.reasons])
    reasons = [clean(r) for r in check.reasons]
    # Accepted: its files are kept (refused mail keeps none).
    stored = attachments_store(message, parsed.tree, none_yet=fresh)

    request = replied_request(parsed, message)
    if request is not None and may_extend(request):
        opened = _extension(message, parsed, stored, check, reasons, request)
        if opened is not None:
            return opened
    if request is not None:
        return attach(message, parsed, request, reasons, check, stored)
    named = REFERENCE.search(parsed.subject)
    if named:
        return hold_unknown_reference(
            message, parsed, reasons, sender=check.address, reference=named[0]
        )
    return _open(message, parsed, stored, check, reasons)


# --- a new request ------------------------------------------------------------------------------


def _extension(
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
    return _open(
        message,
        parsed,
        stored,
        check,
        [*reasons, note],
        extraction=extraction,
        original=preservation,
    )


def _open(
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
    then, missing, found = verdict(
        kind, opening["agent_email"], message.received_at, extraction, reasons
    )
    proposed = None
    if then == services.ASK_INFO:
        alone, unsure = certainty.deficiency_gate(
            confidence=opening["reading_confidence"], found=found
        )
        if not alone:
            # Intake proposes, a clerk decides: the request opens received with the list
            # proposed (and, when it waited for want of certainty, what it was unsure of).
            then, proposed = (
                None,
                _proposal(found, looked_in(message, body=bool(parsed.text.strip()))),
            )
            opening["deficiency_unsure"] = unsure
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
