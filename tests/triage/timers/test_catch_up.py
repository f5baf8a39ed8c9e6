"""A sweep missed for three days: the next one acts on every due deadline, oldest first, and
each mail says how late it is; a second sweep right after does nothing."""

import re
from datetime import UTC, date, timedelta

import pytest

from tests.factories import notice_send, open_request, request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    preservation_placed,
    sweep_at,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind, Kind, OutboundMail, Status

pytestmark = pytest.mark.django_db

OPENED = paris(2026, 5, 4, 10, 0)
LAST_SWEEP = paris(2026, 6, 1, 9, 0)  # Monday morning; then nothing for three days
CAUGHT_UP = paris(2026, 6, 4, 9, 0)
ACTIONS = (EventKind.REMINDED, EventKind.OVERDUE, EventKind.TIMER, EventKind.ESCALATED)


@pytest.fixture
def missed(reviewer, settings, mailoutbox):
    """Five deadlines of five kinds fall due while the sweep is not running. Returns the
    subjects their mails must have, in due order."""
    settings.LERQ_SWEEP_BATCH = 2  # several batches: the order must hold across them
    with at(OPENED):
        overdue = open_request(response_due_date=date(2026, 6, 1))  # end of Monday
        in_review = request_in("in_review", response_due_date=None)
        # No address for the user: the team is told to notify (lerq cannot send it itself).
        ordered = request_in(
            "in_review", response_due_date=None, targets=[{"type": "user", "user_id": "u-1"}]
        )
        services.notice_delay(request=ordered, by=None, until=date(2026, 6, 3), basis="2705(b)")
        reminded = open_request(response_due_date=date(2026, 6, 5))  # reminder: Wed 3, 09:00
    with at(paris(2026, 5, 26, 10, 0)):
        notice_send(request=in_review, by=reviewer)  # window ends Tuesday 2 June 10:00
    # Placed Saturday 7 March 11:00: ends Friday 5 June, reminded Tuesday 2 June 11:00.
    held = preservation_placed(paris(2026, 3, 7, 11, 0))
    sweep_at(LAST_SWEEP)
    mailoutbox[:] = []
    return [
        f"[{overdue.reference}] Response overdue (2 days late)",
        f"[{in_review.reference}] Objection window over (47 hours late)",
        f"[{held.reference}] Hold ending soon (46 hours late)",
        f"[{ordered.reference}] Non-disclosure order ended: notify the user (33 hours late)",
        f"[{reminded.reference}] Response due soon (24 hours late)",
    ]


def test_the_next_sweep_acts_on_every_deadline_missed_in_due_order(missed, mailoutbox):
    due = list(
        Deadline.objects.filter(done_at__isnull=True, due_at__lte=CAUGHT_UP).order_by("due_at")
    )
    assert len(due) == 5
    since = last_seq()

    report = sweep_at(CAUGHT_UP)

    assert (report.acted, report.skipped, report.failed) == (5, 0, [])
    events = events_since(since, *ACTIONS)
    assert [e.data["deadline"] for e in events] == [d.pk for d in due]
    assert [e.data["due_at"] for e in events] == [d.due_at.isoformat() for d in due]
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert not Deadline.objects.filter(done_at__isnull=True, due_at__lte=CAUGHT_UP).exists()


def test_each_mail_of_a_catch_up_says_how_late_it_is(missed, mailoutbox):
    since = last_seq()

    sweep_at(CAUGHT_UP)

    assert [m.subject for m in mailoutbox] == missed
    for mail in mailoutbox:
        late = re.search(r"\((\d+ (?:days|hours)) late\)", mail.subject).group(1)
        assert f"This message is {late} late" in mail.body
    lateness = [e.data["late_seconds"] for e in events_since(since, *ACTIONS)]
    assert lateness == sorted(lateness, reverse=True)
    assert lateness[0] > 2 * 24 * 3600


def test_a_second_sweep_right_after_a_catch_up_does_nothing(missed, mailoutbox):
    sweep_at(CAUGHT_UP)
    since, sent = last_seq(), len(mailoutbox)
    queued = OutboundMail.objects.count()

    report = sweep_at(CAUGHT_UP + timedelta(seconds=1))

    assert (report.done, report.failed, report.mails_sent) == (0, [], 0)
    assert events_since(since) == []
    assert len(mailoutbox) == sent
    assert OutboundMail.objects.count() == queued


