"""The response due date the agency asked for: reminders 7 and 2 days before (on working
days), and when the day is over without an answer, an overdue Event and a mail."""

from datetime import date, timedelta

import pytest

from tests.factories import open_request, request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    last_seq,
    paris,
    subjects,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind

pytestmark = pytest.mark.django_db

OPENED = paris(2026, 5, 4, 10, 0)
DUE_DATE = date(2026, 6, 15)  # a Monday
END_OF_DUE_DAY = paris(2026, 6, 15, 23, 59, 59, 999999)
# Reminders come at 09:00 team time, when people read them.
SEVEN_DAYS = paris(2026, 6, 8, 9, 0)  # Monday 8 June
# 2 days before is Saturday 13 June: the reminder comes on Friday 12 June.
TWO_DAYS = paris(2026, 6, 12, 9, 0)


def subpoena(**fields):
    with at(OPENED):
        return open_request(response_due_date=DUE_DATE, **fields)


def test_the_response_is_due_at_the_end_of_the_day_asked_for_with_two_reminders():
    r = subpoena()

    due = the_timer(r, DeadlineKind.RESPONSE_DUE)
    assert due.due_at == END_OF_DUE_DAY
    assert due.basis["date"] == "2026-06-15"
    reminders = timers(r, DeadlineKind.RESPONSE_REMINDER)
    assert [d.due_at for d in reminders] == [SEVEN_DAYS, TWO_DAYS]
    assert reminders[1].basis["moved_from"] == "2026-06-13"


def test_each_reminder_mails_the_team_when_it_is_due(reviewer, mailoutbox):
    r = subpoena()
    sweep_at(SEVEN_DAYS - timedelta(seconds=1))
    assert mailoutbox == []

    sweep_at(SEVEN_DAYS)
    assert subjects(mailoutbox) == [f"[{r.reference}] Response due soon"]
    sweep_at(TWO_DAYS - timedelta(seconds=1))
    assert len(mailoutbox) == 1
    sweep_at(TWO_DAYS)

    assert subjects(mailoutbox) == [f"[{r.reference}] Response due soon"] * 2
    assert [m.to for m in mailoutbox] == [[reviewer.email]] * 2


def test_the_response_is_not_overdue_during_the_day_it_is_due(reviewer, mailoutbox):
    r = subpoena()
    sweep_at(TWO_DAYS)
    since, mailoutbox[:] = last_seq(), []

    sweep_at(paris(2026, 6, 15, 23, 59))

    assert events_since(since) == []
    assert mailoutbox == []
    assert the_timer(r, DeadlineKind.RESPONSE_DUE).due_at == END_OF_DUE_DAY


def test_the_morning_after_the_due_date_the_request_is_overdue_with_an_event_and_a_mail(
    clerk, reviewer, mailoutbox
):
    r = subpoena()
    with at(OPENED):
        services.request_assign(request=r, by=None, assignee=clerk)
    sweep_at(TWO_DAYS)
    since, mailoutbox[:] = last_seq(), []

    sweep_at(paris(2026, 6, 16, 0, 0))

    (event,) = events_since(since)
    assert event.action == EventKind.OVERDUE
    assert event.data["kind"] == DeadlineKind.RESPONSE_DUE
    assert event.reference == r.reference
    (mail,) = mailoutbox
    assert mail.to == [clerk.email]
    assert mail.subject == f"[{r.reference}] Response overdue"
    assert "has passed without an answer" in mail.body
    done = Deadline.objects.get(request=r, kind=DeadlineKind.RESPONSE_DUE)
    assert done.outcome == Deadline.Outcome.ACTED


def test_a_request_decided_before_its_due_date_is_never_overdue(reviewer, mailoutbox):
    with at(OPENED):
        r = request_in("in_review", response_due_date=DUE_DATE)
        services.request_reject(request=r, by=None, reasons=["overbroad"])
    since = last_seq()

    sweep_at(paris(2026, 6, 20, 9, 0))

    assert events_since(since, EventKind.OVERDUE, EventKind.REMINDED) == []
    assert mailoutbox == []
    assert timers(r, DeadlineKind.RESPONSE_DUE) == []


def test_the_reminder_days_are_a_setting(settings):
    settings.LERQ_RESPONSE_REMINDER_DAYS = [10, 1]

    r = subpoena()

    # 10 days before Monday 15 June is Friday 5 June; 1 day before is Sunday 14 June, so Friday
    # 12 June.
    assert [d.due_at for d in timers(r, DeadlineKind.RESPONSE_REMINDER)] == [
        paris(2026, 6, 5, 9, 0),
        paris(2026, 6, 12, 9, 0),
    ]
