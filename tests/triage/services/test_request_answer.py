"""request_answer: the agency answered a deficiency notice; needs_info → received."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    cancelled_kinds,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Status
from triage.services import ActionNotPermitted

ACTION = "agency answered"
OPENED = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("role", ["clerk", "reviewer", "approver"])
def test_the_answer_sends_the_request_back_to_be_checked_again(request, role):
    user = request.getfixturevalue(role)
    r = request_in("needs_info")
    since = last_seq()

    services.request_answer(request=r, by=user, note="Badge number supplied.")

    assert fresh(r).status == Status.RECEIVED
    assert said(the_one_event_since(since)) == (
        "answer",
        "needs_info",
        "received",
        user.get_username(),
        "Badge number supplied.",
    )


def test_the_answer_stops_the_agency_answer_window_and_restarts_the_response_clock(
    clerk, time_machine
):
    time_machine.move_to(OPENED, tick=False)
    r = open_request(response_due_date=date(2026, 7, 1))
    time_machine.move_to(OPENED + timedelta(days=5), tick=False)
    r = services.request_ask_info(request=r, by=clerk, missing=["badge"])
    left = fresh(r).response_paused_remaining
    answered_at = OPENED + timedelta(days=12)
    time_machine.move_to(answered_at, tick=False)

    services.request_answer(request=fresh(r), by=clerk)

    assert fresh(r).response_paused_remaining is None
    assert DeadlineKind.NEEDS_INFO_EXPIRY in cancelled_kinds(r)
    assert DeadlineKind.NEEDS_INFO_EXPIRY not in [kind for kind, _ in open_deadlines(r)]
    assert (DeadlineKind.RESPONSE_DUE, answered_at + left) in open_deadlines(r)


def test_an_answered_request_can_be_validated_again(clerk):
    r = services.request_answer(request=request_in("needs_info"), by=clerk)

    services.request_validate(request=r, by=clerk)

    assert fresh(r).status == Status.VALIDATED


def test_an_outsider_cannot_record_an_answer(outsider):
    r = request_in("needs_info")

    refused(
        lambda: services.request_answer(request=r, by=outsider),
        ActionNotPermitted,
        not_permitted(outsider, ACTION, r),
    )


@pytest.mark.parametrize("status", statuses_except(Status.NEEDS_INFO))
def test_it_refuses_an_answer_when_nothing_was_asked(clerk, status):
    r = walk_to(status)

    refused(
        lambda: services.request_answer(request=r, by=clerk),
        message=not_available(r, status_label(status)),
    )
