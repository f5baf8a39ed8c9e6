"""Checkpoints: the signed head of the record, in a table and in a witness file outside it."""

import base64
import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.factories import request_in
from tests.triage.audit_support import as_owner, record, signing_key, verify
from triage import merkle
from triage.checkpoints import (
    COVERED_EVENT_CHANGED,
    NO_SIGNING_KEY,
    WITNESS_DIVERGED,
    checkpoint_create,
    public_key_path,
    signed_bytes,
    witness_lines,
    witness_path,
)
from triage.models import Checkpoint, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(reviewer):
    signing_key()
    return record(reviewer)


def _tree_root() -> str:
    hashes = Event.objects.order_by("seq").values_list("hash", flat=True)
    return merkle.Tree(bytes.fromhex(h) for h in hashes).root().hex()


def test_a_checkpoint_signs_the_head_of_every_event_and_writes_it_outside(events):
    checkpoint = checkpoint_create()

    assert (checkpoint.number, checkpoint.size) == (1, len(events))
    assert checkpoint.root == _tree_root()
    assert witness_lines() == [checkpoint.line]
    line = json.loads(checkpoint.line)
    assert line["prev"] == "0" * 64
    public = load_pem_public_key(public_key_path(settings.LERQ_AUDIT_SIGNING_KEY_FILE).read_bytes())
    public.verify(base64.b64decode(line["signature"]), signed_bytes(line))


def test_running_it_twice_changes_nothing_the_second_time(events):
    checkpoint_create()
    before = (list(Checkpoint.objects.values_list("line", flat=True)), witness_lines())

    assert checkpoint_create() is None
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)

    assert out.getvalue() == "no event since the last checkpoint\n"
    assert (list(Checkpoint.objects.values_list("line", flat=True)), witness_lines()) == before


def test_the_next_checkpoint_extends_the_last_by_the_new_events_and_names_its_line(events):
    first = checkpoint_create()
    request_in("validated")

    second = checkpoint_create()

    assert (second.number, second.size) == (2, Event.objects.count())
    assert second.size > first.size
    assert second.root == _tree_root()
    assert json.loads(second.line)["prev"] == first.line_hash
    assert witness_lines() == [first.line, second.line]


def test_the_command_and_the_task_make_a_checkpoint(events):
    from triage.tasks import audit_checkpoint

    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert out.getvalue().startswith(f"checkpoint #1: {len(events)} events, root ")
    request_in("received")
    assert audit_checkpoint.apply().get() == 2


def test_it_refuses_without_a_signing_key(reviewer):
    record(reviewer)
    with pytest.raises(CommandError) as failure:
        call_command("audit_checkpoint")
    assert str(failure.value) == NO_SIGNING_KEY.format(path=settings.LERQ_AUDIT_SIGNING_KEY_FILE)
    assert not Checkpoint.objects.exists()


def test_it_refuses_to_sign_on_a_witness_file_rolled_back(events):
    checkpoint_create()
    witness_path().write_text("")
    request_in("received")

    with pytest.raises(CommandError) as failure:
        call_command("audit_checkpoint")
    assert str(failure.value) == WITNESS_DIVERGED.format(path=witness_path(), number=1)
    assert Checkpoint.objects.count() == 1


def test_the_signing_key_is_made_once_and_kept_private(db):
    call_command("audit_signing_key_create", "--if-missing", stdout=StringIO())
    key = settings.LERQ_AUDIT_SIGNING_KEY_FILE
    pem = key.read_bytes()
    call_command("audit_signing_key_create", "--if-missing", stdout=StringIO())

    assert key.read_bytes() == pem
    assert key.stat().st_mode & 0o777 == 0o600
    with pytest.raises(CommandError, match="already exists"):
        call_command("audit_signing_key_create")


def test_a_line_written_by_a_transaction_that_then_failed_is_taken_in_next_time(
    events, monkeypatch
):
    from triage import checkpoints

    written = checkpoints._witness_append

    def write_then_fail(path, line):
        written(path, line)
        raise ConnectionError("the database went away before the commit")

    monkeypatch.setattr(checkpoints, "_witness_append", write_then_fail)
    with pytest.raises(ConnectionError):
        checkpoint_create()
    assert not Checkpoint.objects.exists()
    assert len(witness_lines()) == 1
    monkeypatch.undo()

    assert checkpoint_create() is None  # the line is taken in; nothing new to sign
    assert list(Checkpoint.objects.values_list("line", flat=True)) == witness_lines()
    assert verify().endswith(f"checkpoint #1 (size {len(events)}) verified\n")


def test_a_forged_line_in_the_file_is_not_taken_in(events):
    checkpoint_create()
    forged = json.loads(witness_lines()[0])
    forged.update(number=2, prev=Checkpoint.objects.get().line_hash)
    with witness_path().open("a") as f:
        f.write(json.dumps(forged, sort_keys=True, separators=(",", ":")) + "\n")
    request_in("received")

    with pytest.raises(CommandError, match="does not end with checkpoint #1"):
        call_command("audit_checkpoint")


@pytest.mark.parametrize("appended", [1, 3], ids=["fewer than deleted", "more than deleted"])
def test_it_refuses_to_sign_after_the_newest_events_were_deleted(events, appended):
    checkpoint_create()
    as_owner("DELETE FROM triage_event WHERE seq > %s", [len(events) - 5])
    for _ in range(appended):  # the next events carry on from the shortened chain
        request_in("validated")

    with pytest.raises(CommandError) as failure:
        call_command("audit_checkpoint")
    assert str(failure.value) == COVERED_EVENT_CHANGED.format(seq=len(events), number=1)
    assert Checkpoint.objects.count() == 1
