"""What every reader of a message agrees on: when our server received it, and the text of a
part however badly it is encoded. Used by intake/parsing.py (routing) and
intake/extraction/document.py (extraction), so both give the same answers for one message."""

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime


def header_date(value: str) -> datetime | None:
    """An RFC 5322 date, aware (a date without zone is taken as UTC), or None."""
    try:
        parsed = parsedate_to_datetime(" ".join(value.split()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def receipt_time(received: list[str], date: str, reasons: list[str]) -> datetime | None:
    """When our mail server received the message: the date of the top ``Received`` header,
    else the ``Date`` header; a reason is noted for each one that cannot be read."""
    if received:
        stamp = received[0].rsplit(";", 1)
        found = header_date(stamp[1]) if len(stamp) == 2 else None
        if found:
            return found
        reasons.append("the top Received header has no readable date")
    if date:
        found = header_date(date)
        if found:
            return found
        reasons.append("the Date header cannot be read")
    return None


def decode_leniently(payload: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def part_text(part: EmailMessage, reasons: list[str]) -> str:
    """The part's text; an unknown or lying charset is decoded leniently and noted."""
    try:
        return str(part.get_content())
    except Exception as error:
        reasons.append(f"part {part.get_content_type()}: {type(error).__name__}; decoded leniently")
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:
            return ""
        if not isinstance(payload, bytes):
            return str(payload)
        return decode_leniently(payload, part.get_content_charset())
