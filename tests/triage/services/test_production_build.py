"""A production is built into a zip (records, manifest.csv, signed certificate) that
verify_production checks; one changed byte anywhere is found and named."""

import csv
import hashlib
import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import request_in
from tests.triage.letters.records import CSV, MP4, docx
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signing_pair,
)
from triage import services
from triage.models import Event, Kind, Letter, LetterStatus, Production, Request
from triage.services import InvalidInput, TransitionRefused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]


def _add(request, by, name, data, category, description):
    return services.production_file_add(
        request=request,
        by=by,
        upload=io.BytesIO(data),
        name=name,
        description=description,
        category=category,
    )


@pytest.fixture
def built(reviewer, tmp_path) -> tuple[Production, Path]:
    r = request_in("in_review", Kind.SEARCH_WARRANT, case_number="SW-2026-118")
    _add(r, reviewer, "subscriber.csv", CSV, "subscriber", "Basic subscriber information")
    _add(r, reviewer, "recording.mp4", MP4, "recordings", "Cloud recording, 3 May")
    record = _add(r, reviewer, "notes.docx", docx(), "files", "Shared file")
    production = services.production_build(production=record.production, by=reviewer)
    out = tmp_path / "production.zip"
    out.write_bytes(default_storage.open(production.zip.name).read())
    return production, out


def _verify(path: Path) -> str:
    out = StringIO()
    call_command("verify_production", str(path), stdout=out)
    return out.getvalue()


def _rewrite(path: Path, name: str, change) -> Path:
    """A copy of the zip with entry `name` replaced by change(bytes)."""
    tampered = path.with_name(f"tampered-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == name else data)
    return tampered


def test_the_package_holds_the_records_the_manifest_and_the_signed_certificate(built):
    production, path = built

    assert production.status == Production.Status.BUILT
    assert production.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    with zipfile.ZipFile(path) as package:
        assert sorted(package.namelist()) == [
            "certificate.pdf",
            "manifest.csv",
            "records/notes.docx",
            "records/recording.mp4",
            "records/subscriber.csv",
        ]
        rows = list(csv.reader(io.StringIO(package.read("manifest.csv").decode())))
        certificate = pdf_text(package.read("certificate.pdf"))
    assert rows[0] == ["file name", "size", "SHA-256", "description"]
    assert rows[1] == [
        "subscriber.csv",
        str(len(CSV)),
        hashlib.sha256(CSV).hexdigest(),
        "Basic subscriber information",
    ]
    assert "Certificate of authenticity of business records" in certificate
    assert "SW-2026-118" in certificate
    event = Event.objects.filter(action="production_built").get()
    assert event.data["sha256"] == production.sha256


def test_verify_production_passes_an_untouched_package(built):
    out = _verify(built[1])

    lines = out.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == [
        "subscriber.csv",
        "recording.mp4",
        "notes.docx",
    ]
    assert lines[-1].startswith("production verified: 3 records")


def test_one_changed_byte_in_a_record_fails_and_names_it(built):
    tampered = _rewrite(built[1], "records/recording.mp4", lambda b: b[:-1] + b"\x01")

    with pytest.raises(CommandError, match=re.escape("recording.mp4: its SHA-256 is not the one")):
        _verify(tampered)


def test_a_manifest_changed_to_match_a_changed_record_fails_against_the_certificate(built):
    _, path = built
    forged = b"user_id,email\r\n1,someone.else@example.net\r\n"
    step = _rewrite(path, "records/subscriber.csv", lambda b: forged)
    real = hashlib.sha256(CSV).hexdigest()
    tampered = _rewrite(
        step,
        "manifest.csv",
        lambda b: b.replace(real.encode(), hashlib.sha256(forged).hexdigest().encode()).replace(
            str(len(CSV)).encode(), str(len(forged)).encode(), 1
        ),
    )

    with pytest.raises(
        CommandError, match=re.escape("subscriber.csv: the manifest's SHA-256 is not the")
    ):
        _verify(tampered)


def test_a_manifest_changed_alone_fails(built):
    tampered = _rewrite(
        built[1], "manifest.csv", lambda b: b.replace(b"Shared file", b"Public file")
    )

    with pytest.raises(
        CommandError, match=re.escape("notes.docx: the manifest's description is not")
    ):
        _verify(tampered)


def test_a_tampered_certificate_fails_its_signature(built):
    def flip(pdf: bytes) -> bytes:
        at = pdf.index(b"stream") + 40
        return pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1 :]

    tampered = _rewrite(built[1], "certificate.pdf", flip)

    with pytest.raises(
        CommandError, match=re.escape("certificate.pdf: the signature does not match")
    ):
        _verify(tampered)


