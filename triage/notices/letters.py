"""Mail to the agency about its request: each letter with its signed PDF (and a production
small enough for mail), and the final notice when a request lapses."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from triage.models import OutboundMail, Request
from triage.notices import mail_queue, threading_headers


def letter_mail(*, letter: Any, references: list[str]) -> OutboundMail | None:
    """A letter to the agency: its signed PDF attached, the reference in the subject, threaded
    under the request's first message and the letters before it, under the Message-ID the
    letter was issued with (so a reply finds the request through the outbox)."""
    request = letter.request
    thread = [m for m in references if m]
    headers = {"In-Reply-To": thread[0], "References": " ".join(thread)} if thread else {}
    # A disclosure goes where its approved package said, never to an address changed since.
    to = letter.extra.get("to") or [request.agent_email]
    return mail_queue(
        template="letter",
        to=to,
        request=request,
        message_id=letter.message_id,
        headers=threading_headers(headers),
        attachments=[
            {"name": letter.filename, "path": letter.file.name, "content_type": "application/pdf"},
            *_production_attachment(letter.production),
        ],
        context={
            "reference": request.reference,
            "title": letter.get_kind_display(),
            "agent_name": request.agent_name,
            "case_number": request.case_number,
            "filename": letter.filename,
            "sha256": letter.sha256,
            "mailbox": settings.LERQ_MAILBOX_ADDRESS,
            "company": settings.LERQ_COMPANY_NAME,
            "production": letter.production,
            "production_attached": bool(_production_attachment(letter.production)),
        },
    )


def _production_attachment(production: Any) -> list[dict[str, str]]:
    """A production small enough for mail travels with its cover letter; a larger one goes by
    another channel, and the mail says so."""
    if production is None or not production.zip or not production.size:
        return []
    if production.size > settings.LERQ_PRODUCTION_EMAIL_MAX_BYTES:
        return []
    name = f"{production.request.reference}-production-{production.pk}.zip"
    return [{"name": name, "path": production.zip.name, "content_type": "application/zip"}]


def final_notice_mail(*, request: Request, asked_on: datetime, days: int) -> Any:
    """To the agency: its request closed because the missing information never came."""
    return mail_queue(
        template="final_notice",
        to=[request.agent_email],
        request=request,
        context={
            "reference": request.reference,
            "agent_name": request.agent_name,
            "case_number": request.case_number,
            "asked_on": timezone.localtime(asked_on),
            "days": days,
            "mailbox": settings.LERQ_MAILBOX_ADDRESS,
            "company": settings.LERQ_COMPANY_NAME,
        },
    )
