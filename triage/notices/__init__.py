"""Outgoing mail: one function per email, an outbox row written in the caller's transaction,
and the sender that delivers the outbox after the commit.

Headers are built only from our own templates and stored values: a subject is one line (CR and
LF can never reach a header), and addresses go through Django's checks when the mail is sent.
"""

import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from triage.deadline_words import explain
from triage.models import Deadline, OutboundMail, Request
from triage.models.conditions import APPROVE, REVIEW

log = logging.getLogger(__name__)

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x00]+")


def one_line(text: str, limit: int = 900) -> str:
    """A header-safe single line: no CR, LF or other breaks, bounded in length."""
    return re.sub(r" {2,}", " ", _LINE_BREAKS.sub(" ", text)).strip()[:limit]


def _msgid() -> str:
    domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
    return make_msgid(domain=domain)


def mail_queue(
    *,
    template: str,
    to: Iterable[str],
    context: dict[str, Any],
    request: Request | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> OutboundMail | None:
    """Render ``templates/emails/<template>-*`` and put the mail in the outbox. Call inside the
    transaction of the change it reports; ``mail_send_pending`` delivers it after the commit."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        log.warning("no recipient for %s mail on %s", template, request)
        return None
    mail = OutboundMail(
        request=request,
        template=template,
        to=recipients,
        subject=one_line(render_to_string(f"emails/{template}-subject.txt", context)),
        body_text=render_to_string(f"emails/{template}-body.txt", context),
        body_html=render_to_string(f"emails/{template}-body.html", context),
        message_id=message_id or _msgid(),
        headers=headers or {},
        attachments=attachments or [],
    )
    deferred = _deferred.get()
    if deferred is not None:
        deferred.append(mail)
    else:
        mail.save(force_insert=True)
    return mail


# Mail queued while deferring is inserted together by the caller (the sweep's fast path).
_deferred: ContextVar[list[OutboundMail] | None] = ContextVar("lerq_deferred_mail", default=None)


@contextmanager
def mail_deferred(into: list[OutboundMail]) -> Iterator[None]:
    token = _deferred.set(into)
    try:
        yield
    finally:
        _deferred.reset(token)


def team_recipients(request: Request | None) -> list[str]:
    """The assignee, else the team list (LERQ_TEAM_EMAIL), else every active reviewer."""
    assignee = request.assignee if request is not None and request.assignee_id else None
    if assignee is not None and assignee.is_active and assignee.email:
        return [assignee.email]
    if settings.LERQ_TEAM_EMAIL:
        return list(settings.LERQ_TEAM_EMAIL)
    return reviewers_emails()


def members_with(perm: str) -> Any:
    """Active people holding ``perm`` (through a group, directly, or as superuser) who have an
    email address, in one query."""
    app_label, codename = perm.split(".")
    held = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(held | Q(is_superuser=True))
        .distinct()
    )


def reviewers_emails() -> list[str]:
    return sorted(set(members_with(REVIEW).values_list("email", flat=True)))


def _late(due_at: datetime, now: datetime) -> str:
    lateness = now - due_at
    if lateness < timedelta(minutes=5):
        return ""
    hours = int(lateness.total_seconds() // 3600)
    if hours >= 48:
        return f"{hours // 24} days"
    if hours >= 1:
        return f"{hours} hours"
    return f"{int(lateness.total_seconds() // 60)} minutes"


def _explain(basis: dict[str, Any], due_at: datetime) -> str:
    """How the date was computed, in the words the request page uses."""
    return explain(basis, due_at, ZoneInfo(settings.TIME_ZONE)) or "not recorded"


def timer_mail(*, deadline: Deadline, title: str, sentence: str, now: datetime) -> Any:
    """A reminder, escalation or end-of-timer message to whoever holds the request."""
    request = deadline.request
    return timer_mail_for(
        label=request.reference,
        kind=request.get_kind_display(),
        status=request.get_status_display(),
        agency=request.agency,
        url=settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url(),
        due_at=deadline.due_at,
        basis=deadline.basis,
        title=title,
        sentence=sentence,
        now=now,
        request=request,
    )


def timer_mail_for(
    *,
    label: str,
    kind: str,
    status: str,
    agency: str,
    url: str,
    due_at: datetime,
    basis: dict[str, Any],
    title: str,
    sentence: str,
    now: datetime,
    request: Request | None = None,
    link: str = "",
    message_id: str | None = None,
) -> Any:
    """The timer mail about anything with a clock, named by ``label``: a request, or a held
    message that is not one yet (intake/held_clock.py; triage never imports intake)."""
    late = _late(due_at, now)
    context = {
        "title": title + (f" ({late} late)" if late else ""),
        "sentence": sentence,
        "late": late,
        "reference": label,
        "kind": kind,
        "status": status,
        "agency": agency,
        "due_at": timezone.localtime(due_at),
        "basis": _explain(basis, due_at),
        "url": url,
        "link": link,
    }
    return mail_queue(
        template="timer",
        to=team_recipients(request),
        context=context,
        request=request,
        message_id=message_id,
    )


# The team's alert when an emergency arrives, opened as a request or held for routing.
EMERGENCY_RECEIVED = "EMERGENCY received"


def emergency_received_mail(
    *, key: str, label: str, sentence: str, due_at: datetime, basis: dict[str, Any], **shown: Any
) -> Any:
    """The team's alert that an emergency just arrived (due_at: its acknowledgement's deadline).
    ``key`` (a reference, held-<pk>) fixes its Message-ID: queued again, it is the same mail.
    The caller sends it on the commit (``mail_send_on_commit``)."""
    domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
    message_id = f"<{key}.emergency-received@{domain}>"
    if OutboundMail.objects.filter(message_id=message_id).exists():
        return None
    return timer_mail_for(
        label=label,
        title=EMERGENCY_RECEIVED,
        sentence=sentence,
        due_at=due_at,
        basis=basis,
        now=timezone.now(),
        message_id=message_id,
        **shown,
    )


def mail_send_on_commit() -> None:
    """An emergency's mail does not wait for the minute's send: the sender task is queued when
    the transaction commits (the outbox and its Message-IDs as for any mail; a lost task leaves
    the mail to the minute's send)."""
    from triage.tasks import send_mail  # the tasks import this module

    transaction.on_commit(send_mail.delay, robust=True)


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


def approver_granted_mail(*, user: Any, by: Any, may_approve_at: datetime) -> list[str]:
    """To the team (LERQ_TEAM_EMAIL, else the other approvers): someone can now approve
    disclosures, so a puppet account made by one administrator does not go unseen. Returns
    the addresses told (the Event of the grant keeps them)."""
    to = list(settings.LERQ_TEAM_EMAIL) or sorted(
        set(members_with(APPROVE).exclude(pk=user.pk).values_list("email", flat=True))
    )
    mail = mail_queue(
        template="approver_granted",
        to=to,
        context={
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "by": by.get_username() if by is not None else "lerq itself (a command)",
            "may_approve_at": timezone.localtime(may_approve_at),
            "url": f"{settings.LERQ_BASE_URL.rstrip('/')}/admin/auth/user/{user.pk}/change/",
        },
    )
    return list(mail.to) if mail is not None else []


def digest_mail(*, user: Any, overdue: list[Deadline], soon: list[Deadline], day: str) -> Any:
    """The morning digest; its Message-ID is fixed per person and day, so it goes out once."""
    domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
    message_id = f"<digest-{user.pk}-{day}@{domain}>"
    if OutboundMail.objects.filter(message_id=message_id).exists():
        return None
    return mail_queue(
        template="digest",
        to=[user.email],
        message_id=message_id,
        context={
            "name": user.get_short_name() or user.get_username(),
            "overdue": overdue,
            # Each with how its date was counted, as on the request page.
            "soon": [(d, _explain(d.basis, d.due_at) if d.basis else "") for d in soon],
            "days": 7,
            "url": settings.LERQ_BASE_URL,
        },
    )


def audit_checkpoints_mail(*, day: str, lines: list[str]) -> OutboundMail | None:
    """A day's signed checkpoint lines to the compliance address; once per day (Message-ID)."""
    domain = settings.LERQ_MAILBOX_ADDRESS.rpartition("@")[2] or "lerq.invalid"
    message_id = f"<audit-checkpoints-{day}@{domain}>"
    if not lines or OutboundMail.objects.filter(message_id=message_id).exists():
        return None
    return mail_queue(
        template="audit_checkpoints",
        to=settings.LERQ_AUDIT_COMPLIANCE_EMAIL,
        message_id=message_id,
        context={"day": day, "lines": lines, "last": json.loads(lines[-1])},
    )


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most 6 hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))


