"""request_close: nothing is left to do; disclosed, rejected, released or expired → closed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.triage.services.helpers import (
    approved,
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
    with_notice,
)
from triage import services
from triage.models import DeadlineKind, Notice, Status
from triage.services import ActionNotPermitted

ACTION = "close"
DONE = [Status.DISCLOSED, Status.REJECTED, Status.RELEASED, Status.EXPIRED]


@pytest.mark.parametrize("status", DONE)
def test_a_reviewer_closes_a_request_with_nothing_left_to_do(reviewer, status, time_machine):
    r = walk_to(status)
    later = timezone.now() + timedelta(days=400)  # after any hold this test placed
    time_machine.move_to(later, tick=False)
    since = last_seq()

    services.request_close(request=r, by=reviewer, note="Done.")

    r = fresh(r)
    assert (r.status, r.closed_at, r.status_changed_at) == (Status.CLOSED, later, later)
    assert said(the_one_event_since(since)) == ("close", status, "closed", "reviewer", "Done.")


def test_closing_starts_the_seven_year_retention_clock(reviewer, time_machine):
    r = walk_to(Status.REJECTED)
    time_machine.move_to(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False)

    services.request_close(request=r, by=reviewer)

    purge = datetime(2033, 6, 1, 8, 0, tzinfo=UTC)
    assert open_deadlines(r) == [(DeadlineKind.RETENTION_PURGE, purge)]


def test_closing_keeps_the_timer_that_tells_the_user_when_the_order_ends(reviewer):
    r = with_notice(approved(), Notice.DELAYED)
    r = services.request_disclose(request=r, by=reviewer)

    services.request_close(request=fresh(r), by=reviewer)

    assert [kind for kind, _ in open_deadlines(r)] == [
        DeadlineKind.NONDISCLOSURE_END,
        DeadlineKind.RETENTION_PURGE,
    ]


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_closes_a_request(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.REJECTED)

    refused(
        lambda: services.request_close(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize("status", statuses_except(*DONE))
def test_it_refuses_to_close_a_request_that_is_still_open_or_already_closed(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_close(request=r, by=reviewer),
        message=not_available(r, status_label(status)),
    )
