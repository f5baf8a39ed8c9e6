"""The iCalendar text of the deadline feed (RFC 5545), written by hand: escaped, folded, CRLF."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from triage import deadlines as dl
from triage.ical import CalendarEvent, calendar_text, escape, fold

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)


def test_text_values_escape_what_rfc_5545_reserves():
    assert escape("a, b; c\\d\nnext\r\nline\x07") == "a\\, b\\; c\\\\d\\nnext\\nline"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "é" * 100

    folded = fold(line)

    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_a_feed_is_a_calendar_of_events_with_crlf_lines():
    at = datetime(2027, 3, 7, 16, 0, tzinfo=UTC)
    text = calendar_text(
        name="lerq deadlines",
        events=[
            CalendarEvent(
                uid="deadline-7@lerq",
                at=at,
                summary="LER-2026-000001: Hold ends",
                description="90 days after the hold was placed on Mon 7 Dec 2026",
                url="https://lerq.example.org/requests/LER-2026-000001/",
            )
        ],
        now=NOW,
        tz=PARIS,
    )

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "UID:deadline-7@lerq\r\n" in text
    assert "DTSTAMP:20261207T160000Z\r\n" in text
    assert "DTSTART:20270307T160000Z\r\nDURATION:PT15M\r\n" in text
    assert "SUMMARY:LER-2026-000001: Hold ends\r\n" in text


def test_the_date_an_agency_asked_for_is_an_all_day_event_on_that_day():
    due, _ = dl.end_of_day(date(2027, 1, 8), PARIS, "response date the agency asked for")

    text = calendar_text(
        name="x",
        events=[CalendarEvent(uid="u", at=due, summary="s", description="d")],
        now=NOW,
        tz=PARIS,
    )

    assert "DTSTART;VALUE=DATE:20270108\r\nDTEND;VALUE=DATE:20270109\r\n" in text