def mail_send_pending(*, batch: int = 100) -> int:
    """Deliver the outbox: batches claimed under row locks (two senders never send one mail
    at once), sent over one connection, marked in one transaction. Returns how many were sent.

    A mail sent and then not marked (a crash before the commit) goes again under the same
    Message-ID, which receivers treat as the same message."""
    sent = 0
    connection = get_connection(fail_silently=False)
    # Ends: every batch marks its mail sent or puts it off (next_attempt_at), so no mail is
    # claimed twice in one run.
    while True:
        done, claimed = _send_batch(connection, batch)
        sent += done
        if claimed < batch:
            return sent


def _send_batch(connection: Any, batch: int) -> tuple[int, int]:
    now = timezone.now()
    with transaction.atomic():
        mails = list(
            OutboundMail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=settings.LERQ_MAIL_MAX_ATTEMPTS)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")[:batch]
        )
        if not mails:
            return 0, 0
        sent, failed = [], []
        try:
            connection.open()
            for mail in mails:
                try:
                    connection.send_messages([_message(mail, connection)])
                    sent.append(mail.pk)
                except Exception as exc:  # an address or server error: this mail waits
                    failed.append((mail, exc))
        except Exception as exc:  # the server cannot be reached: the whole batch waits
            failed = [(mail, exc) for mail in mails if mail.pk not in sent]
        finally:
            connection.close()
        OutboundMail.objects.filter(pk__in=sent).update(sent_at=now, attempts=F("attempts") + 1)
        for mail, exc in failed:
            mail.attempts += 1
            mail.last_error = str(exc)[:2000]
            mail.next_attempt_at = now + retry_delay(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            level = (
                logging.ERROR
                if mail.attempts >= settings.LERQ_MAIL_MAX_ATTEMPTS
                else logging.WARNING
            )
            log.log(
                level,
                "mail %s to %s not sent (attempt %s): %s",
                mail.pk,
                mail.to,
                mail.attempts,
                exc,
            )
    return len(sent), len(mails)


def _message(mail: OutboundMail, connection: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.to,
        headers={"Message-ID": mail.message_id, **threading_headers(mail.headers)},
        connection=connection,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for item in mail.attachments:
        with default_storage.open(item["path"], "rb") as stored:
            message.attach(one_line(item["name"], 120), stored.read(), item["content_type"])
    return message


def _user_notice_context(
    *,
    request: Request,
    name: str,
    window_ends_at: datetime | None,
    include_copy: bool,
    paragraph: str,
) -> dict[str, Any]:
    restriction = getattr(request, "access_restriction", None)
    return {
        "reference": request.reference,
        "name": name,
        "company": settings.LERQ_COMPANY_NAME,
        "mailbox": settings.LERQ_MAILBOX_ADDRESS,
        "kind": request.get_kind_display(),
        "is_emergency": request.is_emergency,
        "is_restriction": request.kind == "access_restriction",
        "restriction": restriction,
        "received_on": timezone.localtime(request.received_at),
        "include_copy": include_copy,
        "agency": request.agency,
        "country": request.country,
        "case_number": request.case_number,
        "summary": request.summary,
        "window_ends_at": timezone.localtime(window_ends_at) if window_ends_at else None,
        "window_days": settings.LERQ_OBJECTION_WINDOW_DAYS,
        "decided": request.get_status_display() if window_ends_at is None else "",
        # The reviewer's own paragraph (the draft's), the same words as in the letter.
        "paragraph": paragraph,
    }


def user_notice_mail(
    *,
    request: Request,
    to: str,
    name: str,
    window_ends_at: datetime | None,
    include_copy: bool,
    paragraph: str = "",
) -> Any:
    """To an affected user: a request for their data, what may be shared of it, and how to
    object (by replying: the reference in the subject brings the reply back to the request).
    ``to`` was checked by the service (one valid address, no line breaks)."""
    context = _user_notice_context(
        request=request,
        name=name,
        window_ends_at=window_ends_at,
        include_copy=include_copy,
        paragraph=paragraph,
    )
    return mail_queue(template="user_notice", to=[to], request=request, context=context)


def user_notice_preview(
    *,
    request: Request,
    name: str,
    window_ends_at: datetime | None,
    include_copy: bool,
    paragraph: str,
) -> dict[str, str]:
    """The user notice email as it will be sent (subject, text, HTML), rendered from the same
    templates as user_notice_mail, queued nowhere: what the reviewer reads in the draft."""
    context = _user_notice_context(
        request=request,
        name=name,
        window_ends_at=window_ends_at,
        include_copy=include_copy,
        paragraph=paragraph,
    )
    return {
        "subject": one_line(render_to_string("emails/user_notice-subject.txt", context)),
        "text": render_to_string("emails/user_notice-body.txt", context),
        "html": render_to_string("emails/user_notice-body.html", context),
    }


# A Message-ID as we write it and as intake reads it: no spaces, no CR/LF, no brackets inside.
_MSG_ID = re.compile(r"<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[A-Za-z0-9.\-]+>")
_THREADING = ("In-Reply-To", "References")


def threading_headers(stored: dict[str, str]) -> dict[str, str]:
    """In-Reply-To and References from stored values, each a list of well-formed Message-IDs;
    anything else (another header name, CR/LF, a malformed id) is left out."""
    safe = {}
    for name in _THREADING:
        ids = [i for i in str(stored.get(name, "")).split(" ") if _MSG_ID.fullmatch(i)]
        if ids:
            safe[name] = " ".join(ids[-20:])
    return safe


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


def bounce_mail(
    *, request: Request, address: str, detail: str, bounced: OutboundMail, message_id: str
) -> OutboundMail | None:
    """To whoever holds the request: a mail of ours to ``address`` could not be delivered
    (intake found the bounce). ``message_id`` is derived from the bounce, so a re-run queues
    nothing twice; ``address`` and ``detail`` are one line, bounded, from the bounce."""
    if OutboundMail.objects.filter(message_id=message_id).exists():
        return None
    return mail_queue(
        template="bounce",
        to=team_recipients(request),
        request=request,
        message_id=message_id,
        context={
            "reference": request.reference,
            "address": one_line(address, 254),
            "detail": one_line(detail, 500),
            "bounced_subject": bounced.subject,
            "bounced_template": bounced.template,
            "url": settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url(),
        },
    )


def callback_unconfirmed_mail(*, callback: Any) -> OutboundMail | None:
    """To whoever holds the request and the whole team: the agency did not confirm an
    emergency on a call-back, so the mail may come from a hijacked mailbox."""
    request = callback.request
    team = settings.LERQ_TEAM_EMAIL or reviewers_emails()
    return mail_queue(
        template="callback_unconfirmed",
        to=[*team_recipients(request), *team],
        request=request,
        context={
            "reference": request.reference,
            "agency": request.agency,
            "called_at": timezone.localtime(callback.called_at),
            "number": one_line(callback.number_called, 64),
            "person": callback.person_reached,
            "by": callback.recorded_by.get_username(),
            "details": callback.details,
            "url": settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url(),
        },
    )


# The approval mails live in their own module (triage/notices/approval.py); callers keep
# reading them from ``triage.notices``.
from triage.notices.approval import (  # noqa: E402, F401
    approval_asked_mail,
    approval_given_mail,
    approval_withdrawn_by_person_mail,
    approval_withdrawn_mail,
)
