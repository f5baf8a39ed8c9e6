"""What signed checkpoints cost: ``python -m bench.checkpoint`` prints the figures of issue 19.

With N events in the record (default 1,000,000, written in bulk with their real hashes):
(a) the first checkpoint, which hashes all N (once, at deployment);
(b) the next checkpoint after 500 more events, which hashes only those 500 from the stored
    frontier (target: under 1 s, whatever N);
(c) verify_audit's checkpoint half (the Merkle tree over N events, the witness file, the
    consistency proofs) and the chain walk beside it, for scale;
(d) one request's export with its inclusion proofs.

Like the other benchmarks it runs on a database of its own (``lerq_bench_checkpoint``, dropped at
the end unless ``--keep``), and keeps the key and witness file in a temporary directory.
"""

import argparse
import io
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench._database import on_own_database, say, since, verdict

TARGET_NEXT_SECONDS = 1.0
REFERENCE = "LER-2026-000001"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.checkpoint", description=__doc__.split("\n")[0]
    )
    p.add_argument("--events", type=int, default=1_000_000, help="events in the record")
    p.add_argument("--more", type=int, default=500, help="events appended before (b)")
    p.add_argument("--db-name", default="lerq_bench_checkpoint", help="the database made")
    p.add_argument("--force", action="store_true", help="drop an existing --db-name first")
    p.add_argument("--keep", action="store_true", help="leave the database at the end")
    return p.parse_args(argv)


def _events_write(count: int, start_seq: int, prev: str) -> str:
    """``count`` chained events after ``start_seq``, inserted in bulk; every 1,000th is the one
    request's. Returns the last hash."""
    from django.utils import timezone

    from triage.audit import SYSTEM, chain_hash, content_hash_of
    from triage.models import Event, EventKind

    at = timezone.now() - timedelta(days=1)
    batch: list[Event] = []
    for seq in range(start_seq + 1, start_seq + count + 1):
        event = Event(
            seq=seq,
            reference=REFERENCE if seq % 1000 == 1 else f"LER-2025-{seq % 999_999:06d}",
            actor_name=SYSTEM,
            at=at,
            action=EventKind.OPENED,
            to_state="received",
            data={"n": seq},
            prev_hash=prev,
        )
        event.content_hash = content_hash_of(event)
        event.hash = prev = chain_hash(event.prev_hash, event.content_hash)
        batch.append(event)
        if len(batch) == 5000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)
    return prev


def _run(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from triage.audit import GENESIS, chain_verify
    from triage.audit_export import request_audit_export
    from triage.checkpoint_verify import checkpoints_verify
    from triage.checkpoints import checkpoint_create

    call_command("migrate", verbosity=0)
    call_command("audit_signing_key_create", stdout=io.StringIO())
    started = time.perf_counter()
    last = _events_write(args.events, 0, GENESIS)
    say(f"{args.events:,} events written in {since(started):.1f} s")

    started = time.perf_counter()
    first = checkpoint_create()
    say(f"(a) first checkpoint over {first.size:,} events: {since(started):.2f} s")

    _events_write(args.more, args.events, last)
    started = time.perf_counter()
    second = checkpoint_create()
    took = since(started)
    say(
        f"(b) next checkpoint, {second.size - first.size} new events: {took * 1000:.0f} ms "
        f"(frontier {len(second.frontier)} hashes; target < {TARGET_NEXT_SECONDS:.0f} s: "
        f"{verdict(took < TARGET_NEXT_SECONDS)})"
    )

    started = time.perf_counter()
    report = checkpoints_verify()
    checked = since(started)
    started = time.perf_counter()
    chain = chain_verify()
    say(
        f"(c) checkpoints verified ({report.problem or 'intact'}, #{report.number}, size "
        f"{report.size:,}): {checked:.1f} s; the chain walk beside it: {since(started):.1f} s "
        f"({chain.count:,} events, {'intact' if chain.intact else chain.problem})"
    )

    started = time.perf_counter()
    export = request_audit_export(reference=REFERENCE)
    proof = len(export["events"][0]["proof"])
    say(
        f"(d) export of {REFERENCE}: {len(export['events'])} events, {proof} hashes a proof, "
        f"{since(started):.1f} s"
    )
    return 0 if took < TARGET_NEXT_SECONDS and report.intact else 1


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="lerq-bench-checkpoint-") as tmp:
        return on_own_database(
            lambda: _run(args),
            db_name=args.db_name,
            force=args.force,
            keep=args.keep,
            environ={
                "LERQ_AUDIT_SIGNING_KEY_FILE": str(Path(tmp) / "key.pem"),
                "LERQ_AUDIT_WITNESS_DIR": str(Path(tmp) / "witness"),
            },
        )


if __name__ == "__main__":
    sys.exit(main())
