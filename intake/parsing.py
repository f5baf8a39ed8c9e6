"""Layer 2 of intake (STYLE.md rule 4): the raw bytes of a message, read. Pure: no ORM, no
network, no settings. ``parse_message`` never raises; whatever could not be read becomes a
sentence in ``reasons`` and the field stays empty."""

from __future__ import annotations

import email
import email.parser
import email.policy
import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage

from intake import mime
from intake.extraction.document import html_to_text

MAX_PARTS = 200
# More multipart containers than this and the body is not parsed (headers only): the standard
# library parses nesting recursively (2,000 deep raises RecursionError, 500 deep costs 0.7 s),
# and no real request needs more than a handful. This bounds nesting depth and parsing time.
MAX_MULTIPARTS = 100
MAX_TEXT = 2_000_000
MAX_ID = 998

_MSG_ID = re.compile(r"<[^<>\s]+>")
_MULTIPART = re.compile(rb"multipart/", re.I)


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None = None  # "<id@host>" as written, or None
    from_header: str = ""  # the From header as received (not decoded)
    subject: str = ""  # decoded, whitespace collapsed
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    received_at: datetime | None = None  # aware; top Received date, else Date
    text: str = ""  # every text part (HTML converted), in order
    headers: tuple[tuple[str, str], ...] = ()  # every header, top to bottom, as received
    reasons: list[str] = field(default_factory=list)
    # The MIME tree, parsed once here, for the readers that need more than the text (the
    # attachments, the extraction); headers only when the body was not read; None when the
    # message cannot be parsed at all.
    tree: EmailMessage | None = field(default=None, repr=False, compare=False)

    def header_map(self) -> dict[str, list[str]]:
        """Header name to its values, as ``intake.senders.check_sender`` takes them."""
        found: dict[str, list[str]] = {}
        for name, value in self.headers:
            found.setdefault(name, []).append(value)
        return found


def parse_message(raw: bytes) -> ParsedMessage:
    """Each layer is read on its own: headers that cannot be read leave the body, and a body
    that cannot be read (one bad part) leaves the headers; what failed becomes a reason."""
    reasons: list[str] = []
    raw = bytes(raw)
    try:
        head = _head(raw, reasons)
    except Exception as error:  # the contract: never raises
        reasons.append(f"the headers cannot be parsed: {type(error).__name__}: {error}")
        head = ParsedMessage(reasons=reasons)
    msg = _tree(raw, reasons)
    try:
        text = _text(msg, reasons) if msg is not None else ""
    except Exception as error:
        reasons.append(f"the body cannot be parsed: {type(error).__name__}: {error}")
        text = ""
    return replace(head, text=text, tree=msg)


def parse_headers(raw: bytes) -> ParsedMessage:
    """What the header block alone says (no text, no tree): who sent the message, its ids and
    subject, at the cost of reading only its headers. Never raises, like parse_message."""
    reasons: list[str] = []
    try:
        return _head(bytes(raw), reasons)
    except Exception as error:
        reasons.append(f"the message cannot be parsed: {type(error).__name__}: {error}")
        return ParsedMessage(reasons=reasons)


def _head(raw: bytes, reasons: list[str]) -> ParsedMessage:
    headers = _raw_headers(raw, reasons)
    values: dict[str, list[str]] = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(value)
    first = {name: found[0] for name, found in values.items()}
    return ParsedMessage(
        message_id=_message_id(first.get("message-id", "")),
        from_header=first.get("from", ""),
        subject=_subject(values, reasons),
        in_reply_to=tuple(_ids(first.get("in-reply-to", ""))),
        references=tuple(_ids(" ".join(values.get("references", [])))),
        received_at=_received_at(values, reasons),
        headers=tuple(headers),
        reasons=reasons,
    )


def _tree(raw: bytes, reasons: list[str]) -> EmailMessage | None:
    try:
        if _too_many_multiparts(raw):
            reasons.append(f"more than {MAX_MULTIPARTS} multipart containers; body not read")
            parser = email.parser.BytesHeaderParser(policy=mime.BOUNDED)
            msg = parser.parsebytes(mime.header_block(raw))
            msg.set_payload("")
            return msg
        return mime.message_from_bytes(raw)
    except Exception as error:
        reasons.append(f"the MIME structure cannot be read: {type(error).__name__}")
        return None


def _too_many_multiparts(raw: bytes) -> bool:
    found = itertools.islice(_MULTIPART.finditer(raw), MAX_MULTIPARTS + 1)
    return sum(1 for _ in found) > MAX_MULTIPARTS


def _raw_headers(raw: bytes, reasons: list[str]) -> list[tuple[str, str]]:
    try:
        header_parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
        parsed = header_parser.parsebytes(mime.header_block(raw))
        defects = [type(d).__name__ for d in parsed.defects]
        if defects:
            reasons.append(f"header defects: {', '.join(sorted(set(defects)))}")
        found = [(str(name), str(value)) for name, value in parsed.raw_items()]
        reasons.extend(mime.header_reasons(found))
        return found
    except Exception as error:
        reasons.append(f"the headers cannot be read: {type(error).__name__}")
        return []


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value).strip()


def _message_id(value: str) -> str | None:
    value = _unfold(value)
    if not value:
        return None
    match = _MSG_ID.search(value)
    found = match.group(0) if match else value.split()[0]
    return found[:MAX_ID]


def _ids(value: str) -> list[str]:
    return list(dict.fromkeys(m[:MAX_ID] for m in _MSG_ID.findall(_unfold(value))))


def _subject(values: dict[str, list[str]], reasons: list[str]) -> str:
    """The decoded Subject; past the bounds of mime.header_over_bound (the reason is noted
    with the other headers') its raw value, cut."""
    value = (values.get("subject") or [""])[0]
    try:
        subject = str(mime.BOUNDED.header_fetch_parse("Subject", value))
    except Exception as error:
        reasons.append(f"the Subject header cannot be decoded: {type(error).__name__}")
        subject = value
    return " ".join(subject.split())[:MAX_ID]


def _received_at(values: dict[str, list[str]], reasons: list[str]) -> datetime | None:
    return mime.receipt_time(values.get("received", []), (values.get("date") or [""])[0], reasons)


def _text(msg: EmailMessage, reasons: list[str]) -> str:
    try:
        parts = list(msg.walk())
    except RecursionError:
        reasons.append("the MIME structure is nested too deeply")
        return ""
    if len(parts) > MAX_PARTS:
        reasons.append(f"more than {MAX_PARTS} MIME parts; the rest is not read")
        parts = parts[:MAX_PARTS]
    plain, html = mime.body_parts(parts, reasons, named=True)
    # An HTML alternative says the same as the plain part: read it only when there is none.
    return "\n\n".join(plain or [html_to_text(markup) for markup in html])[:MAX_TEXT]