def test_a_timer_on_time_does_not_say_it_is_late(reviewer, mailoutbox):
    with at(OPENED):
        r = open_request(response_due_date=date(2026, 6, 1))

    sweep_at(paris(2026, 6, 2, 0, 4))  # four minutes after the end of the due day

    assert [m.subject for m in mailoutbox][-1] == f"[{r.reference}] Response overdue"
    assert "late" not in mailoutbox[-1].body


def test_a_catch_up_does_not_escalate_an_emergency_that_an_earlier_timer_closed(
    reviewer, mailoutbox
):
    t0 = paris(2026, 5, 4, 10, 0)
    with at(t0):
        r = open_request(Kind.EMERGENCY, received_at=t0, response_due_date=None)
    with at(t0 + timedelta(minutes=5)):
        r = services.request_start_review(request=r, by=reviewer)
    with at(t0 + timedelta(minutes=45)):
        services.request_ask_info(request=r, by=reviewer, missing=["the danger claimed"])
    # The agency never answers: its window ends on 3 June at 10:45. The sweep ran at 10:40
    # (the next escalation is at 11:00), then not again until 11:15.
    sweep_at(paris(2026, 6, 3, 10, 40))
    escalation = timers(r, DeadlineKind.EMERGENCY_ESCALATION)[0]
    assert escalation.due_at == paris(2026, 6, 3, 11, 0)
    mailoutbox[:] = []

    sweep_at(paris(2026, 6, 3, 11, 15))

    assert fresh(r).status == Status.CLOSED
    # Swept on time, the 11:00 escalation would have found the request closed at 10:45 and
    # done nothing; caught up, it must not do more.
    assert [m.subject for m in mailoutbox if "EMERGENCY" in m.subject] == []
    escalation.refresh_from_db()
    # Claimed with its batch before the lapse ran, then found with nothing to do.
    assert escalation.outcome == Deadline.Outcome.SKIPPED
    assert timers(r, DeadlineKind.EMERGENCY_ESCALATION) == []


def test_swept_on_time_an_escalation_after_the_request_closed_does_nothing(reviewer, mailoutbox):
    """The same emergency swept every minute: the reference behaviour of the test above."""
    t0 = paris(2026, 5, 4, 10, 0)
    with at(t0):
        r = open_request(Kind.EMERGENCY, received_at=t0, response_due_date=None)
    with at(t0 + timedelta(minutes=5)):
        r = services.request_start_review(request=r, by=reviewer)
    with at(t0 + timedelta(minutes=45)):
        services.request_ask_info(request=r, by=reviewer, missing=["the danger claimed"])
    sweep_at(paris(2026, 6, 3, 10, 40))
    mailoutbox[:] = []

    sweep_at(paris(2026, 6, 3, 10, 45))
    sweep_at(paris(2026, 6, 3, 11, 0))

    assert fresh(r).status == Status.CLOSED
    assert [m.subject for m in mailoutbox if "EMERGENCY" in m.subject] == []
    assert timers(r, DeadlineKind.EMERGENCY_ESCALATION) == []


def test_the_catch_up_order_is_by_due_time_not_by_creation(reviewer, mailoutbox):
    # Created later, due earlier: the later-created one is acted on first.
    with at(OPENED):
        late_date = open_request(response_due_date=date(2026, 6, 3))
    with at(OPENED + timedelta(days=1)):
        early_date = open_request(response_due_date=date(2026, 6, 2))
    since = last_seq()

    sweep_at(CAUGHT_UP)

    overdue = events_since(since, EventKind.OVERDUE)
    assert [e.reference for e in overdue] == [early_date.reference, late_date.reference]
    assert [e.data["due_at"] for e in overdue] == [
        paris(2026, 6, 2, 23, 59, 59, 999999).astimezone(UTC).isoformat(),
        paris(2026, 6, 3, 23, 59, 59, 999999).astimezone(UTC).isoformat(),
    ]
