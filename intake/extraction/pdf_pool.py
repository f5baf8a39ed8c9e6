"""A few long-lived PDF reader processes, so that a PDF no longer pays for starting Python and
importing pypdf and pyHanko (about 0.3 s of CPU each, most of intake's CPU).

The isolation of one process per PDF stays: each worker is a separate process (started with
`subprocess`, so it inherits no socket or database connection, and it never imports Django) under
a memory limit (RLIMIT_AS) and a CPU limit per step (RLIMIT_CPU raised before each step), and the
caller enforces a wall-clock timeout on every step. A worker that times out, crashes, runs out of
memory or has read MAX_TASKS PDFs is killed and replaced by a fresh one on the next call: a
hostile PDF costs one worker, never the caller. Threads share the pool (a condition variable
hands out idle workers); a process that forks (Celery prefork) forgets the parent's workers in
the child and starts its own; workers end at exit. When no worker can start, `read` raises
Unavailable and pdf.read_pdf falls back to one subprocess per PDF.
"""

import atexit
import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from intake.extraction.pdf_worker import NO_OCR, REPLY, REQUEST, WANT_SIGNATURES

WORKER = str(Path(__file__).with_name("pdf_worker.py"))
SIZE = max(0, int(os.environ.get("LERQ_PDF_WORKERS", "2")))  # 0: one subprocess per PDF
MAX_TASKS = 200  # a worker is replaced after this many PDFs, to bound what it may leak
START_SECONDS = 30  # importing pypdf and pyHanko on a loaded machine
RETRY_SECONDS = 60  # after a worker could not start, the fallback is used this long

TIMEOUT = "took too long to read (hostile PDF?)"


class Unavailable(Exception):
    """No worker could be started: read the PDF some other way."""


