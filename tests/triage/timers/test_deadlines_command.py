"""`manage.py deadlines`: what is coming, in due order; with --json one object per line with
exactly reference, kind, due_at (ISO 8601, UTC) and done_at; --due-before filters."""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import open_request, request_in
from tests.triage.timers.helpers import at, paris
from triage import services
from triage.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

NOW = paris(2026, 5, 4, 10, 0)


@pytest.fixture
def two_requests():
    """One with its response timers ahead (2026), one closed with its retention ahead (2033)
    and its response timers done (cancelled)."""
    with at(NOW):
        coming = open_request(response_due_date=date(2026, 6, 15))
        closed = request_in("in_review", response_due_date=date(2026, 6, 30))
        closed = services.request_reject(request=closed, by=None, reasons=["overbroad"])
        services.request_close(request=closed, by=None)
    return coming, closed


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue().splitlines()


def test_json_gives_one_object_per_line_with_exactly_the_four_fields(two_requests):
    lines = run("--json")

    rows = [json.loads(line) for line in lines]
    assert len(rows) == Deadline.objects.count() == 7
    assert all(set(row) == {"reference", "kind", "due_at", "done_at"} for row in rows)
    assert {row["kind"] for row in rows} <= set(DeadlineKind.values)


def test_json_times_are_iso_8601_in_utc_and_match_the_deadlines(two_requests):
    coming, closed = two_requests

    rows = [json.loads(line) for line in run("--json")]

    expected = [
        (d.request.reference, d.kind, d.due_at, d.done_at)
        for d in Deadline.objects.select_related("request").order_by("due_at", "pk")
    ]
    got = []
    for row in rows:
        due = datetime.fromisoformat(row["due_at"])
        assert due.utcoffset().total_seconds() == 0
        done = datetime.fromisoformat(row["done_at"]) if row["done_at"] else None
        assert done is None or done.utcoffset().total_seconds() == 0
        got.append((row["reference"], row["kind"], due, done))
    assert got == expected
    response_due = next(
        r for r in rows if r["reference"] == coming.reference and (r["kind"] == "response_due")
    )
    assert response_due["due_at"] == "2026-06-15T21:59:59.999999Z"
    assert response_due["done_at"] is None
    cancelled = [r for r in rows if r["reference"] == closed.reference and r["done_at"]]
    assert {r["done_at"] for r in cancelled} == {NOW.astimezone(UTC).isoformat()[:-6] + "Z"}


def test_due_before_leaves_out_what_is_due_later(two_requests):
    rows = [json.loads(line) for line in run("--json", "--due-before", "2027-01-01")]

    assert rows
    assert "retention_purge" not in {r["kind"] for r in rows}
    assert all(r["due_at"] < "2027" for r in rows)
    everything = [json.loads(line) for line in run("--json")]
    assert [r for r in everything if r["due_at"] < "2027"] == rows
    assert [r["kind"] for r in everything if r not in rows] == ["retention_purge"]


def test_due_before_a_date_in_the_past_lists_nothing(two_requests):
    assert run("--json", "--due-before", "2026-01-01") == []


def test_due_before_refuses_what_is_not_a_date(two_requests):
    with pytest.raises(CommandError, match="not a date"):
        run("--due-before", "next tuesday")


def test_without_json_each_line_reads_for_a_person(two_requests):
    coming, _ = two_requests

    lines = run("--due-before", "2027-01-01")

    assert f"2026-06-15 23:59 CEST  {coming.reference}  Response due" in "\n".join(lines)
    assert all(("open" in line) or ("done cancelled" in line) for line in lines)
