"""Letters: each kind rendered, read back, signature checked; the renderer loads nothing but our
static files; a one-page letter's time is printed."""

import hashlib
import http.server
import threading
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from weasyprint import HTML

from triage import rules
from triage.letters import (
    KINDS,
    LetterRenderError,
    LetterSigningError,
    StaticOnlyFetcher,
    html_to_pdf,
    render_letter,
    sign_pdf,
    signing_pair_create,
)
from triage.letters.signing import SigningPairExists
from triage.letters.wording import REASON_EXPLANATIONS
from triage.models.choices import RejectionReason

REFERENCE = "LER-2026-000731"
AGENCY = {
    "name": "Sgt. Maria Okafor",
    "organisation": "Metropolitan Police Service",
    "address": "New Scotland Yard\nVictoria Embankment\nLondon SW1A 2JL",
    "email": "maria.okafor@met.police.uk",
}
TARGETS = ["User id 99001234", "Email address kim.doe@example.org"]
SHA_A = "a" * 16 + "0123456789abcdef" * 3
SHA_B = "b" * 16 + "fedcba9876543210" * 3
DEFICIENT = (rules.BADGE, rules.ADDRESS, rules.TARGETS)


def _context(kind: str) -> tuple[dict, list[str]]:
    """A context for `kind`, and the texts its PDF must carry."""
    base = {
        "reference": REFERENCE,
        "their_reference": "MPS/CY/4471",
        "date": date(2026, 3, 20),
        "addressee": AGENCY,
        "received_at": date(2026, 3, 16),
    }
    common = [REFERENCE, "20 March 2026", "MPS/CY/4471", "Sgt. Maria Okafor", "Alex Morgan"]
    received = ["16 March 2026"]
    cases = {
        "acknowledgement": (
            {"request_kind": "Court order", "response_due": date(2026, 4, 30)},
            [*received, "30 April 2026", "court order"],
        ),
        "deficiency": (
            {
                "deficiencies": [rules.Deficiency(n, rules.SENTENCES[n]) for n in DEFICIENT],
                "answer_by": date(2026, 4, 19),
            },
            [*received, "19 April 2026", *(rules.SENTENCES[n] for n in DEFICIENT)],
        ),
        "preservation": (
            {"hold_start": date(2026, 3, 17), "hold_end": date(2026, 6, 15), "targets": TARGETS},
            ["17 March 2026", "15 June 2026", *TARGETS],
        ),
        "extension": (
            {
                "previous_end": date(2026, 6, 15),
                "new_end": date(2026, 9, 13),
                "targets": TARGETS,
                "original_reference": "LER-2026-000500",
            },
            ["15 June 2026", "13 September 2026", "LER-2026-000500", *TARGETS],
        ),
        "rejection": (
            {
                "reasons": [RejectionReason.OVERBROAD, RejectionReason.WRONG_JURISDICTION],
                "explanation": "The order names every user of the platform in Lyon.",
            },
            [
                *received,
                RejectionReason.OVERBROAD.label,
                REASON_EXPLANATIONS[RejectionReason.OVERBROAD],
                RejectionReason.WRONG_JURISDICTION.label,
                REASON_EXPLANATIONS[RejectionReason.WRONG_JURISDICTION],
                "every user of the platform in Lyon",
            ],
        ),
        "disclosure": (
            {
                "legal_process": "search warrant",
                "records": [
                    {
                        "name": "subscriber.csv",
                        "description": "Subscriber",
                        "size": 900,
                        "sha256": SHA_A,
                    },
                    {
                        "name": "ip_log.csv",
                        "description": "Login IPs",
                        "size": 4000,
                        "sha256": SHA_B,
                    },
                ],
            },
            [
                *received,
                "Certificate of authenticity of business records",
                "subscriber.csv",
                "ip_log.csv",
                SHA_A[:32],
                SHA_A[32:],
                SHA_B[:32],
                SHA_B[32:],
            ],
        ),
        "user_notice": (
            {
                "addressee": {"name": "Kim Doe", "address": "3 Rue Neuve\n69001 Lyon"},
                "agency": "Metropolitan Police Service",
                "requested": "Subscriber information and login IP addresses for March 2026.",
                "objection_ends": date(2026, 3, 27),
                "object_to": "lawenforcement@lerq.example",
            },
            [
                "Kim Doe",
                "Metropolitan Police Service",
                "Subscriber information and login IP addresses for March 2026.",
                "27 March 2026",
                "lawenforcement@lerq.example",
            ],
        ),
        "nondisclosure": (
            {"order": "order of Westminster Magistrates' Court", "order_end": date(2026, 9, 16)},
            [*received, "16 September 2026", "Westminster Magistrates' Court"],
        ),
        "eu_annex_iii": (
            {
                "reasons": ["no_data"],
                "order_name": "EPOC",
                "order_title": "European Production Order Certificate (EPOC)",
                "issuing_authority": "Parquet de Paris",
                "data_categories": ["Subscriber data"],
                "targets": TARGETS,
            },
            [*received, "The data requested are not held", "Parquet de Paris", *TARGETS],
        ),
        "eu_preservation": (
            {
                "order_name": "EPOC-PR",
                "issuing_authority": "Parquet de Paris",
                "data_categories": ["traffic"],
                "hold_start": date(2026, 3, 12),
                "hold_end": date(2026, 5, 11),
                "targets": TARGETS,
            },
            [*received, "11 May 2026: 60 days (Article 11(1))", "Traffic data", *TARGETS],
        ),
        "eu_disclosure": (
            {
                "order_name": "EPOC",
                "issuing_authority": "Parquet de Paris",
                "data_categories": ["subscriber"],
                "records": [
                    {"name": "subscriber.csv", "category": "subscriber", "size": 900},
                ],
            },
            [*received, "Article 10", "Subscriber data", "subscriber.csv", "Article 13(4)"],
        ),
    }
    extra, texts = cases[kind]
    if kind == "user_notice":
        common = [c for c in common if c != "Sgt. Maria Okafor"]
    return {**base, **extra}, [*common, *texts]


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def _validate(pdf: bytes, cert: Path):
    [signature] = PdfFileReader(BytesIO(pdf)).embedded_signatures
    roots = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert))])
    return validate_pdf_signature(signature, roots)


