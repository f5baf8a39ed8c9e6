"""Outgoing mail: what every mail shares (mail_queue writes an outbox row in the caller's
transaction; who the team is; one_line and the threading headers that keep headers safe)
and the sender that delivers the outbox after the commit. The mails themselves, one
function per email, are in the modules of this package, by whom they are for: reminders
(the team's clocks), letters (the agency), user_notice, approval, alerts, agency_message,
notes.

Headers are built only from our own templates and stored values: a subject is one line (CR and
LF can never reach a header), and addresses go through Django's checks when the mail is sent.
"""

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from triage.models import OutboundMail, Request
from triage.models.conditions import REVIEW

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


def mail_send_on_commit() -> None:
    """An emergency's mail does not wait for the minute's send: the sender task is queued when
    the transaction commits (the outbox and its Message-IDs as for any mail; a lost task leaves
    the mail to the minute's send)."""
    from triage.tasks import send_mail  # the tasks import this module

    transaction.on_commit(send_mail.delay, robust=True)


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
