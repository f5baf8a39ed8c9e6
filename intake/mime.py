"""What every reader of a message agrees on: when our server received it, and the text of a
part however badly it is encoded. Used by intake/parsing.py (routing) and
intake/extraction/document.py (extraction), so both give the same answers for one message."""

import binascii
import email.parser
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import parsedate_to_datetime

_HEADER_END = re.compile(rb"\r?\n\r?\n")


def header_block(raw: bytes) -> bytes:
    """The bytes up to and including the first blank line: all a header parser reads. Header
    parsers given the whole message also decode and split its body, which for a message with a
    25 MB attachment costs most of a second and hundreds of megabytes."""
    match = _HEADER_END.search(raw)
    return raw[: match.end()] if match else raw


def body_of(raw: bytes) -> bytes:
    """The bytes after the header block (what the security log hashes as the body)."""
    match = _HEADER_END.search(raw)
    return raw[match.end() :] if match else b""


# The feed parser is given the bytes this much at a time.
FEED = 64 * 1024

# Header decoding is bounded. The standard library's ``email.policy.default`` decodes a header
# the first time it is read, in time and memory that grow with the square of its encoded words:
# a To or Subject of 10,000 of them (140 KB of mail) took 5 s and 2.2 GB, on every page that
# showed the message. No real header comes near these bounds (a 998-character line holds about
# a dozen encoded words); past them the raw value is kept, cut, and a reason says so.
MAX_ENCODED_WORDS = 200
MAX_HEADER_CHARS = 8192  # of a header's raw value, and of what it decodes to
_ENCODED_WORD = re.compile(r"=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]*\?=")
REASON_HEADER_BOUND = "the {name} header {why}; its raw value is kept, cut to {limit} characters"


def header_over_bound(value: str) -> str:
    """Why the raw header ``value`` is not decoded, or "" when it may be."""
    if len(value) > MAX_HEADER_CHARS:
        return f"is {len(value)} characters long (over {MAX_HEADER_CHARS})"
    found = itertools.islice(_ENCODED_WORD.finditer(value), MAX_ENCODED_WORDS + 1)
    if sum(1 for _ in found) > MAX_ENCODED_WORDS:
        return f"has more than {MAX_ENCODED_WORDS} encoded words"
    return ""


def header_raw_cut(value: str) -> str:
    """The raw value unfolded, cut to the bound, as text a page can show (no lone surrogates
    from undecodable bytes)."""
    value = "".join(value[: MAX_HEADER_CHARS + 16].splitlines())[:MAX_HEADER_CHARS]
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# Headers a person reads: cut, they are noted even without encoded words. A long trace or
# threading header (References in a long thread, a DKIM signature) is cut silently: nothing
# reads it decoded (threading reads the raw headers).
SHOWN_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "sender", "subject", "date"})


def header_reasons(items: Iterable[tuple[str, str]]) -> list[str]:
    """A reason for each header (name, raw value) kept undecoded that matters to a person:
    one that is shown, or that holds encoded words."""
    reasons = []
    for name, value in items:
        value = str(value)
        why = header_over_bound(value)
        shown = name.lower() in SHOWN_HEADERS
        if why and (shown or _ENCODED_WORD.search(value[:MAX_HEADER_CHARS])):
            reasons.append(REASON_HEADER_BOUND.format(name=name, why=why, limit=MAX_HEADER_CHARS))
    return reasons


class BoundedPolicy(EmailPolicy):
    """``email.policy.default`` whose headers are decoded only within the bounds above;
    past them a header reads as its raw value, cut (a plain ``str``: the ``Message`` methods
    that read parameters, types and file names take either)."""

    def header_fetch_parse(self, name, value):
        if not hasattr(value, "name") and header_over_bound(value):
            return header_raw_cut(value)
        parsed = super().header_fetch_parse(name, value)
        if len(parsed) > MAX_HEADER_CHARS:
            return header_raw_cut(str(parsed))
        return parsed


BOUNDED = BoundedPolicy()


