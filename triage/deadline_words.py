"""Every deadline in words: what it is, when (in the team's zone, with the weekday), and how
it was computed, read from the basis the row keeps (triage/deadlines.py writes it).

Pure: no ORM, no clock, no settings; callers pass the zone in. A lawyer reads "90 days after
the hold was placed on Mon 7 Dec 2026", never ``start: …; days: 90``. A basis written by an
older lerq, or by a rule this module does not know, still reads as a sentence (the rule's own
words and the dates it names).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Basis = dict[str, Any]

# What each rule counts from, as the team says it ("after the hold was placed on …").
_FROM = {
    "hold period": "after the hold was placed on",
    "extension": "after the hold's previous end,",
    "agency answer window for a deficiency notice": "after the deficiency notice on",
    "user objection window": "after the user notice was sent on",
    "user notice after an emergency disclosure": "after the emergency disclosure on",
    "closed requests are kept for the retention period": "after the request was closed on",
    "emergencies are acknowledged within the hour": "after the request was received at",
    "emergencies are escalated until decided": "after the request was received at",
    "corrected to an emergency: acknowledged within the hour": "after it was corrected to an "
    "emergency at",
    "corrected to an emergency: escalated until decided": "after it was corrected to an "
    "emergency at",
    "emergency undecided again after its approval was withdrawn": "after the approval was "
    "withdrawn at",
}
_SETTING = re.compile(r"\s*\(LERQ_[A-Z_]+\)\s*$")
_REMINDER = re.compile(r"^reminder (\d+) days before (the .+)$")
# End of day as deadlines.end_of_day writes it: the last microsecond of the day.
_END_OF_DAY = time(23, 59, 59, 999999)


@dataclass(frozen=True)
class DeadlineWords:
    what: str  # "Hold ends"
    when: str  # "Mon 7 Dec 2026, 17:00 CET"
    how: str  # "90 days after the hold was placed on Mon 7 Dec 2026"


def day_words(day: date) -> str:
    """``Mon 7 Dec 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    """``Sun 21 Feb`` (the year is the sentence's)."""
    return f"{day:%a} {day.day} {day:%b}"


def when_words(at: datetime, tz: ZoneInfo) -> str:
    """``Mon 7 Dec 2026, 17:00 CET``; the last instant of a day reads ``end of the day``."""
    local = at.astimezone(tz)
    if local.time().replace(tzinfo=None) == _END_OF_DAY:
        return f"{day_words(local.date())}, end of the day ({local:%Z})"
    return f"{day_words(local.date())}, {local:%H:%M %Z}"


def _instant(value: Any, tz: ZoneInfo) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)).astimezone(tz)
    except (TypeError, ValueError):
        return None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if abs(n) == 1 else f"{n} {word}s"


def _rule(basis: Basis) -> str:
    return _SETTING.sub("", str(basis.get("rule") or "")).strip()


def _moved(basis: Basis, due_at: datetime, tz: ZoneInfo) -> str:
    """``; reminder moved from Sun 21 Feb to Fri 19 Feb, a weekend``."""
    moved_from = _day(basis.get("moved_from"))
    if moved_from is None:
        return ""
    why = "a weekend" if moved_from.weekday() >= 5 else "a public holiday"
    to = due_at.astimezone(tz).date()
    return f"; reminder moved from {short_day(moved_from)} to {short_day(to)}, {why}"


