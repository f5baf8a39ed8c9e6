"""A note mentioning a colleague mails them (issue #18 "Must be shown"): a reviewer signs in,
writes "@approver please look" in the request's Notes, the note appears with the mention
highlighted and the record says it in words, and the approver's mail with the request's link
is in the outbox."""

import pytest
from django.conf import settings

from tests.factories import request_in
from triage.models import Event, EventKind, OutboundMail

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "@approver please look"


def test_a_reviewer_writes_a_note_mentioning_the_approver_who_is_mailed_a_link(
    sign_in_as, reviewer, approver
):
    r = request_in("in_review")
    page = sign_in_as(reviewer)

    page.goto(r.get_absolute_url())
    page.get_by_label("Note for the team").fill(NOTE)
    page.locator("#note-add").click()
    page.wait_for_load_state()

    note = page.locator("#notes li.note").last
    assert note.locator(".note-author").inner_text() == "reviewer"
    assert note.locator(".note-text").inner_text() == NOTE
    assert note.locator("mark.mention").inner_text() == "@approver"
    assert "Mailed a link to: approver." in page.locator(".messages").inner_text()
    line = page.locator('#timeline li[data-action="note"]').inner_text()
    assert "reviewer wrote a note, mentioning approver." in line
    assert Event.objects.get(request=r, action=EventKind.NOTE).reason == NOTE
    (mail,) = OutboundMail.objects.filter(request=r, template="note_mention")
    assert mail.to == [approver.email]
    link = settings.LERQ_BASE_URL.rstrip("/") + r.get_absolute_url()
    assert link in mail.body_text
