"""Hold reminders: 14 and 3 days before the hold ends, on a working day of the configured
country (a reminder that falls on a weekend or a public holiday comes the working day before;
the hold end itself does not move)."""

from datetime import timedelta

import pytest

from tests.triage.timers.helpers import (
    at,
    events_since,
    last_seq,
    mails_about,
    paris,
    preservation_placed,
    subjects,
    sweep_at,
    the_timer,
    timers,
)
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind, Status

pytestmark = pytest.mark.django_db

# Placed Friday 10 July 2026: the hold ends Thursday 8 October; 14 days before is Thursday
# 24 September and 3 days before Monday 5 October, both working days in France.
PLACED = paris(2026, 7, 10, 10, 0)
ENDS = paris(2026, 10, 8, 10, 0)
FOURTEEN_DAYS = paris(2026, 9, 24, 10, 0)
THREE_DAYS = paris(2026, 10, 5, 10, 0)


def reminder_dates(request) -> list:
    return [d.due_at for d in timers(request, DeadlineKind.HOLD_REMINDER)]


def test_placing_a_hold_sets_reminders_14_and_3_days_before_its_end():
    r = preservation_placed(PLACED)

    assert reminder_dates(r) == [FOURTEEN_DAYS, THREE_DAYS]
    assert the_timer(r, DeadlineKind.HOLD_END).due_at == ENDS


def test_the_14_day_reminder_mails_the_team_and_records_the_mail(reviewer, mailoutbox):
    r = preservation_placed(PLACED)
    sweep_at(FOURTEEN_DAYS - timedelta(minutes=1))
    assert mailoutbox == []
    since = last_seq()

    sweep_at(FOURTEEN_DAYS)

    (mail,) = mailoutbox
    assert mail.to == [reviewer.email]
    assert mail.subject == f"[{r.reference}] Hold ending soon"
    assert "separate formal request" in mail.body
    assert "Thursday 24 September 2026, 10:00 CEST" in mail.body
    assert (
        "How this date was computed: 14 days before the hold's end on Thu 8 Oct 2026" in mail.body
    )
    assert "start:" not in mail.body
    (event,) = events_since(since)
    assert event.action == EventKind.REMINDED
    assert event.data["kind"] == DeadlineKind.HOLD_REMINDER
    assert event.data["mail"] == mails_about(r)[-1].message_id
    assert event.data["late_seconds"] == 0
    assert reminder_dates(r) == [THREE_DAYS]


def test_the_3_day_reminder_comes_3_days_before_the_end(reviewer, mailoutbox):
    r = preservation_placed(PLACED)
    sweep_at(FOURTEEN_DAYS)
    sweep_at(THREE_DAYS - timedelta(minutes=1))
    assert len(mailoutbox) == 1

    sweep_at(THREE_DAYS)

    assert subjects(mailoutbox) == [f"[{r.reference}] Hold ending soon"] * 2
    assert reminder_dates(r) == []
    r.refresh_from_db()
    assert r.status == Status.PRESERVED


def test_a_released_hold_sends_no_more_reminders(reviewer, mailoutbox):
    r = preservation_placed(PLACED)
    with at(PLACED + timedelta(days=30)):
        services.hold_release(request=r, by=None, reason="The agency withdrew its request.")

    sweep_at(THREE_DAYS)

    assert mailoutbox == []
    cancelled = Deadline.objects.filter(request=r, kind=DeadlineKind.HOLD_REMINDER)
    assert {d.outcome for d in cancelled} == {Deadline.Outcome.CANCELLED}


def test_a_reminder_falling_on_christmas_comes_on_christmas_eve(reviewer, mailoutbox):
    # Placed Tuesday 29 September 2026: the hold ends Monday 28 December; 3 days before is
    # Friday 25 December, a public holiday in France.
    r = preservation_placed(paris(2026, 9, 29, 10, 0))
    christmas_eve = paris(2026, 12, 24, 10, 0)

    assert reminder_dates(r) == [paris(2026, 12, 14, 10, 0), christmas_eve]
    moved = timers(r, DeadlineKind.HOLD_REMINDER)[-1]
    assert moved.basis["moved_from"] == "2026-12-25"
    assert the_timer(r, DeadlineKind.HOLD_END).due_at == paris(2026, 12, 28, 10, 0)

    sweep_at(christmas_eve - timedelta(days=1))
    mailoutbox[:] = []
    sweep_at(christmas_eve)
    assert subjects(mailoutbox) == [f"[{r.reference}] Hold ending soon"]
    mailoutbox[:] = []
    sweep_at(paris(2026, 12, 25, 10, 0))
    assert mailoutbox == []
    assert "reminder moved from Fri 25 Dec to Thu 24 Dec, a public holiday" in (
        mails_about(r)[-1].body_text
    )


def test_a_reminder_falling_on_bastille_day_comes_the_monday_before(reviewer):
    # Placed Saturday 18 April 2026: the hold ends Friday 17 July; 3 days before is Tuesday
    # 14 July.
    r = preservation_placed(paris(2026, 4, 18, 10, 0))

    assert reminder_dates(r) == [paris(2026, 7, 3, 10, 0), paris(2026, 7, 13, 10, 0)]
    assert the_timer(r, DeadlineKind.HOLD_END).due_at == paris(2026, 7, 17, 10, 0)


def test_a_reminder_falling_on_a_saturday_comes_the_friday_before(reviewer):
    # Placed Wednesday 1 April 2026: the hold ends Tuesday 30 June; 3 days before is Saturday
    # 27 June.
    r = preservation_placed(paris(2026, 4, 1, 10, 0))

    assert reminder_dates(r) == [paris(2026, 6, 16, 10, 0), paris(2026, 6, 26, 10, 0)]


@pytest.mark.parametrize(
    ("country", "three_days_before"),
    [("FR", paris(2026, 11, 26, 10, 0)), ("US", paris(2026, 11, 25, 10, 0))],
)
def test_the_public_holidays_are_those_of_the_configured_country(
    settings, country, three_days_before
):
    # Placed Monday 31 August 2026: the hold ends Sunday 29 November; 3 days before is
    # Thursday 26 November, Thanksgiving in the United States and a working day in France.
    settings.LERQ_HOLIDAY_COUNTRY = country

    r = preservation_placed(paris(2026, 8, 31, 10, 0))

    assert reminder_dates(r)[-1] == three_days_before
    assert the_timer(r, DeadlineKind.HOLD_END).due_at == paris(2026, 11, 29, 10, 0)


def test_a_reminder_whose_date_has_passed_when_the_hold_is_placed_is_not_set(settings):
    settings.LERQ_HOLD_DAYS = 10

    r = preservation_placed(PLACED)

    # 10 days: the 14-day reminder would be before the hold was placed; only the 3-day one.
    assert reminder_dates(r) == [paris(2026, 7, 17, 10, 0)]
