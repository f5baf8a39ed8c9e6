"""The queue: open requests, most urgent first, filters, search, pages of 50, htmx swaps."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.web import sign_in
from triage import selectors, services
from triage.timers import deadline_sweep

pytestmark = pytest.mark.django_db

QUEUE = reverse("triage:queue")


def _refs(page: str) -> list[str]:
    return re.findall(r'href="/requests/(LER-\d{4}-\d{6})/"', page)


def _get(client, **params):
    return client.get(QUEUE, params).text


def test_signed_out_visitors_are_sent_to_sign_in(client):
    page = client.get(QUEUE)
    assert page.status_code == 302
    assert "login" in page["Location"]


def test_someone_outside_the_legal_team_is_refused(client, outsider):
    sign_in(client, outsider)
    assert client.get(QUEUE).status_code == 403


def test_the_queue_puts_emergencies_first_and_leaves_closed_requests_out(client, clerk):
    subpoena = request_in("in_review")
    emergency = request_in("received", kind="emergency")
    rejected = request_in("rejected")
    closed = services.request_close(request=rejected, by=None)
    sign_in(client, clerk)

    page = client.get(QUEUE).text

    assert page.index(emergency.reference) < page.index(subpoena.reference)
    assert closed.reference not in page


def test_after_emergencies_the_nearest_response_date_comes_first_then_the_oldest(client, clerk):
    today = timezone.localdate()
    later = open_request(response_due_date=today + timedelta(days=40))
    sooner = open_request(response_due_date=today + timedelta(days=20))
    undated_old = open_request(
        response_due_date=None, received_at=timezone.now() - timedelta(days=3)
    )
    undated_new = open_request(response_due_date=None)
    finished = request_in("rejected", response_due_date=today + timedelta(days=15))
    emergency = open_request(kind="emergency", response_due_date=None)
    sign_in(client, clerk)

    refs = _refs(client.get(QUEUE).text)

    expected = [emergency, sooner, later, undated_old, undated_new, finished]
    assert refs == [r.reference for r in expected]


def test_an_emergency_counts_down_to_its_next_open_deadline(client, clerk):
    emergency = open_request(kind="emergency", received_at=timezone.now() - timedelta(minutes=20))
    escalation = emergency.deadlines.get(kind="emergency_escalation")  # 30 min, before the ack
    sign_in(client, clerk)

    page = client.get(QUEUE).text

    assert f'data-due="{escalation.due_at.isoformat()}"' in page
    assert re.search(r">0:(09|10):\d\d left<", page)
    assert "lerq/countdown.js" in page


def test_a_late_emergency_says_how_late_it_is(client, clerk):
    open_request(kind="emergency", received_at=timezone.now() - timedelta(minutes=45))
    sign_in(client, clerk)

    page = client.get(QUEUE).text  # no sweep ran: the escalation is 15 minutes late

    assert re.search(r'class="countdown overdue"[^>]*>overdue by 0:1[45]:\d\d<', page)


def test_the_due_column_says_how_far_the_date_is(client, clerk):
    open_request(response_due_date=timezone.localdate() + timedelta(days=3))
    sign_in(client, clerk)

    assert "in 3 days" in client.get(QUEUE).text


def test_filters_narrow_the_queue(client, clerk):
    fbi = open_request(country="US")
    met = open_request(agency="Metropolitan Police Service", country="GB", kind="court_order")
    validated = request_in("validated", agency="Bundeskriminalamt", country="DE")
    sign_in(client, clerk)

    assert _refs(_get(client, kind="court_order")) == [met.reference]
    assert _refs(_get(client, country="gb")) == [met.reference]
    assert _refs(_get(client, agency="metropolitan")) == [met.reference]
    assert _refs(_get(client, status="validated")) == [validated.reference]
    assert set(_refs(_get(client, status="received"))) == {fbi.reference, met.reference}


def test_the_assignee_filter_finds_a_person_or_nobody(client, clerk, reviewer):
    mine = open_request()
    services.request_assign(request=mine, by=clerk, assignee=reviewer)
    nobody = open_request()
    sign_in(client, clerk)

    assert _refs(_get(client, assignee=reviewer.pk)) == [mine.reference]
    assert _refs(_get(client, assignee="unassigned")) == [nobody.reference]


def test_overdue_means_the_response_date_passed_and_nothing_was_answered(client, clerk):
    due = timezone.localdate() + timedelta(days=2)
    late = open_request(response_due_date=due)
    answered = request_in("rejected", response_due_date=due)
    open_request(response_due_date=due + timedelta(days=10))
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        sign_in(client, clerk)
        page = _get(client, overdue="on")

    assert _refs(page) == [late.reference]
    assert answered.reference not in page
    assert "overdue by 1 day" in page or "overdue by 2 days" in page


def test_a_request_is_overdue_before_the_sweep_has_acted_and_after(client, clerk):
    late = open_request(response_due_date=timezone.localdate() + timedelta(days=1))
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        sign_in(client, clerk)
        assert _refs(_get(client, overdue="on")) == [late.reference]  # timer open, due passed
        deadline_sweep()
        assert late.deadlines.get(kind="response_due").outcome == "acted"
        assert _refs(_get(client, overdue="on")) == [late.reference]


@pytest.mark.parametrize(
    "text",
    [
        "scully",
        "Federal Bureau",
        "LER-",
        "target@example",
        "203.0.113",
        "9876543",
        "meet-42",
        "host@",
        "register/xyz",
        "acct-77",
    ],
)
def test_search_finds_reference_agency_agent_and_every_target_identifier(client, clerk, text):
    found = open_request(
        targets=[
            {"type": "user", "email": "target@example.com", "ip": "203.0.113.7"},
            {"type": "account", "account_number": "ACCT-77", "user_id": "9876543"},
            {"type": "meeting", "meeting_id": "MEET-42", "host_email": "host@example.org"},
            {"type": "meeting", "url": "https://meet.example/register/xyz"},
        ]
    )
    other = open_request(
        agency="Gendarmerie nationale",
        agent_name="Jeanne Martin",
        agent_email="jmartin@gendarmerie.interieur.gouv.fr",
        targets=[{"type": "user", "user_id": "u-1"}],
    )
    sign_in(client, clerk)

    refs = _refs(_get(client, q=text))

    assert found.reference in refs
    if text != "LER-":
        assert other.reference not in refs


def test_search_by_full_reference_goes_straight_to_that_request(client, clerk):
    first, second = open_request(), open_request()
    sign_in(client, clerk)

    page = client.get(QUEUE, {"q": second.reference})

    assert page.status_code == 302
    assert page["Location"] == reverse("triage:request_detail", args=[second.reference])
    assert first.reference != second.reference


def test_fifty_requests_a_page_and_the_filters_stay_on_the_next(client, clerk):
    requests = [open_request(country="FR") for _ in range(52)]
    open_request(country="US")
    sign_in(client, clerk)

    first = client.get(QUEUE, {"country": "FR"}).text
    second = client.get(QUEUE, {"country": "FR", "page": 2}).text

    assert len(_refs(first)) == 50
    assert len(_refs(second)) == 2
    assert "52 requests" in first
    assert "country=FR&amp;page=2" in first
    assert set(_refs(first) + _refs(second)) == {r.reference for r in requests}


def test_htmx_gets_only_the_results_and_the_browser_the_whole_page(client, clerk):
    request_in("received")
    sign_in(client, clerk)

    partial = client.get(QUEUE, {"q": "scully"}, headers={"HX-Request": "true"})
    full = client.get(QUEUE, {"q": "scully"})

    assert "<html" not in partial.text and "<table" in partial.text
    assert '<form class="filters"' not in partial.text
    assert "<html" in full.text and 'hx-get="/"' in full.text and 'hx-push-url="true"' in full.text
    assert "HX-Request" in partial["Vary"] and "HX-Request" in full["Vary"]
    restore = client.get(
        QUEUE, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.text


def test_a_nonsense_filter_value_shows_an_error_not_a_crash(client, clerk):
    request_in("received")
    sign_in(client, clerk)

    page = client.get(QUEUE, {"status": "bogus"})

    assert page.status_code == 200
    assert _refs(page.text) == []
    assert "Select a valid choice" in page.text


def _fill(n: int, people: list) -> None:
    for i in range(n):
        kind = "emergency" if i % 10 == 0 else "subpoena"
        r = open_request(
            kind=kind,
            targets=[
                {"type": "user", "email": f"user{i}@example.com"},
                {"type": "account", "account_number": f"A{i}"},
            ],
        )
        if i % 4:
            services.request_assign(request=r, by=people[0], assignee=people[i % len(people)])


def test_the_queue_of_fifty_rows_costs_as_many_queries_as_a_queue_of_three(
    client, clerk, reviewer, approver, django_assert_max_num_queries
):
    """Sign-in checks (session, user, device, permissions), the assignee list, the person's
    saved filters, the count, the rows with their assignees, their targets, their timers, the
    navigation's count of my work, and the session's save."""
    _fill(3, [clerk, reviewer, approver])
    sign_in(client, clerk)
    with django_assert_max_num_queries(15) as few:
        client.get(QUEUE)
    _fill(52, [clerk, reviewer, approver])

    with django_assert_max_num_queries(15) as many:
        page = client.get(QUEUE)
    with django_assert_max_num_queries(15) as searched:
        found = client.get(
            QUEUE, {"q": "example.com", "kind": "subpoena", "assignee": "unassigned"}
        )

    assert len(_refs(page.text)) == 50
    assert len(_refs(found.text)) == 10
    assert len(many) == len(few) == len(searched)


def _plan(queryset, *, sort: bool = True) -> str:
    """The plan PostgreSQL would choose on a big table (in tests the tables are tiny)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not sort:  # only an index that gives the order can avoid the Sort node
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_on_postgresql_the_first_page_is_read_in_order_from_the_queue_index():
    open_request()
    plan = _plan(selectors.request_list_for_queue()[:50], sort=False)

    # The partial index or its every-state twin (0025_find_indexes): either gives the order;
    # which one the planner takes depends on the statistics other tests left behind.
    assert "request_queue_order_idx" in plan or "request_all_order_idx" in plan
    assert "Sort" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_on_postgresql_search_and_overdue_use_their_indexes():
    open_request()
    searched = _plan(
        selectors.request_search(selectors.request_list_all(), "scully").order_by().values("pk")
    )
    overdue = _plan(
        selectors.request_list_for_queue().filter(selectors.request_overdue_q(now=timezone.now()))
    )

    assert "request_search_text_trgm" in searched  # one index holds every searched value
    assert "deadline_overdue_idx" in overdue
