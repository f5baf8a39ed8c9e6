"""Manual intake: a request that came by post or fax, entered by a clerk with its PDF.

The upload goes the way of mail: it is wrapped in a message (the PDF attached, the channel and
date in its headers) and stored as an ``InboundMessage`` with its SHA-256 and an
``Attachment`` before anything reads it; the PDF is read by intake.extraction; the request is
opened by ``triage.services.request_open`` with channel post or fax, and routing's own rules
step decides: validated, or a deficiency notice listing what is missing. The wrapper is built
from the form's values and the PDF alone, so entering the same letter twice finds the first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake import certainty, mime
from intake.attachments import attachments_store, safe_filename
from intake.extraction import extract_document
from intake.extraction.document import UnreadableDocument, read_pdf_file
from intake.models import UNFINISHED, InboundMessage, Outcome
from intake.opening import decide
from intake.outcome import finish
from intake.parsing import ParsedMessage
from intake.senders import SenderCheck
from intake.store import claim, message_store
from intake.targets import targets_accepted
from triage import services
from triage.models import Channel, Request

ERR_UNREADABLE = "The PDF cannot be read ({why}). Nothing was opened; the file is kept."
ERR_NO_KIND = (
    "The kind of request could not be recognised in the PDF: choose it and send the form again."
)
ERR_BEING_ENTERED = "This letter is being entered right now by someone else."
ERR_CANNOT_OPEN = "The request cannot be opened: {why}"
ERR_DISMISSED = "This letter was entered before and dismissed."
DONE_OPENED = "{reference} opened from the {channel} letter: {status}."
DONE_MISSING = " Missing: {missing}."
DONE_ALREADY = "This letter was already entered as {reference}."


class ManualIntakeError(Exception):
    """A sentence for the form: nothing was opened."""


@dataclass
class Done:
    sentence: str
    request: Request


def received_at(day: date) -> datetime:
    """Today: now. An earlier day: its start in the team's zone (timers run from then)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    if day >= timezone.localdate():
        return timezone.now()
    return datetime.combine(day, time(0), tzinfo=zone)


def envelope(
    *, channel: str, received_on: date, agency_email: str, pdf: bytes, filename: str
) -> tuple[bytes, str]:
    """The letter as a message: raw bytes and subject. ``policy.default`` refuses CR/LF in
    header values, and every value here is a choice, a date, a validated address or a
    sanitised file name."""
    label = Channel(channel).label.lower()
    subject = f"Request received by {label} on {received_on.isoformat()}"
    msg = EmailMessage(policy=policy.default)
    if agency_email:
        msg["From"] = agency_email
    msg["To"] = settings.LERQ_MAILBOX_ADDRESS
    msg["Subject"] = subject
    day = datetime.combine(received_on, time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    msg["Date"] = format_datetime(day)
    msg["X-Lerq-Channel"] = channel
    msg.set_content(f"Received by {label} on {received_on.isoformat()} and entered by hand.\n")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    # The same letter gives the same bytes: the boundary is derived, not random. "=_" never
    # occurs in base64 or in the fixed text part.
    msg.set_boundary("=_lerq_" + hashlib.sha256(pdf).hexdigest()[:32])
    return msg.as_bytes(), subject


def manual_intake(
    *,
    by: Any,
    channel: str,
    received_on: date,
    kind: str | None,
    agency_email: str,
    pdf: bytes,
    filename: str,
) -> Done:
    name = safe_filename(filename, 0)
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    raw, subject = envelope(
        channel=channel, received_on=received_on, agency_email=agency_email, pdf=pdf, filename=name
    )
    message, _ = message_store(raw, source=f"{channel}: {name}")
    if message.request_id is not None and message.outcome not in UNFINISHED:
        request = Request.objects.get(pk=message.request_id)
        return Done(DONE_ALREADY.format(reference=request.reference), request)
    if message.outcome == Outcome.DISMISSED:
        raise ManualIntakeError(ERR_DISMISSED)
    if not claim(message):
        raise ManualIntakeError(ERR_BEING_ENTERED)
    try:
        return _enter(
            message,
            raw,
            subject,
            by=by,
            channel=channel,
            kind=kind,
            received_on=received_on,
            agency_email=agency_email,
            pdf=pdf,
            name=name,
        )
    except ManualIntakeError as error:
        finish(message, Outcome.FAILED, reasons=[str(error)], routing_started_at=None)
        raise
    except (services.ServiceError, ValidationError) as error:
        why = "; ".join(getattr(error, "messages", [str(error)]))
        finish(message, Outcome.FAILED, reasons=[why], routing_started_at=None)
        raise ManualIntakeError(ERR_CANNOT_OPEN.format(why=why)) from error
    except BaseException:
        finish(message, Outcome.FAILED, reasons=["failed"], routing_started_at=None)
        raise


def _enter(
    message: InboundMessage,
    raw: bytes,
    subject: str,
    *,
    by: Any,
    channel: str,
    kind: str | None,
    received_on: date,
    agency_email: str,
    pdf: bytes,
    name: str,
) -> Done:
    message.sender = agency_email
    message.subject = subject
    message.received_at = received_at(received_on)
    message.save(update_fields=["sender", "subject", "received_at"])
    attachments_store(message, mime.message_from_bytes(raw))  # stored before anything reads it

    try:
        doc = read_pdf_file(pdf, name)
    except UnreadableDocument as error:
        raise ManualIntakeError(ERR_UNREADABLE.format(why=error)) from error
    doc.subject = subject
    doc.sender = agency_email or None
    doc.recipients = [settings.LERQ_MAILBOX_ADDRESS.lower()]
    doc.received_at = message.received_at
    extraction = extract_document(doc)
    if agency_email:  # the clerk's reading of the letter wins over the extractor's
        extraction.fields["agent_email"] = agency_email
    # What the clerk typed in is not the reader's: read as sure.
    given = [*(["kind"] if kind else []), *(["agent_email"] if agency_email else [])]
    kind = kind or extraction.fields.get("kind")
    if not kind:
        raise ManualIntakeError(ERR_NO_KIND)

    reasons = [f"Entered by hand by {by.get_username()} ({channel}).", *extraction.reasons]
    # Entered before, and a crash came before the message was marked: finish that request.
    request = Request.objects.filter(source_sha256=message.sha256).first()
    if request is None:
        targets, dropped = targets_accepted(extraction.fields.get("targets") or [])
        reasons += dropped
        request = services.request_open(
            by=by,
            kind=kind,
            received_at=message.received_at,
            targets=targets,
            channel=channel,
            **certainty.request_fields(
                extraction,
                ParsedMessage(subject=subject),
                message,
                SenderCheck(ok=True, address=agency_email or None),
                given=given,
            ),
        )
    InboundMessage.objects.filter(pk=message.pk).update(request=request)
    message.request = request
    # Post and fax have no sender address: no sender history to count it in.
    looked = f"the letter entered by hand ({channel}): {' '.join(name.split())[:120]}"
    result = decide(message, request, extraction, reasons, (None, ""), looked=looked)
    request.refresh_from_db()
    sentence = DONE_OPENED.format(
        reference=request.reference,
        channel=Channel(channel).label.lower(),
        status=request.get_status_display().lower(),
    )
    if result.missing:
        sentence += DONE_MISSING.format(missing=", ".join(result.missing))
    return Done(sentence, request)
