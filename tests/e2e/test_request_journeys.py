"""The legal team's journeys through the request page, in a real browser (issue #8 "Must be
shown"): a preservation to its extension; a subpoena through review, a second person's
approval, notice, disclosure and close; an emergency acknowledged within its hour; a clerk
who sees no approve button and is refused when posting it anyway."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import open_request
from tests.triage.services.helpers import asked, fresh
from triage.models import CallBack, Deadline, DeadlineKind, Kind, Notice, Request, Status

pytestmark = pytest.mark.django_db(transaction=True)


def press(page, action: str) -> None:
    """Press the button of ``action``; if it asks for something first, open its form."""
    button = page.locator(f'button[data-action="{action}"]')
    details = page.locator(f'details[data-action="{action}"]')
    if details.count() and not details.first.get_attribute("open"):
        details.locator("summary").click()
    button.click()
    page.wait_for_load_state()


def status_of(page) -> str:
    return page.locator("#request").get_attribute("data-status")


def test_a_preservation_from_arrival_to_its_extension(sign_in_as, reviewer):
    original = open_request(Kind.PRESERVATION)
    page = sign_in_as(reviewer)

    page.goto(original.get_absolute_url())
    press(page, "validate")
    assert status_of(page) == Status.VALIDATED
    press(page, "preserve")
    assert status_of(page) == Status.PRESERVED
    assert page.locator('#deadlines [data-kind="hold_end"]').count() == 1

    extension = open_request(Kind.PRESERVATION_EXTENSION, original=fresh(original))
    page.goto(extension.get_absolute_url())
    assert page.locator(f'#linked a[href="{original.get_absolute_url()}"]').count() == 1
    press(page, "validate")
    page.goto(original.get_absolute_url())
    page.locator('details[data-action="extend"] summary').click()
    page.select_option('[name="extension"]', extension.reference)
    page.click('button[data-action="extend"]')

    assert status_of(page) == Status.EXTENDED
    assert page.locator('#deadlines [data-kind="extension_end"]').count() == 1
    assert fresh(extension).status == Status.CLOSED
    assert fresh(original).hold.extension_id == extension.pk


def test_a_subpoena_through_review_a_second_persons_approval_notice_disclosure_and_close(
    sign_in_as, settings, clerk, reviewer, approver
):
    # The user's objection window is configurable; here it closes as soon as notice is sent.
    settings.LERQ_OBJECTION_WINDOW_DAYS = 0
    r = open_request(Kind.SUBPOENA)

    page = sign_in_as(clerk)
    page.goto(r.get_absolute_url())
    press(page, "validate")
    assert status_of(page) == Status.VALIDATED

    page = sign_in_as(reviewer)
    page.goto(r.get_absolute_url())
    press(page, "start_review")
    # Nothing is approved before the package is: here, a reasoned "nothing to produce".
    page.locator('details[data-action="no_data"] summary').click()
    page.fill('#package [name="reason"]', "No account is registered to the target's address.")
    page.click('button[data-action="no_data"]')
    page.wait_for_load_state()
    press(page, "submit_for_approval")
    assert "asked by reviewer" in page.locator("#approval").inner_text()
    assert page.locator('button[data-action="approve"]').count() == 0

    boss = sign_in_as(approver)
    boss.goto(r.get_absolute_url())
    assert "Nothing is produced" in boss.locator("#package").inner_text()
    press(boss, "approve")
    assert status_of(boss) == Status.APPROVED

    page.goto(r.get_absolute_url())
    press(page, "notice_send")  # lerq drafts the notice; the reviewer reads it as it will leave
    assert page.locator("#request").get_attribute("data-notice") == Notice.NOT_DECIDED
    assert page.locator("#notice-draft").is_visible()
    press(page, "notice_send_draft")
    assert page.locator("#request").get_attribute("data-notice") == Notice.SENT
    press(page, "disclose")
    assert status_of(page) == Status.DISCLOSED
    press(page, "close")

    assert status_of(page) == Status.CLOSED
    done = fresh(r)
    assert (done.approval_requested_by, done.approved_by) == (reviewer, approver)
    timeline = page.locator("#timeline").inner_text()
    assert "approver" in timeline and "Disclosed" in timeline


def test_an_emergency_is_acknowledged_within_its_hour_and_called_back(sign_in_as, reviewer):
    r = open_request(Kind.EMERGENCY, received_at=timezone.now() - timedelta(minutes=10))
    page = sign_in_as(reviewer)

    page.goto(r.get_absolute_url())
    assert "Emergency to acknowledge" in page.locator("#next-deadlines").inner_text()
    press(page, "start_review")
    assert status_of(page) == Status.IN_REVIEW
    header = page.locator("#next-deadlines").inner_text()
    assert "Emergency escalation" in header and "acknowledge" not in header
    page.locator("#callbacks summary").click()
    page.fill('[name="number_called"]', "+1 202 324 3000")
    page.fill('[name="number_source"]', "fbi.gov field office contact page")
    page.fill('[name="person_reached"]', "Duty supervisor R. Diaz")
    page.check('[name="outcome"][value="confirmed"]')
    page.fill('[name="details"]', "The request and the threat are real.")
    page.click('button[data-action="callback"]')

    assert "Duty supervisor R. Diaz" in page.locator("#callbacks").inner_text()
    ack = Deadline.objects.get(request=r, kind=DeadlineKind.EMERGENCY_ACK)
    assert ack.done_at is not None and ack.done_at < ack.due_at
    assert CallBack.objects.filter(request=r, recorded_by=reviewer).count() == 1


def test_a_clerk_sees_no_approve_button_and_a_post_to_approve_is_refused(sign_in_as, clerk):
    r = asked()
    page = sign_in_as(clerk)

    page.goto(r.get_absolute_url())
    assert page.locator('button[data-action="approve"]').count() == 0
    headers = json.loads(page.locator("body").get_attribute("hx-headers"))
    response = page.request.post(
        f"/requests/{r.reference}/act/approve/",
        form={"seen_status": r.status, "seen_notice": r.notice},
        headers={"X-CSRFToken": headers["X-CSRFToken"]},
    )

    assert response.status == 403
    assert Request.objects.get(pk=r.pk).status == Status.IN_REVIEW
