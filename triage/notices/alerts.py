"""Mail that asks the team (or compliance) to look at something: a mail of ours bounced, an
emergency was not confirmed on a call-back, someone can now approve disclosures, and the
day's signed audit checkpoints."""

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from triage.models import OutboundMail, Request
from triage.models.conditions import APPROVE
from triage.notices import mail_queue, members_with, one_line, reviewers_emails, team_recipients


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
