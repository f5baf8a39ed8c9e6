"""Use cases of a letter: issue it (in the step's transaction), then deliver it (a worker
renders, signs, stores and emails it). Delivery is idempotent by database state: a task run
twice renders once and sends once, and a run after a crash finishes what was left."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Q, Value, When

from triage import notices
from triage.audit import event_append
from triage.channels import ChannelUnavailable, channel_for
from triage.letters import render_letter
from triage.letters.context import NoProduction, letter_context, render_kind
from triage.models import (
    Deadline,
    DeadlineKind,
    EventKind,
    Hold,
    Kind,
    Letter,
    LetterKind,
    LetterStatus,
    Production,
    Request,
)
from triage.models.conditions import INTAKE, REVIEW
from triage.package import latest_production
from triage.services._core import InvalidInput, after_commit, now, require_perm

ERR_UNKNOWN_KIND = "Unknown letter kind: {kind}."
ERR_REISSUE_DRAFT = "This letter is a draft that was never sent: send it, not a copy."
ERR_REISSUE_DISCARDED = "This draft was discarded and never sent: there is nothing to send again."
# Letters to the affected user leave with the user-notice email (triage/services/notice_sending.py),
# not to the agency.
NOT_TO_AGENCY = frozenset({LetterKind.USER_NOTICE})
# A queued letter whose task was lost (the broker was down at commit) is picked up after this.
LOST_AFTER = timedelta(minutes=2)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=1))


def _message_id(letter: Letter) -> str:
    """Short enough to stay on one header line; unique by the random part."""
    domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
    local = f"{letter.request.reference}.{letter.kind}.{letter.sequence}.{secrets.token_hex(6)}"
    return f"<{local}@{domain}>"


def _snapshot(request: Request, kind: str) -> dict[str, Any]:
    """What the step knew that may change before the letter is rendered."""
    if kind == LetterKind.PRESERVATION:
        hold = Hold.objects.get(request=request)
        return {"hold_start": hold.placed_at.isoformat(), "hold_end": hold.ends_at.isoformat()}
    if kind == LetterKind.EXTENSION and request.original_id:
        hold = Hold.objects.get(request_id=request.original_id)
        first_end = (
            Deadline.objects.filter(request_id=request.original_id, kind=DeadlineKind.HOLD_END)
            .order_by("due_at")
            .values_list("due_at", flat=True)
            .first()
        )
        return {
            "previous_end": (first_end or hold.placed_at).isoformat(),
            "new_end": hold.ends_at.isoformat(),
        }
    return {}


def _disclosed_production(request: Request, extra: dict[str, Any]) -> Production | None:
    """The production a disclosure letter carries: the approved one (none when the approved
    package said there is nothing to produce); letters issued before packages were approved
    take the latest built one."""
    if "package_sha256" in extra:
        pk = extra.get("production_id")
        return Production.objects.get(pk=pk, request=request) if pk else None
    return latest_production(request)


def letter_issue(
    *,
    request: Request,
    kind: str,
    by: Any,
    extra: dict[str, Any] | None = None,
    locked: bool = False,
    first: bool = False,
    send: bool = False,
) -> Letter:
    """Record a letter: a draft that a person reads and sends (triage/services/letter_drafts.py),
    or, with ``send``, one to be rendered and sent now; the worker is called after the commit
    (nothing is rendered here, so no web request waits for WeasyPrint). Only what no person
    needs to decide is sent at once: an acknowledgement of receipt, a letter sent again, and
    a deficiency notice when the team turned on LERQ_AUTO_DEFICIENCY.

    ``locked``: the caller holds the request's row lock in this transaction (act() returned
    it, or the caller inserted it), so it is not selected for update again. ``first``: the
    request has no letter yet (it was opened in this transaction): the sequence is 1.

    The step that issues it (ask_info, preserve, reject …) has its Event in the same
    transaction: that is the record of the decision, one Event per step. The letter's own
    Events come from the worker: letter_rendered (with its SHA-256), letter_sent, letter_failed."""
    require_perm(by, INTAKE, "issue a letter", request.reference)
    if kind not in LetterKind.values:
        raise InvalidInput(ERR_UNKNOWN_KIND.format(kind=kind))
    return letter_record(
        request=request, kind=kind, by=by, extra=extra, locked=locked, first=first, send=send
    )


# Not durable, and no savepoint: it runs inside the transaction of the step that issues it,
# which an error here rolls back whole (the input was checked before).
@transaction.atomic(savepoint=False)
def letter_record(
    *,
    request: Request,
    kind: str,
    by: Any,
    extra: dict[str, Any] | None,
    locked: bool = False,
    first: bool = False,
    send: bool = False,
    paragraph: str = "",
) -> Letter:
    # The request's row lock serialises the sequence numbers of its letters.
    if not locked:
        request = Request.objects.select_for_update().get(pk=request.pk)
    last = (
        None
        if first
        else Letter.objects.filter(request=request, kind=kind).aggregate(n=Max("sequence"))["n"]
    )
    letter = Letter(
        request=request,
        kind=kind,
        sequence=(last or 0) + 1,
        extra={**_snapshot(request, kind), **(extra or {})},
        created_by=by,
        created_at=now(),
        status=LetterStatus.QUEUED if send else LetterStatus.DRAFT,
        paragraph=paragraph,
    )
    if send:
        letter.released_by, letter.released_at = by, letter.created_at
    if kind == LetterKind.DISCLOSURE:
        letter.production = _disclosed_production(request, letter.extra)
    # Fixed now, draft or not: the letter keeps its Message-ID through every retry.
    letter.message_id = _message_id(letter)
    letter.save(force_insert=True)
    if send:
        render_after_commit(letter)
    return letter


def render_after_commit(letter: Letter) -> None:
    from triage.tasks import letter_render  # tasks import the services

    after_commit(lambda: letter_render.delay(letter.pk))


@transaction.atomic(durable=True)
def letter_reissue(*, letter: Letter, by: Any, reason: str) -> Letter:
    """A person sends a letter again (lost by the agency, or a production built late): a new
    letter of the same kind with the next sequence number, on the record. A reviewer's
    decision: a clerk issues letters only through the steps they may take."""
    require_perm(by, REVIEW, "send a letter again", letter.request.reference)
    if not reason.strip():
        raise InvalidInput("Say why the letter is issued again.")
    status = Letter.objects.filter(pk=letter.pk).values_list("status", flat=True).first()
    if status == LetterStatus.DRAFT:
        raise InvalidInput(ERR_REISSUE_DRAFT)
    if status == LetterStatus.DISCARDED:
        raise InvalidInput(ERR_REISSUE_DISCARDED)
    # The letter was read and sent once already: the copy leaves at once, with its paragraph.
    new = letter_record(
        request=letter.request,
        kind=letter.kind,
        by=by,
        extra=letter.extra,
        send=True,
        paragraph=letter.paragraph,
    )
    event_append(
        request=new.request,
        actor=by,
        action=EventKind.LETTER_ISSUED,
        at=new.created_at,
        reason=reason.strip(),
        data={"letter": new.pk, "kind": new.kind, "sequence": new.sequence, "again": letter.pk},
    )
    return new


def letter_deliver(*, letter_id: int) -> Letter | None:
    """Render, sign, store and queue the email of a queued (or failed) letter, then send it.
    Returns the letter, or None when another worker holds it right now."""
    letter = _render_once(letter_id)
    if letter is None or letter.status != LetterStatus.RENDERED or letter.mail_id is None:
        return letter
    notices.mail_send_pending()
    return _mark_sent(letter_id)


def _render_once(letter_id: int) -> Letter | None:
    with transaction.atomic(durable=True):
        letter = (
            Letter.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("request")
            .filter(pk=letter_id)
            .first()
        )
        if letter is None or letter.status not in (LetterStatus.QUEUED, LetterStatus.FAILED):
            return letter
        letter.attempts += 1
        try:
            with transaction.atomic():
                _render(letter)
        except Exception as exc:  # a letter that cannot be made is recorded, never lost
            _failed(letter, exc)
        return letter


def _render(letter: Letter) -> None:
    if (
        letter.kind == LetterKind.DISCLOSURE
        and letter.production is None
        and "package_sha256" not in letter.extra
    ):
        letter.production = latest_production(letter.request)  # built after the disclosure
    # An EU order's preservation or disclosure letter is its own (triage/letters/eu_letters.py).
    rendered = render_letter(render_kind(letter), letter_context(letter))
    name = letter.storage_name()
    # A run that crashed after writing the file and before its commit left it behind: the
    # path is ours (reference, kind, sequence), so it is replaced, never suffixed.
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(rendered.pdf))
    if stored != name:
        raise OSError(f"storage wrote {stored!r} instead of {name!r}")
    letter.file.name = stored
    letter.sha256, letter.size = rendered.sha256, len(rendered.pdf)
    letter.status, letter.error, letter.rendered_at = LetterStatus.RENDERED, "", now()
    letter.next_attempt_at = None
    if letter.kind not in NOT_TO_AGENCY:
        # The request's channel (triage/channels.py): e-mail, or an EU order's e-CODEX.
        letter.mail = channel_for(letter.request).send(letter=letter, references=_thread(letter))
    letter.save()
    event_append(
        request=letter.request,
        actor=None,
        action=EventKind.LETTER_RENDERED,
        at=letter.rendered_at,
        data={
            "letter": letter.pk,
            "kind": letter.kind,
            "sequence": letter.sequence,
            "sha256": letter.sha256,
            "size": letter.size,
            "message_id": letter.message_id if letter.mail_id else None,
        },
    )
    from triage.tasks import send_mail

    if letter.mail_id:
        after_commit(send_mail.delay)


def _thread(letter: Letter) -> list[str]:
    """The request's first message, then the letters sent before this one."""
    earlier = (
        Letter.objects.filter(request=letter.request, mail__isnull=False, pk__lt=letter.pk)
        .order_by("pk")
        .values_list("message_id", flat=True)
    )
    first = [letter.request.source_message_id] if letter.request.source_message_id else []
    return [*first, *earlier]


