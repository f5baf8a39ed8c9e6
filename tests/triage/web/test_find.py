"""Finding any request, in any state, from the queue's search box and status filter (issue 18)."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import open_request, request_in
from tests.web import sign_in
from triage import selectors, services
from triage.models import Matter, Request, Target

pytestmark = pytest.mark.django_db

QUEUE = reverse("triage:queue")


def _refs(page: str) -> list[str]:
    return re.findall(r'href="/requests/(LER-\d{4}-\d{6})/"', page)


def _closed(**fields) -> Request:
    return services.request_close(request=request_in("rejected", **fields), by=None)


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "{bare}", "  {ref} "])
def test_the_exact_reference_of_a_closed_request_goes_straight_to_it(client, clerk, typed):
    closed = _closed()
    sign_in(client, clerk)
    ref = closed.reference
    text = typed.format(ref=ref, lower=ref.lower(), bare=ref.removeprefix("LER-"))

    page = client.get(QUEUE, {"q": text, "status": "open"})

    assert page.status_code == 302
    assert page["Location"] == reverse("triage:request_detail", args=[ref])


def test_typing_the_exact_reference_in_the_page_loads_the_request(client, clerk):
    closed = _closed()
    sign_in(client, clerk)

    page = client.get(QUEUE, {"q": closed.reference}, headers={"HX-Request": "true"})

    assert page["HX-Redirect"] == reverse("triage:request_detail", args=[closed.reference])


def test_a_reference_nobody_has_is_searched_and_says_nothing_matches(client, clerk):
    open_request()
    sign_in(client, clerk)

    page = client.get(QUEUE, {"q": "LER-1999-000001"})

    assert page.status_code == 200
    assert _refs(page.text) == []
    assert "No request matches these filters." in page.text
    assert "No open request" not in page.text


def test_a_search_finds_closed_requests_by_target_email_and_by_agency(client, clerk):
    closed = _closed(
        agency="Landeskriminalamt Berlin", targets=[{"type": "user", "email": "gone@mail.example"}]
    )
    other = open_request()
    sign_in(client, clerk)

    assert _refs(client.get(QUEUE, {"q": "gone@mail"}).text) == [closed.reference]
    assert _refs(client.get(QUEUE, {"q": "kriminalamt"}).text) == [closed.reference]
    assert closed.reference not in client.get(QUEUE).text  # the working list leaves it out
    assert other.reference in client.get(QUEUE).text


@pytest.mark.parametrize(
    "text", ["agent.smith@police.example", "CASE-2026-77", "Operation Lantern"]
)
def test_a_search_finds_agent_email_case_number_and_matter(client, clerk, text):
    found = open_request(
        agent_name="Agent Smith",
        agent_email="agent.smith@police.example",
        case_number="case-2026-77",
    )
    Request.objects.filter(pk=found.pk).update(
        matter=Matter.objects.create(title="Operation Lantern")
    )
    other = open_request()
    sign_in(client, clerk)

    refs = _refs(client.get(QUEUE, {"q": text.lower()}).text)

    assert refs == [found.reference]
    assert other.reference not in refs


def test_open_means_an_answer_is_still_owed_and_finished_groups_the_rest(client, clerk):
    received = open_request()
    in_review = request_in("in_review")
    rejected = request_in("rejected")
    released = request_in("released", kind="preservation")
    closed = _closed()
    sign_in(client, clerk)

    def shown(status: str) -> set[str]:
        return set(_refs(client.get(QUEUE, {"status": status}).text))

    assert shown("open") == {received.reference, in_review.reference}
    assert shown("finished") == {rejected.reference, released.reference, closed.reference}
    assert shown("closed") == {closed.reference}
    assert shown("rejected") == {rejected.reference}
    everything = {r.reference for r in (received, in_review, rejected, released, closed)}
    assert shown("any") == everything
    assert set(_refs(client.get(QUEUE).text)) == everything - {closed.reference}


def test_the_status_filter_offers_the_groups_and_every_state(client, clerk):
    sign_in(client, clerk)

    page = client.get(QUEUE).text

    for value in ("open", "finished", "any", "closed", "disclosed", "received"):
        assert f'<option value="{value}"' in page
    assert "Open requests" not in page  # the default list holds finished ones too


def test_the_empty_sentence_fits_the_filter(client, clerk):
    sign_in(client, clerk)

    assert "No request matches these filters." in client.get(QUEUE, {"status": "closed"}).text
    assert "Nothing open." in client.get(QUEUE).text


def test_an_overlong_search_is_refused_not_run(client, clerk):
    open_request()
    sign_in(client, clerk)

    page = client.get(QUEUE, {"q": "x" * 5000})

    assert page.status_code == 200
    assert _refs(page.text) == []
    assert "at most 200 characters" in page.text


def test_my_work_searches_my_closed_requests_too(client, clerk, reviewer):
    mine = request_in("rejected")
    services.request_assign(request=mine, by=clerk, assignee=reviewer)
    mine = services.request_close(request=Request.objects.get(pk=mine.pk), by=None)
    sign_in(client, reviewer)

    page = client.get(reverse("triage:my_work"), {"q": "scully"}).text

    assert _refs(page) == [mine.reference]


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
def test_on_postgresql_the_search_in_every_state_is_one_trigram_index_scan():
    open_request()
    found = selectors.request_search(selectors.request_list_all(), "lantern")
    plan = _plan(found.order_by().values("pk"))  # as the count reads it

    assert "request_search_text_trgm" in plan
    assert "triage_target" not in plan and "triage_matter" not in plan


def test_the_search_follows_corrected_targets_and_a_renamed_matter(client, clerk):
    found = open_request(targets=[{"type": "user", "email": "old@mail.example"}])
    sign_in(client, clerk)
    target = found.targets.get()
    target.email = "new@mail.example"
    target.save()
    Target.objects.create(request=found, type="account", account_number="ACCT-314")
    matter = Matter.objects.create(title="Operation Lantern")
    Request.objects.filter(pk=found.pk).update(matter=matter)
    matter.title = "Operation Beacon"
    matter.save()

    def refs(text: str) -> list[str]:
        return _refs(client.get(QUEUE, {"q": text}).text)

    assert refs("new@mail") == [found.reference]
    assert refs("acct-314") == [found.reference]
    assert refs("beacon") == [found.reference]
    assert refs("old@mail") == refs("lantern") == []
    Target.objects.filter(account_number="ACCT-314").delete()
    assert refs("acct-314") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_on_postgresql_a_status_filter_reads_its_first_page_in_order_from_an_index():
    open_request()
    finished = selectors.request_status_filter(selectors.request_list_all(), "finished")

    assert "request_all_order_idx" in _plan(finished[:50], sort=False)


def test_the_search_follows_a_corrected_agency_and_case_number(client, clerk):
    found = open_request(agency="Old Agency", case_number="OLD-1")
    services.request_update_fields(
        request=found,
        by=clerk,
        changes={"agency": "Politie Nederland", "case_number": "NEW-2"},
        seen_status=found.status,
    )
    sign_in(client, clerk)

    assert _refs(client.get(QUEUE, {"q": "politie"}).text) == [found.reference]
    assert _refs(client.get(QUEUE, {"q": "new-2"}).text) == [found.reference]
    assert _refs(client.get(QUEUE, {"q": "old agency"}).text) == []
