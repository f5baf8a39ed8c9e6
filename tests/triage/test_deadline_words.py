"""Every deadline in words, read from the basis the arithmetic wrote (no ORM, no clock)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from triage import deadlines as dl
from triage.deadline_words import deadline_words, explain, paused_clock, when_words

PARIS = ZoneInfo("Europe/Paris")
PLACED = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # Mon 7 Dec 2026, 17:00 in Paris


def test_the_date_reads_with_its_weekday_and_the_teams_zone():
    assert when_words(PLACED, PARIS) == "Mon 7 Dec 2026, 17:00 CET"
    summer = datetime(2027, 7, 1, 8, 30, tzinfo=UTC)
    assert when_words(summer, PARIS) == "Thu 1 Jul 2027, 10:30 CEST"


def test_a_hold_end_says_it_is_90_days_after_the_hold_was_placed():
    due, basis = dl.add_calendar_days(PLACED, 90, PARIS, "hold period (LERQ_HOLD_DAYS)")

    words = deadline_words(what="Hold ends", due_at=due, basis=basis, tz=PARIS)

    assert words.what == "Hold ends"
    assert words.when == "Sun 7 Mar 2027, 17:00 CET"
    assert words.how == "90 days after the hold was placed on Mon 7 Dec 2026"


def test_a_reminder_moved_off_a_weekend_says_from_when_to_when_and_why():
    end, _ = dl.add_calendar_days(PLACED, 90, PARIS, "hold period (LERQ_HOLD_DAYS)")
    due, basis = dl.reminder_before(end, 14, PARIS, [], "reminder 14 days before the hold ends")

    how = explain(basis, due, PARIS)

    assert how == (
        "14 days before the hold's end on Sun 7 Mar 2027; "
        "reminder moved from Sun 21 Feb to Fri 19 Feb, a weekend"
    )


def test_a_reminder_moved_off_a_holiday_says_a_public_holiday():
    end = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # Mon 4 Jan; 3 days before is Fri 1 Jan
    due, basis = dl.reminder_before(
        end, 3, PARIS, [date(2027, 1, 1)], "reminder 3 days before the hold ends"
    )

    assert explain(basis, due, PARIS).endswith(
        "reminder moved from Fri 1 Jan to Thu 31 Dec, a public holiday"
    )


def test_the_agencys_date_reads_as_the_date_it_wrote_until_the_end_of_that_day():
    due, basis = dl.end_of_day(date(2027, 1, 8), PARIS, "response date the agency asked for")

    words = deadline_words(what="Response due", due_at=due, basis=basis, tz=PARIS)

    assert words.when == "Fri 8 Jan 2027, end of the day (CET)"
    assert words.how == "the date the agency asked for: until the end of Fri 8 Jan 2027"


def test_a_resumed_clock_names_the_agencys_date_and_the_days_it_stood_still():
    _, previous = dl.end_of_day(date(2027, 1, 8), PARIS, "response date the agency asked for")
    paused_at = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    due, basis = dl.resume_end_of_day(
        previous,
        paused_at,
        paused_at + timedelta(days=3),
        PARIS,
        "response clock resumed after the agency answered",
    )

    words = deadline_words(what="Response due", due_at=due, basis=basis, tz=PARIS)

    assert words.when == "Mon 11 Jan 2027, end of the day (CET)"
    assert "the agency asked for an answer by Fri 8 Jan 2027" in words.how
    assert "stopped on Mon 4 Jan 2027" in words.how and "3 days later" in words.how


def test_an_answer_on_the_day_it_was_asked_keeps_the_agencys_date():
    agency, previous = dl.end_of_day(date(2027, 1, 8), PARIS, "response date the agency asked for")
    paused_at = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)

    due, basis = dl.resume_end_of_day(
        previous, paused_at, paused_at + timedelta(hours=5), PARIS, "resumed"
    )

    assert due == agency
    assert basis["agency_date"] == "2027-01-08" and basis["paused_days"] == 0


def test_minutes_read_with_the_time_they_count_from():
    received = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)
    due, basis = dl.add_minutes(
        received, 60, "emergencies are acknowledged within the hour (LERQ_EMERGENCY_ACK_MINUTES)"
    )

    assert explain(basis, due, PARIS) == (
        "60 minutes after the request was received at Mon 7 Dec 2026, 17:00 CET"
    )


def test_years_and_the_end_of_an_order_read_as_sentences():
    due, basis = dl.years_later(
        PLACED, 7, PARIS, "closed requests are kept for the retention period (LERQ_RETENTION_YEARS)"
    )
    assert explain(basis, due, PARIS) == "7 years after the request was closed on Mon 7 Dec 2026"
    due, basis = dl.start_of_day(date(2027, 2, 1), PARIS, "end of the non-disclosure order")
    assert explain(basis, due, PARIS) == "the non-disclosure order runs until Mon 1 Feb 2027"


def test_a_rule_it_does_not_know_still_reads_as_a_sentence_without_raw_keys():
    due, basis = dl.add_calendar_days(PLACED, -14, PARIS, "something new")

    how = explain(basis, due, PARIS)

    assert how == "14 days before Mon 7 Dec 2026 (something new)"
    assert "start:" not in how and "days:" not in how


def test_a_paused_clock_says_since_when_and_the_days_left():
    clock = paused_clock(
        left=timedelta(days=4, hours=3), since=PLACED, agency_date=date(2027, 1, 8)
    )

    assert clock is not None and clock.days_left == 4
    assert clock.words(PARIS) == (
        "Paused since Mon 7 Dec 2026 while the agency is asked for information: 4 days left "
        "when it runs again; the agency asked for an answer by Fri 8 Jan 2027"
    )
    assert paused_clock(left=None, since=PLACED, agency_date=None) is None
