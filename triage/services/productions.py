"""Use cases of a production: add a record (bounded, typed by its bytes, allowed by the
request's legal basis), then build the package: the records, manifest.csv and the signed
certificate of authenticity, zipped and stored with its SHA-256."""

import csv
import hashlib
import io
import json
import re
import tempfile
import zipfile
from typing import IO, Any

import filetype
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from triage import filetypes
from triage.audit import event_append
from triage.letters import render_letter
from triage.letters.context import agency_addressee
from triage.letters.eu_letters import certificate_context, eu_letter_kind
from triage.models import (
    EventKind,
    Kind,
    Production,
    ProductionFile,
    RecordCategory,
    Request,
    Status,
)
from triage.models.conditions import REVIEW
from triage.models.production import ALLOWED
from triage.package import eu_category_for, manifest_csv
from triage.services._core import (
    InvalidInput,
    TransitionRefused,
    after_commit,
    now,
    require_perm,
)
from triage.services.approval import approval_recheck
from triage.services.letters import letters_waiting_for_production
from triage.uploads import spooled

# Sniffed type -> the one extension a record of that type may have.
TYPES = {
    "text/csv": ".csv",
    "application/json": ".json",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "video/mp4": ".mp4",
}
NEEDS_CONFIRMATION = frozenset({Kind.EMERGENCY, Kind.INTERNATIONAL})
OPEN_FOR_RECORDS = frozenset({Status.IN_REVIEW, Status.APPROVED})
CHUNK = 1024 * 1024

ERR_NOTHING_ALLOWED = "{name}: a {kind} request obtains no records; nothing can be produced."
ERR_CONTENT = (
    "{name}: {category} is content, and a {kind} allows only non-content records (subscriber "
    "information, meeting metadata, IP logs, device ids, approximate location); content needs a "
    "search warrant."
)
ERR_CONFIRM = (
    "{name}: the request is {kind}: confirm that this record is needed (for an emergency, that "
    "it helps prevent the harm)."
)
ERR_STATUS = "{reference} is {status}: records are added while it is in review or approved."
ERR_TOO_LARGE = "{name}: {size} bytes is over the limit of {limit} bytes a record may have."
ERR_TYPE = "{name}: its bytes are not a CSV, JSON, PDF, DOCX or MP4 file."
ERR_ACTIVE = "{name}: it carries active content, and nothing active goes out: {found}."
ERR_EXTENSION = "{name}: its bytes are {found}, but its name says {said}; rename it {suggest}."
ERR_DUPLICATE = "{name}: the production already has a record of that name."
ERR_EMPTY = "{reference}: the production has no records to build."
ERR_BUILT = "{reference}: production {pk} is built; records go into a new one."
ERR_CATEGORY = "{name}: unknown category {category!r}."


def safe_name(name: str) -> str:
    """The uploaded name without its path, in letters, digits, dot, dash and underscore."""
    base = re.split(r"[\\/]", name)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_.")[:100] or "record"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:8].lower()
    return f"{stem}.{ext}" if ext else stem


def sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """The type of a record from its bytes: binary formats by magic number (filetype), text
    formats by parsing (JSON whole, CSV by its first lines)."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in TYPES else None
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            return None
        text = head[: exc.start].decode("utf-8")
    if text.lstrip()[:1] in ("{", "["):
        stream.seek(0)
        text_stream = io.TextIOWrapper(stream, encoding="utf-8")
        try:
            json.load(text_stream)
            return "application/json"
        except (ValueError, UnicodeDecodeError):
            return None
        finally:
            text_stream.detach()  # the spool stays open for the caller
    # The first lines (the last may be cut by the chunk) parse to rows of one width, at least 2.
    lines = text.splitlines()[:21]
    complete = lines[:-1] if len(head) == 8192 and len(lines) > 1 else lines
    try:
        widths = {len(row) for row in csv.reader(complete[:20]) if row}
    except csv.Error:
        return None
    return "text/csv" if len(widths) == 1 and widths.pop() >= 2 else None


def _check_category(request: Request, name: str, category: str, confirmed: bool) -> None:
    if category not in RecordCategory.values:
        raise InvalidInput(ERR_CATEGORY.format(name=name, category=category))
    kind = request.get_kind_display().lower()
    allowed = ALLOWED.get(request.kind)
    if not allowed:
        raise InvalidInput(ERR_NOTHING_ALLOWED.format(name=name, kind=kind))
    if category not in allowed:
        label = RecordCategory(category).label.split(" (")[0].lower()
        raise InvalidInput(ERR_CONTENT.format(name=name, category=label, kind=kind))
    if request.kind in NEEDS_CONFIRMATION and not confirmed:
        raise InvalidInput(ERR_CONFIRM.format(name=name, kind=kind))


def _open_production(request: Request, by: Any) -> Production:
    production = (
        Production.objects.select_for_update()
        .filter(request=request, status=Production.Status.BUILDING)
        .first()
    )
    return production or Production.objects.create(request=request, created_by=by)


@transaction.atomic(durable=True)
def production_file_add(
    *,
    request: Request,
    by: Any,
    upload: IO[bytes],
    name: str,
    description: str,
    category: str,
    confirmed_needed: bool = False,
    eu_category: str = "",
) -> ProductionFile:
    """One record into the request's production being built. Refused, naming the file and
    why: a category the legal basis does not allow, a type that is not CSV, JSON, PDF, DOCX or
    MP4 (by its bytes), a name that says another type, a file over the size limit; on an EPOC,
    a data category the certificate does not ask for (``eu_category``)."""
    require_perm(by, REVIEW, "add records to a production", request.reference)
    request = Request.objects.select_for_update().get(pk=request.pk)
    clean = safe_name(name)
    _check_category(request, clean, category, confirmed_needed)
    eu_category = eu_category_for(request, clean, category, eu_category)
    if request.status not in OPEN_FOR_RECORDS:
        raise TransitionRefused(
            ERR_STATUS.format(reference=request.reference, status=request.get_status_display())
        )
    if not description.strip():
        raise InvalidInput(f"{clean}: describe the record (it goes in the manifest).")
    limit = settings.LERQ_PRODUCTION_FILE_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise InvalidInput(ERR_TOO_LARGE.format(name=clean, size=size, limit=limit))
    too_large = InvalidInput(ERR_TOO_LARGE.format(name=clean, size=f"over {limit}", limit=limit))
    with spooled(upload, limit=limit, too_large=too_large) as copy:
        spool, size = copy.file, copy.size
        head = spool.read(8192)
        found = sniff(head, spool)
        if found is None:
            raise InvalidInput(ERR_TYPE.format(name=clean))
        ext = TYPES[found]
        if not clean.lower().endswith(ext):
            said = clean.rpartition(".")[2] if "." in clean else "nothing"
            suggest = f"{clean.rpartition('.')[0] or clean}{ext}"
            raise InvalidInput(
                ERR_EXTENSION.format(name=clean, found=ext[1:].upper(), said=said, suggest=suggest)
            )
        if active := filetypes.active_content(spool, found):
            raise InvalidInput(ERR_ACTIVE.format(name=clean, found="; ".join(active)))
        production = _open_production(request, by)
        if production.files.filter(name=clean).exists():
            raise InvalidInput(ERR_DUPLICATE.format(name=clean))
        record = ProductionFile(
            production=production,
            name=clean,
            description=" ".join(description.split())[:300],
            category=category,
            eu_category=eu_category,
            size=size,
            sha256=copy.sha256,
            content_type=found,
            added_by=by,
        )
        spool.seek(0)
        path = f"productions/{request.reference}/{production.pk:06d}/{clean}"
        if default_storage.exists(path):  # left by a rolled-back attempt: ours, by its path
            default_storage.delete(path)
        record.file.name = default_storage.save(path, File(spool, name=clean))
    record.save(force_insert=True)
    if request.kind in NEEDS_CONFIRMATION and production.emergency_confirmed_by_id is None:
        production.emergency_confirmed_by = by
        production.save(update_fields=["emergency_confirmed_by"])
    event_append(
        request=request,
        actor=by,
        action=EventKind.PRODUCTION_FILE_ADDED,
        at=now(),
        data={
            "production": production.pk,
            "name": clean,
            "category": category,
            **({"eu_category": eu_category} if eu_category else {}),
            "size": size,
            "sha256": record.sha256,
            "type": found,
            "confirmed_needed": confirmed_needed,
            **(
                {"no_data_decision_withdrawn": request.no_data_reason}
                if request.no_data_reason
                else {}
            ),
        },
    )
    if request.no_data_reason:  # there is something to produce after all
        request.no_data_reason = ""
        request.save(update_fields=["no_data_reason"])
    approval_recheck(request=request, by=by, cause=f"record {clean} added to the production")
    return record


# Already compressed: storing them again compressed costs time and saves nothing.
_STORED_TYPES = frozenset({"video/mp4", "application/pdf"})


@transaction.atomic(durable=True)
def production_build(*, production: Production, by: Any) -> Production:
    """The package: records/<name> for each record, manifest.csv, and certificate.pdf (the
    disclosure letter and its certificate of authenticity listing every hash, signed), zipped,
    stored with its SHA-256. Run by a worker (triage.productions.build): it renders a letter."""
    request = production.request
    require_perm(by, REVIEW, "build a production", request.reference)
    # The request's row first (the order every writer takes): an approval and a build cannot
    # cross, so the approval binds the package before or after the build, never half of it.
    request = Request.objects.select_for_update().get(pk=request.pk)
    production = Production.objects.select_for_update().get(pk=production.pk)
    if production.status == Production.Status.BUILT:
        raise TransitionRefused(ERR_BUILT.format(reference=request.reference, pk=production.pk))
    records = list(production.files.order_by("pk"))
    if not records:
        raise InvalidInput(ERR_EMPTY.format(reference=request.reference))
    manifest = [
        {
            "name": r.name,
            "size": r.size,
            "sha256": r.sha256,
            "description": r.description,
            "category": r.category,
            **({"eu_category": r.eu_category} if r.eu_category else {}),
            "type": r.content_type,
        }
        for r in records
    ]
    # An EPOC's package carries the Article 10 cover letter instead of the US certificate.
    kind = eu_letter_kind(request.kind, "disclosure")
    certificate = render_letter(
        kind,
        {
            "reference": request.reference,
            "their_reference": request.case_number,
            "date": now(),
            "addressee": agency_addressee(request),
            "received_at": request.received_at,
            "legal_process": request.get_kind_display().lower(),
            "records": manifest,
            **(certificate_context(request) if kind != "disclosure" else {}),
        },
    )
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w") as package:
            for record in records:
                info = zipfile.ZipInfo(f"records/{record.name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = (
                    zipfile.ZIP_STORED
                    if record.content_type in _STORED_TYPES
                    else zipfile.ZIP_DEFLATED
                )
                with (
                    default_storage.open(record.file.name, "rb") as source,
                    package.open(info, "w") as target,
                ):
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
            package.writestr("manifest.csv", manifest_csv(manifest))
            package.writestr("certificate.pdf", certificate.pdf)
        spool.seek(0)
        digest, size = hashlib.sha256(), 0
        while chunk := spool.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        spool.seek(0)
        name = production.storage_name()
        if default_storage.exists(name):
            default_storage.delete(name)
        production.zip.name = default_storage.save(name, File(spool, name=name))
    production.sha256, production.size, production.manifest = digest.hexdigest(), size, manifest
    production.status, production.built_at = Production.Status.BUILT, now()
    production.save()
    event_append(
        request=request,
        actor=by,
        action=EventKind.PRODUCTION_BUILT,
        at=production.built_at,
        data={
            "production": production.pk,
            "files": len(records),
            "size": size,
            "sha256": production.sha256,
            "certificate_sha256": certificate.sha256,
        },
    )
    letters_waiting_for_production(request=request)
    approval_recheck(request=request, by=by, cause=f"production {production.pk} built")
    return production


def production_build_run(*, production_id: int, by_id: int | None) -> Production | None:
    """What the worker runs: build the production unless a run before it already did."""
    production = Production.objects.select_related("request").get(pk=production_id)
    if production.status == Production.Status.BUILT:
        return None
    by = get_user_model().objects.get(pk=by_id) if by_id is not None else None
    return production_build(production=production, by=by)


@transaction.atomic(durable=True)
def production_build_request(*, production: Production, by: Any) -> Production:
    """What a view calls: the build (which renders and signs the certificate) is left to a
    worker, dispatched after the commit; refusals come now, with why."""
    request = production.request
    require_perm(by, REVIEW, "build a production", request.reference)
    production = Production.objects.select_for_update().get(pk=production.pk)
    if production.status == Production.Status.BUILT:
        raise TransitionRefused(ERR_BUILT.format(reference=request.reference, pk=production.pk))
    if not production.files.exists():
        raise InvalidInput(ERR_EMPTY.format(reference=request.reference))
    from triage.tasks import production_build as task  # tasks import the services

    by_id = by.pk if by is not None else None
    after_commit(lambda: task.delay(production.pk, by_id))
    return production
