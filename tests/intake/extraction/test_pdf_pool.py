"""PDFs are read by a few long-lived workers: a worker that dies, hangs or has read its share
is replaced, costing only its own task; threads share them; a forked child starts its own; and
when none can start, one subprocess per PDF reads it as before."""

import dataclasses
import os
import signal
import threading
from pathlib import Path

import pytest

from intake.extraction import pdf, pdf_pool
from intake.extraction.pdf import CPU_SECONDS, MEMORY_BYTES, read_pdf
from tests.intake.extraction.pdfmake import (
    bomb_pdf,
    deep_pdf,
    large_pdf,
    many_pages_pdf,
    pades_signed,
    scanned_pdf,
    text_pdf,
)

LETTER = "SHERIFF'S OFFICE\nPreservation request for target@example.com\n/s/ Jane Roe"


@pytest.fixture
def pool():
    made = pdf_pool.Pool(2, MEMORY_BYTES, CPU_SECONDS, timeout=15)
    yield made
    made.close()


def _text(answer) -> str:
    (out, problem), _ = answer
    assert problem is None
    return "".join(out["pages"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return status != "Z"


def test_a_worker_reads_many_pdfs_without_starting_again(pool):
    for i in range(5):
        assert f"request {i}" in _text(pool.read(text_pdf([f"{LETTER}\nrequest {i}"])))
    assert len(pool.pids()) == 1


def test_a_worker_killed_mid_task_is_replaced_and_the_next_pdf_is_read(pool, monkeypatch):
    _text(pool.read(text_pdf([LETTER])))
    [first] = pool.pids()
    send = pdf_pool._Worker.send

    def send_then_die(worker, *args):
        # Stopped first, so it cannot answer before the kill lands (a small PDF is quick).
        os.kill(worker.proc.pid, signal.SIGSTOP)
        send(worker, *args)
        os.kill(worker.proc.pid, signal.SIGKILL)

    monkeypatch.setattr(pdf_pool._Worker, "send", send_then_die)
    (out, problem), signatures = pool.read(text_pdf([LETTER]))
    assert out is None and signatures is None
    assert problem == "cannot be read (killed)"
    assert pool.pids() == set()
    monkeypatch.undo()
    assert "request 2" in _text(pool.read(text_pdf([LETTER + "\nrequest 2"])))
    assert first not in pool.pids()
    assert not _alive(first)


def test_a_timeout_kills_only_that_tasks_worker(monkeypatch):
    pool = pdf_pool.Pool(2, MEMORY_BYTES, CPU_SECONDS, timeout=1)
    try:
        one, two = pool._take(), pool._take()
        pool._give_back(one, True)
        pool._give_back(two, True)
        send = pdf_pool._Worker.send

        def send_then_hang(worker, *args):
            send(worker, *args)
            os.kill(worker.proc.pid, signal.SIGSTOP)  # a parser in an endless loop, frozen

        monkeypatch.setattr(pdf_pool._Worker, "send", send_then_hang)
        (out, problem), _ = pool.read(text_pdf([LETTER]))
        monkeypatch.undo()
        assert out is None
        assert problem == pdf_pool.TIMEOUT
        [survivor] = pool.pids()
        hung = ({one.proc.pid, two.proc.pid} - {survivor}).pop()
        assert not _alive(hung)
        pool.timeout = 30  # one second was for the hang; a loaded machine may take longer to read
        assert "request 3" in _text(pool.read(text_pdf([LETTER + "\nrequest 3"])))
        assert survivor in pool.pids()
    finally:
        pool.close()


def test_a_worker_is_replaced_after_its_share_of_pdfs(pool, monkeypatch):
    monkeypatch.setattr(pdf_pool, "MAX_TASKS", 2)
    seen = []
    for _ in range(3):
        _text(pool.read(text_pdf([LETTER])))
        seen.append(pool.pids())
    [first] = seen[0]
    assert seen[1] == set()  # ended after its 2nd PDF
    [second] = seen[2]
    assert second != first
    assert not _alive(first)


def test_concurrent_reads_from_threads_each_get_their_own_pdf():
    results: dict[int, str] = {}

    def read(i: int) -> None:
        for j in range(3):
            got = read_pdf(text_pdf([f"{LETTER}\nmarker {i}-{j}"]), f"{i}.pdf")
            results[i * 10 + j] = got.text

    threads = [threading.Thread(target=read, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == sorted(i * 10 + j for i in range(8) for j in range(3))
    for key, text in results.items():
        assert f"marker {key // 10}-{key % 10}" in text
    assert 1 <= len(pdf_pool.current().pids()) <= pdf_pool.SIZE


def test_a_forked_child_starts_its_own_workers():
    read_pdf(text_pdf([LETTER]), "warm.pdf")
    parents = pdf_pool.current().pids()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        ok = False
        try:
            got = read_pdf(text_pdf([LETTER + "\nin the child"]), "child.pdf")
            ok = "in the child" in got.text and not pdf_pool.current().pids() & parents
            pdf_pool.shutdown()
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "parent again" in read_pdf(text_pdf([LETTER + "\nparent again"]), "p.pdf").text
    assert pdf_pool.current().pids() & parents


def test_when_no_worker_can_start_a_subprocess_per_pdf_reads_it(monkeypatch):
    monkeypatch.setattr(pdf_pool, "WORKER", "/nonexistent/pdf_worker.py")
    broken = pdf_pool.Pool(1, MEMORY_BYTES, CPU_SECONDS, timeout=15)
    with pytest.raises(pdf_pool.Unavailable):
        broken.read(text_pdf([LETTER]))
    monkeypatch.setattr(pdf_pool, "_pool", broken)
    got = read_pdf(text_pdf([LETTER + "\nby the fallback"]), "f.pdf")
    assert "by the fallback" in got.text


def _samples() -> list[tuple[str, bytes]]:
    corpus = sorted(Path(__file__).parents[2].joinpath("data", "extract").glob("*.pdf"))
    signed = pades_signed(text_pdf([LETTER]))
    return [(path.name, path.read_bytes()) for path in corpus] + [
        ("letter.pdf", text_pdf([LETTER] * 3)),
        ("scan.pdf", scanned_pdf(2)),
        ("signed.pdf", signed),
        ("altered.pdf", signed.replace(b"Jane Roe", b"John Roe")),
        ("fake-signed.pdf", text_pdf([LETTER], signed=True)),
        ("garbage.pdf", b"%PDF-1.4\nthis is not a pdf at all"),
        ("bomb.pdf", bomb_pdf(100)),
        ("long.pdf", many_pages_pdf(1_000)),
        ("deep.pdf", deep_pdf(10_000)),
    ]


def test_results_are_those_of_one_subprocess_per_pdf(monkeypatch):
    assert len(_samples()) >= 12
    pooled = [dataclasses.asdict(read_pdf(data, name)) for name, data in _samples()]

    def unavailable(data, ocr=True):
        raise pdf_pool.Unavailable("for the comparison")

    monkeypatch.setattr(pdf, "read_in_pool", unavailable)
    alone = [dataclasses.asdict(read_pdf(data, name)) for name, data in _samples()]
    for (name, _), ours, theirs in zip(_samples(), pooled, alone, strict=True):
        assert ours == theirs, name


def _rss_mib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")


def test_a_worker_does_not_keep_the_large_pdfs_it_has_read():
    # One worker, so every PDF goes through it: before the fix each 16 MB PDF stayed in it
    # (pypdf's reference cycles) until its memory limit made a PDF unreadable.
    made = pdf_pool.Pool(1, MEMORY_BYTES, CPU_SECONDS, timeout=30)
    try:
        sizes = []
        for i in range(8):
            data = large_pdf([f"{LETTER}\nrequest {i}"], 16 * 2**20, seed=i)
            assert f"request {i}" in _text(made.read(data))
            (pid,) = made.pids()
            sizes.append(_rss_mib(pid))
    finally:
        made.close()
    # The first reads warm it up; then the worker keeps its size (it grew 16 MB a PDF).
    assert sizes[-1] - sizes[3] < 16, sizes
