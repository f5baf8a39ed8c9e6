"""The hold end: 90 days after it was placed the hold expires, with an Event and a mail to
whoever holds the request (the assignee, else the team)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from tests.triage.timers.helpers import (
    at,
    events_since,
    last_seq,
    paris,
    preservation_placed,
    subjects,
    sweep_at,
    the_timer,
    timers,
)
from triage import roles, services
from triage.models import Deadline, DeadlineKind, Status

pytestmark = pytest.mark.django_db

PLACED = paris(2026, 9, 1, 10, 0)  # summer time
ENDS = paris(2026, 11, 30, 10, 0)  # winter time: 90 days later, still 10:00 in Paris
AFTER_REMINDERS = ENDS - timedelta(days=1)  # both reminders (16 and 27 November) are past


def test_the_hold_end_is_90_days_later_at_the_same_time_of_day_across_the_clock_change():
    r = preservation_placed(PLACED)

    end = the_timer(r, DeadlineKind.HOLD_END)

    assert end.due_at == ENDS == r.hold.ends_at
    assert end.due_at - PLACED == timedelta(days=90, hours=1)  # the autumn hour back
    assert end.basis["days"] == 90
    assert end.basis["unit"] == "calendar days"


def test_a_minute_before_the_end_the_hold_is_still_in_force(reviewer, mailoutbox):
    r = preservation_placed(PLACED)
    sweep_at(AFTER_REMINDERS)
    since, mailoutbox[:] = last_seq(), []

    sweep_at(ENDS - timedelta(minutes=1))

    r.refresh_from_db()
    assert r.status == Status.PRESERVED
    assert r.hold.expired_at is None
    assert the_timer(r, DeadlineKind.HOLD_END).due_at == ENDS
    assert events_since(since) == []
    assert mailoutbox == []


def test_at_its_end_the_hold_expires_with_an_event_and_a_mail_to_the_assignee(
    clerk, reviewer, mailoutbox
):
    r = preservation_placed(PLACED)
    with at(PLACED):
        services.request_assign(request=r, by=None, assignee=clerk)
    sweep_at(AFTER_REMINDERS)
    since, mailoutbox[:] = last_seq(), []

    report = sweep_at(ENDS)

    r.refresh_from_db()
    assert r.status == Status.EXPIRED
    assert r.hold.expired_at == ENDS
    (event,) = events_since(since)
    assert (event.action, event.from_state, event.to_state, event.actor_name) == (
        "expire",
        "preserved",
        "expired",
        "system",
    )
    assert event.at == ENDS
    done = Deadline.objects.get(request=r, kind=DeadlineKind.HOLD_END)
    assert (done.done_at, done.outcome) == (ENDS, Deadline.Outcome.ACTED)
    assert (report.acted, report.mails_sent) == (1, 1)
    (mail,) = mailoutbox
    assert mail.to == [clerk.email]
    assert mail.subject == f"[{r.reference}] Hold expired"
    assert f"https://lerq.example/requests/{r.reference}/" in mail.body
    assert "may now be deleted" in mail.body


def test_an_unassigned_hold_end_goes_to_every_active_reviewer(
    clerk, reviewer, approver, mailoutbox
):
    gone = UserFactory(username="gone", password=None, is_active=False)
    gone.groups.set(Group.objects.filter(name=roles.REVIEWER))
    r = preservation_placed(PLACED)
    sweep_at(AFTER_REMINDERS)
    mailoutbox[:] = []

    sweep_at(ENDS)

    (mail,) = mailoutbox
    # Lawyers who may act on it; not the clerk, not someone who has left.
    assert mail.to == sorted([approver.email, reviewer.email])
    assert subjects(mailoutbox) == [f"[{r.reference}] Hold expired"]


def test_an_unassigned_hold_end_goes_to_the_team_address_when_there_is_one(
    settings, reviewer, mailoutbox
):
    settings.LERQ_TEAM_EMAIL = ["legal-team@lerq.example"]
    preservation_placed(PLACED)
    sweep_at(AFTER_REMINDERS)
    mailoutbox[:] = []

    sweep_at(ENDS)

    (mail,) = mailoutbox
    assert mail.to == ["legal-team@lerq.example"]


def test_a_hold_ending_on_a_public_holiday_still_ends_that_day(reviewer, mailoutbox):
    # Placed Wednesday 15 April 2026: 90 days later is Tuesday 14 July, Bastille Day. The end of
    # a hold is the law's date, not a reminder: it is not moved.
    r = preservation_placed(paris(2026, 4, 15, 10, 0))
    bastille_day = paris(2026, 7, 14, 10, 0)
    assert the_timer(r, DeadlineKind.HOLD_END).due_at == bastille_day
    sweep_at(bastille_day - timedelta(minutes=1))
    mailoutbox[:] = []

    sweep_at(bastille_day)

    r.refresh_from_db()
    assert r.status == Status.EXPIRED
    assert subjects(mailoutbox) == [f"[{r.reference}] Hold expired"]


def test_a_released_hold_does_not_expire(reviewer, mailoutbox):
    r = preservation_placed(PLACED)
    with at(PLACED + timedelta(days=10)):
        services.hold_release(request=r, by=None, reason="The search warrant arrived.")
    since = last_seq()

    report = sweep_at(ENDS + timedelta(days=1))

    r.refresh_from_db()
    assert r.status == Status.RELEASED
    assert timers(r, DeadlineKind.HOLD_END) == []
    assert report.acted == 0
    assert events_since(since) == []
    assert mailoutbox == []


def test_the_hold_period_is_a_setting(settings):
    settings.LERQ_HOLD_DAYS = 30

    r = preservation_placed(PLACED)

    assert the_timer(r, DeadlineKind.HOLD_END).due_at == paris(2026, 10, 1, 10, 0)