@pytest.fixture(scope="module")
def signing_pair(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("signing")
    key, cert = folder / "key.pem", folder / "cert.pem"
    signing_pair_create(key_path=key, cert_path=cert, common_name="Test", organisation="Test")
    return key, cert


@pytest.fixture(autouse=True)
def _signing_settings(settings, signing_pair):
    settings.LERQ_SIGNING_KEY, settings.LERQ_SIGNING_CERT = signing_pair
    settings.LERQ_SIGNATORY_NAME = "Alex Morgan"


@pytest.mark.parametrize("kind", KINDS)
def test_each_letter_carries_its_reference_dates_and_items_and_a_valid_signature(
    kind, signing_pair
):
    context, expected = _context(kind)

    letter = render_letter(kind, context)

    text = _text(letter.pdf)
    for item in expected:
        assert " ".join(item.split()) in text, f"{kind}: {item!r} missing"
    assert text.count(REFERENCE) >= 2  # in the body and in the page footer
    status = _validate(letter.pdf, signing_pair[1])
    assert status.intact and status.bottom_line, status.pretty_print_details()
    assert len(PdfReader(BytesIO(letter.pdf)).pages) == (2 if kind == "disclosure" else 1)


def test_the_hash_is_the_sha256_of_the_signed_pdf():
    letter = render_letter("acknowledgement", _context("acknowledgement")[0])
    assert letter.sha256 == hashlib.sha256(letter.pdf).hexdigest()


def test_changing_one_byte_inside_the_signed_range_breaks_the_signature(signing_pair):
    pdf = render_letter("preservation", _context("preservation")[0]).pdf
    [signature] = PdfFileReader(BytesIO(pdf)).embedded_signatures
    start, length, _, _ = signature.sig_object["/ByteRange"]
    # A byte inside the first compressed stream: the file still parses, the digest changes.
    at = pdf.index(b"stream", start) + 40
    assert start <= at < start + length
    tampered = bytearray(pdf)
    tampered[at] ^= 0x01

    status = _validate(bytes(tampered), signing_pair[1])

    assert not status.intact
    assert not status.bottom_line


def test_a_signature_by_another_key_does_not_validate_against_ours(
    signing_pair, tmp_path, settings
):
    other_key, other_cert = tmp_path / "k.pem", tmp_path / "c.pem"
    signing_pair_create(key_path=other_key, cert_path=other_cert, common_name="X", organisation="X")
    settings.LERQ_SIGNING_KEY, settings.LERQ_SIGNING_CERT = other_key, other_cert
    pdf = render_letter("acknowledgement", _context("acknowledgement")[0]).pdf

    status = _validate(pdf, signing_pair[1])

    assert status.intact  # the bytes are what was signed...
    assert not status.bottom_line  # ...but not by a key we trust


def test_it_refuses_to_sign_without_a_key(settings, tmp_path):
    settings.LERQ_SIGNING_KEY = tmp_path / "absent.pem"
    with pytest.raises(LetterSigningError, match="signing_cert_create"):
        render_letter("acknowledgement", _context("acknowledgement")[0])


def test_it_refuses_an_empty_pdf():
    with pytest.raises(LetterSigningError):
        sign_pdf(b"")


def test_an_unknown_kind_names_the_kinds():
    with pytest.raises(LetterRenderError, match="acknowledgement, deficiency"):
        render_letter("apology", _context("acknowledgement")[0])


def test_a_letter_without_its_dates_is_not_rendered():
    context, _ = _context("preservation")
    del context["hold_end"]
    with pytest.raises(LetterRenderError, match="hold_end"):
        render_letter("preservation", context)


def test_an_unknown_rejection_reason_is_not_rendered():
    context, _ = _context("rejection")
    context["reasons"] = ["because"]
    with pytest.raises(LetterRenderError, match="because"):
        render_letter("rejection", context)


def test_every_rejection_reason_is_explained():
    assert set(REASON_EXPLANATIONS) == set(RejectionReason)


# --- what WeasyPrint may load ---------------------------------------------------------------
class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    _CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _CountingHandler.hits
    server.shutdown()
    server.server_close()


def _hostile_html(origin: str) -> str:
    return f"""<html><head>
      <link rel="stylesheet" href="{origin}/style.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="{origin}/secret.txt">
      </head><body><p>Hello</p>
      <img src="file:///etc/passwd"><img src="{origin}/pixel.png">
      <img src="../../../../etc/passwd">
      </body></html>"""


def test_the_default_fetcher_would_leak_local_files(web_server):
    """The control: without our fetcher, WeasyPrint embeds /etc/passwd and calls the server."""
    origin, hits = web_server
    pdf = HTML(string=_hostile_html(origin)).write_pdf()
    assert "passwd" in PdfReader(BytesIO(pdf)).attachments
    assert hits


def test_the_renderer_loads_no_local_file_and_calls_no_server(web_server):
    origin, hits = web_server
    fetcher = StaticOnlyFetcher()

    pdf = html_to_pdf(_hostile_html(origin), fetcher)

    assert hits == []
    assert PdfReader(BytesIO(pdf)).attachments == {}
    assert b"root:" not in pdf
    assert "file:///etc/passwd" in fetcher.refused
    assert f"{origin}/style.css" in fetcher.refused
    assert any("etc/passwd" in url and url.startswith("https://") for url in fetcher.refused)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/admin/css/base.css",
        "https://static.lerq.invalid/../../etc/passwd",
        "https://static.lerq.invalid/%2e%2e/%2e%2e/etc/passwd",
        "https://static.lerq.invalid//etc/passwd",
        "https://static.lerq.invalid:8443/admin/css/base.css",
        "https://user@static.lerq.invalid/admin/css/base.css",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_our_static_files():
    response = StaticOnlyFetcher().fetch("https://static.lerq.invalid/admin/css/base.css")
    assert response.content_type == "text/css"
    assert b"{" in response.read()


def test_markup_in_the_context_is_printed_not_loaded(web_server):
    origin, hits = web_server
    context, _ = _context("acknowledgement")
    context["their_reference"] = '<img src="file:///etc/passwd">'
    context["addressee"] = {**AGENCY, "name": f'<link rel="attachment" href="{origin}/x">'}

    pdf = render_letter("acknowledgement", context).pdf

    assert '<img src="file:///etc/passwd">' in _text(pdf)
    assert hits == []
    assert PdfReader(BytesIO(pdf)).attachments == {}


# --- commands -------------------------------------------------------------------------------
def test_signing_cert_create_writes_a_private_key_and_refuses_to_overwrite(settings, tmp_path):
    settings.LERQ_SIGNING_KEY = tmp_path / "signing" / "key.pem"
    settings.LERQ_SIGNING_CERT = tmp_path / "signing" / "cert.pem"

    call_command("signing_cert_create", stdout=StringIO())

    assert settings.LERQ_SIGNING_KEY.stat().st_mode & 0o777 == 0o600
    assert b"BEGIN CERTIFICATE" in settings.LERQ_SIGNING_CERT.read_bytes()
    first = settings.LERQ_SIGNING_KEY.read_bytes()
    with pytest.raises(CommandError, match="--force"):
        call_command("signing_cert_create")
    assert settings.LERQ_SIGNING_KEY.read_bytes() == first
    call_command("signing_cert_create", "--force", stdout=StringIO())
    assert settings.LERQ_SIGNING_KEY.read_bytes() != first
    with pytest.raises(SigningPairExists):
        signing_pair_create(
            key_path=settings.LERQ_SIGNING_KEY,
            cert_path=settings.LERQ_SIGNING_CERT,
            common_name="x",
            organisation="x",
        )


def test_signing_cert_create_if_missing_keeps_an_existing_pair(settings, tmp_path):
    settings.LERQ_SIGNING_KEY = tmp_path / "key.pem"
    settings.LERQ_SIGNING_CERT = tmp_path / "cert.pem"
    call_command("signing_cert_create", "--if-missing", stdout=StringIO())
    first = settings.LERQ_SIGNING_KEY.read_bytes()

    call_command("signing_cert_create", "--if-missing", stdout=StringIO())

    assert settings.LERQ_SIGNING_KEY.read_bytes() == first


@pytest.mark.parametrize("kind", ["deficiency", "disclosure"])
def test_letter_preview_writes_a_signed_sample_and_makes_the_dev_pair(kind, settings, tmp_path):
    settings.LERQ_SIGNING_KEY = tmp_path / "signing" / "key.pem"
    settings.LERQ_SIGNING_CERT = tmp_path / "signing" / "cert.pem"
    out = tmp_path / f"{kind}.pdf"

    call_command("letter_preview", kind, str(out), stdout=StringIO())

    status = _validate(out.read_bytes(), settings.LERQ_SIGNING_CERT)
    assert status.intact and status.bottom_line
    assert "LER-" in _text(out.read_bytes())


def test_letter_preview_lists_the_kinds_for_an_unknown_one(tmp_path):
    with pytest.raises(CommandError, match="user_notice, nondisclosure"):
        call_command("letter_preview", "memo", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_a_pdf_a_3b_letter_still_signs_and_validates(signing_pair):
    pdf = render_letter(
        "acknowledgement", _context("acknowledgement")[0], pdf_variant="pdf/a-3b"
    ).pdf

    status = _validate(pdf, signing_pair[1])
    assert status.intact and status.bottom_line
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in root
