"""A clerk reviews a drafted deficiency notice in a real browser (issue 16 "Must be shown"):
intake proposed two items, one of them wrong; the clerk unticks it, asks, reads the draft as it
will be sent, adds a paragraph and sends it."""

import pytest

from tests.factories import open_request
from tests.triage.services.helpers import fresh
from triage import rules
from triage.models import Letter, LetterStatus, Status

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = "A call to the number on your letter reached the switchboard only."


def test_a_clerk_unticks_a_wrong_item_reads_the_draft_and_sends_it(sign_in_as, clerk):
    r = open_request(
        proposed=[
            {"name": "badge", "sentence": rules.SENTENCES["badge"]},
            # Wrong: the request is on the agency's letterhead; intake misread it.
            {"name": "letterhead", "sentence": rules.SENTENCES["letterhead"]},
        ]
    )
    page = sign_in_as(clerk)
    page.goto(r.get_absolute_url())

    assert "nothing has been sent" in page.locator("#proposal").inner_text()
    page.locator('details[data-action="ask_info"] summary').click()
    assert page.locator('[name="missing"][value="badge"]').is_checked()
    letterhead = page.locator('[name="missing"][value="letterhead"]')
    assert letterhead.is_checked()
    letterhead.uncheck()
    page.click('button[data-action="ask_info"]')
    page.wait_for_load_state()

    assert page.locator("#request").get_attribute("data-status") == Status.NEEDS_INFO
    letter = Letter.objects.get(request=r, kind="deficiency")
    assert letter.status == LetterStatus.DRAFT
    assert "1 letter draft waits" in page.locator("#drafts-waiting").inner_text()
    draft = page.frame_locator(f'.draft[data-letter="{letter.pk}"] iframe.letter-preview')
    text = " ".join(draft.locator("body").inner_text().split())
    assert rules.SENTENCES["badge"] in text
    assert rules.SENTENCES["letterhead"] not in text

    page.fill(f'.draft[data-letter="{letter.pk}"] textarea[name="paragraph"]', PARAGRAPH)
    page.click(f'button[data-action="letter_paragraph-{letter.pk}"]')
    page.wait_for_load_state()
    draft = page.frame_locator(f'.draft[data-letter="{letter.pk}"] iframe.letter-preview')
    assert PARAGRAPH in draft.locator("body").inner_text()
    page.click(f'button[data-action="letter_send-{letter.pk}"]')
    page.wait_for_load_state()

    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status != LetterStatus.DRAFT  # queued for the worker (or already sent)
    assert letter.paragraph == PARAGRAPH and letter.released_by == clerk
    assert page.locator("#drafts").count() == 0
    assert fresh(r).status == Status.NEEDS_INFO
