"""request_open(then=...): the rules' decision taken in the opening transaction records exactly
what request_open followed by request_validate or request_ask_info records."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import open_request
from triage import services
from triage.audit import chain_verify
from triage.models import Deadline, Event, Kind, Letter, Request, Status
from triage.services import InvalidInput

JUNE_2026 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.time_machine(JUNE_2026, tick=False)


def record(request: Request) -> dict[str, Any]:
    """Everything the two ways write, less what tells two requests apart."""
    request = Request.objects.get(pk=request.pk)
    return {
        "request": {
            name: getattr(request, name)
            for name in (
                "status",
                "notice",
                "status_changed_at",
                "response_paused_remaining",
                "approval_requested_by_id",
                "approval_requested_at",
            )
        },
        "events": [
            (e.actor_name, e.at, e.action, e.from_state, e.to_state, e.reason, e.data)
            for e in Event.objects.filter(request=request).order_by("seq")
        ],
        "deadlines": [
            (d.kind, d.due_at, d.done_at, d.outcome, d.basis)
            for d in Deadline.objects.filter(request=request).order_by("pk")
        ],
        "letters": [
            (x.kind, x.sequence, x.status, x.extra, x.created_at)
            for x in Letter.objects.filter(request=request).order_by("pk")
        ],
    }


@pytest.mark.parametrize("kind", [Kind.SUBPOENA, Kind.EMERGENCY])
def test_validated_on_opening_is_recorded_as_validated_after_it(db, kind):
    apart = services.request_validate(request=open_request(kind), by=None)
    together = open_request(kind, then=services.VALIDATE)

    assert together.status == apart.status == Status.VALIDATED
    assert record(together) == record(apart)


def test_a_deficiency_notice_on_opening_is_recorded_as_one_after_it(db):
    missing = ["badge", "phone"]
    apart = services.request_ask_info(request=open_request(), by=None, missing=missing)
    together = open_request(then=services.ASK_INFO, missing=missing)

    assert together.status == apart.status == Status.NEEDS_INFO
    assert record(together) == record(apart)


def test_the_chain_verifies_after_decisions_taken_on_opening(db):
    open_request(then=services.VALIDATE)
    open_request(then=services.ASK_INFO, missing=["badge"])
    open_request()

    assert chain_verify().intact
    assert list(Event.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


def test_a_deficiency_notice_without_what_is_missing_opens_nothing(db):
    with pytest.raises(InvalidInput):
        open_request(then=services.ASK_INFO, missing=[])
    assert not Request.objects.exists()


def test_opening_and_validating_costs_one_transaction_and_few_queries(db):
    open_request()  # the year's reference counter and the chain exist
    with CaptureQueriesContext(connection) as queries:
        open_request(then=services.VALIDATE)
    statements = [q["sql"] for q in queries.captured_queries]
    # counter, request, target, chain lock, chain head, event, deadlines, letter,
    # status, event: the request's row is not selected again, nor the chain's head.
    assert len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]) <= 10
    locks = sum(s.startswith("SELECT pg_advisory_xact_lock") for s in statements)
    assert locks == (1 if connection.vendor == "postgresql" else 0)
