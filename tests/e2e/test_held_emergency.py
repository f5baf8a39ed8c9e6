"""An emergency without the subject line appears first, with its clock (issue 16 "Must be
shown"): held for routing, it tops the needs-routing list with a running count-down, and the
dashboard's "Emergencies open" links to it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.intake.held_emergency import TRUSTED, child_in_danger_eml, ingested, note_eml

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = TRUSTED
    settings.LERQ_EMERGENCY_ACK_MINUTES = 60
    settings.LERQ_EMERGENCY_ESCALATION_MINUTES = 30


def test_an_emergency_without_the_subject_line_appears_first_with_its_clock(sign_in_as, clerk):
    now = timezone.now()
    emergency = ingested(child_in_danger_eml(now - timedelta(minutes=5)))
    newer = ingested(note_eml(now - timedelta(minutes=1)))
    page = sign_in_as(clerk)

    page.goto("/dashboard/")
    page.locator(".tile .held-count").wait_for()
    assert page.locator(".tile .held-count").inner_text().startswith("+ 1 held for routing")
    link = page.locator(f'#emergencies a[href$="#held-{emergency.pk}"]')
    link.wait_for()  # loaded by htmx into the card
    link.click()
    page.wait_for_load_state()

    rows = page.locator("table.needs-routing tbody tr")
    assert rows.nth(0).get_attribute("id") == f"held-{emergency.pk}"
    assert rows.nth(1).get_attribute("id") == f"held-{newer.pk}"
    first = rows.nth(0)
    assert first.get_attribute("data-emergency") == "1"
    clock = first.locator(".countdown")
    # countdown.js counts down to the first escalation, 25 minutes away.
    page.wait_for_function("el => el.textContent.endsWith(' left')", arg=clock.element_handle())
    assert clock.inner_text().startswith(("24:", "25:"))
    assert "Emergency escalation" in first.inner_text()
    assert rows.nth(1).locator(".countdown").count() == 0
