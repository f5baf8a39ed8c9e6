"""The team's mail about clocks: a reminder, an escalation or a timer's end (timer_mail, for
a request or a held message), the alert that an emergency just arrived, and each
person's morning digest. Each says how its date was counted, as the request page does."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from triage.deadline_words import explain
from triage.models import Deadline, OutboundMail, Request
from triage.notices import mail_queue, team_recipients


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
