"""triage/deadlines.py: the pure date arithmetic every deadline is computed with.

No clock and no settings: each test passes the start, the zone and the holidays, and checks the
instant in UTC against a date worked out by hand (the calendar of 2026 is in the comments).
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from triage import deadlines as dl

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
# France's public holidays, as lerq's default configuration gives them (LERQ_HOLIDAY_COUNTRY).
FR = holidays.country_holidays("FR")
BASTILLE_DAY = date(2026, 7, 14)  # a Tuesday
CHRISTMAS = date(2026, 12, 25)  # a Friday


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def local(tz: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=tz)


# --- calendar days ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Paris, March: summer time starts on Sunday 29 March 2026 (02:00 → 03:00).
        (local(PARIS, 2026, 3, 20, 10), 30, utc(2026, 4, 19, 8)),
        # Paris, October: winter time comes back on Sunday 25 October 2026 (03:00 → 02:00).
        (local(PARIS, 2026, 10, 10, 10), 30, utc(2026, 11, 9, 9)),
        # A 90-day hold placed in winter ends in summer, still at 10:00 in Paris.
        (local(PARIS, 2026, 1, 15, 10), 90, utc(2026, 4, 15, 8)),
        # New York changes on other days: Sunday 8 March and Sunday 1 November 2026.
        (local(NEW_YORK, 2026, 3, 1, 9), 14, utc(2026, 3, 15, 13)),
        (local(NEW_YORK, 2026, 10, 25, 9), 14, utc(2026, 11, 8, 14)),
        # Counting backwards across the change keeps the wall-clock time too.
        (local(PARIS, 2026, 4, 19, 10), -30, utc(2026, 3, 20, 9)),
    ],
    ids=["paris-march", "paris-october", "paris-90-days", "ny-march", "ny-november", "backwards"],
)
def test_calendar_days_keep_the_wall_clock_time_across_a_daylight_saving_change(start, days, due):
    tz = start.tzinfo

    got, _ = dl.add_calendar_days(start, days, tz, "hold period")

    assert got == due
    assert got.tzinfo == UTC
    assert got.astimezone(tz).time() == start.time()
    # The instant moved by a day count give or take the hour the clocks changed by.
    assert abs((got - start) - timedelta(days=days)) == timedelta(hours=1)


def test_calendar_days_record_how_the_date_was_computed():
    start = local(PARIS, 2026, 3, 20, 10)

    _, basis = dl.add_calendar_days(start, 90, PARIS, "hold period (LERQ_HOLD_DAYS)")

    assert basis == {
        "rule": "hold period (LERQ_HOLD_DAYS)",
        "start": "2026-03-20T09:00:00+00:00",
        "days": 90,
        "unit": "calendar days",
        "time_zone": "Europe/Paris",
    }


def test_calendar_days_do_not_skip_weekends_or_holidays():
    # Friday 10 July + 4 days is Tuesday 14 July, a public holiday: a period in calendar days
    # ends there all the same.
    got, _ = dl.add_calendar_days(local(PARIS, 2026, 7, 10, 10), 4, PARIS, "period")

    assert got == utc(2026, 7, 14, 8)


# --- business days ----------------------------------------------------------------------------
def test_business_days_skip_the_weekend_and_a_public_holiday_and_record_the_holiday():
    # Friday 10 July 2026 + 3 working days: Mon 13 (1), Tue 14 is Bastille Day, Wed 15 (2),
    # Thu 16 (3).
    due, basis = dl.add_business_days(local(PARIS, 2026, 7, 10, 10), 3, PARIS, FR, "answer")

    assert due == utc(2026, 7, 16, 8)
    assert basis["holidays_skipped"] == ["2026-07-14"]
    assert basis["unit"] == "business days"
    assert basis["days"] == 3


def test_business_days_without_holidays_only_skip_the_weekend():
    due, basis = dl.add_business_days(local(PARIS, 2026, 7, 10, 10), 3, PARIS, (), "answer")

    assert due == utc(2026, 7, 15, 8)
    assert basis["holidays_skipped"] == []


def test_business_days_keep_the_wall_clock_time_across_the_march_change():
    # Friday 27 March 10:00 (winter time) + 1 working day: Monday 30 March 10:00 (summer time).
    due, _ = dl.add_business_days(local(PARIS, 2026, 3, 27, 10), 1, PARIS, FR, "answer")

    assert due == utc(2026, 3, 30, 8)


def test_business_days_count_backwards_too():
    # Monday 20 July - 4 working days: Fri 17, Thu 16, Wed 15, (Tue 14 skipped), Mon 13.
    due, basis = dl.add_business_days(local(PARIS, 2026, 7, 20, 10), -4, PARIS, FR, "back")

    assert due == utc(2026, 7, 13, 8)
    assert basis["holidays_skipped"] == ["2026-07-14"]


def test_business_days_take_the_holidays_they_are_given_not_a_country_of_their_own():
    # 26 November 2026 is Thanksgiving in the United States and a working day in France.
    us = holidays.country_holidays("US")
    start = local(NEW_YORK, 2026, 11, 25, 9)  # Wednesday

    in_us, us_basis = dl.add_business_days(start, 1, NEW_YORK, us, "answer")
    in_fr, fr_basis = dl.add_business_days(start, 1, NEW_YORK, FR, "answer")

    assert in_us == utc(2026, 11, 27, 14)
    assert us_basis["holidays_skipped"] == ["2026-11-26"]
    assert in_fr == utc(2026, 11, 26, 14)
    assert fr_basis["holidays_skipped"] == []


# --- reminders --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("end", "days_before", "due", "moved_from"),
    [
        # 3 days before Monday 28 December is Christmas (Friday): Thursday 24 December.
        (local(PARIS, 2026, 12, 28, 10), 3, utc(2026, 12, 24, 9), "2026-12-25"),
        # 2 days before Thursday 16 July is Bastille Day (Tuesday): Monday 13 July.
        (local(PARIS, 2026, 7, 16, 10), 2, utc(2026, 7, 13, 8), "2026-07-14"),
        # 3 days before Tuesday 14 July is a Saturday: Friday 10 July.
        (local(PARIS, 2026, 7, 14, 10), 3, utc(2026, 7, 10, 8), "2026-07-11"),
        # 3 days before Wednesday 22 July is a Sunday: Friday 17 July.
        (local(PARIS, 2026, 7, 22, 10), 3, utc(2026, 7, 17, 8), "2026-07-19"),
        # 3 days before Thursday 9 April is Easter Monday: back over the weekend to Friday 3 April.
        (local(PARIS, 2026, 4, 9, 10), 3, utc(2026, 4, 3, 8), "2026-04-06"),
    ],
    ids=["christmas", "bastille-day", "saturday", "sunday", "easter-monday"],
)
def test_a_reminder_that_falls_on_a_day_off_comes_the_working_day_before(
    end, days_before, due, moved_from
):
    got, basis = dl.reminder_before(end, days_before, PARIS, FR, "reminder")

    assert got == due
    assert got.astimezone(PARIS).time() == end.time()
    assert basis["moved_from"] == moved_from
    assert "working day before" in basis["moved_because"]
    assert basis["days"] == -days_before


def test_a_reminder_on_a_working_day_is_not_moved():
    # 14 days before Thursday 8 October 2026 is Thursday 24 September.
    due, basis = dl.reminder_before(local(PARIS, 2026, 10, 8, 10), 14, PARIS, FR, "reminder")

    assert due == utc(2026, 9, 24, 8)
    assert "moved_from" not in basis
    assert "moved_because" not in basis


def test_a_reminder_across_the_clock_change_keeps_the_hour():
    # 14 days before Wednesday 1 April 10:00 (summer time) is Wednesday 18 March 10:00 (winter).
    due, _ = dl.reminder_before(local(PARIS, 2026, 4, 1, 10), 14, PARIS, FR, "reminder")

    assert due == utc(2026, 3, 18, 9)


def test_a_reminder_uses_the_holidays_it_is_given():
    # 3 days before Sunday 29 November is Thanksgiving: moved in the US, not in France.
    end = local(PARIS, 2026, 11, 29, 10)

    in_us, us_basis = dl.reminder_before(end, 3, PARIS, holidays.country_holidays("US"), "r")
    in_fr, fr_basis = dl.reminder_before(end, 3, PARIS, FR, "r")

    assert in_us == utc(2026, 11, 25, 9)
    assert us_basis["moved_from"] == "2026-11-26"
    assert in_fr == utc(2026, 11, 26, 9)
    assert "moved_from" not in fr_basis


# --- minutes and repeating slots --------------------------------------------------------------
def test_minutes_are_counted_in_elapsed_time_even_across_the_clock_change():
    # 01:45 in Paris on 29 March is 00:45 UTC; an hour later the clocks say 03:45.
    start = local(PARIS, 2026, 3, 29, 1, 45)

    due, basis = dl.add_minutes(start, 60, "acknowledge within the hour")

    assert due == utc(2026, 3, 29, 1, 45)
    assert due.astimezone(PARIS) == local(PARIS, 2026, 3, 29, 3, 45)
    assert basis == {
        "rule": "acknowledge within the hour",
        "start": "2026-03-29T00:45:00+00:00",
        "minutes": 60,
        "unit": "minutes",
    }


EVERY = timedelta(minutes=30)
FIRST = utc(2026, 5, 4, 8, 30)


def test_the_next_slot_of_a_schedule_not_reached_yet_is_its_first():
    assert dl.next_slot_after(FIRST, EVERY, FIRST - timedelta(minutes=1)) == FIRST


def test_the_next_slot_is_strictly_after_the_moment_given():
    assert dl.next_slot_after(FIRST, EVERY, FIRST) == FIRST + EVERY


def test_after_three_hours_down_the_next_slot_is_the_next_one_on_the_rhythm():
    now = FIRST + timedelta(hours=3, minutes=5)

    assert dl.next_slot_after(FIRST, EVERY, now) == FIRST + timedelta(hours=3, minutes=30)


def test_a_moment_exactly_on_a_slot_gives_the_slot_after_it():
    now = FIRST + timedelta(hours=3)

    assert dl.next_slot_after(FIRST, EVERY, now) == FIRST + timedelta(hours=3, minutes=30)


# --- days, dates and years --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tz", "day", "due"),
    [
        (PARIS, date(2026, 1, 15), utc(2026, 1, 15, 22, 59, 59, 999999)),
        (PARIS, date(2026, 3, 29), utc(2026, 3, 29, 21, 59, 59, 999999)),  # 23-hour day
        (PARIS, date(2026, 10, 25), utc(2026, 10, 25, 22, 59, 59, 999999)),  # 25-hour day
        (NEW_YORK, date(2026, 11, 1), utc(2026, 11, 2, 4, 59, 59, 999999)),
    ],
)
def test_end_of_day_is_the_last_instant_of_that_day_in_the_team_zone(tz, day, due):
    got, basis = dl.end_of_day(day, tz, "response date")

    assert got == due
    assert got.astimezone(tz).date() == day
    assert (got + timedelta(microseconds=1)).astimezone(tz).date() == day + timedelta(days=1)
    assert basis == {
        "rule": "response date",
        "date": day.isoformat(),
        "unit": "end of day",
        "time_zone": str(tz),
    }


@pytest.mark.parametrize(
    ("tz", "day", "due"),
    [
        (PARIS, date(2026, 3, 29), utc(2026, 3, 28, 23)),  # still winter time at midnight
        (PARIS, date(2026, 3, 30), utc(2026, 3, 29, 22)),  # summer time
        (NEW_YORK, date(2026, 11, 2), utc(2026, 11, 2, 5)),
    ],
)
def test_start_of_day_is_midnight_in_the_team_zone(tz, day, due):
    got, basis = dl.start_of_day(day, tz, "end of the non-disclosure order")

    assert got == due
    assert got.astimezone(tz).replace(tzinfo=None) == datetime(day.year, day.month, day.day)
    assert basis["unit"] == "start of day"
    assert basis["date"] == day.isoformat()


def test_seven_years_later_is_the_same_date_and_time():
    start = local(PARIS, 2026, 7, 1, 10)  # summer time

    due, basis = dl.years_later(start, 7, PARIS, "retention")

    assert due == utc(2033, 7, 1, 8)
    assert basis["years"] == 7
    assert basis["unit"] == "years"
    assert basis["start"] == "2026-07-01T08:00:00+00:00"


def test_years_later_from_29_february_is_28_february_in_a_common_year():
    due, _ = dl.years_later(local(PARIS, 2024, 2, 29, 10), 7, PARIS, "retention")

    assert due == utc(2031, 2, 28, 9)


def test_years_later_from_29_february_into_a_leap_year_stays_on_29_february():
    due, _ = dl.years_later(local(PARIS, 2024, 2, 29, 10), 4, PARIS, "retention")

    assert due == utc(2028, 2, 29, 9)


def test_years_later_keeps_the_team_date_when_utc_is_on_the_day_before():
    # 00:30 on 1 January 2026 in Paris is still 31 December 2025 in UTC.
    due, _ = dl.years_later(local(PARIS, 2026, 1, 1, 0, 30), 7, PARIS, "retention")

    assert due.astimezone(PARIS) == local(PARIS, 2033, 1, 1, 0, 30)


# --- properties -------------------------------------------------------------------------------
ZONES = st.sampled_from([PARIS, NEW_YORK, SYDNEY])
INSTANTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
HOLIDAY_SETS = st.frozensets(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31)), max_size=40
)


def _unambiguous(wall: datetime, tz: ZoneInfo) -> bool:
    """The naive wall-clock time exists exactly once in ``tz`` (not in a gap, not repeated)."""
    return (
        wall.replace(tzinfo=tz, fold=0).utcoffset() == wall.replace(tzinfo=tz, fold=1).utcoffset()
    )


@given(start=INSTANTS, days=st.integers(-400, 400), tz=ZONES)
def test_calendar_days_there_and_back_return_to_the_start(start, days, tz):
    wall = start.astimezone(tz).replace(tzinfo=None)
    assume(_unambiguous(wall, tz))
    assume(_unambiguous(wall + timedelta(days=days), tz))

    there, _ = dl.add_calendar_days(start, days, tz, "there")
    back, _ = dl.add_calendar_days(there, -days, tz, "back")

    assert back == start
    assert there.astimezone(tz).replace(tzinfo=None) == wall + timedelta(days=days)


@given(start=INSTANTS, days=st.integers(-60, 60).filter(bool), tz=ZONES, off=HOLIDAY_SETS)
def test_business_days_never_land_on_a_weekend_or_a_holiday(start, days, tz, off):
    due, basis = dl.add_business_days(start, days, tz, off, "answer")

    first, last = start.astimezone(tz).date(), due.astimezone(tz).date()
    assert dl.is_business_day(last, off)
    # Exactly ``days`` working days lie after the start day up to and including the due day.
    step = 1 if days > 0 else -1
    walked = [first + timedelta(days=step * n) for n in range(1, abs((last - first).days) + 1)]
    assert sum(dl.is_business_day(day, off) for day in walked) == abs(days)
    assert basis["holidays_skipped"] == [
        day.isoformat() for day in walked if day in off and not dl.is_business_day(day, off)
    ]


@given(end=INSTANTS, days_before=st.integers(1, 30), tz=ZONES, off=HOLIDAY_SETS)
def test_a_reminder_is_on_the_nearest_working_day_not_after_its_date(end, days_before, tz, off):
    plain, _ = dl.add_calendar_days(end, -days_before, tz, "unmoved")

    due, basis = dl.reminder_before(end, days_before, tz, off, "reminder")

    day, wanted = due.astimezone(tz).date(), plain.astimezone(tz).date()
    assert dl.is_business_day(day, off)
    assert day <= wanted
    # Every day after the reminder's, up to the date it was meant for, is a day off.
    between = [day + timedelta(days=n) for n in range(1, (wanted - day).days + 1)]
    assert not any(dl.is_business_day(other, off) for other in between)
    assert ("moved_from" in basis) == (day != wanted)


@given(
    first=INSTANTS,
    minutes=st.integers(1, 24 * 60),
    offset=st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=30)),
)
def test_the_next_slot_is_the_first_on_the_rhythm_strictly_after_now(first, minutes, offset):
    every, now = timedelta(minutes=minutes), first + offset

    slot = dl.next_slot_after(first, every, now)

    assert slot > now
    assert slot >= first
    assert (slot - first) % every == timedelta(0)
    assert slot == first or slot - every <= now
