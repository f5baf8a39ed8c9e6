"""How bench/web.py times a page: a signed-in test Client, median and 95th percentile, the
query count, and (``--explain``) the plans of a page's slowest queries and which indexes the
run used. Not a benchmark of its own (its name starts with an underscore)."""

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench._database import say


def client_signed_in(user: Any) -> Any:
    """A test Client with ``user``'s session, past the password and the TOTP step."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(get: Callable[[], Any], runs: int) -> tuple[float, float, float, int]:
    """Median and 95th percentile of the wall-clock time, 95th percentile of this process's
    CPU time (Python's share: the database's is in its own process), and the query count.
    ``get`` returns a response (refused unless 200 or 302) or any other value (not checked)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:  # warm up, and count the queries
        _check(get())
        queries = len(ctx.captured_queries)
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = get()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        _check(answer)
    return statistics.median(wall), p95(wall), p95(cpu), queries


def _check(answer: Any) -> None:
    status = getattr(answer, "status_code", 200)
    if status not in (200, 302):
        raise SystemExit(f"page answered {status}")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def load() -> str:
    """Other work on the machine slows every figure: say how much there was."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def explain_slowest(label: str, get: Callable[[], Any], *, top: int = 2) -> None:
    """EXPLAIN ANALYZE the ``top`` slowest SELECTs one load of a page runs (their SQL as the
    driver sent it, parameters in place)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        get()
    selects = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    slowest = sorted(selects, key=lambda q: float(q["time"]), reverse=True)[:top]
    say(f"\nplans of the {len(slowest)} slowest of {len(selects)} queries of {label!r}:")
    with connection.cursor() as cursor:
        for query in slowest:
            say(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            for (line,) in cursor.fetchall():
                say("   " + line)


def index_use(tables: tuple[str, ...] = ("triage_request", "triage_target")) -> None:
    """How often each index of ``tables`` was scanned in this database's life (the statistics
    survive a --reuse): an index never scanned only makes writes dearer."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, indexrelname, idx_scan, pg_relation_size(indexrelid) "
            "FROM pg_stat_user_indexes WHERE relname = ANY(%s) ORDER BY relname, indexrelname",
            [list(tables)],
        )
        rows = cursor.fetchall()
    say("\nindex scans in this database's life:")
    for table, index, scans, size in rows:
        say(f"   {table:<16} {index:<44} {scans:>9,} scans {size / 2**20:8.1f} MiB")
