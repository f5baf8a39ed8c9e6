"""The user notice's review step (issue 16): lerq drafts the notice (the email and the letter
kept with it), a reviewer reads both as they will be sent, may add a paragraph, and sends it
with notice_send. Nothing tells the user without a person: when a non-disclosure order ends,
the sweep prepares the draft and tells the team it is owed (triage/timers.py).

The draft is a Letter of kind user_notice in status draft; its paragraph is saved with
letter_paragraph_save like any draft's, and goes in both the email and the letter. Drafting
twice gives the same draft.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from triage.audit import event_append
from triage.models import EventKind, Letter, LetterKind, LetterStatus, Notice, Request, Status
from triage.models.conditions import REVIEW
from triage.notices.user_notice import user_notice_preview
from triage.services._core import InvalidInput, TransitionRefused, lock, now, require_perm
from triage.services.letters import letter_record
from triage.services.notice_recipients import ERR_NO_RECIPIENT, notice_recipients

ERR_NOTICE_DECIDED = "{reference}: the user notice is {state}: there is nothing to draft."
# Statuses after which the user is told about a decision already taken (an emergency).
AFTER_DECISION = (Status.DISCLOSED, Status.CLOSED, Status.REJECTED)
# The notice states in which a notice may still be sent (the notice_send transition's sources).
OPEN = (Notice.NOT_DECIDED, Notice.DELAYED)


def notice_draft_pending(request: Request) -> Letter | None:
    """The user notice draft waiting for a reviewer, if any (the newest)."""
    return (
        Letter.objects.filter(
            request=request, kind=LetterKind.USER_NOTICE, status=LetterStatus.DRAFT
        )
        .order_by("-sequence")
        .first()
    )


@transaction.atomic(savepoint=False)
def notice_draft_record(
    *, request: Request, by: Any, include_copy: bool = True, data: dict[str, Any] | None = None
) -> Letter:
    """The draft in the caller's transaction (the caller holds the request's lock and checked
    who acts): the one pending, else a new one, with a NOTICE_DRAFTED event."""
    existing = notice_draft_pending(request)
    if existing is not None:
        return existing
    addresses = notice_recipients(request)
    names = {r.email: r.name for r in request.notice_recipients.all()}
    first = addresses[0] if addresses else ""
    letter = letter_record(
        request=request,
        kind=LetterKind.USER_NOTICE,
        by=by,
        extra={
            "addressee": {"name": names.get(first) or "Account holder", "email": first},
            "email": first,
            "name": names.get(first, ""),
            "include_copy": include_copy,
        },
        locked=True,
    )
    event_append(
        request=request,
        actor=by,
        action=EventKind.NOTICE_DRAFTED,
        at=letter.created_at,
        data={
            "letter": letter.pk,
            "recipients": addresses,
            "include_copy": include_copy,
            **(data or {}),
        },
    )
    return letter


@transaction.atomic(durable=True)
def notice_draft(*, request: Request, by: Any, include_copy: bool = True) -> Letter:
    """A reviewer asks lerq to draft the user notice, to read it before sending. Only while
    the notice may still be sent (not decided, or delayed); the same roles as notice_send."""
    require_perm(by, REVIEW, "draft the user notice", request.reference)
    locked = lock(request)
    if locked.notice not in OPEN:
        state = locked.get_notice_display().lower()
        raise TransitionRefused(ERR_NOTICE_DECIDED.format(reference=locked.reference, state=state))
    if not notice_recipients(locked):  # nobody to write to: nothing to read either
        raise InvalidInput(ERR_NO_RECIPIENT.format(reference=locked.reference))
    return notice_draft_record(request=locked, by=by, include_copy=include_copy)


def notice_draft_preview(*, request: Request, letter: Letter) -> dict[str, str]:
    """The email the draft would send now, to its first recipient (subject, text, HTML); the
    objection window as it would open if sent now (none after a decision: notice_sending.py)."""
    window_end = None
    if request.status not in AFTER_DECISION:
        window_end = now() + timedelta(days=settings.LERQ_OBJECTION_WINDOW_DAYS)
    return user_notice_preview(
        request=request,
        name=str(letter.extra.get("name") or ""),
        window_ends_at=window_end,
        include_copy=bool(letter.extra.get("include_copy", True)),
        paragraph=letter.paragraph,
    )


def notice_draft_in_sweep(*, request: Request, data: dict[str, Any]) -> Letter:
    """The sweep at the end of a non-disclosure order (inside its batch): the draft is made,
    nothing is sent; the notice stays delayed, owed, until a reviewer sends it."""
    return notice_draft_record(request=lock(request), by=None, data=data)


def notice_drafts_withdraw(*, request: Request, by: Any, reason: str) -> int:
    """The notice was decided otherwise (not permitted, not required): a pending draft can
    never be sent, so it is discarded, on the record, and no longer listed as waiting. In the
    caller's transaction. Returns how many."""
    drafts = list(
        Letter.objects.select_for_update(of=("self",)).filter(
            request=request, kind=LetterKind.USER_NOTICE, status=LetterStatus.DRAFT
        )
    )
    for letter in drafts:
        letter.status = LetterStatus.DISCARDED
        letter.save(update_fields=["status"])
        event_append(
            request=request,
            actor=by,
            action=EventKind.LETTER_DISCARDED,
            at=now(),
            reason=reason[:2000],
            data={"letter": letter.pk, "kind": letter.kind, "sequence": letter.sequence},
        )
    return len(drafts)
