"""The pages read their rows in a fixed number of queries, however many rows there are (issue
18: at 100,000 requests a query per row is what makes a page slow). Each test loads a page,
adds rows of every kind the page shows, and loads it again: the count must not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import open_request
from tests.triage.services.helpers import asked
from tests.web import sign_in
from triage import services

pytestmark = pytest.mark.django_db


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url, params or {})
    assert page.status_code == 200
    return len(ctx.captured_queries)


def _assigned(to, *, by, agency: str = "Federal Bureau of Investigation"):
    request = open_request(
        agency=agency,
        targets=[
            {"type": "user", "email": "first@example.com"},
            {"type": "account", "account_number": "ACCT-1234567"},
        ],
    )
    return services.request_assign(request=request, by=by, assignee=to)


def test_my_work_of_an_approver_reads_the_same_number_of_queries_for_more_work(
    client, clerk, reviewer, second_reviewer, approver
):
    asked(by=reviewer)
    _assigned(approver, by=clerk)
    sign_in(client, approver)
    mine = reverse("triage:my_work")
    few = _queries(client, mine)

    for asker in (reviewer, second_reviewer, reviewer):
        asked(by=asker)
        _assigned(approver, by=clerk)
    many = _queries(client, mine)

    assert many == few


def test_an_all_states_search_reads_the_same_number_of_queries_for_more_matches(
    client, clerk, reviewer
):
    _assigned(reviewer, by=clerk, agency="Metropolitan Police Service")
    sign_in(client, reviewer)
    queue = reverse("triage:queue")
    few = _queries(client, queue, {"q": "metropolitan"})

    for _ in range(3):
        _assigned(clerk, by=clerk, agency="Metropolitan Police Service")
        asked(agency="Metropolitan Police Service")
    many = _queries(client, queue, {"q": "metropolitan"})

    assert many == few
