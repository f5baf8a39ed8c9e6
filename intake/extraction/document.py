"""A request as a person reads it: the mail's headers, every text or HTML part and every
attachment's text, in reading order. Pure: no ORM, no network. Nothing here raises for a bad
message; what could not be read becomes a reason on the Document."""

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser
from pathlib import Path

from intake import mime
from intake.extraction import ocr
from intake.extraction.pdf import (
    MAX_BYTES,
    MEMORY_BYTES,
    REASON_SCANNED,
    PdfText,
    ocr_wanted,
    read_pdf,
)

MAX_PARTS = 200
MAX_TEXT = 2_000_000

# An attachment part's decoded bytes from wherever they were already put, or None.
FileSource = Callable[[EmailMessage], bytes | None]


@dataclass
class Section:
    """One readable piece: the mail body, or an attached letter."""

    text: str
    source: str  # "body", "attachment", "file"
    is_letter: bool = False  # a letter (PDF or text file) rather than a mail body


@dataclass
class Document:
    subject: str = ""
    sender: str | None = None
    sender_name: str = ""
    recipients: list[str] = field(default_factory=list)
    received_at: datetime | None = None
    sections: list[Section] = field(default_factory=list)
    relay_ips: set[str] = field(default_factory=set)
    digitally_signed: bool = False
    signature_broken: bool = False  # a PDF carries a digital signature that does not validate
    scanned: bool = False
    reasons: list[str] = field(default_factory=list)
    # SHA-256 of an attached PDF -> the text of its scanned pages, read by OCR (so the team
    # sees what a scan says, next to that attachment).
    ocr: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Everything a person reads, subject first."""
        parts = [f"Subject: {self.subject}"] if self.subject else []
        parts += [s.text for s in self.sections]
        return "\n\n".join(parts)

    @property
    def letters(self) -> list[Section]:
        return [s for s in self.sections if s.is_letter]


class UnreadableDocument(Exception):
    """The file cannot be read (missing, not a file, no permission), or a message's MIME
    structure is nested too deeply to walk (read_message)."""


class _HtmlText(HTMLParser):
    BLOCK = frozenset(
        [
            "p",
            "div",
            "br",
            "tr",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "blockquote",
            "pre",
            "hr",
            "address",
            "section",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    """Text of an HTML part; nothing is rendered or fetched."""
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.out)
    except Exception:
        text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = text.replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n\s*\n+", "\n\n", "\n".join(line.strip() for line in text.split("\n")))


def _header(msg: EmailMessage, name: str, reasons: list[str]) -> str:
    try:
        value = msg.get(name)
        return str(value) if value is not None else ""
    except Exception as exc:
        reasons.append(f"header {name}: {type(exc).__name__}")
        return ""


_IP = re.compile(r"\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+)\]?")


def _received_time(msg: EmailMessage, reasons: list[str]) -> datetime | None:
    try:
        received = [str(value) for value in msg.get_all("Received") or []]
    except Exception:
        received = []
    return mime.receipt_time(received, _header(msg, "Date", reasons), reasons)


def _relay_ips(msg: EmailMessage) -> set[str]:
    ips: set[str] = set()
    try:
        for value in msg.get_all("Received") or []:
            ips.update(
                m.group(1)
                for m in _IP.finditer(str(value))
                if "." in m.group(1) or m.group(1).count(":") >= 2
            )
    except Exception:  # noqa: S110
        pass
    for name in ("X-Originating-IP", "X-Sender-IP"):
        try:
            value = msg.get(name)
        except Exception:
            value = None
        if value:
            ips.update(m.group(1) for m in _IP.finditer(str(value)))
    return ips


def _attachment(doc: Document, part: EmailMessage, name: str, files: FileSource | None) -> None:
    ctype = part.get_content_type()
    stored = files(part) if files is not None else None
    payload = stored if stored is not None else (part.get_payload(decode=True) or b"")
    if ctype == "application/pdf" or name.lower().endswith(".pdf") or payload[:5] == b"%PDF-":
        pdf = read_pdf(payload, name or "attached PDF")
        doc.reasons += pdf.reasons
        doc.digitally_signed |= pdf.digitally_signed
        doc.signature_broken |= any(not s.get("ok") for s in pdf.signatures)
        doc.scanned |= pdf.scanned
        if pdf.ocr_text.strip():
            doc.ocr[hashlib.sha256(payload).hexdigest()] = pdf.ocr_text
        if pdf.text.strip():
            doc.sections.append(Section(pdf.text, "attachment", is_letter=True))
    elif ctype.startswith("text/") or name.lower().endswith((".txt", ".htm", ".html")):
        text = mime.decode_leniently(payload, part.get_content_charset())
        if ctype == "text/html" or name.lower().endswith((".htm", ".html")):
            text = html_to_text(text)
        doc.sections.append(Section(text, "attachment", is_letter=True))
    elif ctype.startswith("image/"):
        doc.reasons.append(f"{name or ctype}: an image; {REASON_SCANNED}")
        doc.scanned = True
        if ocr_wanted():
            _image(doc, payload, name or ctype)
    else:
        doc.reasons.append(f"{name or ctype}: attachment type not read")


def _image(doc: Document, payload: bytes, name: str) -> None:
    """A photo or scan of a letter: still not accepted, but read by OCR so that its fields are
    read and the team sees what it says."""
    if len(payload) > MAX_BYTES:
        doc.reasons.append(f"{name}: larger than {MAX_BYTES // 2**20} MB; not read by OCR")
        return
    text, notes = ocr.read_image(payload, memory_bytes=MEMORY_BYTES)
    doc.reasons += [f"{name}: {note}" for note in notes]
    if text.strip():
        doc.ocr[hashlib.sha256(payload).hexdigest()] = text
        doc.sections.append(Section(text, "attachment", is_letter=True))


def _attachment_or_reason(
    doc: Document, part: EmailMessage, name: str, files: FileSource | None
) -> None:
    """One attachment that cannot be read is a reason; the rest of the message is still read."""
    try:
        _attachment(doc, part, name, files)
    except Exception as exc:
        doc.reasons.append(f"{name or 'an attachment'}: cannot be read ({type(exc).__name__})")


def read_eml(raw: bytes) -> Document:
    """A message however broken: what cannot be read is a reason, never an exception."""
    try:
        msg = mime.message_from_bytes(raw)
        return read_message(msg)
    except Exception as exc:  # RecursionError, UnreadableDocument (nesting) among others
        return Document(reasons=[f"not a readable mail message: {type(exc).__name__}: {exc}"])


def _sender(value: str) -> tuple[str | None, str]:
    """(address, display name) of a From header; an unquoted comma in the name ("Cuesta Ferrer,
    Álvaro <a@b>", as some mail programs write it) still gives the address in angle brackets,
    and something without an @ is no address."""
    name, addr = parseaddr(value)
    if "@" not in addr:
        angle = re.search(r"<([^<>@\s]+@[^<>\s]+)>", value)
        if not angle:
            return None, name
        name, addr = value[: angle.start()].strip().strip('"'), angle.group(1)
    return addr.lower(), name


def read_message(msg: EmailMessage, *, files: FileSource | None = None) -> Document:
    """The document a parsed message is. ``files``, when given, serves an attachment's
    decoded bytes from where they were already stored (by the part, or None), so a large
    attachment is not decoded a second time."""
    doc = Document()
    reasons = doc.reasons
    try:
        reasons += mime.header_reasons(msg.raw_items())
    except Exception as exc:
        reasons.append(f"the headers cannot be read: {type(exc).__name__}")
    doc.subject = " ".join(_header(msg, "Subject", reasons).split())
    doc.sender, doc.sender_name = _sender(_header(msg, "From", reasons))
    for header in ("To", "Cc", "Delivered-To"):
        value = _header(msg, header, reasons)
        doc.recipients += [a.lower() for _, a in getaddresses([value]) if a]
    doc.received_at = _received_time(msg, reasons)
    doc.relay_ips = _relay_ips(msg)
    try:
        parts = list(msg.walk())
    except RecursionError as exc:
        raise UnreadableDocument("MIME structure nested too deeply") from exc
    if len(parts) > MAX_PARTS:
        reasons.append(f"more than {MAX_PARTS} MIME parts; the rest is not read")
        parts = parts[:MAX_PARTS]
    plain_seen = False
    htmls: list[str] = []
    for part in parts:
        if part.is_multipart():
            continue
        try:
            disposition = part.get_content_disposition()
            filename = part.get_filename() or ""
        except Exception:
            disposition, filename = None, ""
        try:
            ctype = part.get_content_type()
        except Exception:  # one part's header: the rest of the message is still read
            reasons.append("a MIME part's type cannot be read; read as an attachment")
            ctype = "application/octet-stream"
        if disposition == "attachment" or (filename and ctype not in ("text/plain",)):
            _attachment_or_reason(doc, part, filename, files)
        elif ctype == "text/plain":
            doc.sections.append(Section(mime.part_text(part, reasons), "body"))
            plain_seen = True
        elif ctype == "text/html":
            htmls.append(html_to_text(mime.part_text(part, reasons)))
        elif ctype == "message/rfc822":
            continue  # walk() visits the forwarded message's own parts
        elif not ctype.startswith("multipart/"):
            _attachment_or_reason(doc, part, filename, files)
    if not plain_seen:  # an HTML alternative says the same as the plain part
        doc.sections += [Section(text, "body") for text in htmls]
    if not doc.sections and not doc.subject:
        reasons.append("no readable text")
    return doc


def read_text(raw: bytes) -> Document:
    text = mime.decode_leniently(raw, "utf-8")
    return Document(sections=[Section(text, "file", is_letter=True)])


def read_pdf_file(raw: bytes, name: str) -> Document:
    """Raises UnreadableDocument when nothing of the PDF can be read (manual intake refuses
    it, so the clerk can scan it again); ``read_document`` answers with the reasons instead."""
    pdf = read_pdf(raw, name)
    if not pdf.readable:
        raise UnreadableDocument("; ".join(pdf.reasons))
    return _pdf_document(pdf)


def _pdf_document(pdf: PdfText) -> Document:
    """A PDF as a document: its text, if any, and every reason (a broken, truncated or false
    PDF is a document with no text and the reasons why)."""
    doc = Document(
        digitally_signed=pdf.digitally_signed,
        signature_broken=any(not s.get("ok") for s in pdf.signatures),
        scanned=pdf.scanned,
        reasons=pdf.reasons,
    )
    if pdf.text.strip():
        doc.sections.append(Section(pdf.text, "file", is_letter=True))
    return doc


def read_document(path: Path) -> Document:
    """An .eml, .pdf or .txt file, chosen by its content where it tells, else by its name.
    Raises UnreadableDocument only when the file cannot be read from disk; a file whose
    content cannot be read is a Document with no text and the reasons why."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read {path}: {exc.strerror}") from exc
    if raw[:1024].lstrip().startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return _pdf_document(read_pdf(raw, path.name))
    looks_like_mail = re.match(rb"(?m)^[\w-]+: ", raw[:200]) and path.suffix.lower() != ".txt"
    if path.suffix.lower() in (".eml", ".msg") or looks_like_mail:
        return read_eml(raw)
    if path.suffix.lower() in (".txt", ".text", ""):
        if b"\x00" in raw[:4096]:
            return Document(reasons=[f"{path.name}: binary file, not text"])
        return read_text(raw[:MAX_TEXT])
    return Document(reasons=[f"{path.name}: not an .eml, .pdf or .txt file; nothing read"])
