"""hold_expire: the hold reached its end with no legal process; preserved or extended → expired.
Only lerq's sweep does this (the run_timers permission, which no role of the team has)."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.triage.services.helpers import (
    cancelled_kinds,
    conditions_unmet,
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
    validated_extension,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Hold, Kind, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted

ACTION = "expire hold"
APRIL = datetime(2026, 4, 4, 8, 0, tzinfo=UTC)
FIRST_END = APRIL + timedelta(days=90)


def test_the_sweep_expires_a_hold_at_its_end(db, time_machine):
    time_machine.move_to(APRIL, tick=False)
    r = preserved(response_due_date=None)
    time_machine.move_to(FIRST_END, tick=False)
    since = last_seq()

    services.hold_expire(request=r, by=None)

    assert fresh(r).status == Status.EXPIRED
    assert Hold.objects.get(request=r).expired_at == FIRST_END
    assert said(the_one_event_since(since)) == ("expire", "preserved", "expired", "system", "")
    assert open_deadlines(r) == []
    assert cancelled_kinds(r) == [
        DeadlineKind.HOLD_END,
        DeadlineKind.HOLD_REMINDER,
        DeadlineKind.HOLD_REMINDER,
    ]


def test_it_refuses_to_expire_a_hold_before_its_end(db, time_machine):
    time_machine.move_to(APRIL, tick=False)
    r = preserved()
    time_machine.move_to(FIRST_END - timedelta(microseconds=1), tick=False)

    refused(
        lambda: services.hold_expire(request=r, by=None),
        message=conditions_unmet(r, ACTION, c.hold_ended),
    )


def test_an_extended_hold_lasts_until_its_extended_end(db, time_machine):
    time_machine.move_to(APRIL, tick=False)
    original = preserved(response_due_date=None)
    time_machine.move_to(APRIL + timedelta(days=10), tick=False)
    services.hold_extend(extension=validated_extension(original), by=None)
    original = fresh(original)
    time_machine.move_to(FIRST_END + timedelta(days=1), tick=False)

    refused(
        lambda: services.hold_expire(request=original, by=None),
        message=conditions_unmet(original, ACTION, c.hold_ended),
    )

    time_machine.move_to(FIRST_END + timedelta(days=90), tick=False)
    since = last_seq()
    services.hold_expire(request=original, by=None)

    assert fresh(original).status == Status.EXPIRED
    assert said(the_one_event_since(since))[:3] == ("expire", "extended", "expired")
    assert open_deadlines(original) == []


@pytest.mark.parametrize("role", ["clerk", "reviewer", "approver", "admin_user", "outsider"])
def test_no_person_expires_a_hold_only_the_sweep_does(request, role, time_machine):
    user = request.getfixturevalue(role)
    r = preserved()
    time_machine.move_to(r.hold.ends_at, tick=False)

    refused(
        lambda: services.hold_expire(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


PRESERVATION_STATUSES = statuses_except(Status.IN_REVIEW, Status.APPROVED, Status.DISCLOSED)


@pytest.mark.parametrize("status", statuses_except(Status.PRESERVED, Status.EXTENDED))
def test_it_refuses_to_expire_what_is_not_held(db, status, time_machine):
    r = walk_to(status, Kind.PRESERVATION if status in PRESERVATION_STATUSES else None)
    time_machine.move_to(datetime.now(UTC) + timedelta(days=400), tick=False)

    refused(
        lambda: services.hold_expire(request=r, by=None),
        message=not_available(r, status_label(status)),
    )
