"""Pure date arithmetic for deadlines: no clock, no settings; callers pass both in.

Every function returns the due time in UTC and the basis that explains it, which the
``Deadline`` row keeps so a lawyer can show a court how a date was reached.

Periods the law or the policy sets (a 90-day hold, a 30-day answer window) are counted in
calendar days at the same wall-clock time in the team's zone. Reminders are for people: one
that would fall on a weekend or a public holiday moves to the working day before it.
"""

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Basis = dict[str, Any]

WEEKEND = (5, 6)  # Saturday, Sunday


def is_business_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_calendar_days(
    start: datetime, days: int, tz: ZoneInfo, rule: str
) -> tuple[datetime, Basis]:
    """``days`` later at the same wall-clock time in the team's zone (a hold placed at 10:00
    ends at 10:00, across a daylight-saving change too)."""
    local = start.astimezone(tz).replace(tzinfo=None) + timedelta(days=days)
    due = local.replace(tzinfo=tz).astimezone(UTC)
    return due, {
        "rule": rule,
        "start": start.astimezone(UTC).isoformat(),
        "days": days,
        "unit": "calendar days",
        "time_zone": str(tz),
    }


def add_business_days(
    start: datetime, days: int, tz: ZoneInfo, holidays: Collection[date], rule: str
) -> tuple[datetime, Basis]:
    """``days`` working days later (weekends and ``holidays`` not counted), same wall time."""
    local = start.astimezone(tz)
    day, left, skipped = local.date(), abs(days), []
    step = timedelta(days=1 if days >= 0 else -1)
    while left:
        day += step
        if is_business_day(day, holidays):
            left -= 1
        elif day in holidays:
            skipped.append(day.isoformat())
    due = datetime.combine(day, local.time().replace(tzinfo=None)).replace(tzinfo=tz)
    return due.astimezone(UTC), {
        "rule": rule,
        "start": start.astimezone(UTC).isoformat(),
        "days": days,
        "unit": "business days",
        "holidays_skipped": skipped,
        "time_zone": str(tz),
    }


def reminder_before(
    end: datetime, days_before: int, tz: ZoneInfo, holidays: Collection[date], rule: str
) -> tuple[datetime, Basis]:
    """``days_before`` calendar days before ``end``, moved back to a working day if needed."""
    due, basis = add_calendar_days(end, -days_before, tz, rule)
    local = due.astimezone(tz)
    day, moved_from = local.date(), None
    while not is_business_day(day, holidays):
        moved_from = moved_from or day.isoformat()
        day -= timedelta(days=1)
    if moved_from:
        due = datetime.combine(day, local.time().replace(tzinfo=None)).replace(tzinfo=tz)
        due = due.astimezone(UTC)
        basis["moved_from"] = moved_from
        basis["moved_because"] = "weekend or public holiday: moved to the working day before"
    return due, basis


def add_minutes(start: datetime, minutes: int, rule: str) -> tuple[datetime, Basis]:
    due = start.astimezone(UTC) + timedelta(minutes=minutes)
    return due, {
        "rule": rule,
        "start": start.astimezone(UTC).isoformat(),
        "minutes": minutes,
        "unit": "minutes",
    }


def next_slot_after(first: datetime, every: timedelta, after: datetime) -> datetime:
    """The first of ``first, first + every, …`` strictly later than ``after`` (a repeating
    escalation that was missed while lerq was down resumes on its rhythm, not in a burst)."""
    if first > after:
        return first
    periods = (after - first) // every + 1
    return first + periods * every


def end_of_day(day: date, tz: ZoneInfo, rule: str) -> tuple[datetime, Basis]:
    """The last instant of ``day`` in the team's zone: a date asked for is met all that day."""
    local = datetime.combine(day + timedelta(days=1), time.min).replace(tzinfo=tz)
    due = (local - timedelta(microseconds=1)).astimezone(UTC)
    return due, {"rule": rule, "date": day.isoformat(), "unit": "end of day", "time_zone": str(tz)}


def resume_end_of_day(
    previous: Basis, paused_at: datetime, resumed_at: datetime, tz: ZoneInfo, rule: str
) -> tuple[datetime, Basis] | None:
    """A date the agency asked for (end of its day, ``previous``), its clock stopped at
    ``paused_at`` and running again at ``resumed_at``: the same end of day, moved by the whole
    days (in the team's zone) it stood still. None when ``previous`` is not such a date."""
    if previous.get("unit") != "end of day" or not previous.get("date"):
        return None
    stood = (resumed_at.astimezone(tz).date() - paused_at.astimezone(tz).date()).days
    day = date.fromisoformat(str(previous["date"])) + timedelta(days=max(stood, 0))
    due, basis = end_of_day(day, tz, rule)
    basis.update(
        agency_date=previous.get("agency_date") or previous["date"],
        paused_at=paused_at.astimezone(UTC).isoformat(),
        start=resumed_at.astimezone(UTC).isoformat(),
        paused_days=max(stood, 0),
    )
    return due, basis


def start_of_day(day: date, tz: ZoneInfo, rule: str) -> tuple[datetime, Basis]:
    """Midnight at the start of ``day`` in the team's zone (an order that ends on a date)."""
    due = datetime.combine(day, time.min).replace(tzinfo=tz).astimezone(UTC)
    return due, {
        "rule": rule,
        "date": day.isoformat(),
        "unit": "start of day",
        "time_zone": str(tz),
    }


def years_later(start: datetime, years: int, tz: ZoneInfo, rule: str) -> tuple[datetime, Basis]:
    """The same date ``years`` later (29 February becomes 28 February)."""
    local = start.astimezone(tz)
    try:
        moved = local.replace(year=local.year + years)
    except ValueError:
        moved = local.replace(year=local.year + years, day=28)
    due = moved.replace(tzinfo=None).replace(tzinfo=tz).astimezone(UTC)
    return due, {
        "rule": rule,
        "start": start.astimezone(UTC).isoformat(),
        "years": years,
        "unit": "years",
        "time_zone": str(tz),
    }
