"""Many messages ingested side by side: ``ingest_many`` runs ``routing.ingest`` on several
processes (``ingest_eml --jobs``), so a batch uses every core of the machine.

Order matters where messages touch one another: a reply must find the request its original
opened, the second copy of a message must be the duplicate, a sender's history must count its
mail in order. So messages that share a sender address, a Message-ID in their thread
(Message-ID, In-Reply-To, References), a request reference in the subject, or their bytes are
routed by one process, one after the other, in the order given; only messages that share none
of these run at once. What the batch gives back is in the order given, whatever order the
processes finish in.

Each process is forked from this one and opens its own database connection; the parent only
reads the headers and hands out the messages (at most IN_FLIGHT to a process, so a batch of
large messages does not pile up in memory). A process that dies (killed, out of memory) costs
the message it was routing a ``failed`` line, saying so (its stored row is finished by
ingesting it again, store.STALE_CLAIM); the messages it had not begun go to another.
SQLite (the embedded default) takes one writer at a time: there, with ``jobs=1``, and inside
a transaction, messages are ingested here, one after the other.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from email.utils import parseaddr
from multiprocessing.process import BaseProcess
from typing import Any

from django.db import OperationalError, connection, connections

from intake.extraction import pdf_pool
from intake.models import Outcome
from intake.outcome import IngestResult
from intake.parsing import parse_headers
from intake.routing import CANNOT_RUN, ingest
from intake.threads import REFERENCE

# Messages handed to one process before it answers: enough to keep it busy, few enough that
# large messages do not pile up in memory (their bytes are kept here until answered, to hand
# them to another process if this one dies).
IN_FLIGHT = 8
IN_FLIGHT_BYTES = 64 * 1024 * 1024
# How often the parent looks for a process that died while it waits for answers.
POLL_SECONDS = 0.5
# Keys of messages long answered are dropped every this many messages.
PRUNE_EVERY = 1_000

REASON_UNREADABLE_FILE = "cannot read {label}: {error}"
REASON_WORKER_DIED = (
    "the intake process routing it ended (exit code {code}) before it answered; "
    "ingest the message again to finish it"
)


Item = tuple[str, bytes | Exception]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ingest_many(items: Iterable[Item], *, jobs: int = 1) -> Iterator[tuple[str, IngestResult]]:
    """(label, result) for each (label, raw bytes, or the error that kept them from being
    read), in the order given. Raises only routing.CANNOT_RUN: lerq itself cannot run."""
    # A caller's open transaction (a test's) is not seen by other connections, and forking
    # would close it: then too, one after the other.
    if jobs <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        for label, raw in items:
            yield label, ingest_one(label, raw)
        return
    with _Pool(jobs) as pool:
        yield from pool.run(items)


def ingest_one(label: str, raw: bytes | Exception) -> IngestResult:
    if isinstance(raw, Exception):
        reason = REASON_UNREADABLE_FILE.format(label=label, error=raw)
        return IngestResult(outcome=Outcome.FAILED, reasons=[reason])
    return ingest(raw, source=label)


def message_keys(raw: bytes) -> set[str]:
    """What ties a message to others that must be routed before or after it."""
    head = parse_headers(raw)
    keys = {"sha256:" + hashlib.sha256(raw).hexdigest()}
    address = parseaddr(head.from_header)[1].strip().lower() or head.from_header.strip().lower()
    if address:
        keys.add("from:" + address)
    ids = (head.message_id, *head.in_reply_to, *head.references)
    keys.update("id:" + i for i in ids if i)
    keys.update("ref:" + r for r in REFERENCE.findall(head.subject))
    return keys


# --- the processes ------------------------------------------------------------------------------


def _serve(inbox: Any, outbox: Any) -> None:
    """A forked process: ingest what arrives, answer each, until told to stop (None)."""
    try:
        while (item := inbox.get()) is not None:
            index, label, raw = item
            try:
                outbox.put((index, ingest_one(label, raw), None))
            except CANNOT_RUN as error:
                outbox.put((index, None, f"{type(error).__name__}: {error}"))
                return
    finally:
        connections.close_all()
        pdf_pool.shutdown()  # its PDF readers end with it (a forked process runs no atexit)


class _Worker:
    def __init__(self, context: Any, outbox: Any) -> None:
        self.inbox = context.Queue()
        self.proc: BaseProcess = context.Process(
            target=_serve, args=(self.inbox, outbox), daemon=True
        )
        self.proc.start()
        # (index, label, raw) handed out and not answered, in order: the first is the one
        # it is routing, the others it has not begun.
        self.waiting: deque[tuple[int, str, bytes]] = deque()
        self.sent = 0  # messages handed out so far
        self.answered = 0

    def has_room(self) -> bool:
        held = sum(len(raw) for _, _, raw in self.waiting)
        return not self.waiting or (len(self.waiting) < IN_FLIGHT and held < IN_FLIGHT_BYTES)


class _Pool:
    def __init__(self, jobs: int) -> None:
        self.context = multiprocessing.get_context("fork")
        # Forked processes must not share this process's connection: each opens its own.
        connections.close_all()
        self.outbox = self.context.Queue()
        self.workers = [_Worker(self.context, self.outbox) for _ in range(jobs)]
        # key -> (worker, its ``sent`` count after the message that holds the key): the key
        # binds that worker until it has answered that many.
        self.owner: dict[str, tuple[_Worker, int]] = {}
        self.done: dict[int, IngestResult] = {}

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            if worker.proc.is_alive():
                worker.inbox.put(None)
        for worker in self.workers:
            worker.proc.join(timeout=30)
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join()
            worker.inbox.close()
            worker.inbox.join_thread()
        self.outbox.close()

    def run(self, items: Iterable[Item]) -> Iterator[tuple[str, IngestResult]]:
        labels: dict[int, str] = {}
        ready = 0  # the next index to give back
        for index, (label, raw) in enumerate(items):
            labels[index] = label
            if isinstance(raw, Exception):
                self.done[index] = ingest_one(label, raw)
            else:
                self._send(index, label, raw)
            while ready in self.done:
                yield labels.pop(ready), self.done.pop(ready)
                ready += 1
            if index % PRUNE_EVERY == PRUNE_EVERY - 1:
                self._prune()
        while ready in labels:
            while ready not in self.done:
                self._collect()
            yield labels.pop(ready), self.done.pop(ready)
            ready += 1

    def _send(self, index: int, label: str, raw: bytes) -> None:
        keys = message_keys(raw)
        while True:
            # Routed after every earlier message it shares a key with: by the process that
            # holds them when one does, else once all but one process have answered theirs.
            busy = {worker for key in keys if (worker := self._bound(key)) is not None}
            if len(busy) <= 1:
                worker = busy.pop() if busy else min(self.workers, key=lambda w: len(w.waiting))
                if worker.has_room():
                    break
            self._collect()
        worker.inbox.put((index, label, raw))
        worker.waiting.append((index, label, raw))
        worker.sent += 1
        for key in keys:
            self.owner[key] = (worker, worker.sent)

    def _bound(self, key: str) -> _Worker | None:
        found = self.owner.get(key)
        if found is None:
            return None
        worker, upto = found
        return worker if worker.answered < upto and worker in self.workers else None

    def _prune(self) -> None:
        self.owner = {k: v for k, v in self.owner.items() if self._bound(k) is not None}

    def _collect(self) -> None:
        """Wait for one answer, or for a process that died."""
        while True:
            try:
                index, result, cannot_run = self.outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._replace_dead():
                    return
                continue
            if cannot_run is not None:
                raise OperationalError(cannot_run)
            worker = next((w for w in self.workers if w.waiting and w.waiting[0][0] == index), None)
            if worker is not None:
                worker.waiting.popleft()
                worker.answered += 1
                self.done[index] = result
            elif index in self.done:  # answered after all by a process found dead since
                self.done[index] = result
            return

    def _replace_dead(self) -> bool:
        """A new process takes a dead one's place; the message it was routing becomes a
        failed answer, the ones it had not begun are handed out again, in order. True when
        one was found."""
        found = False
        for position, worker in enumerate(self.workers):
            if worker.proc.is_alive():
                continue
            found = True
            worker.inbox.cancel_join_thread()
            self.workers[position] = _Worker(self.context, self.outbox)
            if not worker.waiting:
                continue
            index, _, _ = worker.waiting.popleft()
            reason = REASON_WORKER_DIED.format(code=worker.proc.exitcode)
            self.done[index] = IngestResult(outcome=Outcome.FAILED, reasons=[reason])
            while worker.waiting:
                self._send(*worker.waiting.popleft())
        return found
