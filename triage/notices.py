"""Outgoing mail: one function per email, an outbox row written in the caller's transaction,
and the sender that delivers the outbox after the commit.

Headers are built only from our own templates and stored values: a subject is one line (CR and
LF can never reach a header), and addresses go through Django's checks when the mail is sent.
"""

import logging
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from triage.models import Deadline, OutboundMail, Request
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
) -> OutboundMail | None:
    """Render ``templates/emails/<template>-*`` and put the mail in the outbox. Call inside the
    transaction of the change it reports; ``mail_send_pending`` delivers it after the commit."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        log.warning("no recipient for %s mail on %s", template, request)
        return None
    return OutboundMail.objects.create(
        request=request,
        template=template,
        to=recipients,
        subject=one_line(render_to_string(f"emails/{template}-subject.txt", context)),
        body_text=render_to_string(f"emails/{template}-body.txt", context),
        body_html=render_to_string(f"emails/{template}-body.html", context),
        message_id=message_id or _msgid(),
    )


def team_recipients(request: Request | None) -> list[str]:
    """The assignee, else the team list (LERQ_TEAM_EMAIL), else every active reviewer."""
    assignee = request.assignee if request is not None and request.assignee_id else None
    if assignee is not None and assignee.is_active and assignee.email:
        return [assignee.email]
    if settings.LERQ_TEAM_EMAIL:
        return list(settings.LERQ_TEAM_EMAIL)
    return reviewers_emails()


def reviewers_emails() -> list[str]:
    codename = REVIEW.split(".")[1]
    perm = Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    users = get_user_model().objects.filter(is_active=True).filter(perm | Q(is_superuser=True))
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


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


def _explain(basis: dict[str, Any]) -> str:
    parts = [str(basis.get("rule", ""))]
    for key in ("days", "minutes", "years", "unit", "start", "date", "moved_from"):
        if basis.get(key) not in (None, "", []):
            parts.append(f"{key.replace('_', ' ')}: {basis[key]}")
    return "; ".join(p for p in parts if p)


def timer_mail(*, deadline: Deadline, title: str, sentence: str, now: datetime) -> Any:
    """A reminder, escalation or end-of-timer message to whoever holds the request."""
    request = deadline.request
    late = _late(deadline.due_at, now)
    context = {
        "title": title + (f" ({late} late)" if late else ""),
        "sentence": sentence,
        "late": late,
        "reference": request.reference,
        "kind": request.get_kind_display(),
        "status": request.get_status_display(),
        "agency": request.agency,
        "due_at": timezone.localtime(deadline.due_at),
        "basis": _explain(deadline.basis),
        "url": settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url(),
    }
    return mail_queue(
        template="timer", to=team_recipients(request), context=context, request=request
    )


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
            "soon": soon,
            "days": 7,
            "url": settings.LERQ_BASE_URL,
        },
    )


def mail_send_pending(*, limit: int = 500) -> int:
    """Deliver unsent outbox mail; each mail is claimed under a row lock so two senders never
    send one mail at once. Returns how many were sent."""
    sent = 0
    connection = get_connection()
    for pk in list(
        OutboundMail.objects.filter(
            sent_at__isnull=True, attempts__lt=settings.LERQ_MAIL_MAX_ATTEMPTS
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    ):
        sent += _send_one(pk, connection)
    return sent


def _send_one(pk: int, connection: Any) -> int:
    with transaction.atomic():
        mail = (
            OutboundMail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if mail is None:
            return 0  # another sender has it, or sent it already
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=mail.to,
            headers={"Message-ID": mail.message_id},
            connection=connection,
        )
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        mail.attempts += 1
        try:
            message.send()
        except Exception as exc:  # a network or address error: keep it, retry on the next run
            log.warning("mail %s not sent: %s", mail.pk, exc)
            mail.last_error = str(exc)[:2000]
            mail.save(update_fields=["attempts", "last_error"])
            return 0
        mail.sent_at = timezone.now()
        mail.save(update_fields=["attempts", "sent_at"])
        return 1
