"""What the sweep's crash and concurrency tests share: many due deadlines made fast, processes
started against the test database, waiting with clear failures, and the check that every
deadline was acted on exactly once (Events, outbox rows, mail files, the audit chain)."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.parser import BytesHeaderParser
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from tests.factories import UserFactory, open_request
from triage.audit import chain_verify
from triage.models import Deadline, DeadlineKind, Event, EventKind, OutboundMail, Request

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv running pytest runs the workers too
# The figure. LERQ_SWEEP_TEST_DEADLINES makes a quicker local run possible.
DUE = int(os.environ.get("LERQ_SWEEP_TEST_DEADLINES", "10000"))
REQUESTS = 200
# A sweep that makes no progress for this long has hung; the whole wait is bounded too.
STALL_SECONDS = 60
SWEEP_SECONDS = 900


@dataclass(frozen=True)
class DueRows:
    first: int
    last: int
    count: int

    def rows(self):
        return Deadline.objects.filter(pk__gte=self.first, pk__lte=self.last)

    def done(self) -> int:
        return self.rows().filter(done_at__isnull=False).count()


def due_deadlines_make(count: int = DUE, requests: int = REQUESTS) -> DueRows:
    """``count`` reminders that fell due over the last day, on ``requests`` requests opened
    through the service and assigned to a person with an address (each reminder mails her)."""
    owner = UserFactory(username="sweep-owner")
    ids = [open_request().pk for _ in range(requests)]
    Request.objects.filter(pk__in=ids).update(assignee=owner)
    start = timezone.now() - timedelta(days=1)
    kinds = [DeadlineKind.HOLD_REMINDER, DeadlineKind.RESPONSE_REMINDER]
    rows = Deadline.objects.bulk_create(
        [
            Deadline(
                request_id=ids[i % len(ids)],
                kind=kinds[i % 2],
                due_at=start + timedelta(milliseconds=i),
                basis={"rule": "test: due in bulk", "days": 14},
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    due = DueRows(first=rows[0].pk, last=rows[-1].pk, count=count)
    # The requests' own timers (response due, reminders) are in the future: only ours are due.
    assert due.rows().count() == count
    assert Deadline.objects.filter(due_at__lte=timezone.now(), done_at=None).count() == count
    return due


# --- processes -------------------------------------------------------------------------------
def database_url(application_name: str) -> str:
    """The test database (pytest-django's ``test_<name>``), for a process of our own; the
    application name lets the test find that process's session in pg_stat_activity."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{s['NAME']}?application_name={application_name}"


def process_env(*, application_name: str, mail_dir: Path, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url(application_name),
        EMAIL_BACKEND="triage.mailbackend.MessageFileBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        LERQ_VAR_DIR=str(var_dir),
        # Given, not generated under var/: processes starting together would race to write it.
        DJANGO_SECRET_KEY="sweep-test-key-not-secret",
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- last lines of {self.name} ({self.log}):\n" + "\n".join(
            text.splitlines()[-lines:]
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    @property
    def running(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """``kill -9``: no warm shutdown, no ack, no rollback from the client side."""
        if self.running:
            os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, timeout: float = 30) -> None:
        if self.running:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def processes() -> Iterator[Callable[..., Proc]]:
    """Yields ``start(name, argv, env, log)``; every process started is killed on the way out,
    whatever happened."""
    started: list[Proc] = []

    def start(name: str, argv: list[str], env: dict[str, str], log: Path) -> Proc:
        with log.open("wb") as out:
            popen = subprocess.Popen(  # noqa: S603 - our own venv's programs, fixed arguments
                argv, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        proc = Proc(name, popen, log)
        started.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in started:
            if proc.running:
                os.kill(proc.popen.pid, signal.SIGKILL)
            proc.popen.wait(timeout=30)


def wait_until(
    condition: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    procs: list[Proc] = (),
    progress: Callable[[], object] | None = None,
    stall: float = STALL_SECONDS,
    interval: float = 0.05,
) -> float:
    """Poll until ``condition()``; fail saying what was awaited, with the processes' last log
    lines, when ``timeout`` passes, when ``progress()`` stops moving for ``stall`` seconds, or
    when a process that should be running has died. Returns the seconds waited."""
    started = last_move = time.monotonic()
    last = progress() if progress else None

    def fail(why: str) -> None:
        tails = "\n".join(p.tail() for p in procs)
        raise AssertionError(f"{why} while waiting for {what}\n{tails}")

    while not condition():
        now = time.monotonic()
        if now - started > timeout:
            fail(f"timed out after {timeout:.0f} s (progress: {last})")
        for proc in procs:
            if not proc.running:
                fail(f"{proc.name} exited with code {proc.popen.returncode}")
        if progress:
            current = progress()
            if current != last:
                last, last_move = current, now
            elif now - last_move > stall:
                fail(f"no progress for {stall:.0f} s (stuck at {last})")
        time.sleep(interval)
    return time.monotonic() - started


def sessions(application_name: str) -> list[dict]:
    """The PostgreSQL sessions of one of our processes: state, and whether a transaction is
    open (a sweep batch holds one from its claim to its commit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, xact_start IS NOT NULL, wait_event_type, wait_event "
            "FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        )
        return [
            {"pid": r[0], "state": r[1], "in_transaction": r[2], "waiting": r[3], "event": r[4]}
            for r in cursor.fetchall()
        ]


def locks_held(application_name: str) -> set[str]:
    """What one of our processes' sessions hold: table names, and "advisory" for the audit
    chain's append lock (taken at a batch's first Event, kept until its commit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.locktype, c.relname FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "LEFT JOIN pg_class c ON c.oid = l.relation "
            "WHERE a.application_name = %s AND l.granted",
            [application_name],
        )
        return {relname or locktype for locktype, relname in cursor.fetchall()}


def unsent_mail() -> int:
    return OutboundMail.objects.filter(sent_at__isnull=True).count()


# --- the checks ------------------------------------------------------------------------------
def _message_ids_in(mail_dir: Path) -> list[str]:
    parser = BytesHeaderParser()
    ids = []
    for path in mail_dir.glob("*.eml"):
        with path.open("rb") as f:
            ids.append(str(parser.parse(f)["Message-ID"]).strip())
    return ids


@dataclass
class Tally:
    events: int
    mails: int
    files: int
    stray_tmp: int
    chain_events: int


def assert_each_acted_on_once(due: DueRows, mail_dir: Path) -> Tally:
    """Every due deadline done and acted on, one Event each, one sent mail each, one file per
    Message-ID, the audit chain whole."""
    rows = due.rows()
    assert rows.filter(done_at__isnull=True).count() == 0, "deadlines left open"
    outcomes = dict(rows.values_list("outcome").annotate(n=Count("pk")))
    assert outcomes == {Deadline.Outcome.ACTED: due.count}, outcomes

    events = Event.objects.filter(action=EventKind.REMINDED)
    assert events.count() == due.count, f"{events.count()} reminder events, {due.count} due"
    twice = list(events.values("data__deadline").annotate(n=Count("pk")).filter(n__gt=1)[:10])
    assert twice == [], f"deadlines acted on more than once: {twice}"
    acted_on = set(events.values_list("data__deadline", flat=True))
    assert acted_on == set(rows.values_list("pk", flat=True))

    mails = OutboundMail.objects.all()
    assert mails.count() == due.count, f"{mails.count()} outbox mails for {due.count} deadlines"
    assert mails.filter(template="timer").count() == due.count
    assert unsent_mail() == 0, "mail left unsent in the outbox"
    message_ids = set(mails.values_list("message_id", flat=True))
    assert set(events.values_list("data__mail", flat=True)) == message_ids
    assert mails.filter(to=["sweep-owner@legal.example"]).count() == due.count

    on_disk = _message_ids_in(mail_dir)
    assert len(on_disk) == len(set(on_disk)) == due.count, (
        f"{len(on_disk)} mail files, {len(set(on_disk))} distinct Message-IDs, "
        f"{due.count} deadlines"
    )
    assert set(on_disk) == message_ids, "mail files do not match the outbox's Message-IDs"

    chain = chain_verify()
    assert chain.intact, chain.problem
    assert chain.count == Event.objects.count()
    seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1)), "gaps in the event sequence"
    return Tally(
        events=events.count(),
        mails=mails.count(),
        files=len(on_disk),
        stray_tmp=sum(1 for _ in mail_dir.glob("*.tmp")),
        chain_events=chain.count,
    )