class _Gone(Exception):
    """The worker ended (killed by a limit, crashed) or did not answer in time."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class _Worker:
    def __init__(self, memory_bytes: int, cpu_seconds: int) -> None:
        self.proc = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [sys.executable, "-I", WORKER, "--serve", str(memory_bytes), str(cpu_seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        self.tasks = 0
        os.set_blocking(self.proc.stdin.fileno(), False)
        try:
            ready = self.answer(time.monotonic() + START_SECONDS)
        except _Gone as exc:
            self.kill()
            raise Unavailable(exc.problem) from None
        if not ready.get("ready"):
            self.kill()
            raise Unavailable("the PDF worker did not start")

    def send(self, flags: int, data: bytes, deadline: float) -> None:
        fd = self.proc.stdin.fileno()
        view = memoryview(REQUEST.pack(flags, len(data)) + data)
        poll = select.poll()
        poll.register(fd, select.POLLOUT)
        while view:
            left = deadline - time.monotonic()
            if left <= 0 or not poll.poll(left * 1000):
                raise _Gone(TIMEOUT)
            try:
                view = view[os.write(fd, view[: 1 << 16]) :]
            except BlockingIOError:
                continue
            except OSError:  # BrokenPipeError: it died
                raise _Gone(self._death()) from None

    def answer(self, deadline: float) -> dict:
        (length,) = REPLY.unpack(self._read(REPLY.size, deadline))
        return json.loads(self._read(length, deadline))

    def _read(self, count: int, deadline: float) -> bytes:
        fd = self.proc.stdout.fileno()
        poll = select.poll()
        poll.register(fd, select.POLLIN)
        chunks = []
        while count:
            left = deadline - time.monotonic()
            if left <= 0 or not poll.poll(left * 1000):
                raise _Gone(TIMEOUT)
            chunk = os.read(fd, min(count, 1 << 20))
            if not chunk:
                raise _Gone(self._death())
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def _death(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=1)
        return "cannot be read (killed)"

    def kill(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)

    def stop(self) -> None:
        """Politely: end of input, then a short wait, then a kill."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class Pool:
    def __init__(self, size: int, memory_bytes: int, cpu_seconds: int, timeout: float) -> None:
        self.size = size
        self.memory_bytes = memory_bytes
        self.cpu_seconds = cpu_seconds
        self.timeout = timeout
        self.idle: list[_Worker] = []
        self.workers: set[_Worker] = set()  # in use or idle
        self.running = 0  # workers in use or idle, and those starting
        self.broken_until = 0.0
        self.ready = threading.Condition()

    def read(
        self, data: bytes, ocr: bool = True
    ) -> tuple[tuple[dict | None, str | None], tuple | None]:
        """((text JSON, problem), (signatures JSON, problem) or None when the PDF carries no
        signature): what the worker's command line prints, in one round trip."""
        worker = self._take()
        healthy = False
        try:
            worker.tasks += 1
            deadline = time.monotonic() + self.timeout
            try:
                worker.send(WANT_SIGNATURES | (0 if ocr else NO_OCR), data, deadline)
                answer = worker.answer(deadline)
            except _Gone as exc:
                return (None, exc.problem), None
            healthy = not answer.get("end")
            if "error" in answer:
                return (None, f"cannot be read ({answer['error'][:200]})"), None
            text = (answer["ok"], None)
            if not answer.get("signatures"):
                return text, None
            healthy = False
            deadline = time.monotonic() + self.timeout
            try:
                answer = worker.answer(deadline)
            except _Gone as exc:
                return text, (None, exc.problem)
            healthy = not answer.get("end")
            if "error" in answer:
                return text, (None, f"cannot be read ({answer['error'][:200]})")
            return text, (answer["ok"], None)
        finally:
            self._give_back(worker, healthy)

    def _take(self) -> _Worker:
        with self.ready:
            while True:
                while self.idle:
                    worker = self.idle.pop()
                    if worker.proc.poll() is None:
                        return worker
                    self.running -= 1  # it died idle (the OOM killer?): not this PDF's fault
                    self.workers.discard(worker)
                    worker.kill()
                if self.running < self.size:
                    if time.monotonic() < self.broken_until:
                        raise Unavailable("the PDF workers could not start a moment ago")
                    self.running += 1
                    break
                self.ready.wait()
        try:
            worker = _Worker(self.memory_bytes, self.cpu_seconds)
        except (OSError, Unavailable) as exc:
            with self.ready:
                self.running -= 1
                self.broken_until = time.monotonic() + RETRY_SECONDS
                self.ready.notify()
            raise Unavailable(str(exc)) from None
        with self.ready:
            self.workers.add(worker)
        return worker

    def pids(self) -> set[int]:
        with self.ready:
            return {worker.proc.pid for worker in self.workers}

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        alive = healthy and worker.tasks < MAX_TASKS and worker.proc.poll() is None
        if not alive:
            worker.kill()
        with self.ready:
            if alive:
                self.idle.append(worker)
            else:
                self.running -= 1
                self.workers.discard(worker)
            self.ready.notify()

    def close(self) -> None:
        with self.ready:
            idle, self.idle = self.idle, []
            self.running -= len(idle)
            self.workers.difference_update(idle)
        for worker in idle:
            worker.stop()

    def forget(self) -> None:
        """In a forked child: the workers are the parent's; drop our copies of their pipes."""
        for worker in self.workers:
            for pipe in (worker.proc.stdin, worker.proc.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
            worker.proc.returncode = 0  # not ours to wait for
        self.idle = []
        self.workers = set()
        self.running = 0
        self.ready = threading.Condition()


_pool: Pool | None = None
_pool_lock = threading.Lock()


def read(data: bytes, *, memory_bytes: int, cpu_seconds: int, timeout: float, ocr: bool = True):
    """Pool.read on this process's pool, started on first use."""
    global _pool
    if SIZE == 0:
        raise Unavailable("LERQ_PDF_WORKERS=0")
    with _pool_lock:
        if _pool is None:
            _pool = Pool(SIZE, memory_bytes, cpu_seconds, timeout)
        pool = _pool
    return pool.read(data, ocr)


def current() -> Pool | None:
    return _pool


def shutdown() -> None:
    """End the idle workers (at exit; tests)."""
    with _pool_lock:
        pool = _pool
    if pool is not None:
        pool.close()


def _after_fork_in_child() -> None:
    global _pool, _pool_lock
    _pool_lock = threading.Lock()
    if _pool is not None:
        _pool.forget()
        _pool = None


atexit.register(shutdown)
os.register_at_fork(after_in_child=_after_fork_in_child)
