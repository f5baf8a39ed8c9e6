"""Writing to the agency from the request page (issue 18): one person drafts a message (from a
short canned text or free words, with files), a second person reads it and sends it; nothing
leaves that a second person did not approve. Sent, it goes through the outbox under a
Message-ID lerq made, threaded under the agency's latest message, so the agency's reply finds
the request as replies to our letters do (intake/threads.py looks in the outbox).

Who: a clerk may draft (asking the agency for a signed copy is intake's work) but not send; a
reviewer, approver or admin who is not the author sends. The author or a reviewer discards.
A closed request may still be written about: an agency asks about a closed request, and the
answer still needs a second person.
"""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from triage import filetypes
from triage.audit import event_append
from triage.models import (
    AgencyMessage,
    AgencyMessageStatus,
    Event,
    EventKind,
    OutboundMail,
    Request,
)
from triage.models.conditions import INTAKE, REVIEW
from triage.notices.agency_message import agency_message_mail, agency_subject
from triage.package import destination_verified
from triage.services._core import (
    ActionNotPermitted,
    InvalidInput,
    TransitionRefused,
    after_commit,
    now,
    require_perm,
)
from triage.services.productions import safe_name
from triage.uploads import spooled

TITLE_MAX = 120
BODY_MAX = 20_000  # characters, as decoded: a letter's worth, not a production
FILES_MAX = 5
FILE_MAX_BYTES = 10 * 1024 * 1024
REASON_MAX = 2000
# Mail lerq sends to the agency: its Message-IDs are in the thread of the next message.
AGENCY_TEMPLATES = ("letter", "final_notice", "agency_message")

ERR_NO_ADDRESS = "{reference} has no agency address to write to: correct the agent's email first."
ERR_TITLE = "Say in a few words what the message is about (at most {limit} characters)."
ERR_BODY = "Write the message (at most {limit} characters)."
ERR_TOO_MANY_FILES = f"At most {FILES_MAX} files go with a message."
ERR_FILE_TOO_LARGE = "{name}: over the limit of {limit} MB a file to the agency may have."
ERR_FILE_TYPE = "{name}: not sent: {why}"
ERR_FILE_NAME = "{name}: its bytes are {found}, but its name says otherwise; rename it {suggest}."
ERR_FILE_DUPLICATE = "{name}: attached twice."
ERR_PERSON_SENDS = "A message to the agency is sent by a person, never by lerq itself."
ERR_OWN_DRAFT = "{user} wrote this message: a second person must send it."
ERR_NOT_A_DRAFT = "“{title}” is not a draft any more ({status}): nothing was done."
ERR_ADDRESS_CHANGED = (
    "The agency's address changed since the draft was written (to {now}; the draft is to "
    "{then}): discard it and write again, so the address is the one the author chose."
)
ERR_REASON = "Say why the draft is discarded (at most {limit} characters)."
ERR_NOT_YOURS = "{user} may not discard a draft of someone else's: a reviewer does."

# Where a message may start from: a title and words the author edits before saving.
CANNED: dict[str, tuple[str, str]] = {
    "clarification": (
        "Clarification",
        "Dear {agent},\n\nAbout your request {reference}{case}: could you please clarify "
        "the following?\n\n- \n\nKind regards,",
    ),
    "receipt": (
        "Receipt confirmed",
        "Dear {agent},\n\nWe confirm that we received your request {reference}{case}. "
        "We will answer by the date the law or your request sets.\n\nKind regards,",
    ),
    "signed_copy": (
        "Signed copy needed",
        "Dear {agent},\n\nAbout your request {reference}{case}: we need a copy signed by the "
        "requesting official before we can act on it. Please reply to this message with the "
        "signed copy attached.\n\nKind regards,",
    ),
}


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it; only a safe form of it is kept
    file: IO[bytes]


def canned_text(*, request: Request, key: str) -> tuple[str, str]:
    """The title and words of a canned message, filled in for ``request``."""
    title, body = CANNED[key]
    case = f" (your reference {request.case_number})" if request.case_number else ""
    agent = request.agent_name or "Sir or Madam"
    return title, body.format(agent=agent, reference=request.reference, case=case)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic(durable=True)
