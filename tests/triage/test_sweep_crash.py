"""A Celery worker is killed (``kill -9``) in the middle of a sweep of 10,000 due deadlines and
a new one takes over: every deadline is acted on exactly once, counted in Events, outbox rows
and mail files. Real worker processes, real Redis, real PostgreSQL (issue 6, "Must be shown")."""

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app
from tests.triage.sweep_support import (
    BIN,
    SWEEP_SECONDS,
    Proc,
    assert_each_acted_on_once,
    due_deadlines_make,
    locks_held,
    process_env,
    processes,
    sessions,
    unsent_mail,
    wait_until,
)
from triage.models import Event, EventKind

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the workers must see committed rows
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SKIP LOCKED needs PostgreSQL (CI runs it)"
    ),
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis://"),
        reason="needs a real broker: set CELERY_BROKER_URL=redis://…",
    ),
]


@contextmanager
def _broker_cleaned(token: str) -> Iterator[None]:
    """Leave the broker as it was: the killed worker's task stays unacknowledged in Redis (it
    would come back after the visibility timeout, an hour); remove it, our queue and the
    workers' bindings, all named with ``token``."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        yield
    finally:
        marker = token.encode()
        for key in client.scan_iter(match=f"*{token}*"):
            client.delete(key)
        for tag, payload in client.hscan_iter("unacked"):
            if marker in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        for key in client.scan_iter(match="_kombu.binding.*"):
            if client.type(key) == b"set":
                stale = [m for m in client.smembers(key) if marker in m]
                if stale:
                    client.srem(key, *stale)
        client.close()


def _worker(start, name: str, queue: str, tmp: Path) -> Proc:
    env = process_env(application_name=name, mail_dir=tmp / "mail", var_dir=tmp / "var")
    # Tasks the sweep sends on (send_mail) go to this run's queue too.
    env["CELERY_TASK_DEFAULT_QUEUE"] = queue
    argv = [
        str(BIN / "celery"),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        f"--queues={queue}",
        f"--hostname={name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return start(name, argv, env, tmp / f"{name}.log")


def _inside_a_batch(name: str) -> bool:
    """Rows claimed (locks on triage_deadline) and Events written but not committed (the audit
    chain's advisory lock is held from a batch's first Event to its commit)."""
    return {"triage_deadline", "advisory"} <= locks_held(name)


def test_a_worker_killed_mid_sweep_is_replaced_and_every_deadline_is_acted_on_once(tmp_path):
    t0 = time.monotonic()
    due = due_deadlines_make()
    made = time.monotonic() - t0
    token = uuid.uuid4().hex[:12]
    queue, first_name, second_name = f"lerq-test-{token}", f"lerq-{token}-1", f"lerq-{token}-2"
    kill_after = max(due.count // 10, 1)

    # Workers are killed first (processes), then the broker is cleaned of what they left.
    with _broker_cleaned(token), processes() as start:
        first = _worker(start, first_name, queue, tmp_path)
        app.send_task("triage.sweep", queue=queue)

        def half_way() -> bool:
            done = due.done()
            assert done < due.count, (
                "the first worker swept every deadline before it could be killed: nothing was "
                "shown about a crash; sweep more deadlines"
            )
            return done >= kill_after and _inside_a_batch(first_name)

        waited = wait_until(
            half_way,
            timeout=SWEEP_SECONDS,
            what=f"the first worker to do {kill_after} deadlines and be half-way through a batch",
            procs=[first],
            progress=due.done,
        )
        first.kill()
        done_at_kill = due.done()
        assert done_at_kill < due.count, (
            "the first worker swept every deadline before it could be killed: nothing was "
            "shown about a crash; sweep more deadlines"
        )
        wait_until(
            lambda: not sessions(first_name),
            timeout=60,
            what="PostgreSQL to end the killed worker's session and free its locked batch",
        )
        done_after_kill, unsent_after_kill = due.done(), unsent_mail()
        # What the killed batch wrote went with it: an Event for each done deadline, no more.
        reminded = Event.objects.filter(action=EventKind.REMINDED).count()
        assert reminded == done_after_kill, (reminded, done_after_kill)
        print(
            f"\nfirst worker killed after {waited:.1f} s with {done_at_kill} of {due.count} "
            f"done, half-way through a batch (deadlines claimed, events written, not committed);"
            f" after the kill {done_after_kill} done (that batch rolled back), "
            f"{unsent_after_kill} mails committed but not sent"
        )

        second = _worker(start, second_name, queue, tmp_path)
        task_id = app.send_task("triage.sweep", queue=queue).id
        succeeded = f"triage.sweep[{task_id}] succeeded"
        taken = wait_until(
            lambda: due.done() == due.count and unsent_mail() == 0 and succeeded in second.output(),
            timeout=SWEEP_SECONDS,
            what="the second worker to finish the sweep and send every mail",
            procs=[second],
            progress=lambda: (due.done(), unsent_mail()),
        )
        second.stop()
        print(f"second worker finished the other {due.count - done_after_kill} in {taken:.1f} s")

    tally = assert_each_acted_on_once(due, tmp_path / "mail")
    print(
        f"{due.count} deadlines made in {made:.1f} s; {tally.events} reminder events, "
        f"{tally.mails} mails sent, {tally.files} mail files (distinct Message-IDs), "
        f"{tally.stray_tmp} stray temporary mail files; audit chain intact over "
        f"{tally.chain_events} events; {time.monotonic() - t0:.1f} s in all"
    )