def _failed(letter: Letter, exc: Exception) -> None:
    letter.status, letter.mail = LetterStatus.FAILED, None
    letter.error = f"{type(exc).__name__}: {exc}"[:2000]
    # Waiting for a production is not a failure to retry on a clock: production_build
    # makes the letter due again.
    # Nor is a channel that is not connected (e-CODEX): a person sends it another way.
    waits = isinstance(exc, NoProduction | ChannelUnavailable)
    letter.next_attempt_at = None if waits else now() + retry_delay(letter.attempts)
    letter.save(update_fields=["attempts", "status", "error", "next_attempt_at"])
    event_append(
        request=letter.request,
        actor=None,
        action=EventKind.LETTER_FAILED,
        at=now(),
        reason=letter.error[:300],
        data={"letter": letter.pk, "kind": letter.kind, "attempt": letter.attempts},
    )


def _mark_sent(letter_id: int) -> Letter | None:
    """The outbox sent the letter's mail: the letter is sent, once."""
    with transaction.atomic(durable=True):
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("request", "mail")
            .get(pk=letter_id)
        )
        mail = letter.mail
        if letter.status != LetterStatus.RENDERED or mail is None or mail.sent_at is None:
            return letter
        letter.status, letter.sent_at = LetterStatus.SENT, mail.sent_at
        letter.save(update_fields=["status", "sent_at"])
        event_append(
            request=letter.request,
            actor=None,
            action=EventKind.LETTER_SENT,
            at=now(),
            data={"letter": letter.pk, "message_id": letter.message_id, "to": mail.to},
        )
        return letter


