"""Attachments of an accepted message: bounded, typed by their bytes, stored by their hash.

``attachments_store(message, tree)`` is called by routing once the sender is accepted (refused
mail stores nothing). Each part is decoded a piece at a time into a spool file, hashed on the
way, and moved to storage from there: a 25 MB attachment is never held decoded in memory.
It is idempotent by database state: a row per (message, index), a file per SHA-256; running
it again after a crash finishes the job and duplicates nothing.

Status of each part:
- ``too_large``: over ``LERQ_ATTACHMENT_MAX_BYTES``, or over what is left of
  ``LERQ_MESSAGE_ATTACHMENTS_MAX_BYTES`` for the message; name, size and reason only.
- ``accepted``: the bytes are a PDF, a PNG, JPEG, GIF, TIFF or WebP image, a .docx (a zip
  holding ``word/document.xml``) or plain text (decodable, no NUL, no markup), and carry
  nothing active (triage/filetypes.py decides, for production records too).
- ``quarantined``: anything else; stored, flagged, and served only as a download.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import tempfile
import unicodedata
from email.message import EmailMessage
from typing import IO

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from intake import mime
from intake.models import Attachment, InboundMessage
from triage.filetypes import DOCX, IMAGES, PDF, TEXT, Sniffed, sniff, sniff_file

__all__ = ["PDF", "attachments_store", "offered_name", "safe_filename", "sniff", "storage_name"]

MAX_PARTS = 200  # as intake/parsing.py: the rest of a message is not read
MAX_NAME = 255
MAX_OCR_TEXT = 200_000  # characters of a scan's OCR text kept (ten pages read at most)

REASON_PART_TOO_LARGE = "{size} bytes, over the {limit} bytes one attachment may have."
REASON_MESSAGE_TOO_LARGE = (
    "{size} bytes would take the message's attachments over {limit} bytes in all."
)
REASON_NAME_DIFFERS = "Declared as {declared} ({name}), but the bytes are {sniffed}."
REASON_UNREADABLE = "The part cannot be decoded: {error}"
REASON_RENAMED = "Renamed: sent as {name}, but the bytes are {sniffed}; offered as {offered}."

_EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), TEXT: (".txt", ".text", "")}
# The extension a file of a sniffed type is offered under, where the standard tables (below)
# would pick another or none.
_OFFERED = {PDF: ".pdf", DOCX: ".docx", TEXT: ".txt", "text/html": ".html", "image/jpeg": ".jpg"}
UNKNOWN_EXTENSION = ".bin"
# The standard library's own table only (no /etc/mime.types): the same answer on every machine.
_TYPES = mimetypes.MimeTypes()


def _extensions_for(sniffed: str) -> tuple[str, set[str]]:
    """The extension a file of this type is offered under, and every extension that fits it."""
    fits = set(_EXTENSIONS.get(sniffed, ())) | set(_TYPES.guess_all_extensions(sniffed))
    known = filetype.get_type(mime=sniffed) if sniffed else None
    if known:
        fits.add("." + known.extension)
    offered = _OFFERED.get(sniffed) or ("." + known.extension if known else "")
    offered = offered or (sorted(fits)[0] if fits else UNKNOWN_EXTENSION)
    return offered, fits | {offered}


def offered_name(name: str, sniffed: str) -> str:
    """``name`` (already safe) under an extension that says what its bytes are: an .exe
    named report.pdf is offered as report.exe, a PDF named evidence.html as evidence.pdf.
    Bytes of no known type keep a name whose extension claims no type, else end in .bin."""
    stem, dot, ext = name.rpartition(".")
    current = "." + ext.lower() if dot and stem else ""
    base = stem if current else name
    if not sniffed:
        claims = current and _TYPES.guess_type("x" + current, strict=False)[0]
        if not claims and current not in _EXTENSIONS[PDF] + _EXTENSIONS[DOCX]:
            return name
        return base[: MAX_NAME - len(UNKNOWN_EXTENSION)] + UNKNOWN_EXTENSION
    offered, fits = _extensions_for(sniffed)
    if current in fits:
        return name
    return base[: MAX_NAME - len(offered)] + offered


def safe_filename(declared: str, index: int) -> str:
    """The declared name as it may be shown and sent back in Content-Disposition: the last
    path component, without control or bidirectional-format characters, at most 255 chars."""
    name = re.split(r"[/\\]", declared or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    name = " ".join(name.split()).strip(" .")
    if not name:
        return f"attachment-{index + 1}"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:16] if dot and stem else ""
        name = name[: MAX_NAME - len(ext) - 1] + ("." + ext if ext else "")
    return name


def _name_note(sniffed: Sniffed, declared_type: str, name: str) -> str:
    """A note when the name or declared type says something else than the bytes."""
    if not sniffed.accepted:
        return ""
    extension = ("." + name.rpartition(".")[2].lower()) if "." in name else ""
    expected = _EXTENSIONS.get(sniffed.mime)
    if sniffed.mime in IMAGES:
        fits = declared_type == sniffed.mime or declared_type == "application/octet-stream"
    else:
        fits = declared_type in (sniffed.mime, "application/octet-stream", "")
        fits = fits and (expected is None or extension in expected)
    if fits:
        return ""
    return REASON_NAME_DIFFERS.format(declared=declared_type, name=name, sniffed=sniffed.mime)


def storage_name(sha256: str) -> str:
    """Where the bytes go in the default storage: derived from their hash alone."""
    return f"attachments/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _save(spool: IO[bytes], sha256: str) -> str:
    name = storage_name(sha256)
    if not default_storage.exists(name):
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
        if saved != name:  # another writer got there first with the same bytes
            default_storage.delete(saved)
    return name


def attachment_parts(msg: EmailMessage) -> list[EmailMessage]:
    """The parts a person sees as attached files (forwarded messages' included)."""
    found = []
    try:
        parts = list(msg.walk())[:MAX_PARTS]
    except RecursionError:
        return found
    for part in parts:
        try:
            if part.is_multipart():
                continue
            ctype = part.get_content_type()
            disposition = part.get_content_disposition()
            filename = part.get_filename()
        except Exception:  # a header that cannot be read: keep the bytes, they may matter
            found.append(part)
            continue
        if ctype.startswith("message/"):
            continue
        body = ctype in ("text/plain", "text/html") and not filename
        if disposition == "attachment" or filename or not body:
            found.append(part)
    return found


def _declared(part: EmailMessage) -> tuple[str, str, str | None]:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    try:
        ctype = part.get_content_type()
        charset = part.get_content_charset()
    except Exception:
        ctype, charset = "", None
    return name, ctype, charset


def _clean(value: str, limit: int) -> str:
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:limit]


