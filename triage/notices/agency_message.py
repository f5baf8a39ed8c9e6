"""The email of a message a person wrote to the agency (triage/services/agency_messages.py):
its subject answers the agency's own and carries the reference, its threading headers name the
agency's messages and ours, and the author's files travel with it.

Every header is built here from stored values through ``one_line`` and ``threading_headers``:
no CR or LF a person typed reaches a header.
"""

import re

from django.conf import settings

from triage.models import AgencyMessage, OutboundMail
from triage.notices import mail_queue, one_line, threading_headers

SUBJECT_MAX = 250  # characters: one header line with room for the folding
THREAD_MAX = 20  # Message-IDs in References (the first, then the latest)
# "Re:", "RE[2]:", "Fwd:", "AW:", "WG:", "TR:", "SV:" as mail clients prefix an answer.
_PREFIXES = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|tr|sv)\s*(?:\[\d+\])?\s*:\s*)+", re.I)


def agency_subject(*, reference: str, answered: str, title: str) -> str:
    """``Re: <the agency's subject> [reference]`` when there is an agency's subject to answer
    (the same subject keeps the conversation together in the agency's mail client), else
    ``[reference] <title>`` as our letters are titled. The reference is in every subject."""
    theirs = _PREFIXES.sub("", one_line(answered, SUBJECT_MAX))
    if theirs:
        subject = f"Re: {theirs}"
        if reference not in subject:
            subject = f"{subject[: SUBJECT_MAX - len(reference) - 3]} [{reference}]"
    else:
        subject = f"[{reference}] {one_line(title, 120)}"
    return one_line(subject, SUBJECT_MAX)


def thread_bounded(ids: list[str]) -> list[str]:
    """The chain without repeats, at most THREAD_MAX: the first (the request's opening
    message), then the latest (RFC 5322 allows trimming the middle)."""
    unique = list(dict.fromkeys(i for i in ids if i))
    if len(unique) <= THREAD_MAX:
        return unique
    return [unique[0], *unique[-(THREAD_MAX - 1) :]]


def agency_message_mail(
    *, message: AgencyMessage, subject: str, in_reply_to: str, references: list[str]
) -> OutboundMail | None:
    """Queue the message in the outbox under its Message-ID (call in the sending
    transaction); a reply naming that id finds the request through the outbox."""
    request = message.request
    headers = threading_headers(
        {"In-Reply-To": in_reply_to, "References": " ".join(thread_bounded(references))}
    )
    return mail_queue(
        template="agency_message",
        to=message.to,
        request=request,
        message_id=message.message_id,
        headers=headers,
        attachments=[
            {"name": a["name"], "path": a["path"], "content_type": a["content_type"]}
            for a in message.attachments
        ],
        context={
            "subject": subject,
            "body": message.body,
            "reference": request.reference,
            "case_number": request.case_number,
            "attachments": message.attachments,
            "mailbox": settings.LERQ_MAILBOX_ADDRESS,
            "company": settings.LERQ_COMPANY_NAME,
        },
    )
