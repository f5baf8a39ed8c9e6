"""The agency's answer window for a deficiency notice: 30 days with no answer and the request
closes (a lapse Event) with a final notice to the agent. While it waits, the response clock is
paused, and it resumes with the time that was left when the agency answers."""

from datetime import UTC, date, timedelta

import pytest

from tests.factories import open_request, request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, Event, EventKind, Status

pytestmark = pytest.mark.django_db

ASKED = paris(2026, 5, 4, 10, 0)
WINDOW_ENDS = paris(2026, 6, 3, 10, 0)  # 30 days later


def waiting_for_the_agency(**fields):
    with at(ASKED):
        return fresh(request_in("needs_info", **fields))


def test_asking_for_information_gives_the_agency_30_days():
    r = waiting_for_the_agency()

    window = the_timer(r, DeadlineKind.NEEDS_INFO_EXPIRY)
    assert window.due_at == WINDOW_ENDS
    assert window.basis["days"] == 30


def test_the_answer_window_keeps_the_time_of_day_across_the_autumn_clock_change(reviewer):
    with at(paris(2026, 10, 10, 10, 0)):
        r = request_in("needs_info", response_due_date=None)

    assert the_timer(r, DeadlineKind.NEEDS_INFO_EXPIRY).due_at == paris(2026, 11, 9, 10, 0)
    sweep_at(paris(2026, 11, 9, 9, 59))
    assert fresh(r).status == Status.NEEDS_INFO
    sweep_at(paris(2026, 11, 9, 10, 0))
    assert fresh(r).status == Status.CLOSED


def test_the_day_before_the_window_ends_the_request_still_waits(reviewer, mailoutbox):
    r = waiting_for_the_agency()

    sweep_at(WINDOW_ENDS - timedelta(minutes=1))

    assert fresh(r).status == Status.NEEDS_INFO
    assert mailoutbox == []


def test_30_days_without_an_answer_close_the_request_with_a_final_notice_to_the_agent(
    reviewer, mailoutbox
):
    r = waiting_for_the_agency(agent_email="j.doe@police.example", case_number="PJ-2026-0042")
    since = last_seq()

    sweep_at(WINDOW_ENDS)

    r = fresh(r)
    assert r.status == Status.CLOSED
    assert r.closed_at == WINDOW_ENDS
    (event,) = events_since(since)
    assert (event.action, event.from_state, event.to_state, event.actor_name) == (
        "lapse",
        "needs_info",
        "closed",
        "system",
    )
    assert "within 30 days" in event.reason
    (mail,) = mailoutbox
    assert mail.to == ["j.doe@police.example"]
    assert mail.subject == (
        f"[{r.reference}] Request closed: the information asked for was not received"
    )
    assert "On 4 May 2026 we asked for information missing" in mail.body
    assert "PJ-2026-0042" in mail.body
    done = Deadline.objects.get(request=r, kind=DeadlineKind.NEEDS_INFO_EXPIRY)
    assert done.outcome == Deadline.Outcome.ACTED
    # Closed: its retention clock has started.
    assert the_timer(r, DeadlineKind.RETENTION_PURGE).due_at == paris(2033, 6, 3, 10, 0)


def test_an_answer_within_the_window_stops_it(reviewer, mailoutbox):
    r = waiting_for_the_agency()
    with at(ASKED + timedelta(days=10)):
        services.request_answer(request=r, by=None, note="The badge number came by mail.")

    sweep_at(WINDOW_ENDS + timedelta(days=1))

    assert fresh(r).status == Status.RECEIVED
    assert [m for m in mailoutbox if m.to == [r.agent_email]] == []
    assert timers(r, DeadlineKind.NEEDS_INFO_EXPIRY) == []


# The response clock: the agency asked for an answer by Monday 15 June 2026 (end of day).
OPENED = paris(2026, 5, 4, 10, 0)
DUE = paris(2026, 6, 15, 23, 59, 59, 999999)
PAUSED = paris(2026, 5, 14, 10, 0)
ANSWERED = paris(2026, 5, 24, 10, 0)
LEFT = DUE - PAUSED  # 32 days 13:59:59.999999
RESUMED_DUE = ANSWERED + LEFT  # Thursday 25 June, end of day


def paused_and_resumed():
    with at(OPENED):
        r = open_request(response_due_date=date(2026, 6, 15))
    with at(PAUSED):
        r = services.request_ask_info(request=r, by=None, missing=["badge"])
    paused = fresh(r)
    with at(ANSWERED):
        services.request_answer(request=paused, by=None)
    return paused, fresh(r)


def test_the_response_clock_is_paused_while_the_agency_owes_an_answer():
    with at(OPENED):
        r = open_request(response_due_date=date(2026, 6, 15))
    since = last_seq()
    with at(PAUSED):
        services.request_ask_info(request=r, by=None, missing=["badge"])

    r = fresh(r)
    assert r.response_paused_remaining == LEFT
    assert timers(r, DeadlineKind.RESPONSE_DUE) == []
    assert timers(r, DeadlineKind.RESPONSE_REMINDER) == []
    (event,) = events_since(since)
    assert event.data["response_clock_paused_with"] == str(LEFT) == "32 days, 13:59:59.999999"


def test_the_response_clock_resumes_with_the_time_that_was_left_when_the_agency_answers():
    since = last_seq()

    _, r = paused_and_resumed()

    assert paris(2026, 6, 25, 23, 59, 59, 999999) == RESUMED_DUE
    due = the_timer(r, DeadlineKind.RESPONSE_DUE)
    assert due.due_at == RESUMED_DUE
    assert due.basis["remaining"] == str(LEFT)
    assert r.response_paused_remaining is None
    answer = Event.objects.get(seq__gt=since, action=EventKind.ANSWER)
    assert answer.data["response_due_again"] == RESUMED_DUE.astimezone(UTC).isoformat()
    # Reminders again, 7 and 2 days before the new date (Thursday 18 and Tuesday 23 June).
    assert [d.due_at for d in timers(r, DeadlineKind.RESPONSE_REMINDER)] == [
        paris(2026, 6, 18, 9, 0),
        paris(2026, 6, 23, 9, 0),
    ]


def test_after_a_pause_the_request_is_overdue_at_the_new_date_not_the_old_one(reviewer, mailoutbox):
    _, r = paused_and_resumed()
    since = last_seq()

    sweep_at(paris(2026, 6, 16, 9, 0))  # the old date is past
    assert events_since(since, EventKind.OVERDUE) == []
    sweep_at(paris(2026, 6, 26, 0, 0))

    (overdue,) = events_since(since, EventKind.OVERDUE)
    assert overdue.data["due_at"] == RESUMED_DUE.astimezone(UTC).isoformat()
    assert f"[{r.reference}] Response overdue" in [m.subject for m in mailoutbox]


def test_the_answer_window_is_a_setting(settings, reviewer, mailoutbox):
    settings.LERQ_NEEDS_INFO_DAYS = 14
    r = waiting_for_the_agency()

    assert the_timer(r, DeadlineKind.NEEDS_INFO_EXPIRY).due_at == paris(2026, 5, 18, 10, 0)
    sweep_at(paris(2026, 5, 18, 10, 0))

    assert fresh(r).status == Status.CLOSED
    (notice,) = [m for m in mailoutbox if m.to == [r.agent_email]]
    assert "within 14 days" in notice.body