def agency_message_draft(
    *, request: Request, by: Any, title: str, body: str, files: Sequence[Upload] = ()
) -> AgencyMessage:
    """A draft to the agency's address as it is now, with the author's files stored; it waits
    for a second person (agency_message_send)."""
    require_perm(by, INTAKE, "write to the agency", request.reference)
    title, body = _title(title), _body(body)
    if not request.agent_email:
        raise InvalidInput(ERR_NO_ADDRESS.format(reference=request.reference))
    if len(files) > FILES_MAX:
        raise InvalidInput(ERR_TOO_MANY_FILES)
    names = [safe_name(f.name) for f in files]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise InvalidInput(ERR_FILE_DUPLICATE.format(name=duplicate))
    stored: list[dict[str, Any]] = []
    try:
        for upload, name in zip(files, names, strict=True):
            stored.append(_store(request.reference, name, upload.file))
        message = AgencyMessage.objects.create(
            request=request,
            author=by,
            created_at=now(),
            title=title,
            body=body,
            body_sha256=sha256_of(body),
            to=[request.agent_email],
            attachments=stored,
        )
        event_append(
            request=request,
            actor=by,
            action=EventKind.AGENCY_MESSAGE_DRAFTED,
            at=message.created_at,
            data=_data(message),
        )
    except Exception:  # nothing saved: nothing kept in storage either
        for item in stored:
            default_storage.delete(item["path"])
        raise
    return message


def _title(title: str) -> str:
    text = " ".join(title.split())  # one line: it may become the subject
    if not text or len(text) > TITLE_MAX:
        raise InvalidInput(ERR_TITLE.format(limit=TITLE_MAX))
    return text


def _body(body: str) -> str:
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or len(text) > BODY_MAX:
        raise InvalidInput(ERR_BODY.format(limit=BODY_MAX))
    return text


