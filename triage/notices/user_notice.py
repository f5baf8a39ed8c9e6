"""The user notice email to an affected user, and the same email rendered for the
reviewer who reads the draft before it is sent (triage/services/notice_drafts.py)."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from triage.models import Request
from triage.notices import mail_queue, one_line


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