def _counted(basis: Basis, due_at: datetime, tz: ZoneInfo, rule: str) -> str:
    """Days, business days, minutes or years from a start."""
    start = _instant(basis.get("start"), tz)
    unit = str(basis.get("unit") or "")
    if "days" in basis:
        days = int(basis["days"])
        word = "working day" if unit == "business days" else "day"
        amount = _plural(abs(days), word)
    elif "minutes" in basis:
        days, amount = int(basis["minutes"]), _plural(int(basis["minutes"]), "minute")
    else:
        days, amount = int(basis["years"]), _plural(int(basis["years"]), "year")
    reminder = _REMINDER.match(rule)
    if reminder and start is not None:
        # A reminder counts back from the end it announces (its start is that end).
        what_ends = reminder.group(2).removeprefix("the ")
        ends = day_words(start.date())
        return f"{amount} before the {_ending(what_ends)} on {ends}" + _moved(basis, due_at, tz)
    anchor = _FROM.get(rule)
    if start is None:
        return f"{amount} ({rule})" if rule else amount
    stamp = when_words(start, tz) if "minutes" in basis else day_words(start.date())
    if anchor is None:
        direction = "before" if days < 0 else "after"
        sentence = f"{amount} {direction} {stamp}" + (f" ({rule})" if rule else "")
    else:
        sentence = f"{amount} {anchor} {stamp}"
    skipped = [d for d in (_day(s) for s in basis.get("holidays_skipped") or []) if d]
    if skipped:
        sentence += ", not counting " + ", ".join(short_day(d) for d in skipped) + " (holidays)"
    return sentence + _moved(basis, due_at, tz)


def _ending(what: str) -> str:
    """``hold ends`` → ``hold's end``; ``response is due`` → ``response's due date``."""
    return {"hold ends": "hold's end", "response is due": "response's due date"}.get(what, what)


def _resumed(basis: Basis, tz: ZoneInfo) -> str:
    agency = _day(basis.get("agency_date"))
    paused = _instant(basis.get("paused_at"), tz)
    start = _instant(basis.get("start"), tz)
    if agency is not None and paused is not None and start is not None:
        days = int(basis.get("paused_days") or 0)
        shift = f"{_plural(days, 'day')} later" if days else "the same date"
        return (
            f"the agency asked for an answer by {day_words(agency)}; the clock stopped on "
            f"{day_words(paused.date())} for the deficiency notice and ran again on "
            f"{day_words(start.date())} when the agency answered, so the date moved "
            f"by the days it stood still: {shift}"
        )
    left = str(basis.get("remaining") or "").split(".")[0]
    since = f" on {day_words(start.date())}" if start else ""
    return f"the response clock ran again{since} when the agency answered, with {left} left"


def explain(basis: Basis, due_at: datetime, tz: ZoneInfo) -> str:
    """How the date was computed, in one sentence."""
    if not basis:
        return ""
    rule = _rule(basis)
    if rule == "response clock resumed after the agency answered":
        return _resumed(basis, tz)
    if rule == "escalated again until decided":
        previous = _instant(basis.get("previous"), tz)
        return "escalated again until someone decides" + (
            f" (the one before was at {when_words(previous, tz)})" if previous else ""
        )
    unit = basis.get("unit")
    on = _day(basis.get("date"))
    if unit == "end of day" and on is not None:
        return f"the date the agency asked for: until the end of {day_words(on)}"
    if unit == "start of day" and on is not None:
        return f"the non-disclosure order runs until {day_words(on)}"
    if any(key in basis for key in ("days", "minutes", "years")):
        try:
            return _counted(basis, due_at, tz, rule)
        except (TypeError, ValueError):
            pass
    return rule


def deadline_words(*, what: str, due_at: datetime, basis: Basis, tz: ZoneInfo) -> DeadlineWords:
    return DeadlineWords(what=what, when=when_words(due_at, tz), how=explain(basis, due_at, tz))


@dataclass(frozen=True)
class PausedClock:
    since: datetime
    left: timedelta
    agency_date: date | None

    @property
    def days_left(self) -> int:
        return self.left.days

    def words(self, tz: ZoneInfo) -> str:
        """``Paused since Mon 4 Jan 2027 (the deficiency notice): 4 days left``."""
        left = _plural(self.days_left, "day") if self.days_left else "less than a day"
        asked = (
            f"; the agency asked for an answer by {day_words(self.agency_date)}"
            if self.agency_date
            else ""
        )
        return (
            f"Paused since {day_words(self.since.astimezone(tz).date())} while the agency is "
            f"asked for information: {left} left when it runs again{asked}"
        )


def paused_clock(
    *, left: timedelta | None, since: datetime | None, agency_date: date | None
) -> PausedClock | None:
    """The response clock as the request page shows it while the agency is asked for more."""
    if left is None or since is None:
        return None
    return PausedClock(since=since, left=left, agency_date=agency_date)
