"""The thread match of intake: which request an accepted message is about, and attaching it.

``replied_request`` finds the request a message answers: a reference (LER-YYYY-NNNNNN) in its
subject, or a Message-ID of its thread that is one of ours or of a message on a request.
``attach`` puts an agency's reply on that request (it answers a deficiency notice only when it
is the agency's, intake/standing.py); ``attach_note`` puts on the record a message that is not
the agency's, with why; ``bounce`` attaches a bounce of one of our mails to that mail's
request and tells the team. Each returns the attached IngestResult (``bounce`` None when the
bounce is of no mail of ours). A notified user's reply is intake/user_replies.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from intake import answers, history, replies, standing
from intake.attachments import Stored, attachments_store
from intake.extraction import Extraction
from intake.models import InboundMessage, Outcome
from intake.outcome import IngestResult, clean, clean_record, finish, result
from intake.parsing import ParsedMessage
from intake.reading import extract
from intake.senders import Refusal, SenderCheck
from triage import services
from triage.models import OutboundMail, Request, Status
from triage.notices.alerts import bounce_mail

REFERENCE = re.compile(r"\bLER-\d{4}-\d{6}\b")

REASON_ANSWERED = "reply {message_id} to the deficiency notice"
REASON_BOUNCE = "delivery failed for {address}: {detail}"

# Our mail that only the team receives: a reply to it is never taken as a user's reply.
TEAM_TEMPLATES = ("timer", "digest", "bounce")
# A bounce comes from a mail server, whose From is often not a strict address
# ("MAILER-DAEMON@host (Mail Delivery System)"); it is accepted only when it returns a mail
# whose Message-ID is ours (random, unguessable). Failed authentication stays refused.
BOUNCE_REFUSALS = (
    None,
    Refusal.MALFORMED_FROM,
    Refusal.NOT_GOVERNMENT_SENDER,
    Refusal.UNLISTED_SENDER,
    Refusal.NO_AUTHENTICATION,
)


def replied_request(parsed: ParsedMessage, message: InboundMessage) -> Request | None:
    """The request named in the subject, else the one its thread's Message-IDs lead to."""
    named = REFERENCE.search(parsed.subject)
    if named:
        found = Request.objects.filter(reference=named[0]).first()
        if found is not None:
            return found
    ids = [i for i in (*parsed.in_reply_to, *parsed.references) if i != message.message_id]
    if not ids:
        return None
    earlier = (
        InboundMessage.objects.filter(message_id__in=ids, request__isnull=False)
        .select_related("request")
        .defer("raw")  # the earlier message's bytes are not read here
        .first()
    )
    if earlier is not None:
        return earlier.request
    return Request.objects.filter(
        Q(source_message_id__in=ids) | Q(mails__message_id__in=ids)
    ).first()


def message_record(message: InboundMessage, request: Request, **extra: Any) -> None:
    """The message goes on the request's record (once, however often it is routed)."""
    services.request_message_record(
        request=request,
        message_id=message.message_id or "",
        sha256=message.sha256,
        sender=message.sender or "",
        subject=message.subject or "",
        **extra,
    )


def reply_record(
    message: InboundMessage, request: Request, *, by: Any = None, **extra: Any
) -> Request:
    """An agency's reply, routed here or attached by a clerk (``by``): on the record, and a
    request waiting for the agency (needs_info) is answered."""
    message_record(message, request, by=by, **extra)
    if request.status == Status.NEEDS_INFO:
        note = REASON_ANSWERED.format(message_id=message.message_id or message.sha256[:12])
        request = services.request_answer(request=request, by=by, note=note)
    return request


def attach(
    message: InboundMessage,
    parsed: ParsedMessage,
    request: Request,
    reasons: list[str],
    check: SenderCheck,
    stored: Stored,
) -> IngestResult:
    """A verified government sender's reply: it answers the request only when it is the
    agency's (intake/standing.py); else it goes on the record unverified and moves nothing.
    The agency's answer to a deficiency notice is read for the details it gives, proposed
    before it answers (intake/answers.py): a re-run after a crash in between proposes again."""
    found = standing.agency_standing(
        request=request, check=check, ids=standing.thread_ids(parsed, message)
    )
    reasons = [*reasons, clean(found.sentence)]
    if found.verified and request.status == Status.NEEDS_INFO:
        try:
            read: Extraction | Exception = extract(parsed, stored)
        except Exception as error:  # an unreadable answer still answers
            read = error
        reasons += [clean(r) for r in answers.answer_propose(message, request, read)]
    review = clean_record(
        history.sender_review(address=check.address or "", message=message).as_record()
    )
    unverified = "" if found.verified else clean(found.sentence)
    if found.verified:
        request = reply_record(message, request, sender_review=review)
    else:
        message_record(message, request, sender_review=review, note=unverified)
    finish(
        message,
        Outcome.ATTACHED,
        request=request,
        reasons=reasons,
        sender=check.address,
        unverified=unverified,
    )
    return result(message, Outcome.ATTACHED, reasons=reasons)


def attach_note(
    message: InboundMessage,
    parsed: ParsedMessage,
    request: Request,
    note: str,
    *,
    unverified: bool = False,
    more: list[str] | None = None,
    then: Callable[[], list[str]] | None = None,
) -> IngestResult:
    """A message that is not the agency's goes on the record with why it was attached. It
    answers nothing (never ``request_answer``) and counts in no sender's history: that
    history is of government senders (intake/history.py). ``then``: what it does once on
    the record (a verified user's objection), returning sentences for the reasons."""
    attachments_store(message, parsed.tree)
    note = clean(replies.one_line(note))
    message_record(message, request, note=note)
    reasons = [note, *(clean(r) for r in more or ()), *(then() if then else ())]
    flag = note if unverified else ""
    finish(message, Outcome.ATTACHED, request=request, reasons=reasons, unverified=flag)
    return result(message, Outcome.ATTACHED, reasons=reasons)


def bounce(message: InboundMessage, raw: bytes, parsed: ParsedMessage) -> IngestResult | None:
    """A bounce of one of our mails goes on that mail's request, and the team is told."""
    found = replies.bounce_read(raw)
    ids = [i for i in found.original_ids if i != message.message_id]
    if not ids:
        return None
    mail = (
        OutboundMail.objects.filter(message_id__in=ids, request__isnull=False)
        .select_related("request")
        .first()
    )
    if mail is None:
        return None
    address = ", ".join(found.recipients) or ", ".join(str(to) for to in mail.to)
    detail = " ".join(p for p in (found.status, found.diagnostic) if p) or "no reason given"
    note = REASON_BOUNCE.format(address=replies.one_line(address, 254), detail=detail)
    # The team's mail first: its Message-ID comes from the bounce, so a re-run after a crash
    # queues it once; the message is marked attached last. The team's own mail bounced:
    # mailing the team again would loop.
    if mail.template not in TEAM_TEMPLATES:
        domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
        with transaction.atomic(durable=True):
            bounce_mail(
                request=mail.request,
                address=replies.one_line(address, 254),
                detail=clean(detail),
                bounced=mail,
                message_id=f"<bounce.{message.sha256[:40]}@{domain}>",
            )
    return attach_note(message, parsed, mail.request, note)
