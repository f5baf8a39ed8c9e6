"""What a file's bytes are, and whether they carry anything active: one inspection for what
comes in (intake's attachments) and what goes out (production records), so the same bytes get
the same verdict both ways (issue 15: a macro-enabled .docx was quarantined as an attachment
but accepted as a record). It lives in triage because triage never imports intake.

Active, in an OOXML file (.docx and its kin): macros (a vbaProject part, a macro-enabled
content type), ActiveX controls, embedded OLE objects, alternative-format chunks, and
relationships to anything outside the package except a plain hyperlink (a remote template or
image is fetched when the file opens). In a PDF: JavaScript, launch, submit and import actions,
embedded files, rich media, XFA forms, actions run on events (/AA) or on opening (/OpenAction,
unless it only names a page to show). Names are read with their #xx escapes undone, and the
compressed object streams where a PDF may hide its dictionaries are opened too.

Bounded: zip member count, the sizes members say they unpack to, the bytes decoded from any
part read, and the time spent. What cannot be inspected within the bounds counts as active:
we would rather ask a person than send out what we could not read.
"""

from __future__ import annotations

import io
import mmap
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

import filetype

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/tiff", "image/webp"})
ACCEPTED_TYPES = frozenset({PDF, DOCX, TEXT, *IMAGES})

MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_UNPACKED = 1024 * 2**20  # what all members of one zip say they unpack to
MAX_XML_PART = 8 * 2**20  # a [Content_Types].xml or .rels part, decoded
MAX_PDF_DECODED = 64 * 2**20  # all compressed object streams of one PDF, decoded
SECONDS = 20.0

REASON_UNKNOWN = "The type of the bytes is not recognised; not one of the accepted types."
REASON_NOT_ACCEPTED = "The bytes are {sniffed}, not an accepted type."
REASON_ACTIVE = "Active content: {found}."
REASON_MARKUP = "Text holding HTML or XML markup (possibly active content), not plain text."

FOUND_MACROS = "macros ({part})"
FOUND_ACTIVEX = "ActiveX controls ({part})"
FOUND_OLE = "an embedded object ({part})"
FOUND_CONTENT_TYPE = "the content type {content_type}"
FOUND_EXTERNAL = "an external {kind} relationship to {target}"
FOUND_ALT_CHUNK = "an alternative-format chunk ({target})"
FOUND_ZIP_ENTRIES = "more than {limit} zip members"
FOUND_ZIP_UNPACKED = "members that unpack to {size} bytes, over the {limit} bytes inspected"
FOUND_PART_TOO_LARGE = "a part ({part}) over the {limit} bytes inspected"
FOUND_UNREADABLE = "a part that cannot be read ({part})"
FOUND_PDF_NAME = "{what} (/{name})"
FOUND_OPEN_ACTION = "an action run when the file opens (/OpenAction)"
FOUND_PDF_STREAM = "a compressed object stream that cannot be read (encrypted or damaged)"
FOUND_PDF_DECODED = "compressed object streams over the {limit} bytes inspected"
FOUND_TIMEOUT = "more than {seconds:g} seconds of inspection"

