"""A letter's review step (issue 16): lerq drafts it, a person reads it as it will be sent,
may add one free-text paragraph, and sends it. Sending is what queues the render, sign and
mail path of triage/services/letters.py, with the Message-ID the draft was given.

The step that drafted the letter (ask_info, preserve, reject, disclose …) has already moved the
request: only the letter waits. A clerk sends a deficiency notice (it is the clerk's step);
every other letter is a reviewer's.
"""

from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.channels import channel_for
from triage.models import EventKind, Letter, LetterKind, LetterStatus
from triage.models.conditions import INTAKE, REVIEW
from triage.services._core import InvalidInput, TransitionRefused, now, require_perm
from triage.services.letters import render_after_commit

ERR_NOT_A_DRAFT = "{letter} is not a draft any more ({status}): it was sent already."
ERR_PERSON_SENDS = "A draft letter is sent by a person."
ERR_DISCLOSURE_PARAGRAPH = (
    "A disclosure letter carries the approved package as it was approved: it takes no "
    "added paragraph. Put what the agency should know in a separate letter or note."
)
ERR_REASON_REQUIRED = "Say why the draft is discarded."
ERR_NOTICE_SENDS = (
    "A user notice draft is sent with “Send user notice”: sending it is the notice decision, "
    "with its recipients and objection window."
)
REASON_MAX = 2000
PARAGRAPH_MAX = 4000
ERR_PARAGRAPH_TOO_LONG = f"The paragraph is longer than {PARAGRAPH_MAX} characters."

# Who may send each kind of draft.
_SENDER_PERM = {LetterKind.DEFICIENCY: INTAKE}


def sender_perm(kind: str) -> str:
    return _SENDER_PERM.get(kind, REVIEW)


def _draft(letter: Letter, by: Any, action: str, perm: str | None = None) -> Letter:
    """The draft's row, locked until commit; refused if it has left already."""
    if by is None:
        raise InvalidInput(ERR_PERSON_SENDS)
    require_perm(by, perm or sender_perm(letter.kind), action, letter.request.reference)
    locked = (
        Letter.objects.select_for_update(of=("self",)).select_related("request").get(pk=letter.pk)
    )
    if locked.status != LetterStatus.DRAFT:
        raise TransitionRefused(
            ERR_NOT_A_DRAFT.format(letter=locked, status=locked.get_status_display().lower())
        )
    return locked


def _paragraph(letter: Letter, paragraph: str) -> str:
    text = paragraph.strip()
    # The approver approved the package (what it lists and where it goes), not words added
    # after: rather than withdraw the approval for a sentence, the disclosure letter takes none.
    if text and letter.kind == LetterKind.DISCLOSURE:
        raise InvalidInput(ERR_DISCLOSURE_PARAGRAPH)
    if len(text) > PARAGRAPH_MAX:
        raise InvalidInput(ERR_PARAGRAPH_TOO_LONG)
    return text


def _data(letter: Letter, **more: Any) -> dict[str, Any]:
    return {"letter": letter.pk, "kind": letter.kind, "sequence": letter.sequence, **more}


@transaction.atomic(durable=True)
def letter_paragraph_save(*, letter: Letter, by: Any, paragraph: str) -> Letter:
    """The person's paragraph is kept on the draft (and on the record), to read it in the
    draft before sending."""
    locked = _draft(letter, by, "edit a letter")
    text = _paragraph(locked, paragraph)
    if text == locked.paragraph:
        return locked
    before, locked.paragraph = locked.paragraph, text
    locked.save(update_fields=["paragraph"])
    event_append(
        request=locked.request,
        actor=by,
        action=EventKind.LETTER_EDITED,
        at=now(),
        data=_data(locked, paragraph_before=before, paragraph=text),
    )
    return locked


@transaction.atomic(durable=True)
def letter_send(*, letter: Letter, by: Any, paragraph: str | None = None) -> Letter:
    """The person has read the draft and sends it (``paragraph``: the text their form showed,
    None to keep the one saved). A worker renders, signs and mails it after the commit."""
    locked = _draft(letter, by, "send a letter")
    if locked.kind == LetterKind.USER_NOTICE:
        raise InvalidInput(ERR_NOTICE_SENDS)
    channel_for(locked.request).check()  # an EU order's e-CODEX is not connected: say so now
    if paragraph is not None:
        locked.paragraph = _paragraph(locked, paragraph)
    locked.status, locked.released_by, locked.released_at = LetterStatus.QUEUED, by, now()
    locked.save(update_fields=["paragraph", "status", "released_by", "released_at"])
    event_append(
        request=locked.request,
        actor=by,
        action=EventKind.LETTER_RELEASED,
        at=locked.released_at,
        data=_data(locked, message_id=locked.message_id, paragraph=locked.paragraph),
    )
    render_after_commit(locked)
    return locked


@transaction.atomic(durable=True)
def letter_discard(*, letter: Letter, by: Any, reason: str) -> Letter:
    """A reviewer discards a draft that should not leave (a wrong reading, a step taken
    again): it is kept, marked discarded, and no longer offered. The step that drafts the
    letter makes a new one; a letter that left can never be discarded."""
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput(ERR_REASON_REQUIRED)
    if len(text) > REASON_MAX:
        raise InvalidInput(f"The reason is longer than {REASON_MAX} characters.")
    locked = _draft(letter, by, "discard a letter", perm=REVIEW)
    locked.status = LetterStatus.DISCARDED
    locked.save(update_fields=["status"])
    event_append(
        request=locked.request,
        actor=by,
        action=EventKind.LETTER_DISCARDED,
        at=now(),
        reason=text,
        data=_data(locked, message_id=locked.message_id),
    )
    return locked
