"""The extension end: a hold extended once ends 90 days after its first end; the first end
then does nothing, and a second extension is refused."""

from datetime import UTC, timedelta

import pytest

from tests.factories import open_request
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    preservation_placed,
    subjects,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, Kind, Status
from triage.services import TransitionRefused

pytestmark = pytest.mark.django_db

PLACED = paris(2026, 5, 4, 10, 0)
FIRST_END = paris(2026, 8, 2, 10, 0)  # Sunday
EXTENDED_ON = paris(2026, 7, 20, 10, 0)
SECOND_END = paris(2026, 10, 31, 10, 0)  # 90 days after the first end; winter time again


def extension_for(original, moment):
    with at(moment):
        extension = open_request(
            Kind.PRESERVATION_EXTENSION, original=original, response_due_date=None
        )
        return fresh(services.request_validate(request=extension, by=None))


def extended_hold():
    original = preservation_placed(PLACED)
    extension = extension_for(original, EXTENDED_ON)
    with at(EXTENDED_ON):
        services.hold_extend(extension=extension, by=None)
    return fresh(original)


def test_extending_moves_the_end_90_days_after_the_first_end():
    r = extended_hold()

    end = the_timer(r, DeadlineKind.EXTENSION_END)
    assert end.due_at == SECOND_END == r.hold.ends_at
    assert end.basis["start"] == FIRST_END.astimezone(UTC).isoformat()
    assert end.basis["days"] == 90
    assert timers(r, DeadlineKind.HOLD_END) == []
    first = Deadline.objects.get(request=r, kind=DeadlineKind.HOLD_END)
    assert first.outcome == Deadline.Outcome.CANCELLED
    # New reminders before the new end: 14 days before is Saturday 17 October (so Friday 16),
    # 3 days before is Wednesday 28 October.
    assert [d.due_at for d in timers(r, DeadlineKind.HOLD_REMINDER)] == [
        paris(2026, 10, 16, 10, 0),
        paris(2026, 10, 28, 10, 0),
    ]


def test_the_first_end_passes_without_expiring_an_extended_hold(reviewer, mailoutbox):
    r = extended_hold()
    since = last_seq()

    report = sweep_at(FIRST_END + timedelta(hours=1))

    assert fresh(r).status == Status.EXTENDED
    assert report.acted == 0
    assert events_since(since) == []
    assert mailoutbox == []


def test_at_the_extension_end_the_hold_expires_and_the_team_is_told(reviewer, mailoutbox):
    r = extended_hold()
    sweep_at(SECOND_END - timedelta(minutes=1))  # the two reminders
    assert len(mailoutbox) == 2
    since, mailoutbox[:] = last_seq(), []

    sweep_at(SECOND_END)

    r = fresh(r)
    assert r.status == Status.EXPIRED
    assert r.hold.expired_at == SECOND_END
    (event,) = events_since(since)
    assert (event.action, event.from_state, event.to_state) == ("expire", "extended", "expired")
    assert subjects(mailoutbox) == [f"[{r.reference}] Hold expired"]
    done = Deadline.objects.get(request=r, kind=DeadlineKind.EXTENSION_END)
    assert (done.done_at, done.outcome) == (SECOND_END, Deadline.Outcome.ACTED)


def test_a_hold_is_extended_once_only():
    r = extended_hold()
    second = extension_for(r, EXTENDED_ON + timedelta(days=30))

    with at(EXTENDED_ON + timedelta(days=30)), pytest.raises(TransitionRefused):
        services.hold_extend(extension=second, by=None)

    r = fresh(r)
    assert r.hold.ends_at == SECOND_END
    assert [d.due_at for d in timers(r, DeadlineKind.EXTENSION_END)] == [SECOND_END]


def test_the_extension_period_is_a_setting(settings):
    settings.LERQ_EXTENSION_DAYS = 60

    r = extended_hold()

    assert the_timer(r, DeadlineKind.EXTENSION_END).due_at == paris(2026, 10, 1, 10, 0)
