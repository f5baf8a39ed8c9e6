"""Sending the user notice: a reviewer sends the draft they read (notice_drafts.py), one mail
and one letter per recipient, and the objection window opens.

REQUIREMENTS.md "Non-disclosure" and "Lifecycle": the user is told before disclosure and may
object within the window; an emergency is disclosed first and the user told once it has
passed, with no window (nothing is left to object to)."""

from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage.models import DeadlineKind, LetterKind, LetterStatus, Notice, NoticeRecipient, Request
from triage.models.conditions import REVIEW
from triage.notices.user_notice import user_notice_mail
from triage.services._core import (
    InvalidInput,
    act,
    deadline_set,
    deadlines_cancel,
    now,
    require_perm,
    team_zone,
)
from triage.services.letter_drafts import ERR_PARAGRAPH_TOO_LONG, PARAGRAPH_MAX
from triage.services.letters import letter_record, render_after_commit
from triage.services.notice_drafts import AFTER_DECISION, notice_draft, notice_draft_pending
from triage.services.notice_recipients import (
    ERR_NO_RECIPIENT,
    notice_recipients,
    recipients_for_sending,
)

ERR_PERSON_SENDS_NOTICE = (
    "The user notice is sent by a person who has read its draft; lerq only drafts it."
)
ERR_READ_DRAFT_FIRST = (
    "{reference}: draft the user notice and read it as it will be sent before sending it."
)


_AFTER_DECISION = AFTER_DECISION


def _letters_release(
    request: Request, *, by: Any, rows: list[NoticeRecipient], paragraph: str, sent_at: Any
) -> list[int]:
    """The letter each user is sent, the record of what they were told, rendered and signed by
    a worker after the mail has gone: the reviewed draft becomes the first recipient's, and
    the others get a copy with the same paragraph. Returns the letters' ids."""
    draft = notice_draft_pending(request)
    ids = []
    for index, recipient in enumerate(rows):
        addressee = {"name": recipient.name or "Account holder", "email": recipient.email}
        extra = {"addressee": addressee, "email": recipient.email, "name": recipient.name}
        if index == 0 and draft is not None:
            draft.extra = {**draft.extra, **extra}
            draft.paragraph, draft.status = paragraph, LetterStatus.QUEUED
            draft.released_by, draft.released_at = by, sent_at
            draft.save(update_fields=["extra", "paragraph", "status", "released_by", "released_at"])
            render_after_commit(draft)
            letter = draft
        else:
            letter = letter_record(
                request=request,
                kind=LetterKind.USER_NOTICE,
                by=by,
                extra=extra,
                locked=True,
                send=True,
                paragraph=paragraph,
            )
        ids.append(letter.pk)
    return ids


def _send(
    request: Request,
    *,
    by: Any,
    note: str,
    include_copy: bool,
    paragraph: str | None,
) -> Request:
    """Fire notice_send, open the objection window (unless the decision was already taken, as
    after an emergency) and queue one mail per recipient, with the reviewed draft's paragraph
    (``paragraph`` replaces it when given). Inside the caller's transaction."""
    if by is None:
        raise InvalidInput(ERR_PERSON_SENDS_NOTICE)
    require_perm(by, REVIEW, "send user notice", request.reference)
    addresses = notice_recipients(request)
    if not addresses:
        raise InvalidInput(ERR_NO_RECIPIENT.format(reference=request.reference))
    draft = notice_draft_pending(request)
    if draft is None and request.notice in (Notice.NOT_DECIDED, Notice.DELAYED):
        # A person reads what leaves, as it will leave, before it leaves.
        raise InvalidInput(ERR_READ_DRAFT_FIRST.format(reference=request.reference))
    text = (draft.paragraph if draft is not None else "") if paragraph is None else paragraph
    text = text.strip()
    if len(text) > PARAGRAPH_MAX:
        raise InvalidInput(ERR_PARAGRAPH_TOO_LONG)
    sent_at = now()
    changes: dict[str, Any] = {"notice_sent_at": sent_at}
    window_end, window_basis = None, None
    data: dict[str, Any] = {}
    if request.status in _AFTER_DECISION:
        data = {"after_decision": request.status}
    else:
        window_end, window_basis = dl.add_calendar_days(
            sent_at,
            settings.LERQ_OBJECTION_WINDOW_DAYS,
            team_zone(),
            "user objection window (LERQ_OBJECTION_WINDOW_DAYS)",
        )
        changes["objection_window_ends_at"] = window_end
        data = {"objection_window_ends_at": window_end.isoformat()}
    request = act(
        request,
        "notice_send",
        by=by,
        reason=note,
        data={
            **data,
            "recipients": addresses,
            "copy_of_request": include_copy,
            "draft": draft.pk if draft is not None else None,
            "paragraph": text,
        },
        changes=changes,
    )
    deadlines_cancel(
        request=request,
        kinds=[DeadlineKind.NONDISCLOSURE_END, DeadlineKind.EMERGENCY_NOTICE],
    )
    if window_end is not None and window_basis is not None:
        deadline_set(
            request=request,
            kind=DeadlineKind.OBJECTION_WINDOW_END,
            due_at=window_end,
            basis=window_basis,
        )
    rows = recipients_for_sending(request)
    for recipient in rows:
        mail = user_notice_mail(
            request=request,
            to=recipient.email,
            name=recipient.name,
            window_ends_at=window_end,
            include_copy=include_copy,
            paragraph=text,
        )
        recipient.notified_at = sent_at
        recipient.notice_message_id = mail.message_id if mail else ""
        recipient.save(update_fields=["notified_at", "notice_message_id"])
    _letters_release(request, by=by, rows=rows, paragraph=text, sent_at=sent_at)
    return request


@transaction.atomic(durable=True)
def notice_send(
    *,
    request: Request,
    by: Any,
    note: str = "",
    include_copy: bool = True,
    paragraph: str | None = None,
) -> Request:
    """A reviewer sends the user notice they read in its draft (notice_drafts.py): the
    affected user is told by email (with what may be shared of the request when
    ``include_copy``), and the draft's paragraph (``paragraph``, the text their form showed,
    None to keep the one saved) is in the email and the letter. Disclosure waits for the
    objection window to pass. Only a person sends: lerq drafts (notice_draft_in_sweep).

    After an emergency disclosure the notice follows the disclosure: there is nothing left to
    object to, so no window is opened."""
    return _send(request, by=by, note=note, include_copy=include_copy, paragraph=paragraph)


def notice_send_or_draft(
    *,
    request: Request,
    by: Any,
    note: str = "",
    include_copy: bool = True,
    paragraph: str | None = None,
) -> bool:
    """The request page's one Send button: a notice nobody has drafted is drafted for ``by`` to
    read first (notice_send refuses to send one unread); a drafted one is sent. True when it
    was sent. Not a transaction of its own: each step is one."""
    if notice_draft_pending(request) is None:
        notice_draft(request=request, by=by, include_copy=include_copy)
        return False
    notice_send(request=request, by=by, note=note, include_copy=include_copy, paragraph=paragraph)
    return True
