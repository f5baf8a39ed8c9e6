"""Mail that answers mail of ours, from someone who is not a government sender: a delivery
status notification (a bounce) and what it says. Pure: no ORM, no settings; the router
(intake/threads.py) decides whether the Message-IDs found are ours.

A bounce names the mail it returns inside its body (RFC 3464: a ``message/delivery-status``
part, then the returned ``text/rfc822-headers`` or ``message/rfc822``), not in In-Reply-To.
Reading is bounded like ``intake.parsing``: too many multipart containers and the body is not
read; at most ``parsing.MAX_PARTS`` parts are looked at, and every value kept is one line of
at most ``MAX_DETAIL`` characters.
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import re
from dataclasses import dataclass, field
from email.message import Message

from intake import mime, parsing

MAX_DETAIL = 300
# A plain-text bounce (no RFC 3464 parts) quotes the returned headers in its text.
_QUOTED_ID = re.compile(r"^[ >]*Message-ID:[ \t]*(<[^<>\s]+>)", re.I | re.M)
_DAEMON = re.compile(r"\b(mailer-daemon|postmaster)@", re.I)
_REPORT = re.compile(r"multipart/report", re.I)
_DELIVERY_STATUS = re.compile(r"report-type\s*=\s*\"?delivery-status", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Bounce:
    original_ids: tuple[str, ...] = ()  # the returned mail's Message-ID(s), "<id@host>"
    recipients: tuple[str, ...] = ()  # Final-Recipient addresses that failed
    status: str = ""  # "5.1.1", with the Action when given
    diagnostic: str = ""  # Diagnostic-Code, one line
    reasons: list[str] = field(default_factory=list)


def one_line(value: object, limit: int = MAX_DETAIL) -> str:
    """Printable, one line, bounded: what a bounce says goes into reasons and a mail."""
    text = _CONTROL.sub(" ", str(value or "")).replace("\u2028", " ").replace("\u2029", " ")
    return " ".join(text.split())[:limit]


def looks_like_bounce(headers: dict[str, list[str]]) -> bool:
    """What a bounce says about itself in its headers: a delivery-status report, a
    MAILER-DAEMON or postmaster sender, or an empty Return-Path (RFC 5321 null sender)."""
    lower = {name.lower(): values for name, values in headers.items()}
    for value in lower.get("content-type", [])[:1]:
        if _REPORT.search(value) and _DELIVERY_STATUS.search(value):
            return True
    if any(_DAEMON.search(value) for value in lower.get("from", [])[:1]):
        return True
    return any(value.strip() in ("<>", "") for value in lower.get("return-path", [])[:1])


def bounce_read(raw: bytes) -> Bounce:
    """The Message-IDs of the returned mail and why it failed, read from the body."""
    reasons: list[str] = []
    if parsing._too_many_multiparts(raw):
        return Bounce(reasons=[f"more than {parsing.MAX_MULTIPARTS} multipart containers"])
    try:
        msg = mime.message_from_bytes(raw)
        parts = []
        for part in msg.walk():
            parts.append(part)
            if len(parts) >= parsing.MAX_PARTS:
                break
    except Exception as error:  # RecursionError, a broken structure: nothing found
        return Bounce(reasons=[f"the bounce cannot be read: {type(error).__name__}"])
    ids: list[str] = []
    recipients: list[str] = []
    status: list[str] = []
    diagnostic: list[str] = []
    texts: list[str] = []
    for part in parts:
        try:
            _read_part(part, ids, recipients, status, diagnostic, texts, reasons)
        except Exception as error:
            reasons.append(f"a bounce part cannot be read: {type(error).__name__}")
    if not ids:  # no RFC 3464 parts: the returned headers quoted in the text
        ids = [
            m[: parsing.MAX_ID] for m in _QUOTED_ID.findall("\n".join(texts)[: parsing.MAX_TEXT])
        ]
    return Bounce(
        original_ids=tuple(dict.fromkeys(ids))[:20],
        recipients=tuple(dict.fromkeys(recipients))[:10],
        status=one_line(" ".join(status)),
        diagnostic=one_line(" ".join(diagnostic)),
        reasons=reasons,
    )


def _read_part(
    part: Message,
    ids: list[str],
    recipients: list[str],
    status: list[str],
    diagnostic: list[str],
    texts: list[str],
    reasons: list[str],
) -> None:
    ctype = part.get_content_type()
    if ctype == "message/delivery-status":
        for block in _status_blocks(part):
            _read_status(block, ids, recipients, status, diagnostic)
    elif ctype == "text/rfc822-headers":
        ids.extend(_ids_in_headers(mime.part_text(part, reasons)))
    elif ctype == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if isinstance(inner, Message):
            ids.extend(_ids_of(str(value) for key, value in inner.raw_items() if _is_id(key)))
    elif ctype == "text/plain" and part.get_content_disposition() != "attachment":
        texts.append(mime.part_text(part, reasons)[: parsing.MAX_TEXT])


def _status_blocks(part: Message) -> list[Message]:
    """The per-message and per-recipient field blocks of a message/delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload[: parsing.MAX_PARTS] if isinstance(block, Message)]
    text = str(payload)[: parsing.MAX_TEXT]
    parser = email.parser.HeaderParser(policy=email.policy.compat32)
    return [parser.parsestr(block) for block in re.split(r"\r?\n\r?\n", text)[:50]]


def _read_status(
    block: Message,
    ids: list[str],
    recipients: list[str],
    status: list[str],
    diagnostic: list[str],
) -> None:
    for key, value in block.raw_items():
        name, value = key.lower(), str(value)
        if name == "final-recipient" or (name == "original-recipient" and not recipients):
            address = value.partition(";")[2].strip() if ";" in value else value.strip()
            if address:
                recipients.append(one_line(address, 254))
        elif name in ("action", "status"):
            status.append(one_line(value, 40))
        elif name == "diagnostic-code":
            diagnostic.append(one_line(value.partition(";")[2] or value))
        elif _is_id(name):
            ids.extend(_ids_of([value]))


def _is_id(name: str) -> bool:
    return name.lower() in ("message-id", "x-original-message-id")


def _ids_of(values: object) -> list[str]:
    found: list[str] = []
    for value in values:  # type: ignore[attr-defined]
        found.extend(parsing._ids(str(value))[:1])
    return found


def _ids_in_headers(text: str) -> list[str]:
    parser = email.parser.HeaderParser(policy=email.policy.compat32)
    headers = parser.parsestr(text[: parsing.MAX_TEXT], headersonly=True)
    return _ids_of(str(value) for key, value in headers.raw_items() if _is_id(key))
