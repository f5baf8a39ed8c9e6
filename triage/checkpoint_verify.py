"""Check the record against its witnessed checkpoints (verify_audit's second half).

In order: every line of the witness file is signed by the audit key and names the hash of the
line before (the file was not edited, reordered or cut in the middle); the checkpoints table
holds exactly the file's lines (a file rolled back, or a table truncated or rolled back,
shows); the first ``size`` events have the latest checkpoint's root (events truncated, the
newest deleted, or history rewritten with recomputed hashes, shows); and each checkpoint is
proved consistent with the next, so the record only ever grew.
"""

import base64
import binascii
import itertools
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from triage import merkle
from triage.audit import GENESIS
from triage.checkpoint_timestamps import NOT_FOR_ITS_LINE, token_imprint_matches
from triage.checkpoints import (
    LINE_FORMAT,
    CheckpointError,
    key_id,
    line_hash,
    signed_bytes,
    signing_key_load,
    witness_lines,
)
from triage.models import Checkpoint, Event

NOT_A_LINE = "witness line {i} is not a lerq checkpoint"
OUT_OF_ORDER = "witness line {i} is checkpoint #{number}: lines were removed or reordered"
OTHER_KEY = "checkpoint #{number} was signed by another key ({key})"
BAD_SIGNATURE = "checkpoint #{number}: the signature does not match: the witness line was edited"
BROKEN_LINK = (
    "checkpoint #{number} does not follow the line before it: the witness file was rewritten"
)
FILE_ROLLED_BACK = (
    "checkpoint #{number} is in the database but not in the witness file: "
    "the witness file was rolled back"
)
TABLE_ROLLED_BACK = (
    "checkpoint #{number} is in the witness file but not in the database: "
    "the checkpoints table was truncated or rolled back"
)
DIFFERS = "checkpoint #{number} differs between the database and the witness file"
EVENTS_REMOVED = (
    "checkpoint #{number} covers {size} events but the database has {count}: events were removed"
)
ROOT_MISMATCH = (
    "the first {size} events do not have the root signed in checkpoint #{number}: "
    "the record was rewritten"
)
NOT_CONSISTENT = (
    "checkpoint #{second} does not extend checkpoint #{first} over these events: "
    "the record was rewritten between them"
)


@dataclass(frozen=True)
class CheckpointReport:
    number: int = 0  # 0: no checkpoint yet
    size: int = 0
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


class _Broken(Exception):
    pass


def _parse(i: int, line: str) -> dict[str, Any]:
    try:
        fields = json.loads(line)
        if fields.get("format") != LINE_FORMAT:
            raise ValueError(fields.get("format"))
        return fields
    except ValueError as exc:
        raise _Broken(NOT_A_LINE.format(i=i)) from exc


def _file_checked(lines: list[str], key: Ed25519PublicKey) -> list[dict[str, Any]]:
    """The witness file's lines, each signed and chained to the one before."""
    heads, prev = [], GENESIS
    for i, line in enumerate(lines, start=1):
        fields = _parse(i, line)
        number = fields.get("number")
        if number != i:
            raise _Broken(OUT_OF_ORDER.format(i=i, number=number))
        if fields.get("key") != key_id(key):
            raise _Broken(OTHER_KEY.format(number=number, key=fields.get("key")))
        try:
            key.verify(base64.b64decode(fields["signature"]), signed_bytes(fields))
        except (InvalidSignature, KeyError, binascii.Error) as exc:
            raise _Broken(BAD_SIGNATURE.format(number=number)) from exc
        if fields.get("prev") != prev:
            raise _Broken(BROKEN_LINK.format(number=number))
        heads.append(fields)
        prev = line_hash(line)
    return heads


def _table_matches(lines: list[str]) -> None:
    rows = Checkpoint.objects.order_by("number").values_list("number", "line", "timestamp_token")
    count = 0  # rows seen: each was the next number
    for expected, (number, row_line, token) in enumerate(rows, start=1):
        if number != expected:
            raise _Broken(TABLE_ROLLED_BACK.format(number=expected))
        if number > len(lines):
            raise _Broken(FILE_ROLLED_BACK.format(number=number))
        if lines[number - 1] != row_line:
            raise _Broken(DIFFERS.format(number=number))
        if token and not token_imprint_matches(token, row_line):
            raise _Broken(NOT_FOR_ITS_LINE.format(number=number))
        count = number
    if count < len(lines):
        raise _Broken(TABLE_ROLLED_BACK.format(number=count + 1))


def _events_match(heads: list[dict[str, Any]]) -> None:
    hashes = Event.objects.order_by("seq").values_list("hash", flat=True)
    tree = merkle.Tree(bytes.fromhex(h) for h in hashes.iterator(chunk_size=5000))
    latest = heads[-1]
    if latest["size"] > len(tree):
        raise _Broken(
            EVENTS_REMOVED.format(number=latest["number"], size=latest["size"], count=len(tree))
        )
    if tree.root(latest["size"]).hex() != latest["root"]:
        raise _Broken(ROOT_MISMATCH.format(number=latest["number"], size=latest["size"]))
    for first, second in itertools.pairwise(heads):
        proved = first["size"] <= second["size"] <= len(tree) and merkle.consistency_verify(
            first=first["size"],
            second=second["size"],
            first_root=bytes.fromhex(first["root"]),
            second_root=bytes.fromhex(second["root"]),
            proof=tree.consistency_proof(first["size"], second["size"]),
        )
        if not proved:
            raise _Broken(NOT_CONSISTENT.format(first=first["number"], second=second["number"]))


def checkpoints_verify(*, public_key: Ed25519PublicKey | None = None) -> CheckpointReport:
    """The record against the latest witnessed checkpoint; the first problem found."""
    lines = witness_lines()
    if not lines and not Checkpoint.objects.exists():
        return CheckpointReport()
    try:
        key = public_key or signing_key_load().public_key()
        heads = _file_checked(lines, key)
        _table_matches(lines)
        _events_match(heads)
    except (_Broken, CheckpointError) as broken:
        return CheckpointReport(problem=str(broken))
    return CheckpointReport(number=heads[-1]["number"], size=heads[-1]["size"])
