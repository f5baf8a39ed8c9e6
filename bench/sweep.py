"""How fast the deadline sweep is: ``python -m bench.sweep`` prints the figures of issue 6.

(a) deadlines swept per second with 10,000 due, reminders mailed to the file backend in a
    temporary directory (target: 1,000/s);
(b) the cost of an idle sweep (nothing due) with 1,000,000 future deadlines in the table, median
    of 20 runs (target: under 20 ms), and the EXPLAIN ANALYZE plan of the sweep's claim query,
    which must use the partial index ``deadline_open_due_idx``.

It never touches the database DATABASE_URL names: on that PostgreSQL server it creates a fresh
database (``lerq_bench``), points Django at it before ``django.setup()``, migrates it, measures,
and drops it at the end (``--keep`` leaves it). An existing database of that name is left alone
unless ``--force`` is given. Nothing here changes the sweep: the figures are of the code as it is.
"""

import argparse
import contextlib
import cProfile
import io
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench._database import on_own_database, say, since, verdict

TARGET_PER_SECOND = 1_000
TARGET_IDLE_MS = 20.0
INDEX = "deadline_open_due_idx"
MARKER = "bench: due in bulk"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__.split("\n")[0])
    p.add_argument("--due", type=int, default=10_000, help="due deadlines to sweep (a)")
    p.add_argument("--future", type=int, default=1_000_000, help="future deadlines (b)")
    p.add_argument("--runs", type=int, default=20, help="idle sweeps to time (b)")
    p.add_argument("--requests", type=int, default=200, help="requests the deadlines belong to")
    p.add_argument("--batch", type=int, default=None, help="sweep batch (LERQ_SWEEP_BATCH)")
    p.add_argument("--db-name", default="lerq_bench", help="the database created and dropped")
    p.add_argument("--force", action="store_true", help="drop an existing --db-name first")
    p.add_argument("--keep", action="store_true", help="leave the database at the end")
    p.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also sweep N more due deadlines under cProfile and print where the time goes",
    )
    return p.parse_args(argv)


# --- data ------------------------------------------------------------------------------------
def _requests_make(count: int) -> list[int]:
    """Requests opened through the service (reference, Event, first timers), assigned to a
    person with an address so every reminder has a recipient."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from triage import services
    from triage.models import Kind, Request

    owner, _ = get_user_model().objects.get_or_create(
        username="bench-owner", defaults={"email": "bench-owner@legal.example"}
    )
    now = timezone.now()
    ids = []
    for i in range(count):
        r = services.request_open(
            by=None,
            kind=Kind.SUBPOENA,
            received_at=now - timedelta(hours=1),
            agency="Federal Bureau of Investigation",
            agent_name="Dana Scully",
            agent_email="dscully@fbi.gov",
            country="US",
            language="en",
            response_due_date=(now + timedelta(days=30)).date(),
            targets=[{"type": "user", "email": f"target{i}@example.com"}],
        )
        ids.append(r.pk)
    Request.objects.filter(pk__in=ids).update(assignee=owner)
    return ids


def _due_make(request_ids: list[int], count: int) -> list[int]:
    """``count`` reminders that fell due over the last day, spread over the requests."""
    from django.utils import timezone

    from triage.models import Deadline, DeadlineKind

    start = timezone.now() - timedelta(days=1)
    kinds = [DeadlineKind.HOLD_REMINDER, DeadlineKind.RESPONSE_REMINDER]
    rows = [
        Deadline(
            request_id=request_ids[i % len(request_ids)],
            kind=kinds[i % 2],
            due_at=start + timedelta(milliseconds=i),
            basis={"rule": MARKER, "days": 14},
        )
        for i in range(count)
    ]
    return [d.pk for d in Deadline.objects.bulk_create(rows, batch_size=2_000)]


def _future_make(request_ids: list[int], count: int) -> float:
    """``count`` open deadlines due from tomorrow on, one a minute, inserted by the server."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO triage_deadline (request_id, kind, due_at, done_at, outcome, basis,
                                         created_at)
            SELECT (%s::bigint[])[1 + g %% %s], 'hold_reminder',
                   now() + interval '1 day' + g * interval '1 minute', NULL, '',
                   '{"rule": "bench: future"}'::jsonb, now()
            FROM generate_series(1, %s) AS g
            """,
            [request_ids, len(request_ids), count],
        )
        cursor.execute("VACUUM ANALYZE triage_deadline")
    return time.perf_counter() - started


# --- measuring -------------------------------------------------------------------------------
@contextlib.contextmanager
def _timed_mail_sending(totals: dict[str, float]) -> Iterator[None]:
    """Count the time the sweep spends in ``mail_send_pending`` (delivering the outbox)."""
    from triage import notices

    original = notices.mail_send_pending

    def timed(**kwargs: Any) -> int:
        started = time.perf_counter()
        try:
            return original(**kwargs)
        finally:
            totals["mail"] = totals.get("mail", 0.0) + time.perf_counter() - started

    notices.mail_send_pending = timed
    try:
        yield
    finally:
        notices.mail_send_pending = original


def _claim_sql(sweep: Callable[[], Any]) -> tuple[str, int]:
    """The claim query as the sweep sends it (SELECT … FOR UPDATE SKIP LOCKED), captured
    during one sweep, and how many queries that sweep made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        sweep()
    claims = [
        q["sql"]
        for q in ctx.captured_queries
        if "SKIP LOCKED" in q["sql"] and '"triage_deadline"' in q["sql"]
    ]
    if not claims:
        raise SystemExit("no SELECT … FOR UPDATE SKIP LOCKED on triage_deadline was seen")
    return claims[0], len(ctx.captured_queries)


