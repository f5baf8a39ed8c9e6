"""A notified user's reply: mail from the person a request is about, answering our notice.

``user_reply`` decides whether a message that the sender check refused (not a government's
sender) is a notified user's reply, and returns the request it answers and why (None when it
is not one: then it stays refused). ``user_attach`` attaches it, recorded as the user's
objection only when the user is shown to have sent it (intake/standing.py); it returns the
attached IngestResult. Replies from agencies are intake/threads.py.
"""

from __future__ import annotations

from intake import standing
from intake.display import excerpt
from intake.models import InboundMessage
from intake.outcome import IngestResult, clean
from intake.parsing import ParsedMessage
from intake.senders import Refusal, SenderCheck
from intake.threads import REFERENCE, TEAM_TEMPLATES, attach_note
from triage import services
from triage.models import NoticeRecipient, OutboundMail, Request

REASON_USER_REPLY = "reply from {address}, a notified user, to our mail {message_id}"
REASON_USER_REPLY_REFERENCE = "reply from {address}, a notified user, naming {reference}"
REASON_OBJECTION = "recorded as the user's objection: disclosure waits until it is resolved"
REASON_NO_TEXT = "(the reply has no text)"
# Characters of a user's reply kept as the objection's text; the message keeps the rest.
OBJECTION_TEXT = 4000

# The only refusal a notified user's reply may overcome: the sender is not a government's.
# A government domain that fails authentication stays refused.
USER_REPLY_REFUSALS = (Refusal.NOT_GOVERNMENT_SENDER, Refusal.UNLISTED_SENDER)


def user_reply(
    parsed: ParsedMessage, message: InboundMessage, address: str
) -> tuple[Request, str] | None:
    """The request a non-government sender's message answers, and why: it replies to a mail
    we sent to that very address (its In-Reply-To or References hold our Message-ID), or it
    names the reference of a request whose user notice went to that address."""
    key = address.strip().lower()
    ids = [i for i in (*parsed.in_reply_to, *parsed.references) if i != message.message_id]
    if ids:
        mails = (
            OutboundMail.objects.filter(message_id__in=ids[:50], request__isnull=False)
            .exclude(template__in=TEAM_TEMPLATES)
            .select_related("request")
        )
        for mail in mails[:50]:
            if key in {str(to).strip().lower() for to in mail.to}:
                reason = REASON_USER_REPLY.format(address=key, message_id=mail.message_id)
                return mail.request, reason
        notified = (
            NoticeRecipient.objects.filter(notice_message_id__in=ids[:50], email__iexact=key)
            .select_related("request")
            .first()
        )
        if notified is not None:
            reason = REASON_USER_REPLY.format(address=key, message_id=notified.notice_message_id)
            return notified.request, reason
    named = REFERENCE.search(parsed.subject)
    if named:
        notified = (
            NoticeRecipient.objects.filter(
                request__reference=named[0], email__iexact=key, notified_at__isnull=False
            )
            .select_related("request")
            .first()
        )
        if notified is not None:
            reason = REASON_USER_REPLY_REFERENCE.format(address=key, reference=named[0])
            return notified.request, reason
    return None


def user_attach(
    message: InboundMessage,
    raw: bytes,
    parsed: ParsedMessage,
    check: SenderCheck,
    request: Request,
    note: str,
) -> IngestResult:
    """A notified user's reply: recorded as the user's objection only when the user is shown
    to have sent it (intake/standing.py); else attached unverified, and no objection."""
    found = standing.user_standing(
        request=request,
        check=check,
        headers=parsed.header_map(),
        ids=standing.thread_ids(parsed, message),
    )
    if not found.verified:
        return attach_note(message, parsed, request, found.sentence, unverified=True)

    def objection() -> list[str]:
        text = excerpt(raw, limit=OBJECTION_TEXT) or parsed.subject or REASON_NO_TEXT
        recorded = services.objection_record_from_reply(
            request=request,
            objector=check.address or "",
            text=clean(text),
            received_at=message.received_at,
            message_id=message.message_id or message.sha256,
        )
        return [REASON_OBJECTION] if recorded is not None else []

    return attach_note(message, parsed, request, note, more=[found.sentence], then=objection)
