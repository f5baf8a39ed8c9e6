"""A person subscribes their calendar to their deadlines: the link is made from the dashboard in
a real browser, and a calendar program (no session, no cookies) reads it; a new link revokes
the old one."""

import urllib.error
import urllib.request

import pytest

from tests.factories import open_request
from triage import services

pytestmark = pytest.mark.django_db(transaction=True)


def _fetch_without_session(base_url: str, path: str) -> tuple[int, str]:
    """As a calendar program fetches it: no cookies, no session."""
    try:
        with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_reviewer_subscribes_and_a_new_link_revokes_the_old(sign_in_as, reviewer, live_server):
    r = open_request()
    services.request_assign(request=r, by=reviewer, assignee=reviewer)
    page = sign_in_as(reviewer)

    page.goto("/dashboard/")
    page.click("text=my deadlines in my calendar")
    page.click('[data-action="calendar_new"]')
    first = page.input_value("#calendar-url")
    page.click('[data-action="calendar_new"]')
    second = page.input_value("#calendar-url")

    old = first[first.index("/calendar/") :]
    new = second[second.index("/calendar/") :]
    status, text = _fetch_without_session(live_server.url, new)
    assert status == 200 and f"SUMMARY:{r.reference}: Response due" in text
    assert _fetch_without_session(live_server.url, old)[0] == 404
