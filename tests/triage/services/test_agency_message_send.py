"""Writing to the agency (issue 18): one person drafts, a second sends; the mail goes out
threaded under the agency's latest message with the reference in its subject, and its files."""

import io
import re
from pathlib import Path

import pytest
from django.core import mail

from tests.factories import request_in
from tests.triage.services.helpers import walk_to
from triage import services
from triage.models import AgencyMessage, AgencyMessageStatus, Event, EventKind, OutboundMail
from triage.notices import mail_send_pending
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.agency_messages import (
    ERR_ADDRESS_CHANGED,
    ERR_OWN_DRAFT,
    ERR_TOO_MANY_FILES,
    FILE_MAX_BYTES,
    Upload,
    agency_message_discard,
    agency_message_draft,
    agency_message_send,
    canned_text,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
AGENCY_ID = "<reply-77@fbi.gov>"


def _draft(request, by, *, title="Clarification", body="Which account do you mean?", files=()):
    return agency_message_draft(request=request, by=by, title=title, body=body, files=files)


def _agency_replied(request, subject="Re: [{ref}] deficiency notice", message_id=AGENCY_ID):
    services.request_message_record(
        request=request,
        message_id=message_id,
        sha256="a" * 64,
        sender="Dana Scully <dscully@fbi.gov>",
        subject=subject.format(ref=request.reference),
    )


def test_a_reviewers_draft_is_sent_by_a_second_person_threaded_under_the_agencys_reply(
    reviewer, approver
):
    r = request_in("in_review", source_message_id="<opening-1@fbi.gov>")
    _agency_replied(r)
    draft = _draft(r, reviewer, files=[Upload("signed request.pdf", io.BytesIO(PDF))])
    assert draft.status == AgencyMessageStatus.DRAFT
    assert not OutboundMail.objects.filter(request=r).exists()  # nothing left yet

    sent = agency_message_send(message=draft, by=approver)

    out = OutboundMail.objects.get(pk=sent.mail_id)
    assert out.to == ["dscully@fbi.gov"]
    assert out.subject == f"Re: [{r.reference}] deficiency notice"
    assert out.message_id == sent.message_id
    assert out.headers["In-Reply-To"] == AGENCY_ID
    assert out.headers["References"] == f"<opening-1@fbi.gov> {AGENCY_ID}"
    assert [a["name"] for a in out.attachments] == ["signed_request.pdf"]
    assert mail_send_pending() == 1
    [message] = mail.outbox
    email = message.message()
    assert email["In-Reply-To"] == AGENCY_ID and email["Message-ID"] == sent.message_id
    assert "Which account do you mean?" in message.body
    [(name, content, kind)] = message.attachments
    assert (name, content, kind) == ("signed_request.pdf", PDF, "application/pdf")
    event = Event.objects.get(request=r, action=EventKind.AGENCY_MESSAGE_SENT)
    assert event.actor == approver and event.data["author"] == "reviewer"
    assert event.data["body_sha256"] == draft.body_sha256
    assert event.data["attachments"][0]["sha256"] == draft.attachments[0]["sha256"]


def test_without_an_agency_subject_the_reference_leads_the_subject(reviewer, approver):
    r = request_in("validated", subject="")
    sent = agency_message_send(message=_draft(r, reviewer, title="Signed copy needed"), by=approver)
    assert sent.mail.subject == f"[{r.reference}] Signed copy needed"
    assert sent.mail.headers == {}  # nothing to answer, nothing invented


def test_the_author_cannot_send_their_own_draft(reviewer):
    draft = _draft(request_in("validated"), reviewer)
    with pytest.raises(ActionNotPermitted) as refused:
        agency_message_send(message=draft, by=reviewer)
    assert str(refused.value) == ERR_OWN_DRAFT.format(user="reviewer")
    assert AgencyMessage.objects.get(pk=draft.pk).status == AgencyMessageStatus.DRAFT


def test_a_clerk_may_draft_but_not_send(clerk, reviewer):
    r = request_in("received")
    draft = _draft(r, clerk)
    other = _draft(r, reviewer)
    with pytest.raises(ActionNotPermitted):
        agency_message_send(message=other, by=clerk)
    assert agency_message_send(message=draft, by=reviewer).status == AgencyMessageStatus.SENT


def test_sending_twice_sends_one_mail(reviewer, approver, second_approver):
    draft = _draft(request_in("validated"), reviewer)
    agency_message_send(message=draft, by=approver)
    with pytest.raises(TransitionRefused):
        agency_message_send(message=draft, by=second_approver)
    assert OutboundMail.objects.filter(template="agency_message").count() == 1
    assert Event.objects.filter(action=EventKind.AGENCY_MESSAGE_SENT).count() == 1


def test_line_breaks_in_the_title_and_the_agencys_subject_never_reach_a_header(reviewer, approver):
    r = request_in("validated")
    _agency_replied(r, subject="Hello\r\nBcc: victim@example.com\nX-Evil: 1")
    draft = _draft(r, reviewer, title="Clarification\r\nBcc: attacker@example.com")
    assert draft.title == "Clarification Bcc: attacker@example.com"

    sent = agency_message_send(message=draft, by=approver)

    assert "\n" not in sent.mail.subject and "\r" not in sent.mail.subject
    mail_send_pending()
    email = mail.outbox[0].message()
    assert email["Bcc"] is None and email["X-Evil"] is None
    assert mail.outbox[0].recipients() == ["dscully@fbi.gov"]


def test_attachments_are_bounded_in_count_size_and_type(reviewer, settings):
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00")
    r = request_in("validated")
    six = [Upload(f"f{i}.pdf", io.BytesIO(PDF)) for i in range(6)]
    with pytest.raises(InvalidInput) as refused:
        _draft(r, reviewer, files=six)
    assert str(refused.value) == ERR_TOO_MANY_FILES
    big = io.BytesIO(PDF + b"\0" * FILE_MAX_BYTES)
    with pytest.raises(InvalidInput, match="over the limit of 10 MB"):
        _draft(r, reviewer, files=[Upload("big.pdf", big)])
    with pytest.raises(InvalidInput, match=re.escape("page.html: not sent")):
        _draft(r, reviewer, files=[Upload("page.html", io.BytesIO(b"<html><script>"))])
    with pytest.raises(InvalidInput, match=re.escape("rename it scan.pdf")):
        _draft(r, reviewer, files=[Upload("scan.txt", io.BytesIO(PDF))])
    # A good file stored before a bad one is refused does not stay behind.
    with pytest.raises(InvalidInput):
        _draft(r, reviewer, files=[Upload("ok.pdf", io.BytesIO(PDF)), Upload("x.exe", exe)])
    assert not AgencyMessage.objects.exists()
    stored = Path(settings.MEDIA_ROOT) / "agency_messages"
    assert [p for p in stored.rglob("*") if p.is_file()] == []


def test_a_send_after_the_agencys_address_changed_is_refused(reviewer, approver):
    r = request_in("validated")
    draft = _draft(r, reviewer)
    type(r).objects.filter(pk=r.pk).update(agent_email="fox.mulder@fbi.gov")
    with pytest.raises(InvalidInput) as refused:
        agency_message_send(message=draft, by=approver)
    said = ERR_ADDRESS_CHANGED.format(now="fox.mulder@fbi.gov", then="dscully@fbi.gov")
    assert str(refused.value) == said


def test_a_closed_request_may_still_be_written_about(reviewer, approver):
    r = walk_to("closed")
    sent = agency_message_send(message=_draft(r, reviewer), by=approver)
    assert sent.status == AgencyMessageStatus.SENT and sent.mail is not None


def test_a_discarded_draft_is_never_sent_and_says_why(reviewer, approver, clerk):
    r = request_in("validated")
    draft = _draft(r, reviewer)
    with pytest.raises(ActionNotPermitted):
        agency_message_discard(message=draft, by=clerk, reason="not mine")
    agency_message_discard(message=draft, by=approver, reason="  Wrong   agency. ")
    with pytest.raises(TransitionRefused):
        agency_message_send(message=draft, by=approver)
    event = Event.objects.get(request=r, action=EventKind.AGENCY_MESSAGE_DISCARDED)
    assert event.reason == "Wrong agency." and event.actor == approver
    assert not OutboundMail.objects.filter(request=r).exists()


@pytest.mark.parametrize("key", ["clarification", "receipt", "signed_copy"])
def test_each_canned_text_is_filled_in_for_the_request(key, db):
    r = request_in("received", case_number="FBI-2026-17")
    title, body = canned_text(request=r, key=key)
    assert title and "Dana Scully" in body
    assert r.reference in body and "FBI-2026-17" in body
