"""The mails of approval: asked (to the approvers), given and withdrawn (to the asker).

Each is written to the outbox in the transaction of the change it reports; the service then
has the outbox sent after the commit (``transaction.on_commit``).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from triage.models import OutboundMail, Request
from triage.models.conditions import APPROVE
from triage.notices import mail_queue, members_with, one_line

MEMO_IN_MAIL = 2000


def _url(request: Request) -> str:
    return settings.LERQ_BASE_URL.rstrip("/") + request.get_absolute_url()


def _reachable(*people: Any) -> list[str]:
    return [p.email for p in people if p is not None and p.is_active and p.email]


def approval_asked_mail(*, request: Request, asker: Any, note: str) -> OutboundMail | None:
    """To everyone who may approve now, but the asker (a disclosure needs a second person): a
    disclosure waits for their approval. A new approver still in the cooling-off could only
    open the page and be refused, so is not mailed."""
    settled = timezone.now() - timedelta(hours=settings.LERQ_APPROVER_COOLING_HOURS)
    approvers = (
        members_with(APPROVE)
        .exclude(pk=asker.pk)
        .filter(approver_since__since__lte=settled)
        .values_list("email", flat=True)
    )
    return mail_queue(
        template="approval_asked",
        to=sorted(set(approvers)),
        request=request,
        context={
            "reference": request.reference,
            "kind": request.get_kind_display(),
            "agency": request.agency,
            "asker": asker.get_full_name() or asker.get_username(),
            "note": note[:MEMO_IN_MAIL],
            "url": _url(request) + "#approve",
        },
    )


def approval_given_mail(*, request: Request, approver: Any, memo: str) -> OutboundMail | None:
    """To whoever asked for approval: it is given, with the approver's memo."""
    return mail_queue(
        template="approval_given",
        to=_reachable(request.approval_requested_by),
        request=request,
        context={
            "reference": request.reference,
            "approver": approver.get_full_name() or approver.get_username(),
            "memo": memo[:MEMO_IN_MAIL],
            "package_sha256": request.approved_package_sha256,
            "url": _url(request),
        },
    )


def approval_withdrawn_by_person_mail(
    *, request: Request, by: Any, asker: Any, approver: Any, reason: str
) -> OutboundMail | None:
    """To whoever asked for approval, and whoever gave it, but not the person who withdrew it:
    a person withdrew the approval, and why; the request is back in review."""
    people = [p for p in (asker, approver) if p is not None and p.pk != by.pk]
    return mail_queue(
        template="approval_refused",
        to=_reachable(*people),
        request=request,
        context={
            "reference": request.reference,
            "by": by.get_full_name() or by.get_username(),
            "reason": reason[:MEMO_IN_MAIL],
            "url": _url(request),
        },
    )


def approval_withdrawn_mail(
    *, request: Request, approver: Any, asker: Any, cause: str, changes: list[str]
) -> OutboundMail | None:
    """To the approver (and whoever asked for approval): what they approved changed, so the
    approval fell and the request waits for them again."""
    return mail_queue(
        template="approval_withdrawn",
        to=_reachable(approver, asker),
        request=request,
        context={
            "reference": request.reference,
            "cause": one_line(cause, 300),
            "changes": [one_line(c, 500) for c in changes],
            "url": f"{settings.LERQ_BASE_URL}{request.get_absolute_url()}",
        },
    )
