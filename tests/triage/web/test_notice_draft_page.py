"""The user notice draft on the request page (issue 16): a reviewer drafts it, reads the email
(text on the page, HTML in a frame that may load nothing) and the letter as they will be sent,
adds a paragraph and sends; a clerk sees no form and is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import request_in
from tests.triage.services.helpers import fresh
from tests.web import sign_in
from triage import services
from triage.models import Letter, LetterStatus, Notice, OutboundMail, Request

pytestmark = pytest.mark.django_db

PARAGRAPH = "Reply to this email if you want a copy of the order of the court."


def page(client, r: Request) -> str:
    return client.get(reverse("triage:request_detail", args=[r.reference])).text


def act(client, r: Request, action: str, **data):
    r = fresh(r)
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def mail_preview(client, r: Request):
    return client.get(reverse("triage:notice_mail_draft", args=[r.reference]))


def test_a_reviewer_drafts_reads_adds_a_paragraph_and_sends_the_notice(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)
    assert 'data-action="notice_draft"' in page(client, r)

    assert act(client, r, "notice_draft", include_copy="on").status_code == 302
    draft = Letter.objects.get(request=r, kind="user_notice", status=LetterStatus.DRAFT)
    html = page(client, r)
    section = html[html.index('id="notice-draft"') :]
    assert reverse("triage:notice_mail_draft", args=[r.reference]) in section
    assert reverse("triage:letter_draft", args=[r.reference, draft.pk]) in section
    assert "Notice of a legal request" in section  # the subject as it will be sent
    assert 'data-action="notice_send_draft"' in section
    # Sent from its own section, not as a plain letter.
    assert f'data-action="letter_send-{draft.pk}"' not in html

    saved = act(client, r, "letter_paragraph", letter=draft.pk, paragraph=PARAGRAPH)
    assert saved.status_code == 302
    email = mail_preview(client, r)
    assert email.status_code == 200 and PARAGRAPH in email.text
    assert "default-src 'none'" in email["Content-Security-Policy"]
    assert PARAGRAPH in page(client, r)  # the plain-text part, on the page

    sent = act(client, r, "notice_send", include_copy="on", paragraph=PARAGRAPH)

    assert sent.status_code == 302
    assert fresh(r).notice == Notice.SENT
    (mail,) = OutboundMail.objects.filter(request=r, template="user_notice")
    assert PARAGRAPH in mail.body_text
    assert mail_preview(client, r).status_code == 404  # no draft any more


def test_a_clerk_sees_no_notice_draft_form_and_is_refused(client, clerk, reviewer):
    r = request_in("in_review")
    sign_in(client, clerk)
    assert 'data-action="notice_draft"' not in page(client, r)

    assert act(client, r, "notice_draft").status_code == 403
    services.notice_draft(request=r, by=reviewer)
    assert 'data-action="notice_send_draft"' not in page(client, r)
    assert act(client, r, "notice_send", paragraph=PARAGRAPH).status_code == 403
    assert fresh(r).notice == Notice.NOT_DECIDED


def test_an_outsider_cannot_read_the_drafted_email(client, outsider, reviewer):
    r = request_in("in_review")
    services.notice_draft(request=r, by=reviewer)
    sign_in(client, outsider)

    assert mail_preview(client, r).status_code in (302, 403)


def test_the_status_button_sends_the_paragraph_saved_in_the_draft(client, reviewer):
    r = request_in("in_review")
    draft = services.notice_draft(request=r, by=reviewer)
    services.letter_paragraph_save(letter=draft, by=reviewer, paragraph=PARAGRAPH)
    sign_in(client, reviewer)
    html = page(client, r)
    button = html[html.index('<details class="act" data-action="notice_send"') :]
    assert 'name="paragraph"' not in button[: button.index("</form>")]

    assert act(client, r, "notice_send", include_copy="on").status_code == 302

    (mail,) = OutboundMail.objects.filter(request=r, template="user_notice")
    assert PARAGRAPH in mail.body_text
    assert Letter.objects.get(pk=draft.pk).paragraph == PARAGRAPH


def test_a_notice_owed_after_its_order_ended_says_so_above_the_draft(client, reviewer):
    r = request_in("in_review")
    until = timezone.localdate() + timedelta(days=30)
    services.notice_delay(request=r, by=reviewer, until=until, basis="2705(b) order")
    services.notice_draft(request=fresh(r), by=reviewer)
    sign_in(client, reviewer)
    assert "this notice is owed now" not in page(client, r)

    Request.objects.filter(pk=r.pk).update(nondisclosure_until=timezone.localdate())

    assert "this notice is owed now" in page(client, r)