def test_a_certificate_signed_by_another_key_is_not_trusted(built, tmp_path):
    from triage.letters import signing_pair_create

    other = tmp_path / "other.pem"
    signing_pair_create(
        key_path=tmp_path / "k.pem", cert_path=other, common_name="X", organisation="X"
    )
    with pytest.raises(CommandError, match=re.escape("not by a trusted key")):
        call_command("verify_production", str(built[1]), "--cert", str(other))


def test_a_record_slipped_into_the_package_fails(built):
    _, path = built
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("records/extra.csv", CSV)
    with pytest.raises(
        CommandError, match=re.escape("records/extra.csv is in the package but not in")
    ):
        _verify(path)


def test_a_built_production_takes_no_second_build_and_an_empty_one_none(built, reviewer):
    production, _ = built
    with pytest.raises(TransitionRefused, match=re.escape("is built")):
        services.production_build(production=production, by=reviewer)
    empty = Production.objects.create(request=request_in("in_review", Kind.SUBPOENA))
    with pytest.raises(InvalidInput, match=re.escape("no records")):
        services.production_build(production=empty, by=reviewer)


def test_disclosure_sends_the_cover_letter_listing_the_production(
    built, reviewer, approver, second_reviewer
):
    production, _ = built
    r = production.request
    r = services.notice_waive(request=r, by=reviewer, basis="The user consented.")
    r = services.request_submit_for_approval(request=r, by=reviewer)
    r = services.request_approve(request=r, by=approver)
    services.request_disclose(request=r, by=second_reviewer)
    letter = Letter.objects.get(request=r, kind="disclosure")
    assert letter.production == production

    services.letter_send(letter=letter, by=second_reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)

    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    text = pdf_text(default_storage.open(letter.file.name).read())
    for row in production.manifest:
        assert row["name"] in text and row["sha256"][:32] in text
    # The letter's mail (the approval mails of the walk went out too).
    [sent] = [m for m in mail.outbox if m.extra_headers.get("Message-ID") == letter.message_id]
    pdf, package = sent.attachments
    assert pdf.filename.endswith("-disclosure-1.pdf")
    assert package.filename == f"{r.reference}-production-{production.pk}.zip"
    assert hashlib.sha256(package.content).hexdigest() == production.sha256
    assert "It is attached as a zip" in sent.body


def test_a_production_too_large_for_mail_is_announced_not_attached(
    built, reviewer, approver, second_reviewer, settings
):
    settings.LERQ_PRODUCTION_EMAIL_MAX_BYTES = 100
    production, _ = built
    r = services.notice_waive(request=production.request, by=reviewer, basis="Consented.")
    r = services.request_submit_for_approval(request=r, by=reviewer)
    r = services.request_approve(request=r, by=approver)
    services.request_disclose(request=r, by=second_reviewer)

    letter = Letter.objects.get(request=r, kind="disclosure")
    services.letter_send(letter=letter, by=second_reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)

    # The letter's mail (the approval mails of the walk went out too).
    [sent] = [m for m in mail.outbox if m.extra_headers.get("Message-ID") == letter.message_id]
    assert len(sent.attachments) == 1
    assert "too large for email" in sent.body


def test_approval_waits_for_the_built_production_and_the_letter_carries_exactly_it(
    reviewer, approver, second_reviewer
):
    r = request_in("in_review", Kind.SUBPOENA)
    record = _add(r, reviewer, "subscriber.csv", CSV, "subscriber", "Subscriber information")
    r = services.notice_waive(request=record.production.request, by=reviewer, basis="Consented.")
    r = services.request_submit_for_approval(request=r, by=reviewer)
    with pytest.raises(services.TransitionRefused, match="nothing to approve yet"):
        services.request_approve(request=r, by=approver)

    services.production_build(production=record.production, by=reviewer)
    r = services.request_approve(request=Request.objects.get(pk=r.pk), by=approver)
    services.request_disclose(request=r, by=second_reviewer)
    letter = Letter.objects.get(request=r, kind="disclosure")
    assert letter.production == record.production  # fixed when disclosed, not when rendered
    services.letter_send(letter=letter, by=second_reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)

    letter.refresh_from_db()
    assert (letter.status, letter.production) == (LetterStatus.SENT, record.production)


def test_a_view_asks_for_a_build_and_a_worker_builds_it_once(
    reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    r = request_in("in_review", Kind.SUBPOENA)
    record = _add(r, reviewer, "subscriber.csv", CSV, "subscriber", "Subscriber information")
    dispatched = []
    monkeypatch.setattr("triage.tasks.production_build.delay", lambda *a: dispatched.append(a))

    with django_capture_on_commit_callbacks(execute=True):
        services.production_build_request(production=record.production, by=reviewer)

    assert dispatched == [(record.production.pk, reviewer.pk)]
    assert Production.objects.get().status == Production.Status.BUILDING  # not in the view
    services.production_build_run(production_id=record.production.pk, by_id=reviewer.pk)
    assert services.production_build_run(production_id=record.production.pk, by_id=None) is None
    assert Event.objects.filter(action="production_built").count() == 1
