"""The pages the team uses besides the request page work under the Content-Security-Policy
(issue 15): the queue's filters (htmx), the dashboard, the transparency report's charts and
the administration. The fixture fails the test on any CSP violation the browser reports."""

import pytest
from django.utils import timezone

from tests.triage.services.helpers import asked
from triage.reports import half_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_queue_filters_in_place_with_htmx(sign_in_as, reviewer):
    r = asked()
    page = sign_in_as(reviewer)

    page.goto("/")
    page.fill("#id_q", "no such request anywhere")
    page.wait_for_function(
        "ref => !document.querySelector('#results').textContent.includes(ref)", arg=r.reference
    )
    assert "q=no%20such%20request" in page.url  # hx-push-url: htmx swapped the results in place

    page.fill("#id_q", r.reference[:8])  # part of a reference: the rows that match, in place
    page.locator(f"#results >> text={r.reference}").wait_for()
    page.fill("#id_q", r.reference)  # the whole reference: straight to the request
    page.wait_for_url(f"**{r.get_absolute_url()}")


def test_the_dashboard_and_the_report_with_its_charts(sign_in_as, reviewer):
    asked()  # the half under way has a request: an empty half has no charts
    page = sign_in_as(reviewer)

    page.goto("/dashboard/")
    page.goto(f"/reports/transparency/?half={half_of(timezone.localdate())}")
    charts = page.locator("img.chart-image")
    assert charts.count() == 3
    widths = charts.evaluate_all("images => images.map(i => i.naturalWidth)")
    assert all(width > 0 for width in widths)  # the SVG images decoded


def test_the_administration_index_and_a_change_list(sign_in_as, admin_user):
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    asked()
    page = sign_in_as(admin_user)

    page.goto("/admin/")
    page.locator("#content-main").wait_for()
    page.goto("/admin/triage/request/")
    page.locator("#changelist").wait_for()
    page.goto("/admin/intake/governmentdomain/add/")  # a form with the admin's scripts
    page.locator("#content-main form").wait_for()
