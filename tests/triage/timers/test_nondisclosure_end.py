"""The end of a non-disclosure order: the user notice becomes due, and the team is told to
notify the user; a decision on the request does not stop it, a notice forbidden does."""

from datetime import date, timedelta

import pytest

from tests.factories import request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    subjects,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind, Notice, Status

pytestmark = pytest.mark.django_db

DELAYED_ON = paris(2026, 5, 4, 10, 0)
UNTIL = date(2026, 8, 3)
ORDER_ENDS = paris(2026, 8, 3, 0, 0)  # the start of the day the order names
TITLE = "Non-disclosure order ended: notify the user"


def delayed(**fields):
    fields.setdefault("response_due_date", None)
    with at(DELAYED_ON):
        r = request_in("in_review", **fields)
        return fresh(
            services.notice_delay(request=r, by=None, until=UNTIL, basis="18 U.S.C. 2705(b)")
        )


def test_delaying_the_notice_sets_a_timer_at_the_start_of_the_order_end_date():
    r = delayed()

    end = the_timer(r, DeadlineKind.NONDISCLOSURE_END)
    assert end.due_at == ORDER_ENDS
    assert end.basis["date"] == "2026-08-03"


def test_when_the_order_ends_the_team_is_told_to_notify_the_user(reviewer, mailoutbox):
    r = delayed()
    sweep_at(ORDER_ENDS - timedelta(minutes=1))
    assert mailoutbox == []
    since = last_seq()

    sweep_at(ORDER_ENDS)

    assert subjects(mailoutbox) == [f"[{r.reference}] {TITLE}"]
    assert mailoutbox[0].to == [reviewer.email]
    assert "must now be told" in mailoutbox[0].body
    (event,) = events_since(since)
    assert event.action == EventKind.TIMER
    assert event.data["kind"] == DeadlineKind.NONDISCLOSURE_END
    assert Deadline.objects.get(request=r).outcome == Deadline.Outcome.ACTED
    assert fresh(r).notice == Notice.DELAYED  # the notice itself is a person's act


def test_the_user_is_still_owed_the_notice_after_the_request_was_disclosed(
    reviewer, approver, mailoutbox
):
    r = delayed()
    with at(DELAYED_ON + timedelta(days=1)):
        r = services.request_submit_for_approval(request=r, by=reviewer)
        r = services.request_approve(request=r, by=approver)
        r = services.request_disclose(request=r, by=reviewer)
        services.request_close(request=r, by=reviewer)
    assert fresh(r).status == Status.CLOSED

    sweep_at(ORDER_ENDS)

    assert subjects(mailoutbox) == [f"[{r.reference}] {TITLE}"]


def test_nothing_is_sent_when_the_notice_was_forbidden_in_the_meantime(reviewer, mailoutbox):
    r = delayed()
    with at(DELAYED_ON + timedelta(days=10)):
        services.notice_forbid(request=r, by=reviewer, basis="The order was made indefinite.")
    since = last_seq()

    report = sweep_at(ORDER_ENDS + timedelta(days=1))

    assert mailoutbox == []
    assert events_since(since) == []
    assert report.acted == 0
    assert timers(r, DeadlineKind.NONDISCLOSURE_END) == []
    assert Deadline.objects.get(request=r).outcome == Deadline.Outcome.CANCELLED
