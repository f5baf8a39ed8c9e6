"""Layer 3 of intake (STYLE.md rule 4): the pipeline that takes one message from its bytes to
what it came to, stage by stage, each stage a module of its own:

1. store (intake/store.py): the raw bytes with their hash, then the claim to route them;
2. parse (intake/parsing.py): the headers and the MIME tree, pure;
3. sender verdict (intake/senders.py): accepted, held (intake/holding.py) or refused
   (intake/refusal.py); a bounce of ours or a notified user's reply is attached anyway
   (intake/threads.py, intake/user_replies.py);
4. thread match (intake/threads.py): the request it is about, if any;
5. read (intake/reading.py) and decide (intake/opening.py): what the rules say of it;
6. open a request (intake/opening.py, intake/extensions.py) or attach it to one
   (intake/threads.py); every stage ends by recording its outcome (intake/outcome.py).

``ingest(raw, source=...)`` is the one entry point. Each step that writes is its own short
transaction; the triage services it calls are durable transactions of their own, so a crash
between two steps leaves the message ``pending`` or ``failed``, and ingesting the same bytes
again finishes the job (the message's row is found by its SHA-256, the request by
``source_sha256``). Only database errors escape: then lerq itself cannot run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import InterfaceError, OperationalError

from intake import govdomains, replies
from intake.attachments import attachments_store
from intake.extensions import may_extend
from intake.holding import hold_unknown_reference, hold_unlisted
from intake.models import MAX_RAW_BYTES, UNFINISHED, InboundMessage
from intake.opening import extension, open_request
from intake.outcome import IngestResult, clean, failed
from intake.parsing import ParsedMessage, parse_message
from intake.refusal import refuse, refuse_too_large
from intake.senders import Refusal, check_sender
from intake.store import claim_lost, claim_with_headers, duplicate_id, message_store, same_bytes
from intake.threads import (
    BOUNCE_REFUSALS,
    REFERENCE,
    attach,
    bounce,
    replied_request,
)
from intake.user_replies import USER_REPLY_REFUSALS, user_attach, user_reply

# The database is unreachable: lerq cannot run, and the batch must stop.
CANNOT_RUN = (OperationalError, InterfaceError)


def ingest(raw: bytes, *, source: str) -> IngestResult:
    """Store, parse and route one message. Raises only CANNOT_RUN: lerq itself cannot run."""
    raw = bytes(raw)
    # Store: the bytes first, whatever they are (intake/store.py).
    message, created = message_store(raw, source=source)
    if not created and message.outcome not in UNFINISHED:
        return same_bytes(message)
    # Parse: before the claim (parse_message is pure and never raises), so that the claim
    # writes what the headers say in the same statement (intake/parsing.py).
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


def route(
    message: InboundMessage, raw: bytes, parsed: ParsedMessage | None, *, fresh: bool = False
) -> IngestResult:
    """Route a stored, claimed message: the sender verdict, the thread match, then attach it
    or open a request (both read it and decide). Also called by a clerk who accepts an
    unlisted sender (intake/unlisted.py). ``fresh``: the message was stored by this run (it
    has no attachment rows yet)."""
    if parsed is None:
        return refuse_too_large(message, raw)
    # Sender verdict (intake/senders.py): a refused sender's mail may still be a bounce of
    # ours (intake/threads.py) or a notified user's reply (intake/user_replies.py).
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

    # Thread match (intake/threads.py), then attach it, or open a request: read and decide
    # (intake/opening.py, intake/extensions.py), or hold it for a clerk (intake/holding.py).
    request = replied_request(parsed, message)
    if request is not None and may_extend(request):
        opened = extension(message, parsed, stored, check, reasons, request)
        if opened is not None:
            return opened
    if request is not None:
        return attach(message, parsed, request, reasons, check, stored)
    named = REFERENCE.search(parsed.subject)
    if named:
        return hold_unknown_reference(
            message, parsed, reasons, sender=check.address, reference=named[0]
        )
    return open_request(message, parsed, stored, check, reasons)
