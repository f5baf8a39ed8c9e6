"""What appending to the record costs as it grows: ``python -m bench.audit`` (issue 19).

The time of one ``event_append`` in a transaction of its own (lock the chain, read its head,
hash, MAC, insert, commit), median of ``--appends`` runs, with 1,000 events in the log and
again with 1,000,000. Target: the second within 2x the first (appending stays O(1) per event:
the head is read through the unique index on ``seq``, never by scanning the chain).

The events that fill the log are sealed with lerq's own code (form, hashes, MAC under a
throwaway audit key) and loaded with COPY, so the log is one that verifies. Like bench/sweep.py
it never touches the database DATABASE_URL names: it creates a fresh one (``lerq_bench_audit``)
on that server, migrates it, measures, and drops it (``--keep`` leaves it; ``--force`` drops one
left by an earlier run).
"""

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench._database import on_own_database, say, since, verdict

TARGET_RATIO = 2.0
BATCH = 20_000  # COPY rows per write


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__.split("\n")[0])
    p.add_argument("--small", type=int, default=1_000, help="events in the log, first figure")
    p.add_argument("--large", type=int, default=1_000_000, help="events in the log, second")
    p.add_argument("--appends", type=int, default=300, help="appends timed at each size")
    p.add_argument("--db-name", default="lerq_bench_audit", help="the database created and dropped")
    p.add_argument("--force", action="store_true", help="drop an existing --db-name first")
    p.add_argument("--keep", action="store_true", help="leave the database at the end")
    return p.parse_args(argv)


def _fill(request: Any, upto: int) -> None:
    """Load events after the current head until the log holds ``upto``, with COPY."""
    from django.db import connection

    from triage.audit import GENESIS, event_seal
    from triage.audit_key import audit_key
    from triage.models import Event

    key = audit_key()
    last = Event.objects.order_by("-seq").only("seq", "hash").first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    columns = [
        "seq", "request_id", "reference", "actor_name", "at", "action", "from_state",
        "to_state", "reason", "data", "content_hash", "prev_hash", "hash", "version", "mac",
    ]  # fmt: skip
    data = {"bench": True}
    data_json = json.dumps(data)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    sql = f"COPY triage_event ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        lines = []
        while seq < upto:
            seq += 1
            at = start + timedelta(seconds=seq)
            event = event_seal(
                Event(
                    seq=seq, request_id=request.pk, reference=request.reference,
                    actor_name="system", at=at, action="reminded", data=data,
                ),
                prev_hash=prev,
                key=key,
            )  # fmt: skip
            lines.append(
                f"{seq}\t{request.pk}\t{request.reference}\tsystem\t{at.isoformat()}\treminded"
                f"\t\t\t\t{data_json}\t{event.content_hash}\t{prev}\t{event.hash}\t"
                f"{event.version}\t{event.mac}\n"
            )
            prev = event.hash
            if len(lines) >= BATCH:
                copy.write("".join(lines))
                lines.clear()
        copy.write("".join(lines))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE triage_event")


def _append_ms(request: Any, runs: int) -> float:
    """Median milliseconds of one append in a transaction of its own, commit included."""
    from django.db import transaction
    from django.utils import timezone

    from triage.audit import event_append
    from triage.models import EventKind

    times = []
    for i in range(runs):
        started = time.perf_counter()
        with transaction.atomic(durable=True):
            event_append(
                request=request,
                actor=None,
                action=EventKind.NOTE,
                at=timezone.now(),
                reason="bench: one append",
                data={"n": i},
            )
        times.append(since(started) * 1000)
    return statistics.median(times)


def _run(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from triage import services
    from triage.audit import chain_verify
    from triage.models import Event, Kind

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"database {connection.settings_dict['NAME']} migrated in {since(started):.1f} s")
    request = services.request_open(
        by=None,
        kind=Kind.SUBPOENA,
        received_at=timezone.now(),
        agency="Federal Bureau of Investigation",
        agent_name="Dana Scully",
        agent_email="dscully@fbi.gov",
    )
    figures = []
    for size in (args.small, args.large):
        started = time.perf_counter()
        _fill(request, size)
        loaded = Event.objects.count()
        say(f"log filled to {loaded:,} events in {since(started):.1f} s")
        ms = _append_ms(request, args.appends)
        figures.append(ms)
        say(f"append with {loaded:,} events in the log: {ms:.3f} ms (median of {args.appends})")
    ratio = figures[1] / figures[0]
    say(
        f"cost per append at {args.large:,} / at {args.small:,} events: {ratio:.2f}x "
        f"(target: at most {TARGET_RATIO:.0f}x): {verdict(ratio <= TARGET_RATIO)}"
    )
    started = time.perf_counter()
    report = chain_verify()
    say(
        f"verify_audit over {report.count:,} events: "
        f"{'intact' if report.intact else report.problem} in {since(started):.1f} s"
    )
    return 0 if ratio <= TARGET_RATIO and report.intact else 1


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    return on_own_database(
        lambda: _run(args),
        db_name=args.db_name,
        force=args.force,
        keep=args.keep,
        why_postgres=" (the append lock is PostgreSQL's)",
    )


if __name__ == "__main__":
    sys.exit(main())
