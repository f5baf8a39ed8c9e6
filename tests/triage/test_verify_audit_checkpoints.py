"""verify_audit checks the record against the latest witnessed checkpoint: what an attacker
with the database (as its owner, the append-only trigger off) does after a checkpoint shows,
without an operator-kept --head. Each of these passed as "intact" before checkpoints."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import request_in
from tests.triage.audit_support import as_owner, record, rewrite_from, signing_key, verify
from triage import checkpoint_verify as cv
from triage.checkpoints import checkpoint_create, witness_lines, witness_path
from triage.models import Checkpoint, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpointed(reviewer):
    """A record with two checkpoints, the second over a few more events than the first."""
    signing_key()
    record(reviewer)
    checkpoint_create()
    request_in("validated")
    return checkpoint_create()


def _broken(problem: str) -> None:
    with pytest.raises(CommandError) as failure:
        verify()
    assert str(failure.value) == f"audit checkpoints broken: {problem}"
    assert failure.value.returncode == 1


def test_a_new_install_verifies_the_chain_alone_and_says_so(reviewer):
    events = record(reviewer)
    out, err = StringIO(), StringIO()
    call_command("verify_audit", stdout=out, stderr=err)
    assert out.getvalue() == f"audit chain intact: {len(events)} events\n"
    assert err.getvalue() == "no checkpoint yet: the chain alone was verified\n"


def test_an_untouched_record_is_verified_against_its_latest_checkpoint(checkpointed):
    request_in("received")  # appended since: covered by the chain until the next checkpoint
    assert verify().startswith("audit chain intact: ")
    assert verify().endswith(f"; checkpoint #2 (size {checkpointed.size}) verified\n")


def test_head_still_works_with_checkpoints(checkpointed):
    head = Event.objects.order_by("-seq").values_list("hash", flat=True).first()
    assert verify("--head", head).startswith("audit chain intact")
    with pytest.raises(CommandError, match=r"published head .* is not in the chain"):
        verify("--head", "f" * 64)


def test_truncating_the_events_is_detected(checkpointed):
    as_owner("TRUNCATE triage_event")
    _broken(cv.EVENTS_REMOVED.format(number=2, size=checkpointed.size, count=0))


def test_deleting_the_last_five_events_is_detected(checkpointed):
    as_owner(
        "DELETE FROM triage_event WHERE seq > (SELECT max(seq) - 5 FROM triage_event)",
    )
    _broken(cv.EVENTS_REMOVED.format(number=2, size=checkpointed.size, count=checkpointed.size - 5))


@pytest.mark.parametrize("seq", [1, 4, "last"])
def test_rewriting_history_with_recomputed_hashes_is_detected(checkpointed, seq):
    seq = checkpointed.size if seq == "last" else seq
    rewrite_from(seq, "nothing to see")
    _broken(cv.ROOT_MISMATCH.format(number=2, size=checkpointed.size))


def test_a_witness_line_edited_is_detected(checkpointed):
    lines = witness_lines()
    first = json.loads(lines[0])
    first["size"] -= 1
    lines[0] = json.dumps(first, sort_keys=True, separators=(",", ":"))
    witness_path().write_text("".join(line + "\n" for line in lines))
    _broken(cv.BAD_SIGNATURE.format(number=1))


def test_a_witness_file_rolled_back_is_detected(checkpointed):
    lines = witness_lines()
    witness_path().write_text(lines[0] + "\n")
    _broken(cv.FILE_ROLLED_BACK.format(number=2))


def test_the_checkpoints_table_rolled_back_is_detected(checkpointed):
    Checkpoint.objects.filter(number=2).delete()
    _broken(cv.TABLE_ROLLED_BACK.format(number=2))


def test_the_checkpoints_table_truncated_is_detected(checkpointed):
    as_owner("TRUNCATE triage_checkpoint")
    _broken(cv.TABLE_ROLLED_BACK.format(number=1))


def test_both_copies_rolled_back_still_leave_the_truncation_visible_to_the_file(checkpointed):
    """Rolling the table back to match a rewritten record needs the file too: it is not the
    database's to change. With the file intact, truncating events and table together shows."""
    as_owner("TRUNCATE triage_event, triage_checkpoint")
    _broken(cv.TABLE_ROLLED_BACK.format(number=1))
