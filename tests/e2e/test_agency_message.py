"""Writing to the agency (issue 18 "Must be shown"): a reviewer drafts a message from a canned
text with a file, an approver (a second person) sends it, it leaves threaded with the reference
in its subject, and the agency's reply to it lands on the request and shows in the
conversation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import request_in
from tests.intake.agency_mail import reply
from triage.models import AgencyMessage, AgencyMessageStatus, Event, EventKind
from triage.notices import mail_send_pending

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ASKED = "Which of the two accounts do you mean?"


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def open_page(page, r):
    page.goto(r.get_absolute_url())
    page.wait_for_selector("#agency h2")


def test_a_mail_to_the_agency_goes_out_threaded_and_its_reply_lands_on_the_request(
    sign_in_as, reviewer, approver
):
    r = request_in("in_review", source_message_id="<opening-7@fbi.gov>")
    page = sign_in_as(reviewer)
    open_page(page, r)

    page.locator("#agency-compose summary").click()
    page.locator('#agency a[data-canned="clarification"]').click()
    body = page.locator('#agency-compose textarea[name="body"]')
    # The section is swapped in with the text filled: wait for it, not for a time.
    expect(body).to_have_value(re.compile(re.escape(r.reference)))
    body.fill(body.input_value().replace("- ", f"- {ASKED}"))
    page.set_input_files(
        '#agency-compose input[name="files"]',
        files=[{"name": "our-records.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.locator('button[data-action="agency_message_draft"]').click()
    page.wait_for_selector("#agency-drafts")
    draft = AgencyMessage.objects.get(request=r)
    assert draft.title == "Clarification" and ASKED in draft.body
    # The author is not offered Send: a second person sends.
    assert page.locator(f'button[data-action="agency_message_send-{draft.pk}"]').count() == 0

    page = sign_in_as(approver)
    open_page(page, r)
    assert ASKED in page.locator("#agency-drafts").inner_text()
    page.locator(f'button[data-action="agency_message_send-{draft.pk}"]').click()
    page.wait_for_selector(f'#agency li[data-agency-message="{draft.pk}"]')
    sent = AgencyMessage.objects.get(pk=draft.pk)
    assert (sent.status, sent.sent_by) == (AgencyMessageStatus.SENT, approver)

    mail_send_pending()  # the outbox, as the worker's minute runs it
    [out] = [m for m in mail.outbox if m.to == ["dscully@fbi.gov"]]
    email = out.message()
    assert r.reference in email["Subject"]
    assert email["In-Reply-To"] == "<opening-7@fbi.gov>"
    assert email["Message-ID"] == sent.message_id
    assert [name for name, _, _ in out.attachments] == ["our-records.pdf"]

    from intake.routing import ingest

    result = ingest(
        reply(sender="dscully@fbi.gov", in_reply_to=sent.message_id, subject="Re: question"),
        source="test",
    )
    assert (result.outcome, result.reference) == ("attached", r.reference)

    open_page(page, r)
    incoming = page.locator('#agency li[data-direction="in"]').last
    assert "dscully@fbi.gov" in incoming.inner_text()
    assert "Re: question" in incoming.inner_text()
    line = page.locator('#timeline li[data-action="agency_message_sent"]').inner_text()
    assert "approver sent the message “Clarification” (written by reviewer)" in line
    assert "to dscully@fbi.gov" in line
    assert Event.objects.filter(request=r, action=EventKind.MESSAGE).count() == 1
