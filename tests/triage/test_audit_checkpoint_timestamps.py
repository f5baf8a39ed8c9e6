"""RFC 3161: each checkpoint's witness line timestamped by an outside authority, once."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import keys, x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.management import CommandError
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from tests.factories import request_in
from tests.triage.audit_support import record, signing_key, verify
from triage.checkpoint_timestamps import (
    NOT_FOR_ITS_LINE,
    checkpoint_timestamp_due,
    token_imprint_matches,
)
from triage.checkpoints import checkpoint_create
from triage.models import Checkpoint, Event

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority() -> DummyTimeStamper:
    """A timestamp authority of our own: a key and a certificate for time stamping."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = datetime.now(UTC)
    cert = (
        cx509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return DummyTimeStamper(
        tsa_cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


@pytest.fixture
def checkpoints(reviewer):
    signing_key()
    record(reviewer)
    first = checkpoint_create()
    request_in("received")
    return first, checkpoint_create()


def test_each_checkpoint_gets_a_token_over_its_line_once(checkpoints, authority):
    assert checkpoint_timestamp_due(stamper=authority) == 2
    assert checkpoint_timestamp_due(stamper=authority) == 0

    for checkpoint in Checkpoint.objects.all():
        assert token_imprint_matches(checkpoint.timestamp_token, checkpoint.line)
        assert not token_imprint_matches(checkpoint.timestamp_token, checkpoint.line + " ")
    assert verify().endswith(f"checkpoint #2 (size {checkpoints[1].size}) verified\n")


def test_nothing_is_asked_without_an_authority(checkpoints, settings):
    settings.LERQ_AUDIT_TSA_URL = ""
    assert checkpoint_timestamp_due() == 0
    assert not Checkpoint.objects.exclude(timestamp_token="").exists()


def test_a_token_moved_to_another_checkpoint_is_detected(checkpoints, authority):
    checkpoint_timestamp_due(stamper=authority)
    first, second = Checkpoint.objects.order_by("number")
    Checkpoint.objects.filter(pk=second.pk).update(timestamp_token=first.timestamp_token)

    with pytest.raises(CommandError) as failure:
        verify()
    assert str(failure.value) == f"audit checkpoints broken: {NOT_FOR_ITS_LINE.format(number=2)}"


def test_garbage_is_not_a_token():
    assert not token_imprint_matches(base64.b64encode(b"nonsense").decode(), "a line")
    assert not token_imprint_matches("not base64!", "a line")


def test_an_export_carries_the_token_of_its_checkpoint(checkpoints, authority, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from tests.triage.test_audit_export import _verify

    checkpoint_timestamp_due(stamper=authority)
    reference = Event.objects.exclude(reference="").values_list("reference", flat=True).first()
    out = tmp_path / "e.json"
    call_command("audit_export", reference, "--out", str(out), stdout=StringIO())

    result = _verify(out)
    assert result.returncode == 0
    assert "an RFC 3161 timestamp of the checkpoint is included" in result.stdout
