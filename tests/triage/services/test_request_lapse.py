"""request_lapse: the agency never answered the deficiency notice; needs_info → closed."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import request_in
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
from triage.services import ActionNotPermitted, InvalidInput
from triage.services._core import ERR_REASON_REQUIRED

ACTION = "close: no answer"
START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_closes_a_request_the_agency_never_completed(request, role, time_machine):
    user = request.getfixturevalue(role)
    time_machine.move_to(START, tick=False)
    r = request_in("needs_info")
    later = START + timedelta(days=31)
    time_machine.move_to(later, tick=False)
    since = last_seq()

    services.request_lapse(request=r, by=user, reason="No answer in 30 days.")

    r = fresh(r)
    assert (r.status, r.closed_at) == (Status.CLOSED, later)
    assert said(the_one_event_since(since)) == (
        "lapse",
        "needs_info",
        "closed",
        user.get_username(),
        "No answer in 30 days.",
    )


def test_lerq_itself_lets_the_request_lapse_and_only_the_retention_clock_runs(db, time_machine):
    time_machine.move_to(START, tick=False)
    r = request_in("needs_info")

    services.request_lapse(request=r, by=None, reason="Agency answer window ended.")

    assert fresh(r).status == Status.CLOSED
    assert DeadlineKind.NEEDS_INFO_EXPIRY in cancelled_kinds(r)
    seven_years = datetime(2033, 6, 1, 8, 0, tzinfo=UTC)
    assert open_deadlines(r) == [(DeadlineKind.RETENTION_PURGE, seven_years)]


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_lapse_must_say_why(reviewer, reason):
    r = request_in("needs_info")

    refused(
        lambda: services.request_lapse(request=r, by=reviewer, reason=reason),
        InvalidInput,
        ERR_REASON_REQUIRED,
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_closes_an_unanswered_request(request, role):
    user = request.getfixturevalue(role)
    r = request_in("needs_info")

    refused(
        lambda: services.request_lapse(request=r, by=user, reason="No answer."),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize("status", statuses_except(Status.NEEDS_INFO))
def test_it_refuses_a_lapse_when_nothing_was_asked(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_lapse(request=r, by=reviewer, reason="No answer."),
        message=not_available(r, status_label(status)),
    )
