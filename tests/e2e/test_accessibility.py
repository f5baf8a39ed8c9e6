"""Every page at 390 px and with a keyboard (issue 18): the queue fits a phone's width, and
axe-core finds no serious or critical violation of WCAG 2.1 AA on the pages the team lives in."""

import pytest
from django.utils import timezone

from tests.e2e.axe import axe_violations, serious, unlabelled_inputs
from tests.factories import open_request
from tests.intake.held_emergency import TRUSTED, ingested, note_eml
from tests.triage.services.helpers import asked
from triage.models import Kind
from triage.reports import half_of

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _queue_with_every_column_filled() -> None:
    open_request(
        kind=Kind.EMERGENCY,
        agency="Federal Bureau of Investigation, Washington Field Office",
        agent_name="Special Agent Dana Whitfield-Montgomery",
    )
    asked(agency="Police nationale, Direction centrale de la police judiciaire")


def test_the_queue_has_no_horizontal_scroll_at_390_px(sign_in_as, reviewer):
    _queue_with_every_column_filled()
    page = sign_in_as(reviewer)
    page.set_viewport_size(PHONE)

    page.goto("/")
    page.locator("#results tbody tr").first.wait_for()
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"]
    assert width <= inner, f"the queue is {width} px wide in a {inner} px window"


def test_the_other_pages_fit_390_px_too(sign_in_as, reviewer):
    _queue_with_every_column_filled()
    r = asked()
    page = sign_in_as(reviewer)
    page.set_viewport_size(PHONE)

    too_wide = {}
    for url in (
        "/mine/",
        "/dashboard/",
        r.get_absolute_url(),
        f"/reports/transparency/?half={half_of(timezone.localdate())}",
    ):
        page.goto(url)
        page.locator("main").wait_for()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width

    assert too_wide == {}


def test_a_keyboard_user_skips_to_the_content_and_sees_where_the_focus_is(sign_in_as, reviewer):
    page = sign_in_as(reviewer)
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_violation_on_the_pages_the_team_uses(sign_in_as, reviewer, width):
    _queue_with_every_column_filled()
    r = asked()
    page = sign_in_as(reviewer)
    page.set_viewport_size({"width": width, "height": 900})
    pages = {
        "queue": "/",
        "request": r.get_absolute_url(),
        "dashboard": "/dashboard/",
        "report": f"/reports/transparency/?half={half_of(timezone.localdate())}",
    }

    found = {}
    for name, url in pages.items():
        page.goto(url)
        page.locator("main").wait_for()
        found[name] = serious(axe_violations(page)) + unlabelled_inputs(page)

    assert found == {name: [] for name in pages}


def test_axe_finds_no_serious_violation_where_the_approver_approves(sign_in_as, approver):
    # Approval is given on the request page, awaiting approval, as the approver sees it.
    r = asked()
    page = sign_in_as(approver)

    page.goto(r.get_absolute_url())
    page.locator('details[data-action="approve"] summary').click()  # the memo and the button
    page.locator('button[data-action="approve"]').wait_for()

    assert serious(axe_violations(page)) + unlabelled_inputs(page) == []


def test_axe_finds_no_serious_violation_on_the_clerks_pages(sign_in_as, clerk, settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = TRUSTED
    held = ingested(note_eml(timezone.now()))  # a message held for routing, with its forms
    page = sign_in_as(clerk)

    found = {}
    for url in ("/", "/mine/", "/intake/routing/", "/intake/new/"):
        page.goto(url)
        page.locator("main").wait_for()
        found[url] = serious(axe_violations(page)) + unlabelled_inputs(page)
    page.goto("/intake/routing/")
    assert page.locator(f"#held-{held.pk} input[name=reason]").count() == 1

    assert found == {url: [] for url in found}


def test_the_browser_finds_the_favicon_the_pages_name(sign_in_as, reviewer):
    page = sign_in_as(reviewer)

    with page.expect_response(lambda response: "favicon" in response.url) as icon:
        page.goto("/")

    assert icon.value.url.endswith("/static/lerq/favicon.svg")
    assert icon.value.status == 200
