"""Two workers sweep the same 10,000 due deadlines at once, on PostgreSQL: no row is acted on
twice, none is missed, and the audit chain stays whole (issue 6, "Must be shown").

Each worker is an OS process of its own calling ``deadline_sweep``, the service the beat task
and ``manage.py sweep`` run; both load Django first and start at the same instant."""

import json
import sys
import time
from collections import Counter

import pytest
from django.db import connection

from tests.triage.sweep_support import (
    SWEEP_SECONDS,
    assert_each_acted_on_once,
    due_deadlines_make,
    locks_held,
    process_env,
    processes,
    sessions,
    wait_until,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the workers must see committed rows
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SKIP LOCKED needs PostgreSQL (CI runs it)"
    ),
]

# One worker: load Django, say so, wait for the start file, sweep, print the report as JSON.
SWEEPER = """
import json, os, sys, time
import django
django.setup()
from triage.timers import deadline_sweep
print("ready", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.005)
started = time.monotonic()
report = deadline_sweep()
print("REPORT " + json.dumps({
    "acted": report.acted, "skipped": report.skipped, "failed": report.failed,
    "mails_sent": report.mails_sent, "seconds": round(time.monotonic() - started, 2),
}), flush=True)
"""

NAMES = ("sweeper-a", "sweeper-b")


def _report(output: str) -> dict:
    lines = [line for line in output.splitlines() if line.startswith("REPORT ")]
    assert lines, f"the worker printed no report:\n{output[-2000:]}"
    return json.loads(lines[-1].removeprefix("REPORT "))


def test_two_workers_sweeping_the_same_rows_act_on_each_once(tmp_path):
    t0 = time.monotonic()
    due = due_deadlines_make()
    made = time.monotonic() - t0
    go = tmp_path / "go"
    seen: Counter[str] = Counter()

    def sample() -> None:
        """How the two overlapped: both holding a claimed batch at once, or one waiting for
        the other's lock (the audit chain's appends are serialised)."""
        held = [locks_held(name) for name in NAMES]
        seen["samples"] += 1
        seen["both holding claimed rows"] += all("triage_deadline" in h for h in held)
        for name in NAMES:
            seen["one waiting for a lock"] += any(s["waiting"] == "Lock" for s in sessions(name))

    with processes() as start:
        workers = [
            start(
                name,
                [sys.executable, "-c", SWEEPER, str(go)],
                process_env(application_name=name, mail_dir=tmp_path / "mail", var_dir=tmp_path),
                tmp_path / f"{name}.log",
            )
            for name in NAMES
        ]
        wait_until(
            lambda: all("ready" in w.output() for w in workers),
            timeout=120,
            what="both workers to load Django",
            procs=workers,
        )
        go.touch()
        started = time.monotonic()

        def both_finished() -> bool:
            sample()
            return not any(w.running for w in workers)

        wait_until(
            both_finished,
            timeout=SWEEP_SECONDS,
            what="both sweeps to end",
            progress=due.done,
            interval=0.1,
        )
        swept_in = time.monotonic() - started
        for w in workers:
            assert w.popen.returncode == 0, w.tail()

    reports = {w.name: _report(w.output()) for w in workers}
    for name, report in reports.items():
        print(f"\n{name}: {report}", end="")
    print(
        f"\noverlap, sampled {seen['samples']} times: both holding claimed rows "
        f"{seen['both holding claimed rows']}, one waiting for the other's lock "
        f"{seen['one waiting for a lock']}"
    )
    if any(r["acted"] == 0 for r in reports.values()):
        print("note: one worker did all the work this time (allowed, but nothing raced)")
    assert sum(r["acted"] for r in reports.values()) == due.count
    assert all(r["failed"] == [] and r["skipped"] == 0 for r in reports.values())
    assert sum(r["mails_sent"] for r in reports.values()) == due.count

    tally = assert_each_acted_on_once(due, tmp_path / "mail")
    print(
        f"{due.count} deadlines made in {made:.1f} s, swept by two workers in {swept_in:.1f} s; "
        f"{tally.events} reminder events, {tally.mails} mails, {tally.files} mail files; "
        f"audit chain intact over {tally.chain_events} events; "
        f"{time.monotonic() - t0:.1f} s in all"
    )
