"""Checking a production package as an agency or a court would: every record's hash against
manifest.csv, the manifest against the signed certificate, and the certificate's signature."""

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

HEADER = ["file name", "size", "SHA-256", "description"]


class ProductionInvalid(Exception):
    """The first problem found, in a sentence."""


@dataclass(frozen=True)
class Checked:
    name: str
    size: int
    sha256: str


def verify_production(path: Path, cert: Path) -> Iterator[Checked]:
    """Yields each record as it is found intact; raises ProductionInvalid at the first problem."""
    try:
        package = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ProductionInvalid(f"{path}: not a readable zip file ({exc})") from exc
    with package:
        names = set(package.namelist())
        for required in ("manifest.csv", "certificate.pdf"):
            if required not in names:
                raise ProductionInvalid(f"{required} is missing from the package")
        rows = _manifest(package.read("manifest.csv"))
        certificate = package.read("certificate.pdf")
        _signature(certificate, cert)
        text = "".join(
            "".join(p.extract_text() for p in PdfReader(io.BytesIO(certificate)).pages).split()
        )
        listed = {f"records/{row['file name']}" for row in rows}
        extra = sorted(n for n in names if n.startswith("records/") and n not in listed)
        if extra:
            raise ProductionInvalid(f"{extra[0]} is in the package but not in the manifest")
        for row in rows:
            yield _record(package, row, text)


def _manifest(data: bytes) -> list[dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ProductionInvalid(f"manifest.csv cannot be read: {exc}") from exc
    if reader.fieldnames != HEADER:
        raise ProductionInvalid(f"manifest.csv: columns are {reader.fieldnames}, not {HEADER}")
    if not rows:
        raise ProductionInvalid("manifest.csv lists no records")
    return rows


def _signature(pdf: bytes, cert: Path) -> None:
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        if len(signatures) != 1:
            raise ProductionInvalid(f"certificate.pdf has {len(signatures)} signatures, not 1")
        roots = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert))])
        status = validate_pdf_signature(signatures[0], roots)
    except ProductionInvalid:
        raise
    except (SigningError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ProductionInvalid(
            f"certificate.pdf: the signature cannot be checked ({exc})"
        ) from exc
    # `valid` alone stays True on a tampered file (ECOSYSTEM.md): intact and bottom_line.
    if not status.intact:
        raise ProductionInvalid("certificate.pdf: the signature does not match the document")
    if not status.bottom_line:
        raise ProductionInvalid("certificate.pdf: the signature is not by a trusted key")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise ProductionInvalid("certificate.pdf: the signature does not cover the whole file")


def _record(package: zipfile.ZipFile, row: dict[str, str], certificate_text: str) -> Checked:
    name, sha = row["file name"], row["SHA-256"].lower()
    # The certificate prints each hash in two halves; both must be there, and the name too.
    if sha[:32] not in certificate_text or sha[32:] not in certificate_text:
        raise ProductionInvalid(f"{name}: the manifest's SHA-256 is not the certificate's")
    if "".join(name.split()) not in certificate_text:
        raise ProductionInvalid(f"{name}: not listed in the certificate")
    if "".join(row["description"].split()) not in certificate_text:
        raise ProductionInvalid(f"{name}: the manifest's description is not the certificate's")
    try:
        info = package.getinfo(f"records/{name}")
    except KeyError as exc:
        raise ProductionInvalid(f"{name}: listed in the manifest but not in the package") from exc
    digest, size = hashlib.sha256(), 0
    with package.open(info) as data:
        while chunk := data.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    if str(size) != row["size"]:
        raise ProductionInvalid(f"{name}: {size} bytes, the manifest says {row['size']}")
    if digest.hexdigest() != sha:
        raise ProductionInvalid(f"{name}: its SHA-256 is not the one in the manifest")
    return Checked(name, size, sha)
