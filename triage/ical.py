"""The few lines of iCalendar (RFC 5545) a deadline feed needs, written by hand: a VCALENDAR
of VEVENTs, TEXT escaped (section 3.3.11), lines folded at 75 octets (3.1), CRLF endings.

Pure: the caller passes the events, the time of the feed and the team's zone."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_END_OF_DAY = time(23, 59, 59, 999999)
DURATION = "PT15M"  # a deadline is an instant; a short event shows it in every calendar


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    at: datetime
    summary: str
    description: str
    url: str = ""


def escape(text: str) -> str:
    """TEXT value: backslash, semicolon, comma and newline escaped; other controls dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in text if ch >= " " or ch == "\t")


def fold(line: str) -> str:
    """Lines longer than 75 octets go on continuation lines that start with a space, never
    splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode())
        limit = 75 if not out else 74  # a continuation line's leading space counts
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(at: datetime, tz: ZoneInfo) -> list[str]:
    """A date the agency asked for (the end of a day) is an all-day event on that day."""
    local = at.astimezone(tz)
    if local.time().replace(tzinfo=None) == _END_OF_DAY:
        day = local.date()
        return [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        ]
    return [f"DTSTART:{_stamp(at)}", f"DURATION:{DURATION}"]


def calendar_text(
    *, name: str, events: Iterable[CalendarEvent], now: datetime, tz: ZoneInfo
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lerq//deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(event.uid)}",
            f"DTSTAMP:{_stamp(now)}",
            *_when(event.at, tz),
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
        ]
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
