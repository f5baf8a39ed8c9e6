#!/usr/bin/env python3
"""Check a lerq audit export (`manage.py audit_export`) without lerq or its database.

    python verify_export.py EXPORT.json [--public-key KEY.pem]

Needs Python 3.10+ and the `cryptography` package, nothing else. It checks that the checkpoint
is signed by the key, that each event's canonical bytes give its hashes, and that each event is
in the Merkle tree (RFC 9162) whose root the checkpoint signs. It prints what it verified and
exits 0, or prints the first failure and exits 1. Give --public-key with the key lerq's operator
published (or compare the fingerprint printed with it): the key inside the export only proves
the export is consistent with itself.
"""

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EXPORT_FORMAT = "lerq-audit-export/1"
LINE_FORMAT = "lerq-checkpoint/1"


class Failed(Exception):
    pass


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def inclusion_verify(index: int, size: int, leaf: bytes, proof: list, root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, _sha256(b"\x00" + leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _sha256(b"\x01" + p + r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _sha256(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def _key(export: dict, path: str | None) -> tuple[Ed25519PublicKey, str]:
    embedded = export["public_key"].encode()
    given = Path(path).read_bytes() if path else embedded
    key = serialization.load_pem_public_key(given)
    if not isinstance(key, Ed25519PublicKey):
        raise Failed("the public key is not an Ed25519 key")
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if (
        path
        and serialization.load_pem_public_key(embedded).public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        != raw
    ):
        raise Failed("the export names another key than the one given")
    return key, hashlib.sha256(raw).hexdigest()


def _checkpoint(export: dict, key: Ed25519PublicKey, fingerprint: str) -> dict:
    line = json.loads(export["checkpoint"])
    if line.get("format") != LINE_FORMAT:
        raise Failed("the checkpoint is not a lerq checkpoint")
    if line.get("key") != fingerprint:
        raise Failed("the checkpoint was signed by another key")
    signed = _canonical({k: v for k, v in line.items() if k != "signature"})
    try:
        key.verify(base64.b64decode(line["signature"]), signed)
    except (InvalidSignature, ValueError) as exc:
        raise Failed("the checkpoint's signature is not valid") from exc
    return line


def _event(export: dict, event: dict, head: dict) -> dict:
    seq, where = event["seq"], f"event #{event['seq']}"
    canonical = event["canonical"].encode("utf-8")
    if hashlib.sha256(canonical).hexdigest() != event["content_hash"]:
        raise Failed(f"{where}: its content does not give its content hash")
    chained = f"{event['prev_hash']}{event['content_hash']}".encode("ascii")
    if hashlib.sha256(chained).hexdigest() != event["hash"]:
        raise Failed(f"{where}: its hashes do not give its chain hash")
    content = json.loads(canonical)
    if content.get("seq") != seq or content.get("reference") != export["reference"]:
        raise Failed(f"{where}: it is not event #{seq} of {export['reference']}")
    proof = [bytes.fromhex(h) for h in event["proof"]]
    root = bytes.fromhex(head["root"])
    if not inclusion_verify(seq - 1, head["size"], bytes.fromhex(event["hash"]), proof, root):
        raise Failed(f"{where}: it is not in the tree that checkpoint #{head['number']} signs")
    return content


def verify(export: dict, public_key: str | None) -> list[str]:
    if export.get("format") != EXPORT_FORMAT:
        raise Failed("this is not a lerq audit export")
    key, fingerprint = _key(export, public_key)
    head = _checkpoint(export, key, fingerprint)
    said = [
        f"key {fingerprint} ({'given' if public_key else 'from the export itself'})",
        f"checkpoint #{head['number']}: {head['size']} events, root {head['root']}, "
        f"signed at {head['at']}: signature valid",
    ]
    for event in export["events"]:
        c = _event(export, event, head)
        # No actor: lerq itself acted (the sweep, intake), which the record says as "lerq".
        actor = c.get("actor") or "lerq"
        move = f"{c.get('from')} -> {c.get('to')}" if c.get("from") or c.get("to") else ""
        said.append(
            f"event #{event['seq']} {c.get('at')} {actor} {c.get('action')} {move}"
            f": in the signed log"
        )
    if export.get("checkpoint_timestamp"):
        digest = hashlib.sha256(export["checkpoint"].encode()).hexdigest()
        said.append(
            "an RFC 3161 timestamp of the checkpoint is included (not checked here): decode "
            "checkpoint_timestamp from base64 to token.der and run `openssl ts -verify "
            f"-token_in -in token.der -digest {digest} -CAfile YOUR_TSA_CA.pem`"
        )
    said.append(
        f"verified: {len(export['events'])} events of {export['reference']} "
        f"are in checkpoint #{head['number']}"
    )
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", help="the JSON file audit_export wrote")
    parser.add_argument("--public-key", help="the audit key's public half (PEM) lerq published")
    args = parser.parse_args(argv)
    try:
        with open(args.export, encoding="utf-8") as f:
            export = json.load(f)
        lines = verify(export, args.public_key)
    except Failed as failure:
        print(f"FAILED: {failure}")
        return 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"FAILED: the export cannot be read: {exc!r}")
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