# PDF names that make a document act, and what each is in words.
_PDF_ACTIVE = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "Launch": "a launch action",
    "SubmitForm": "a form that submits itself",
    "ImportData": "an import action",
    "GoToE": "an action opening an embedded file",
    "EmbeddedFile": "an embedded file",
    "EmbeddedFiles": "embedded files",
    "RichMedia": "rich media",
    "XFA": "an XFA form",
    "AA": "actions run on events",
}
_OOXML_ACTIVE_TYPES = re.compile(
    rb'ContentType\s*=\s*["\']([^"\']*(?:macroEnabled|vbaProject|vbaData|activeX|oleObject)'
    rb'[^"\']*)["\']',
    re.I,
)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(rb'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
# A PDF name (delimiters end it) or the keyword starting a stream's bytes.
_PDF_TOKEN = re.compile(rb"/([^\x00\t\n\x0c\r %()<>\[\]{}/]{1,127})|(?<!end)stream(?:\r\n|\n|\r)")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_GOTO = re.compile(rb"/S\s*/GoTo(?![A-Za-z#])")
_PDF_REFERENCE = re.compile(rb"\s*(\d+)\s+(\d+)\s+R")


@dataclass(frozen=True)
class Sniffed:
    mime: str  # "" when unknown
    accepted: bool
    reason: str = ""


class _Inspection:
    """What one inspection found, and its budget of time and decoded bytes."""

    def __init__(self, seconds: float) -> None:
        self.found: list[str] = []
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.decoded = 0

    def add(self, finding: str) -> None:
        if finding not in self.found:
            self.found.append(finding)

    def out_of_time(self) -> bool:
        if time.monotonic() <= self.deadline:
            return False
        self.add(FOUND_TIMEOUT.format(seconds=self.seconds))
        return True


def sniff(data: bytes, charset: str | None = None) -> Sniffed:
    """What the bytes are, whatever the name says."""
    return sniff_file(io.BytesIO(data), charset)


def sniff_file(stream: IO[bytes], charset: str | None = None) -> Sniffed:
    """``sniff`` for bytes in a seekable file: binary types are told by their first bytes;
    only a zip, a PDF or what may be text is read further."""
    head = stream.read(8192)
    kind = filetype.guess(head) if head else None
    found = kind.mime if kind else ""
    if found == PDF:
        return _verdict(PDF, active_content(stream, PDF))
    if found in IMAGES:
        return Sniffed(found, True)
    if found in ("application/zip", DOCX) or head[:4] == b"PK\x03\x04":
        return _zip(stream, found)
    if found:
        return Sniffed(found, False, REASON_NOT_ACCEPTED.format(sniffed=found))
    stream.seek(0)
    return _text(stream.read(), charset)


def _verdict(mime: str, found: list[str]) -> Sniffed:
    if found:
        return Sniffed(mime, False, REASON_ACTIVE.format(found="; ".join(found)))
    return Sniffed(mime, True)


def _zip(stream: IO[bytes], magic: str) -> Sniffed:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            is_docx = "word/document.xml" in archive.NameToInfo
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        found = magic or "application/zip"
        return Sniffed(found, False, REASON_NOT_ACCEPTED.format(sniffed=f"{found} (damaged)"))
    if is_docx:
        return _verdict(DOCX, active_content(stream, DOCX))
    found = magic if magic and magic != DOCX else "application/zip"
    return Sniffed(found, False, REASON_NOT_ACCEPTED.format(sniffed=found))


def _text(data: bytes, charset: str | None) -> Sniffed:
    if b"\x00" in data:
        return Sniffed("", False, REASON_UNKNOWN)
    for candidate in ("utf-8-sig", charset):
        if not candidate:
            continue
        try:
            data.decode(candidate)
        except (LookupError, UnicodeDecodeError, ValueError):  # ValueError: a NUL in the name
            continue
        if _MARKUP.search(data[:65536]):
            return Sniffed("text/html", False, REASON_MARKUP)
        return Sniffed(TEXT, True)
    return Sniffed("", False, REASON_UNKNOWN)


_MARKUP = re.compile(rb"<\s*(?:html|svg|script|iframe|body|!doctype|\?xml)\b", re.I)


def active_content(stream: IO[bytes], mime: str, *, seconds: float = SECONDS) -> list[str]:
    """What in the bytes of ``stream`` (a seekable file, typed ``mime`` by its bytes) would
    act when the file is opened, in words; empty when nothing. Types that hold no active
    content (images, CSV, JSON, MP4, plain text) have nothing to find."""
    inspection = _Inspection(seconds)
    stream.seek(0)
    if mime == PDF:
        with _buffer(stream) as buffer:
            _pdf(buffer, inspection)
    elif mime == DOCX or mime.startswith("application/vnd.openxmlformats-officedocument."):
        _ooxml(stream, inspection)
    stream.seek(0)
    return inspection.found


class _buffer:
    """The stream's bytes for the regular expressions: mapped from the file when it has one
    (a 100 MB record is not read into memory), else read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.mapped: mmap.mmap | None = None

    def __enter__(self) -> bytes | mmap.mmap:
        try:
            self.mapped = mmap.mmap(self.stream.fileno(), 0, access=mmap.ACCESS_READ)
            return self.mapped
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            return self.stream.read()

    def __exit__(self, *exc: object) -> None:
        if self.mapped is not None:
            self.mapped.close()


def _ooxml(stream: IO[bytes], inspection: _Inspection) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_ENTRIES:
                inspection.add(FOUND_ZIP_ENTRIES.format(limit=MAX_ZIP_ENTRIES))
                return
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_ZIP_UNPACKED:
                inspection.add(FOUND_ZIP_UNPACKED.format(size=unpacked, limit=MAX_ZIP_UNPACKED))
                return
            for member in members:
                if inspection.out_of_time():
                    return
                _ooxml_member(archive, member, inspection)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        inspection.add(FOUND_UNREADABLE.format(part="the zip directory"))


def _ooxml_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, found: _Inspection) -> None:
    name = member.filename
    lower = name.lower()
    if lower.endswith(("vbaproject.bin", "vbadata.xml")):
        found.add(FOUND_MACROS.format(part=name))
    elif "/activex/" in f"/{lower}":
        found.add(FOUND_ACTIVEX.format(part=name))
    elif "/embeddings/" in f"/{lower}":
        found.add(FOUND_OLE.format(part=name))
    if lower != "[content_types].xml" and not lower.endswith(".rels"):
        return
    data = _read_part(archive, member, found)
    if data is None:
        return
    if lower == "[content_types].xml":
        for match in _OOXML_ACTIVE_TYPES.finditer(data):
            content_type = match.group(1).decode("ascii", "replace")
            found.add(FOUND_CONTENT_TYPE.format(content_type=content_type))
        return
    for match in _RELATIONSHIP.finditer(data):
        attributes = {
            key.decode("ascii", "replace").lower(): (double or single).decode("utf-8", "replace")
            for key, double, single in _ATTRIBUTE.findall(match.group(1))
        }
        kind = attributes.get("type", "").rpartition("/")[2]
        target = attributes.get("target", "")[:200]
        if kind.lower() == "afchunk":
            found.add(FOUND_ALT_CHUNK.format(target=target))
        external = attributes.get("targetmode", "").lower() == "external"
        # A hyperlink acts only when a person clicks it; anything else external is fetched.
        if external and kind.lower() != "hyperlink":
            found.add(FOUND_EXTERNAL.format(kind=kind or "unnamed", target=target))


def _read_part(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, found: _Inspection
) -> bytes | None:
    """A small XML part, decoded up to the bound (a member may lie about its size)."""
    try:
        with archive.open(member) as part:
            data = part.read(MAX_XML_PART + 1)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, zlib.error):
        found.add(FOUND_UNREADABLE.format(part=member.filename))
        return None
    if len(data) > MAX_XML_PART:
        found.add(FOUND_PART_TOO_LARGE.format(part=member.filename, limit=MAX_XML_PART))
        return None
    return data


def _pdf(buffer: bytes | mmap.mmap, inspection: _Inspection) -> None:
    """Names outside streams' bytes (where compressed data would match by chance), and inside
    the compressed object streams that hold dictionaries; then what /OpenAction points to."""
    objects: dict[bytes, bytes] = {}  # object number -> its first bytes, from object streams
    open_actions: list[bytes] = []
    _pdf_names(buffer, inspection, objects, open_actions)
    for value in open_actions:
        if _open_action_acts(buffer, objects, value):
            inspection.add(FOUND_OPEN_ACTION)


def _pdf_names(
    buffer: bytes | mmap.mmap,
    inspection: _Inspection,
    objects: dict[bytes, bytes] | None,
    open_actions: list[bytes],
) -> None:
    position, seen = 0, 0
    while match := _PDF_TOKEN.search(buffer, position):
        position = match.end()
        seen += 1
        if seen % 4096 == 0 and inspection.out_of_time():
            return
        if match.group(1) is None:  # a stream: skip its bytes, open it if it holds objects
            end = buffer.find(b"endstream", position)
            if end < 0:
                return
            if objects is not None:  # not within an object stream already
                data = _object_stream(buffer, match.start(), position, end, inspection)
                if data is not None:
                    _index_objects(
                        data, bytes(buffer[max(0, match.start() - 1024) : match.start()]), objects
                    )
                    _pdf_names(data, inspection, None, open_actions)
            position = end + len(b"endstream")
            continue
        name = _PDF_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        text = name.decode("latin-1")
        if text in _PDF_ACTIVE:
            inspection.add(FOUND_PDF_NAME.format(what=_PDF_ACTIVE[text], name=text))
        elif text == "OpenAction":
            open_actions.append(bytes(buffer[position : position + 512]).lstrip())


def _index_objects(data: bytes, dictionary: bytes, objects: dict[bytes, bytes]) -> None:
    """An object stream starts with pairs (object number, offset from /First)."""
    first = re.search(rb"/First\s+(\d+)", dictionary[dictionary.rfind(b"obj") :])
    if first is None:
        return
    start = int(first.group(1))
    numbers = data[:start].split()
    for number, offset in zip(numbers[::2], numbers[1::2], strict=False):
        if offset.isdigit():
            at = start + int(offset)
            objects[number] = data[at : at + 512].lstrip()


def _open_action_acts(buffer: bytes | mmap.mmap, objects: dict[bytes, bytes], value: bytes) -> bool:
    """Whether /OpenAction acts, rather than only names the page to show first: an array, or
    a GoTo action within the document (as word processors and LaTeX write), is harmless."""
    reference = _PDF_REFERENCE.match(value)
    if reference is not None:
        number, generation = reference.group(1), reference.group(2)
        header = re.compile(rb"(?<![0-9])" + number + rb"\s+" + generation + rb"\s+obj\s*")
        target = header.search(buffer)
        if target is not None:
            value = bytes(buffer[target.end() : target.end() + 512])
        elif number in objects:
            value = objects[number]
        else:
            return True  # nowhere to be found: we cannot say it is harmless
    return not _only_goes_to_a_page(value)


def _only_goes_to_a_page(value: bytes) -> bool:
    if value.startswith(b"["):
        return True
    action = value.split(b">>", 1)[0]
    return bool(_PDF_GOTO.search(action)) and b"/Next" not in action


def _object_stream(
    buffer: bytes | mmap.mmap, start: int, data_start: int, end: int, inspection: _Inspection
) -> bytes | None:
    """The decoded bytes of the stream starting at ``start`` if it is an object stream."""
    dictionary = bytes(buffer[max(0, start - 1024) : start])
    dictionary = dictionary[dictionary.rfind(b"obj") :]
    if b"/ObjStm" not in dictionary:
        return None
    if b"/FlateDecode" not in dictionary or b"/DecodeParms" in dictionary:
        inspection.add(FOUND_PDF_STREAM)
        return None
    room = MAX_PDF_DECODED - inspection.decoded
    try:
        data = zlib.decompressobj().decompress(bytes(buffer[data_start:end]), room + 1)
    except zlib.error:
        inspection.add(FOUND_PDF_STREAM)
        return None
    inspection.decoded += len(data)
    if len(data) > room:
        inspection.add(FOUND_PDF_DECODED.format(limit=MAX_PDF_DECODED))
        return None
    return data
