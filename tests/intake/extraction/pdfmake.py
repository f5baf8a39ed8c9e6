"""Small PDFs for tests, written by hand: a text letter, a scan (image only), a digitally
signed one, and hostile ones. No PDF library is needed to write them."""

import functools
import zlib


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _assemble(objects: list[bytes], root: int = 1) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_pdf(pages: list[str], *, signed: bool = False, extra: tuple[bytes, ...] = ()) -> bytes:
    """Each page's text, one line per line, Helvetica 10 pt; optionally a signature field;
    ``extra`` objects (unreferenced) at the end."""
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs, then the signature objects.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n)).encode()
    sig_field = 4 + 2 * n
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if signed:
        catalog += b" /AcroForm << /SigFlags 3 /Fields [%d 0 R] >>" % sig_field
    objects = [
        catalog + b" >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, page in enumerate(pages):
        lines = b"".join(b"(" + _escape(line) + b") '\n" for line in page.splitlines())
        content = b"BT /F1 10 Tf 12 TL 50 800 Td\n" + lines + b"ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(_stream(content))
    if signed:
        objects.append(
            b"<< /FT /Sig /T (Signature1) /V %d 0 R /Type /Annot /Subtype /Widget "
            b"/Rect [0 0 0 0] /P 4 0 R >>" % (sig_field + 1)
        )
        objects.append(
            b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
            b"/ByteRange [0 0 0 0] /Contents <00> >>"
        )
    return _assemble([*objects, *extra])


def large_pdf(pages: list[str], size: int, seed: int = 0) -> bytes:
    """``text_pdf(pages)`` grown to about ``size`` bytes by a photo-like image (random bytes,
    as a JPEG's are), the way a scanned exhibit makes a letter large."""
    import random

    small = len(text_pdf(pages))
    pixels = random.Random(seed).randbytes(max(0, size - small - 200))
    image = _stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 4096 /Height 2048 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode ",
    )
    return text_pdf(pages, extra=(image,))


def scanned_pdf(page_count: int = 1) -> bytes:
    """Pages that are only an image, as a scanner makes them: no text layer."""
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(page_count)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, page_count),
    ]
    pixels = bytes(range(256)) * 4
    for i in range(page_count):
        page, content, image = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        del page
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (content, image)
        )
        objects.append(_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"))
        objects.append(
            _stream(
                pixels,
                b"/Type /XObject /Subtype /Image /Width 32 /Height 32 "
                b"/ColorSpace /DeviceGray /BitsPerComponent 8 ",
            )
        )
    return _assemble(objects)


def bomb_pdf(megabytes: int = 400) -> bytes:
    """One page whose content stream inflates to `megabytes` of zeros."""
    packer = zlib.compressobj(9)
    chunk = b"0" * (1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(packed, b"/Filter /FlateDecode "),
    ]
    return _assemble(objects)


def many_pages_pdf(count: int = 10_000) -> bytes:
    """A page tree of `count` small text pages."""
    return text_pdf([f"Page {i + 1}" for i in range(count)])


def deep_pdf(depth: int = 100_000) -> bytes:
    """A page whose resources nest arrays `depth` deep."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /X " + nested + b" >> >>",
        _stream(b"BT ET"),
    ]
    return _assemble(objects)


@functools.cache
def _test_signer():
    """A self-signed key and certificate, made once per process (an unknown signer: the
    signature is intact but not trusted)."""
    import tempfile
    from pathlib import Path

    from pyhanko.sign import signers

    from triage.letters.signing import signing_pair_create

    with tempfile.TemporaryDirectory() as tmp:
        key, cert = Path(tmp) / "key.pem", Path(tmp) / "cert.pem"
        signing_pair_create(
            key_path=key, cert_path=cert, common_name="Test Agency Signer", organisation="Test"
        )
        return signers.SimpleSigner.load(str(key), str(cert))


def pades_signed(pdf: bytes) -> bytes:
    """`pdf` with a real PAdES signature over the whole document (pyHanko)."""
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    return signers.sign_pdf(writer, meta, signer=_test_signer()).getvalue()