def letter_deliver_due(*, at: datetime | None = None, batch: int = 50) -> int:
    """The beat job: letters whose task was lost, failed letters due for another attempt, and
    rendered letters whose mail has since left. Emergencies first. Returns how many moved."""
    at = at or now()
    due = (
        Letter.objects.filter(
            Q(status=LetterStatus.QUEUED, released_at__lt=at - LOST_AFTER)
            | Q(
                status=LetterStatus.FAILED,
                next_attempt_at__lte=at,
                attempts__lt=settings.LERQ_LETTER_MAX_ATTEMPTS,
            )
            | Q(status=LetterStatus.RENDERED, mail__isnull=False)
        )
        .annotate(
            urgency=Case(
                When(request__kind=Kind.EMERGENCY, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "pk")
        .values_list("pk", "status")[:batch]
    )
    moved = 0
    for pk, before in list(due):
        letter = letter_deliver(letter_id=pk)
        moved += letter is not None and letter.status != before
    return moved


def letters_waiting_for_production(*, request: Request) -> int:
    """Disclosure letters that failed for want of a production are due again (call in the
    transaction that builds one; the beat job renders them)."""
    # A letter of an approved package carries its production from the start: never these.
    return (
        Letter.objects.filter(
            request=request,
            kind=LetterKind.DISCLOSURE,
            status=LetterStatus.FAILED,
            next_attempt_at__isnull=True,
        )
        .exclude(extra__has_key="package_sha256")
        .update(next_attempt_at=now(), production=None)
    )