# The extension a file of each accepted type is named with (the first is suggested).
EXTENSIONS = {
    filetypes.PDF: (".pdf",),
    filetypes.DOCX: (".docx",),
    filetypes.TEXT: (".txt",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/tiff": (".tif", ".tiff"),
    "image/webp": (".webp",),
}


def _store(reference: str, name: str, upload: IO[bytes]) -> dict[str, Any]:
    """One file checked as intake checks attachments (its type from its bytes, nothing
    active) and stored under a path of ours; its entry for the message."""
    too_large = ERR_FILE_TOO_LARGE.format(name=name, limit=FILE_MAX_BYTES // (1024 * 1024))
    if (getattr(upload, "size", None) or 0) > FILE_MAX_BYTES:
        raise InvalidInput(too_large)
    with spooled(upload, limit=FILE_MAX_BYTES, too_large=InvalidInput(too_large)) as copy:
        spool, size = copy.file, copy.size
        found = filetypes.sniff_file(spool)
        if not found.accepted or found.mime not in EXTENSIONS:
            raise InvalidInput(ERR_FILE_TYPE.format(name=name, why=found.reason))
        if not name.lower().endswith(EXTENSIONS[found.mime]):
            suggest = f"{name.rpartition('.')[0] or name}{EXTENSIONS[found.mime][0]}"
            raise InvalidInput(ERR_FILE_NAME.format(name=name, found=found.mime, suggest=suggest))
        spool.seek(0)
        path = f"agency_messages/{reference}/{secrets.token_hex(8)}/{name}"
        saved = default_storage.save(path, File(spool, name=name))
    return {
        "name": name,
        "path": saved,
        "content_type": found.mime,
        "size": size,
        "sha256": copy.sha256,
    }


def _data(message: AgencyMessage, **more: Any) -> dict[str, Any]:
    """What the record keeps of a message: enough to prove later what was written and sent."""
    return {
        "agency_message": message.pk,
        "title": message.title,
        "to": message.to,
        "body_sha256": message.body_sha256,
        "attachments": [
            {k: a[k] for k in ("name", "content_type", "size", "sha256")}
            for a in message.attachments
        ],
        **more,
    }


def agency_message_may_send(message: AgencyMessage, user: Any) -> bool:
    """Whether the page offers ``user`` the Send button for ``message``."""
    return (
        message.status == AgencyMessageStatus.DRAFT
        and user.has_perm(REVIEW)
        and user.pk != message.author_id
    )


def agency_message_may_discard(message: AgencyMessage, user: Any) -> bool:
    return message.status == AgencyMessageStatus.DRAFT and (
        user.has_perm(REVIEW) or (user.has_perm(INTAKE) and user.pk == message.author_id)
    )


@transaction.atomic(durable=True)
def agency_message_send(*, message: AgencyMessage, by: Any) -> AgencyMessage:
    """A second person sends the draft: it goes in the outbox (delivered after the commit),
    threaded under the agency's latest message, with the reference in its subject. Sending
    twice (a double click, two people at once) sends once: the draft is claimed by a
    conditional update whose count says who won."""
    if by is None:
        raise InvalidInput(ERR_PERSON_SENDS)
    require_perm(by, REVIEW, "send a message to the agency", message.request.reference)
    current = AgencyMessage.objects.select_related("request").get(pk=message.pk)
    request = current.request
    if by.pk == current.author_id:
        raise ActionNotPermitted(ERR_OWN_DRAFT.format(user=by.get_username()))
    if current.status != AgencyMessageStatus.DRAFT:
        raise _not_a_draft(current)
    if current.to != [request.agent_email]:
        then = ", ".join(current.to)
        raise InvalidInput(ERR_ADDRESS_CHANGED.format(now=request.agent_email or "none", then=then))
    at = now()
    message_id = _message_id(request.reference)
    won = AgencyMessage.objects.filter(pk=current.pk, status=AgencyMessageStatus.DRAFT).update(
        status=AgencyMessageStatus.SENT, sent_by=by, sent_at=at, message_id=message_id
    )
    if not won:  # another send got there first
        raise _not_a_draft(AgencyMessage.objects.get(pk=current.pk))
    current.status, current.sent_by, current.sent_at = AgencyMessageStatus.SENT, by, at
    current.message_id = message_id
    answered, in_reply_to, references = agency_thread(request)
    subject = agency_subject(reference=request.reference, answered=answered, title=current.title)
    current.mail = agency_message_mail(
        message=current, subject=subject, in_reply_to=in_reply_to, references=references
    )
    current.save(update_fields=["mail"])
    event_append(
        request=request,
        actor=by,
        action=EventKind.AGENCY_MESSAGE_SENT,
        at=at,
        data=_data(
            current,
            author=current.author.get_username(),
            message_id=message_id,
            subject=subject,
            in_reply_to=in_reply_to or None,
            destination_verified=destination_verified(request),
        ),
    )
    from triage.tasks import send_mail  # the tasks import the services

    after_commit(send_mail.delay)
    return current


def _not_a_draft(message: AgencyMessage) -> TransitionRefused:
    status = message.get_status_display().lower()
    return TransitionRefused(ERR_NOT_A_DRAFT.format(title=message.title, status=status))


def _message_id(reference: str) -> str:
    """Ours, on one header line, unique by its random part."""
    domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
    return f"<{reference}.agency.{secrets.token_hex(8)}@{domain}>"


def agency_thread(request: Request) -> tuple[str, str, list[str]]:
    """The agency's subject to answer, the Message-ID to answer (the agency's latest message
    on the request, else the one that opened it) and the conversation's Message-IDs in time
    order: the opening message, the agency's replies and our mail to the agency. Replies
    attached with a note (unverified, a user's, a bounce) are not the agency's."""
    dated: list[tuple[datetime, str]] = []
    answered, in_reply_to = request.subject, request.source_message_id
    if request.source_message_id:
        dated.append((request.received_at, request.source_message_id))
    replies = (
        Event.objects.filter(request=request, action=EventKind.MESSAGE)
        .exclude(data__has_key="note")
        .order_by("seq")
        .values_list("at", "data", "reason")
    )
    for at, data, reason in replies:
        message_id = str((data or {}).get("message_id") or "")
        if message_id:
            dated.append((at, message_id))
            answered, in_reply_to = reason, message_id
    ours = OutboundMail.objects.filter(request=request, template__in=AGENCY_TEMPLATES)
    dated += list(ours.values_list("created_at", "message_id"))
    dated.sort(key=lambda pair: pair[0])
    return answered, in_reply_to, [message_id for _, message_id in dated]


@transaction.atomic(durable=True)
def agency_message_discard(*, message: AgencyMessage, by: Any, reason: str) -> AgencyMessage:
    """The author withdraws their draft, or a reviewer refuses it: kept, marked discarded,
    never sent."""
    require_perm(by, INTAKE, "discard a message to the agency", message.request.reference)
    text = " ".join(reason.split())
    if not text or len(text) > REASON_MAX:
        raise InvalidInput(ERR_REASON.format(limit=REASON_MAX))
    current = AgencyMessage.objects.select_related("request").get(pk=message.pk)
    if not by.has_perm(REVIEW) and by.pk != current.author_id:
        raise ActionNotPermitted(ERR_NOT_YOURS.format(user=by.get_username()))
    at = now()
    won = AgencyMessage.objects.filter(pk=current.pk, status=AgencyMessageStatus.DRAFT).update(
        status=AgencyMessageStatus.DISCARDED, discarded_by=by, discarded_at=at, discard_reason=text
    )
    if not won:  # sent or discarded meanwhile
        raise _not_a_draft(AgencyMessage.objects.get(pk=current.pk))
    current.refresh_from_db()
    event_append(
        request=current.request,
        actor=by,
        action=EventKind.AGENCY_MESSAGE_DISCARDED,
        at=at,
        reason=text,
        data=_data(current),
    )
    return current