class Stored:
    """Where ``attachments_store`` kept each part of the tree it was given: ``read`` (an
    extraction FileSource) serves a part's decoded bytes back from storage, so nothing is
    decoded twice."""

    def __init__(self, names: dict[int, str], message: InboundMessage | None = None) -> None:
        self._names = names  # id(part) -> storage name, for the parts of that tree
        self._message = message

    def read(self, part: EmailMessage) -> bytes | None:
        name = self._names.get(id(part))
        if not name:
            return None
        with default_storage.open(name, "rb") as stored:
            return stored.read()

    def ocr_keep(self, texts: dict[str, str]) -> None:
        """Keep what OCR read of scanned attachments (SHA-256 -> text) on their rows, once:
        the attachment's text shown to the team, marked as read by OCR."""
        if self._message is None:
            return
        for sha256, text in texts.items():
            Attachment.objects.filter(message=self._message, sha256=sha256, ocr_text="").update(
                ocr_text=text[:MAX_OCR_TEXT]
            )


def attachments_store(
    message: InboundMessage, tree: EmailMessage | None, *, none_yet: bool = False
) -> Stored:
    """Record every attachment of ``message`` (once), storing what may be stored. ``tree``:
    the message parsed (ParsedMessage.tree); None when it could not be. ``none_yet``: the
    message was stored by this very run, so it has no attachment rows to look for."""
    if tree is None:
        return Stored({})
    done = {} if none_yet else {a.index: a for a in message.attachments.all()}
    part_limit = settings.LERQ_ATTACHMENT_MAX_BYTES
    message_limit = settings.LERQ_MESSAGE_ATTACHMENTS_MAX_BYTES
    total = sum(a.size for a in done.values() if a.status != Attachment.Status.TOO_LARGE)
    rows, names = [], {}
    for index, part in enumerate(attachment_parts(tree)):
        if index in done:
            names[id(part)] = done[index].file.name
            continue
        with tempfile.TemporaryFile() as spool:
            row = _row(message, index, part, spool, min(part_limit, message_limit - total))
            if row.status != Attachment.Status.TOO_LARGE:
                row.file.name = _save(spool, row.sha256)
                names[id(part)] = row.file.name
                total += row.size
        rows.append(row)
    if rows:
        with transaction.atomic():
            Attachment.objects.bulk_create(rows, ignore_conflicts=True)
    return Stored(names, message)


def _row(
    message: InboundMessage, index: int, part: EmailMessage, spool: IO[bytes], room: int
) -> Attachment:
    """The part decoded into ``spool`` (up to ``room`` bytes; past that only counted) and
    its row: hash, size, sniffed type, status."""
    name, ctype, charset = _declared(part)
    digest, size, unreadable = hashlib.sha256(), 0, ""
    try:
        for piece in mime.decoded_chunks(part):
            digest.update(piece)
            size += len(piece)
            if size <= room:
                spool.write(piece)
    except Exception as error:
        digest, size = hashlib.sha256(), 0
        spool.seek(0)
        spool.truncate()
        unreadable = REASON_UNREADABLE.format(error=type(error).__name__)
    row = Attachment(
        message=message,
        index=index,
        filename=safe_filename(name, index),
        declared_name=_clean(name, 1000),
        declared_type=_clean(ctype, 255),
        size=size,
        sha256=digest.hexdigest(),
    )
    if size > room:
        row.status = Attachment.Status.TOO_LARGE
        part_limit = settings.LERQ_ATTACHMENT_MAX_BYTES
        if size > part_limit:
            row.reason = REASON_PART_TOO_LARGE.format(size=size, limit=part_limit)
        else:
            limit = settings.LERQ_MESSAGE_ATTACHMENTS_MAX_BYTES
            row.reason = REASON_MESSAGE_TOO_LARGE.format(size=size, limit=limit)
        return row
    spool.seek(0)
    found = sniff_file(spool, charset)
    row.sniffed_type = found.mime
    row.status = Attachment.Status.ACCEPTED if found.accepted else Attachment.Status.QUARANTINED
    row.reason = unreadable or found.reason or _name_note(found, ctype, row.filename)
    if not unreadable:
        _rename(row)
    return row


def _rename(row: Attachment) -> None:
    """Offer the file under a name whose extension is what its bytes are, and say so: a
    name that lies (an .exe named report.pdf, a PDF/HTML polyglot named evidence.html) would
    otherwise open in whatever program its extension picks."""
    offered = offered_name(row.filename, row.sniffed_type)
    if offered == row.filename:
        return
    note = REASON_RENAMED.format(
        name=row.filename, sniffed=row.sniffed_type or "of no known type", offered=offered
    )
    row.reason = f"{row.reason} {note}".strip()
    row.filename = offered
