"""A request's record, exported with proofs, verifies with the standalone verifier alone (a
clean environment, no lerq, no database) and fails when one byte of it changes."""

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.triage.audit_support import record, signing_key
from triage.audit_export import NO_EVENTS
from triage.checkpoints import public_key_path, signing_key_create
from triage.models import Checkpoint, Event

pytestmark = pytest.mark.django_db

VERIFIER = Path(__file__).resolve().parents[2] / "scripts" / "verify_export.py"


@pytest.fixture
def exported(reviewer, tmp_path):
    signing_key()
    events = record(reviewer)
    rejected = next(e for e in events if e.action == "reject")
    out = StringIO()
    call_command("audit_export", rejected.reference, str(tmp_path / "out"), stdout=out)
    path = tmp_path / "out" / f"{rejected.reference}.audit.json"
    assert out.getvalue() == f"{path}: 4 events of {rejected.reference}\n"
    return path


def _verify(path: Path, *args: str) -> subprocess.CompletedProcess:
    # -I: no PYTHONPATH, no user site, not even the script's directory; env={}: nothing else.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-I", str(VERIFIER), str(path), *args],
        env={},
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
    )


def _change_one_byte(path: Path, inside: str, offset: int) -> None:
    raw = path.read_bytes()
    at = raw.index(inside.encode()) + offset
    replacement = b"0" if raw[at : at + 1] != b"0" else b"1"
    path.write_bytes(raw[:at] + replacement + raw[at + 1 :])


def test_an_export_verifies_without_lerq(exported):
    result = _verify(exported)
    reference = exported.name.removesuffix(".audit.json")

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("(from the export itself)")
    assert lines[1].startswith(f"checkpoint #1: {Event.objects.count()} events, root ")
    assert "reject in_review -> rejected: in the signed log" in result.stdout
    assert lines[-1] == f"verified: 4 events of {reference} are in checkpoint #1"


def test_it_holds_nothing_of_other_requests(exported):
    export = json.loads(exported.read_text())
    # Events of no request (people and roles) have an empty reference.
    others = set(
        Event.objects.exclude(reference__in=[export["reference"], ""]).values_list("reference")
    )
    assert others
    assert not any(other in exported.read_text() for (other,) in others)
    assert {e["seq"] for e in export["events"]} == set(
        Event.objects.filter(reference=export["reference"]).values_list("seq", flat=True)
    )


def test_it_verifies_with_the_published_key_and_not_with_another(exported, tmp_path):
    published = public_key_path(settings.LERQ_AUDIT_SIGNING_KEY_FILE)
    assert _verify(exported, "--public-key", str(published)).returncode == 0

    signing_key_create(path=tmp_path / "other" / "key.pem")
    result = _verify(exported, "--public-key", str(tmp_path / "other" / "key.pem.pub"))
    assert result.returncode == 1
    assert result.stdout == "FAILED: the export names another key than the one given\n"


@pytest.mark.parametrize(
    ("inside", "offset", "failure"),
    [
        ("les comptes", 5, r"event #\d+: its content does not give its content hash"),
        (
            '"proof": [\n        "',
            20,
            r"event #\d+: it is not in the tree that checkpoint #1 signs",
        ),
        ('signature\\":\\"', 30, "the checkpoint's signature is not valid"),
    ],
    ids=["an event's reason", "a proof hash", "the signature"],
)
def test_one_byte_changed_fails(exported, inside, offset, failure):
    _change_one_byte(exported, inside, offset)
    result = _verify(exported)
    assert result.returncode == 1
    assert re.fullmatch(f"FAILED: {failure}\n", result.stdout), result.stdout


def test_the_export_covers_events_appended_since_the_last_checkpoint(reviewer, tmp_path):
    signing_key()
    events = record(reviewer)
    call_command("audit_checkpoint", stdout=StringIO())
    reference = events[-1].reference
    from triage import services
    from triage.models import Request

    services.hold_release(request=Request.objects.get(reference=reference), by=None, reason="x")

    call_command("audit_export", reference, "--out", str(tmp_path / "e.json"), stdout=StringIO())

    assert Checkpoint.objects.count() == 2
    result = _verify(tmp_path / "e.json")
    assert result.returncode == 0
    # The release nobody made (by=None: lerq itself) is said to be lerq's, not "None"'s.
    release = next(line for line in result.stdout.splitlines() if " release " in line)
    assert " lerq release " in release and "None" not in release


def test_an_unknown_request_is_refused(reviewer, tmp_path):
    signing_key()
    record(reviewer)
    with pytest.raises(CommandError) as failure:
        call_command("audit_export", "LER-1999-000001", str(tmp_path))
    assert str(failure.value) == NO_EVENTS.format(reference="LER-1999-000001")