def message_from_bytes(raw: bytes) -> EmailMessage:
    """``email.message_from_bytes(raw, policy=BOUNDED)``, fed a piece at a time.
    The same tree; but the standard library's version decodes the whole message into one
    string and reads it through a StringIO, which holds it four bytes a character: parsing a
    32 MB message peaked at 250 MB over the message. Fed in pieces, the peak is the body's
    lines and their join."""
    parser = email.parser.BytesFeedParser(policy=BOUNDED)
    view = memoryview(raw)
    for start in range(0, len(view), FEED):
        parser.feed(bytes(view[start : start + FEED]))
    return parser.close()  # type: ignore[return-value]


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
    """The declared charset, else UTF-8, else Latin-1 (which decodes any bytes). A charset
    name that is no charset (unknown, or holding a NUL: ValueError) is passed over."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return payload.decode(candidate)
        except (LookupError, ValueError):  # UnicodeDecodeError is a ValueError
            continue
    return payload.decode("latin-1")


def body_parts(
    parts: list[EmailMessage], reasons: list[str], *, named: bool
) -> tuple[list[str], list[str]]:
    """The text of the parts a person reads as the body: (plain texts, HTML markups), in
    order. Attachments are not; a text part with a file name is only when ``named``."""
    plain: list[str] = []
    html: list[str] = []
    for part in parts:
        try:
            if part.is_multipart() or part.get_content_disposition() == "attachment":
                continue
            if not named and part.get_filename():
                continue
            ctype = part.get_content_type()
        except Exception as error:
            reasons.append(f"a MIME part cannot be read: {type(error).__name__}")
            continue
        if ctype == "text/plain":
            plain.append(part_text(part, reasons))
        elif ctype == "text/html":
            html.append(part_text(part, reasons))
    return plain, html


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


# Decoded a chunk at a time: a base64 body larger than this is never decoded whole.
CHUNK = 1 << 20
# Base64 as mail programs write it: the alphabet in lines, padding only at the end.
_BASE64_CLEAN = re.compile(r"[A-Za-z0-9+/\r\n]*(?:={1,2}[\r\n]*)?")


def decoded_chunks(part: EmailMessage, chunk: int = CHUNK) -> Iterator[bytes]:
    """The part's decoded body, a piece at a time, byte for byte what
    ``part.get_payload(decode=True)`` returns. A well-formed base64 body (the way every large
    attachment travels) is decoded in pieces of ``chunk`` bytes, so a 25 MB attachment is never
    held decoded in memory beside its encoded text; anything else is decoded by the standard
    library in one piece."""
    payload = part.get_payload()
    cte = str(part.get("content-transfer-encoding", "")).lower()
    if (
        cte == "base64"
        and isinstance(payload, str)
        and len(payload) > chunk
        and _BASE64_CLEAN.fullmatch(payload)
        # One data character over a multiple of 4 cannot be decoded, padded or not ("0=");
        # the standard library has its own answer for that (the text itself): left to it.
        and (len(payload) - sum(payload.count(c) for c in "\r\n=")) % 4 != 1
    ):
        yield from _base64_chunks(payload, chunk)
        return
    data = part.get_payload(decode=True)
    if data is None:
        return
    yield data if isinstance(data, bytes) else str(data).encode("utf-8", "replace")


def _base64_chunks(payload: str, chunk: int) -> Iterator[bytes]:
    """Well-formed base64 (alphabet, whitespace, final padding) in pieces: each piece is cut
    to a multiple of 4 significant characters and the rest carried to the next. A missing
    final padding is added, as the standard library's decoder does."""
    carry = b""
    for start in range(0, len(payload), chunk):
        piece = carry + payload[start : start + chunk].encode("ascii").translate(None, b"\r\n")
        usable = len(piece) - len(piece) % 4
        carry = piece[usable:]
        if usable:
            yield binascii.a2b_base64(piece[:usable])
    if carry:
        yield binascii.a2b_base64(carry + b"=" * (-len(carry) % 4))
