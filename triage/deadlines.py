"""Pure date arithmetic for deadlines: no clock, no settings; callers pass both in.

Every function returns the due time in UTC and the basis that explains it, which the
``Deadline`` row keeps so a lawyer can show how a date was reached.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Basis = dict[str, Any]


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


def add_minutes(start: datetime, minutes: int, rule: str) -> tuple[datetime, Basis]:
    due = start.astimezone(UTC) + timedelta(minutes=minutes)
    return due, {
        "rule": rule,
        "start": start.astimezone(UTC).isoformat(),
        "minutes": minutes,
        "unit": "minutes",
    }


def end_of_day(day: date, tz: ZoneInfo, rule: str) -> tuple[datetime, Basis]:
    """The last instant of ``day`` in the team's zone: a date asked for is met all that day."""
    local = datetime.combine(day + timedelta(days=1), time.min).replace(tzinfo=tz)
    due = (local - timedelta(microseconds=1)).astimezone(UTC)
    return due, {"rule": rule, "date": day.isoformat(), "unit": "end of day", "time_zone": str(tz)}
