"""PAdES signatures on letters (pyHanko), and the self-signed pair for development.

The key and certificate are files named by settings (LERQ_SIGNING_KEY, LERQ_SIGNING_CERT); a
deployment points them at the organisation's own. No timestamp authority is called: signing
never needs the network.
"""

import datetime as dt
import functools
import os
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko_certvalidator.registry import SimpleCertificateStore

from triage.letters.errors import NO_SIGNING_PAIR, LetterError, LetterSigningError

SIGNATURE_FIELD = "LerqSignature"
PAIR_EXISTS = "A signing key or certificate already exists at {path}; use --force to replace it."


class SigningPairExists(LetterError):
    pass


def sign_pdf(pdf: bytes) -> bytes:
    """`pdf` with a PAdES (B-B) signature over the whole document, by the key in settings."""
    key_path, cert_path = Path(settings.LERQ_SIGNING_KEY), Path(settings.LERQ_SIGNING_CERT)
    if not (key_path.is_file() and cert_path.is_file()):
        raise LetterSigningError(NO_SIGNING_PAIR.format(key=key_path, cert=cert_path))
    if not pdf:
        raise LetterSigningError("nothing to sign: the PDF is empty")
    signer = _signer(
        str(key_path), str(cert_path), key_path.stat().st_mtime_ns, cert_path.stat().st_mtime_ns
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=settings.LERQ_SIGNATORY_NAME,
        reason=f"Issued by {settings.LERQ_COMPANY_NAME}",
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        signed = signers.sign_pdf(writer, meta, signer=signer).getvalue()
    except Exception as exc:
        raise LetterSigningError(f"pyHanko could not sign the letter: {exc}") from exc
    if not signed:
        raise LetterSigningError("pyHanko returned an empty document")
    return signed


class _ParsedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses (and so re-validates) the private key at every signature
    it makes: about 125 ms for an RSA-3072 key, twice per letter. This one parses it once."""

    def __init__(self, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(
            data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
        )


# The files' mtimes are part of the cache key, so a replaced pair is picked up without a restart.
@functools.lru_cache(maxsize=4)
def _signer(
    key_path: str, cert_path: str, _key_mtime: int, _cert_mtime: int
) -> signers.SimpleSigner:
    try:
        key_pem = Path(key_path).read_bytes()
        cert = load_cert_from_pemder(cert_path)
        key_info = load_private_key_from_pemder(key_path, passphrase=None)
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise LetterSigningError(
            f"cannot load the signing pair {key_path} / {cert_path}: {exc}"
        ) from exc
    registry = SimpleCertificateStore()
    registry.register(cert)
    common = {"signing_cert": cert, "signing_key": key_info, "cert_registry": registry}
    if isinstance(key, rsa.RSAPrivateKey):
        return _ParsedKeySigner(key, **common)
    return signers.SimpleSigner(**common)


def signing_pair_create(
    *,
    key_path: Path,
    cert_path: Path,
    common_name: str,
    organisation: str,
    force: bool = False,
    days: int = 730,
) -> None:
    """A self-signed RSA key and X.509 certificate for signing letters (development, demo).
    The key file is written with mode 0600. Refuses to replace either file unless `force`."""
    if not force:
        for path in (key_path, cert_path):
            if path.exists():
                raise SigningPairExists(PAIR_EXISTS.format(path=path))
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: what pyHanko checks on a signer
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    _write(key_path, key_pem, 0o600)
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Written whole under a temporary name with its final mode, then renamed into place: the
    key is never readable by others, not even for a moment."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, mode)  # O_CREAT's mode is filtered by the umask
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
