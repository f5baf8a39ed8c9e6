import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intake.models import InboundMessage
from triage.models import Request

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"
KEYS = {"file", "message_id", "outcome", "reference", "kind", "status", "missing", "reasons"}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


def run(*paths, jobs: int = 1) -> list[dict]:
    out = StringIO()
    call_command("ingest_eml", *map(str, paths), "--json", f"--jobs={jobs}", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(set(line) == KEYS for line in lines)
    return lines


def test_one_line_per_message_with_the_contract_fields():
    (line,) = run(DATA / "fbi_subpoena_complete.eml")
    assert line["outcome"] == "created"
    assert line["status"] == "validated"
    assert line["message_id"] == "<subpoena-complete-2026@fbi.gov>"
    assert line["reference"].startswith("LER-")


def test_the_same_file_twice_is_a_duplicate():
    first, second = run(DATA / "fbi_subpoena_complete.eml", DATA / "fbi_subpoena_complete.eml")
    assert (first["outcome"], second["outcome"]) == ("created", "duplicate")


def test_garbage_gets_a_line_and_the_batch_goes_on():
    lines = run(
        DATA / "truncated_garbage.eml",
        DATA / "random_bytes.eml",
        DATA / "no_such_file.eml",
        DATA / "fbi_subpoena_complete.eml",
    )
    assert [line["outcome"] for line in lines] == ["refused", "refused", "failed", "created"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_directory_gives_the_same_lines_on_one_process_or_two(jobs):
    lines = run(DATA, DATA, jobs=jobs)
    files = [Path(line["file"]).relative_to(DATA).parts[0] for line in lines]
    assert files[: len(files) // 2] == files[len(files) // 2 :]
    outcomes = [line["outcome"] for line in lines]
    first, again = outcomes[: len(lines) // 2], outcomes[len(lines) // 2 :]
    assert first == [
        "created",  # emergency.eml
        "refused",  # fbi_dmarc_fail.eml
        "refused",  # fbi_forged_untrusted_results.eml
        "created",  # fbi_subpoena_complete.eml
        "created",  # fbi_subpoena_incomplete.eml
        "refused",  # gmail_sender.eml
        "held",  # government_note.eml
        "held",  # maildir: three messages
        "held",
        "held",
        "refused",  # random_bytes.eml
        "attached",  # reply_in_reply_to.eml, after the incomplete subpoena it answers
        "held",  # three.mbox
        "refused",
        "refused",
        "refused",  # truncated_garbage.eml
        "held",  # unknown_reference.eml
    ]
    # Read a second time, every message is a duplicate (a refused one by its hash, kept after
    # its content was deleted); nothing opens twice.
    assert again == ["duplicate"] * len(first)
    assert Request.objects.count() == first.count("created")


def test_jobs_cannot_be_negative():
    with pytest.raises(CommandError, match="--jobs"):
        call_command("ingest_eml", str(DATA / "emergency.eml"), "--jobs=-1")


def test_a_maildir_and_an_mbox_give_three_lines_each():
    maildir = run(DATA / "maildir")
    mbox = run(DATA / "three.mbox")
    assert len(maildir) == len(mbox) == 3
    assert [line["outcome"] for line in maildir] == ["held"] * 3
    assert [line["outcome"] for line in mbox] == ["held", "refused", "refused"]


def test_a_readable_line_without_json():
    out = StringIO()
    call_command("ingest_eml", str(DATA / "gmail_sender.eml"), stdout=out)
    assert out.getvalue().strip().endswith("refused — not_government_sender")


def _cpython_email_data() -> Path | None:
    try:
        import test.test_email as package
    except ImportError:
        return None
    data = Path(os.path.dirname(package.__file__)) / "data"
    return data if data.is_dir() else None


def test_every_file_of_cpythons_email_test_data_gets_one_line():
    data = _cpython_email_data()
    # Debian's Python ships it apart; scripts/debian-packages.txt lists it, `make test` installs it.
    assert data is not None, (
        "CPython's test package (test.test_email) is missing: "
        "`sudo apt-get install libpython3.11-testsuite` (Debian's Python)"
    )
    files = sorted(p for p in data.iterdir() if p.is_file())
    lines = []
    for path in files:
        found = run(path)
        assert len(found) == 1, path
        lines += found
    assert len(lines) == len(files)
    # A stored record for each distinct message (same bytes are one record).
    assert InboundMessage.objects.count() >= len({p.read_bytes() for p in files}) - 1
