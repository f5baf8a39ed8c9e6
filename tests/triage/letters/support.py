"""What tests of letters and productions share: a signing pair, storage in a temporary
directory, and reading a PDF or a signature back."""

from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from triage.letters import signing_pair_create


@pytest.fixture(scope="session")
def signing_pair(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("signing")
    key, cert = folder / "key.pem", folder / "cert.pem"
    signing_pair_create(key_path=key, cert_path=cert, common_name="Test", organisation="Test")
    return key, cert


@pytest.fixture
def letters_env(settings, signing_pair, tmp_path):
    """Letters sign with the test pair and are stored under a temporary media root."""
    settings.LERQ_SIGNING_KEY, settings.LERQ_SIGNING_CERT = signing_pair
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def signature_status(pdf: bytes, cert: Path):
    [signature] = PdfFileReader(BytesIO(pdf)).embedded_signatures
    roots = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert))])
    return validate_pdf_signature(signature, roots)
