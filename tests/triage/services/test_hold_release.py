"""hold_release: the hold is lifted before its end; preserved or extended → released."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.triage.services.helpers import (
    cancelled_kinds,
    extended,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    preserved,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Hold, Kind, Status
from triage.services import ActionNotPermitted, InvalidInput

ACTION = "release hold"
HOLD_TIMERS = {DeadlineKind.HOLD_END, DeadlineKind.HOLD_REMINDER, DeadlineKind.EXTENSION_END}
APRIL = datetime(2026, 4, 4, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_releases_a_hold_before_its_end(request, role, time_machine):
    user = request.getfixturevalue(role)
    time_machine.move_to(APRIL, tick=False)
    r = preserved(response_due_date=None)
    time_machine.move_to(APRIL + timedelta(days=20), tick=False)
    since = last_seq()

    services.hold_release(request=r, by=user, reason="  The subpoena arrived.  ")

    assert fresh(r).status == Status.RELEASED
    assert Hold.objects.get(request=r).released_at == APRIL + timedelta(days=20)
    assert said(the_one_event_since(since)) == (
        "release",
        "preserved",
        "released",
        user.get_username(),
        "The subpoena arrived.",
    )
    assert open_deadlines(r) == []
    assert cancelled_kinds(r) == [
        DeadlineKind.HOLD_END,
        DeadlineKind.HOLD_REMINDER,
        DeadlineKind.HOLD_REMINDER,
    ]


def test_an_extended_hold_can_be_released_too(reviewer):
    original, _ = extended()
    since = last_seq()

    services.hold_release(request=original, by=reviewer, reason="The agency withdrew.")

    assert fresh(original).status == Status.RELEASED
    assert said(the_one_event_since(since))[:3] == ("release", "extended", "released")
    assert not [kind for kind, _ in open_deadlines(original) if kind in HOLD_TIMERS]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_release_must_say_why(reviewer, reason):
    r = preserved()

    refused(lambda: services.hold_release(request=r, by=reviewer, reason=reason), InvalidInput)


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_releases_a_hold(request, role):
    user = request.getfixturevalue(role)
    r = preserved()

    refused(
        lambda: services.hold_release(request=r, by=user, reason="No longer needed."),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


PRESERVATION_STATUSES = statuses_except(Status.IN_REVIEW, Status.APPROVED, Status.DISCLOSED)


@pytest.mark.parametrize("status", statuses_except(Status.PRESERVED, Status.EXTENDED))
def test_it_refuses_to_release_what_is_not_held(reviewer, status):
    r = walk_to(status, Kind.PRESERVATION if status in PRESERVATION_STATUSES else None)

    refused(
        lambda: services.hold_release(request=r, by=reviewer, reason="No longer needed."),
        message=not_available(r, status_label(status)),
    )