def _explain(claim: str) -> list[str]:
    """EXPLAIN ANALYZE the claim query in a transaction that is rolled back (it locks rows)."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + claim)
            plan = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return plan


def _mail_files(directory: Path) -> int:
    return sum(1 for _ in directory.glob("*.eml"))


def _check_swept(ids: list[int], mail_dir: Path) -> list[str]:
    """What the sweep must have done to the rows just swept; the failures, if any."""
    from django.db.models import Count

    from triage.models import Deadline, Event, EventKind, OutboundMail

    problems = []
    open_left = Deadline.objects.filter(pk__in=ids, done_at__isnull=True).count()
    if open_left:
        problems.append(f"{open_left} deadlines still open")
    events = Event.objects.filter(action=EventKind.REMINDED, data__deadline__in=ids)
    if events.count() != len(ids):
        problems.append(f"{events.count()} reminder events for {len(ids)} deadlines")
    twice = events.values("data__deadline").annotate(n=Count("pk")).filter(n__gt=1).count()
    if twice:
        problems.append(f"{twice} deadlines with more than one event")
    unsent = OutboundMail.objects.filter(sent_at__isnull=True).count()
    if unsent:
        problems.append(f"{unsent} mails left unsent")
    if _mail_files(mail_dir) != OutboundMail.objects.count():
        problems.append(f"{_mail_files(mail_dir)} mail files, {OutboundMail.objects.count()} mails")
    return problems


def _profile(request_ids: list[int], count: int, batch: int | None, top: int = 30) -> None:
    from triage.timers import deadline_sweep

    _due_make(request_ids, count)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    report = deadline_sweep(batch=batch)
    profiler.disable()
    elapsed = time.perf_counter() - started
    say(f"\n-- profile: {report.acted} deadlines in {elapsed:.2f} s under cProfile")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        say(f"\n   top {top} by {order}:")
        for line in lines[start : start + top + 1]:
            say("   " + line)


def _run(args: argparse.Namespace, mail_dir: Path) -> int:
    from django.core.management import call_command
    from django.db import connection

    from triage.audit import chain_verify
    from triage.models import Deadline
    from triage.timers import deadline_sweep

    def sweep() -> Any:
        return deadline_sweep(batch=args.batch)

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"database {connection.settings_dict['NAME']} migrated in {since(started):.1f} s")
    started = time.perf_counter()
    request_ids = _requests_make(args.requests)
    say(f"{len(request_ids)} requests opened through the service in {since(started):.1f} s")

    # A small sweep first: queries per deadline, and the claim query to explain below.
    probe = _due_make(request_ids, 200)
    claim, queries = _claim_sql(sweep)
    say(f"probe: {len(probe)} due deadlines swept with {queries} queries")
    say(f"       ({queries / len(probe):.1f} queries per deadline)")

    # (a) throughput
    say(f"\n== (a) sweeping {args.due:,} due deadlines (mail: file backend, {mail_dir})")
    started = time.perf_counter()
    due = _due_make(request_ids, args.due)
    say(f"{len(due):,} due deadlines bulk-created in {since(started):.1f} s")
    say(f"\nplan of the claim query with {len(due):,} due (first batch, rolled back):")
    for line in _explain(claim):
        say("   " + line)
    totals: dict[str, float] = {}
    with _timed_mail_sending(totals):
        started = time.perf_counter()
        report = sweep()
        elapsed = time.perf_counter() - started
    rate = report.done / elapsed if elapsed else 0.0
    mail = totals.get("mail", 0.0)
    say(f"\nswept {report.done:,} ({report.acted:,} acted, {len(report.failed)} failed)")
    say(f"   in {elapsed:.2f} s: {rate:,.0f} deadlines/s (target {TARGET_PER_SECOND:,}/s)")
    say(f"   of which claim + act + commit {elapsed - mail:.2f} s, outbox delivery {mail:.2f} s")
    say(f"   mail files written: {_mail_files(mail_dir):,}")
    problems = _check_swept(probe + due, mail_dir)
    started = time.perf_counter()
    chain = chain_verify()
    say(f"   audit chain: {'intact' if chain.intact else chain.problem}, {chain.count:,} events")
    say(f"   (verified in {since(started):.1f} s)")
    for problem in problems:
        say(f"   PROBLEM: {problem}")

    if args.profile:
        _profile(request_ids, args.profile, args.batch)

    # (b) idle sweep
    say(f"\n== (b) idle sweep with {args.future:,} future deadlines")
    say(f"inserted and analysed in {_future_make(request_ids, args.future):.1f} s")
    open_rows = Deadline.objects.filter(done_at__isnull=True).count()
    say(f"open deadlines in the table: {open_rows:,}, of {Deadline.objects.count():,} rows")
    claim, queries = _claim_sql(sweep)  # also warms the connection and caches
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        report = sweep()
        timings.append((time.perf_counter() - started) * 1000)
        if report.done:
            raise SystemExit(f"an idle sweep acted on {report.done} deadlines")
    median = statistics.median(timings)
    say(f"idle sweep ({queries} queries), {args.runs} runs:")
    say(f"   median {median:.2f} ms (min {min(timings):.2f}, max {max(timings):.2f})")
    say(f"   target under {TARGET_IDLE_MS:.0f} ms")
    plan = _explain(claim)
    say("\nplan of the claim query, idle:")
    for line in plan:
        say("   " + line)
    uses_index = any(INDEX in line for line in plan)
    say(f"\nclaim query uses {INDEX}: {'yes' if uses_index else 'NO'}")

    say("\n== summary")
    say(f"throughput: {rate:,.0f} deadlines/s ({verdict(rate >= TARGET_PER_SECOND)})")
    say(f"idle sweep: {median:.2f} ms median ({verdict(median < TARGET_IDLE_MS)})")
    say(f"index: {INDEX} {'used' if uses_index else 'NOT used'}")
    return 1 if problems or not chain.intact or not uses_index else 0


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    mail_dir = Path(tempfile.mkdtemp(prefix="lerq-bench-mail-"))
    try:
        return on_own_database(
            lambda: _run(args, mail_dir),
            db_name=args.db_name,
            force=args.force,
            keep=args.keep,
            why_postgres=" (the sweep's locks are PostgreSQL's)",
            environ={
                "EMAIL_BACKEND": "triage.mailbackend.MessageFileBackend",
                "EMAIL_FILE_PATH": str(mail_dir),
            },
        )
    finally:
        shutil.rmtree(mail_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
