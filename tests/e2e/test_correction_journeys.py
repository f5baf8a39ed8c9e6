"""Correcting what lerq read, in a real browser (issue #16 "Must be shown"): a reviewer
corrects a kind and sees the disclosure letter's wording change; a reviewer validates an
incomplete request with an override reason that the page then shows."""

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import fresh
from triage.models import Kind, Status

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_corrects_a_kind_and_sees_the_letter_change(sign_in_as, reviewer):
    r = request_in("in_review", Kind.COURT_ORDER)
    page = sign_in_as(reviewer)
    page.goto(r.get_absolute_url())
    opening = page.locator("#package .letter-opening")
    assert "In response to your court order" in opening.inner_text()

    page.locator("details.edit-kind summary").click()
    page.select_option('details.edit-kind [name="kind"]', Kind.SUBPOENA)
    page.fill('details.edit-kind [name="note"]', "A grand-jury subpoena, not an order.")
    page.click('button[data-action="kind"]')
    page.wait_for_load_state()

    assert "In response to your subpoena" in opening.inner_text()
    assert "A grand-jury subpoena, not an order." in page.locator("#timeline").inner_text()
    assert fresh(r).kind == Kind.SUBPOENA


def test_a_reviewer_validates_an_incomplete_request_with_an_override(sign_in_as, reviewer):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    page = sign_in_as(reviewer)
    page.goto(r.get_absolute_url())

    page.locator('details[data-action="validate"] summary').click()
    page.fill('details[data-action="validate"] [name="override"]', "Badge confirmed by phone.")
    page.click('button[data-action="validate"]')
    page.wait_for_load_state()

    assert page.locator("#request").get_attribute("data-status") == Status.VALIDATED
    assert "Badge confirmed by phone." in page.locator("#fields .overrides").inner_text()
