"""My work: the queue of the requests assigned to the signed-in person."""

import re

import pytest
from django.urls import reverse

from tests.factories import open_request
from tests.web import sign_in
from triage import services

pytestmark = pytest.mark.django_db

MINE = reverse("triage:my_work")


def _refs(page: str) -> list[str]:
    return re.findall(r'href="/requests/(LER-\d{4}-\d{6})/"', page)


def test_my_work_shows_only_what_is_assigned_to_me_most_urgent_first(client, clerk, reviewer):
    subpoena = open_request()
    emergency = open_request(kind="emergency")
    theirs = open_request()
    open_request()  # nobody's
    for request in (subpoena, emergency):
        services.request_assign(request=request, by=clerk, assignee=reviewer)
    services.request_assign(request=theirs, by=clerk, assignee=clerk)
    sign_in(client, reviewer)

    page = client.get(MINE).text

    assert _refs(page) == [emergency.reference, subpoena.reference]
    assert "My work" in page
    assert 'name="assignee"' not in page  # the assignee is me


def test_my_work_filters_and_searches_like_the_queue(client, clerk, reviewer):
    fbi = open_request()
    met = open_request(agency="Metropolitan Police Service", country="GB")
    for request in (fbi, met):
        services.request_assign(request=request, by=clerk, assignee=reviewer)
    sign_in(client, reviewer)

    assert _refs(client.get(MINE, {"q": "metropolitan"}).text) == [met.reference]
    partial = client.get(MINE, {"country": "US"}, headers={"HX-Request": "true"}).text
    assert _refs(partial) == [fbi.reference]
    assert "<html" not in partial


def test_nothing_assigned_says_so(client, clerk):
    open_request()
    sign_in(client, clerk)

    page = client.get(MINE)

    assert page.status_code == 200
    assert _refs(page.text) == []
    assert "Nothing open." in page.text
