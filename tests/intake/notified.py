"""A request whose user notice went out, with the reference and notice Message-ID that the
reply and bounce .eml files in tests/data/mail/replies name."""

from tests.factories import notice_send, request_in
from triage.models import NoticeRecipient, OutboundMail, Request

NOTICE_ID = "<notice-0001@lerq.example>"


def notified_request(reviewer, *, email: str, reference: str) -> Request:
    r = request_in("in_review", targets=[{"type": "user", "email": email}])
    notice_send(request=r, by=reviewer)
    Request.objects.filter(pk=r.pk).update(reference=reference)
    OutboundMail.objects.filter(request=r, template="user_notice").update(message_id=NOTICE_ID)
    NoticeRecipient.objects.filter(request=r).update(notice_message_id=NOTICE_ID)
    r.refresh_from_db()
    return r
