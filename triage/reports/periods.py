"""Half years: which requests a report counts.

A request belongs to the half in which it was *received* (``Request.received_at``), read as a
date in the team's time zone (``TIME_ZONE``): the receipt date is fixed when the request
arrives and never changes afterwards, so a published half never gains or loses requests when
they are decided later, and every request is counted in exactly one half. H1 is 1 January to
30 June, H2 is 1 July to 31 December.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

HALF_FORMAT = re.compile(r"(\d{4})H([12])")
ERR_HALF = "a half year is written like 2026H1 or 2026H2 (H1: January to June), not {value!r}"


class BadHalf(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Half:
    year: int
    part: int  # 1 or 2

    def __str__(self) -> str:
        return f"{self.year}H{self.part}"

    @property
    def first_day(self) -> date:
        return date(self.year, 1 if self.part == 1 else 7, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.part == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        first, last = self.first_day, self.last_day
        return f"{first:%-d %B} to {last:%-d %B %Y}"

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at midnight in the team's time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first_day, time.min, tzinfo=zone)
        return start, datetime.combine(self.next().first_day, time.min, tzinfo=zone)

    def next(self) -> "Half":
        return Half(self.year, 2) if self.part == 1 else Half(self.year + 1, 1)

    def previous(self) -> "Half":
        return Half(self.year, 1) if self.part == 2 else Half(self.year - 1, 2)

    def last(self, count: int) -> list["Half"]:
        """``count`` halves ending with this one, oldest first."""
        halves = [self]
        while len(halves) < count:
            halves.insert(0, halves[0].previous())
        return halves


def half_parse(value: str) -> Half:
    match = HALF_FORMAT.fullmatch(value.strip().upper()) if isinstance(value, str) else None
    if match is None or not 1970 <= int(match[1]) <= 9999:
        raise BadHalf(ERR_HALF.format(value=value))
    return Half(int(match[1]), int(match[2]))


def half_of(day: date) -> Half:
    return Half(day.year, 1 if day.month <= 6 else 2)


def half_last_complete(today: date | None = None) -> Half:
    """The most recent half that has ended (the one before today's)."""
    return half_of(today or timezone.localdate()).previous()
