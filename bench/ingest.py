"""How fast mail intake is: ``python -m bench.ingest`` prints the figures of issue 4.

(a) messages per second end to end (store, parse, verify the sender, route, extract, open or
    attach through the services, sender history) for N realistic messages on PostgreSQL: new
    requests from government senders (dmarc=pass recorded by our server, or a DKIM signature
    lerq verifies itself against a key served by a stand-in for DNS), some with a PDF letter
    attached; replies; duplicates (the same bytes, or the same Message-ID); refusals (a gmail
    sender, a failed DMARC, a forged Authentication-Results); government mail that is held.
    Target: at least 50 messages per second on 2 cores: the messages are routed as
    ``ingest_eml --jobs N`` routes them (intake/batch.py; ``--jobs``, one process per CPU by
    default; ``--jobs 1`` for one process).
(c) what one PDF letter costs to read (read_pdf), in wall time and in CPU counted in this
    process and in the processes that read it (the pool's workers, or one subprocess per PDF
    with ``LERQ_PDF_WORKERS=0``).
(b) parse-only throughput: ``parse_message`` against the standard library's bare
    ``email.message_from_bytes(raw, policy=email.policy.default)`` on the same messages, as a
    ratio.
(d) memory with large attachments: messages with a 24 MiB PDF ingested one after the other;
    the resident sizes (this process, the PDF workers) must stay flat; the peak is printed.

Like bench/sweep.py it never touches the database DATABASE_URL names: it creates a fresh one
(``lerq_bench_ingest``) on that server, migrates it, measures, and drops it (``--keep`` leaves
it; ``--force`` drops one left by an earlier run).
"""

import argparse
import base64
import collections
import cProfile
import email
import email.policy
import functools
import io
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._database import on_own_database, say, since, verdict

TARGET_PER_SECOND = 50
TRUSTED = "mx.lerq.example"
SELECTOR = b"bench"
DKIM_DOMAIN = "sheriff.dkim-county.gov"

SENDERS = [
    ("Special Agent Laura Benton", "laura.benton@fbi.gov", "Federal Bureau of Investigation"),
    ("Special Agent Tom Reyes", "tom.reyes@fbi.gov", "Federal Bureau of Investigation"),
    ("Agent Maria Ortiz", "maria.ortiz@dea.gov", "Drug Enforcement Administration"),
    ("Detective Sam Hale", "s.hale@nypd.nyc.gov", "New York City Police Department"),
    ("DC Priya Shah", "priya.shah@met.police.uk", "Metropolitan Police Service"),
    ("Inspector Ken Doyle", "ken.doyle@sheriff.dkim-county.gov", "Dkim County Sheriff"),
]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n")[0])
    p.add_argument("--messages", type=int, default=1_000, help="messages to ingest")
    p.add_argument("--pdf-share", type=float, default=0.5, help="new requests with a PDF")
    p.add_argument("--seed", type=int, default=4, help="the mix is random but repeatable")
    p.add_argument("--db-name", default="lerq_bench_ingest", help="the database made and dropped")
    p.add_argument("--force", action="store_true", help="drop an existing --db-name first")
    p.add_argument("--keep", action="store_true", help="leave the database at the end")
    p.add_argument("--large", type=int, default=6, help="messages with a 24 MiB PDF, for (d)")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="profile N more messages")
    p.add_argument("--jobs", type=int, default=0, help="processes for (a); 0: one per CPU")
    return p.parse_args(argv)


# --- the messages ------------------------------------------------------------------------------


def _rsa_key() -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def _letter(i: int, name: str, address: str, agency: str) -> str:
    return (
        f"{agency.upper()}\r\n601 4th Street NW, Washington, DC 20535\r\n\r\n"
        "GRAND JURY SUBPOENA\r\n\r\n"
        f"Requesting agency: {agency}\r\nRequesting officer: {name}\r\n"
        f"Badge number: {40000 + i}\r\nPhone: (202) 555-0143 ext. {2000 + i % 999}\r\n"
        f"Email: {address}\r\nAddress: 601 4th Street NW, Washington, DC 20535\r\n\r\n"
        "You are commanded to produce the subscriber information (name, email address,\r\n"
        "IP addresses used to log in) for the account with the email\r\n"
        f"target.{i}@example.com, in connection with a wire fraud investigation.\r\n\r\n"
        "Please respond by December 18, 2026.\r\n\r\n"
        f"/s/ {name}\r\n"
    )


def _headers(i: int, name: str, address: str, subject: str, extra: str = "") -> str:
    domain = address.rpartition("@")[2]
    results = "" if domain == DKIM_DOMAIN else f"{TRUSTED}; dmarc=pass header.from={domain}"
    return (
        (f"Authentication-Results: {results}\r\n" if results else "")
        + f"Received: from mail.{domain} by {TRUSTED} with ESMTPS id B{i};"
        f" Mon, 2 Nov 2026 14:{i % 60:02d}:00 +0000\r\n"
        f"From: {name} <{address}>\r\nTo: lawenforcement@lerq.example\r\n"
        f"Subject: {subject}\r\nDate: Mon, 02 Nov 2026 14:04:51 +0000\r\n"
        f"Message-ID: <bench-{i}@{domain}>\r\nMIME-Version: 1.0\r\n{extra}"
    )


def _new_request(i: int, rng: random.Random, pdf_share: float) -> bytes:
    name, address, agency = SENDERS[i % len(SENDERS)]
    letter = _letter(i, name, address, agency)
    subject = f"Grand jury subpoena - records request {i}"
    if rng.random() >= pdf_share:
        head = _headers(i, name, address, subject, 'Content-Type: text/plain; charset="utf-8"\r\n')
        return (head + "\r\n" + letter).encode()
    from tests.intake.extraction.pdfmake import text_pdf

    pdf = base64.encodebytes(text_pdf([letter.replace("\r\n", "\n")])).decode()
    boundary = f"==bench{i}=="
    head = _headers(
        i, name, address, subject, f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n'
    )
    body = (
        f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Please find our subpoena attached.\r\n{name}\r\n"
        f"--{boundary}\r\nContent-Type: application/pdf\r\n"
        f'Content-Disposition: attachment; filename="subpoena-{i}.pdf"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{pdf}--{boundary}--\r\n"
    )
    return (head + "\r\n" + body).encode()


def _reply(i: int, original: int) -> bytes:
    name, address, _ = SENDERS[original % len(SENDERS)]
    head = _headers(
        i,
        name,
        address,
        "Re: Grand jury subpoena",
        f"In-Reply-To: <bench-{original}@{address.rpartition('@')[2]}>\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n',
    )
    return (head + "\r\nHere are the details you asked for. Badge number: 30021.\r\n").encode()


def _refused(i: int) -> bytes:
    kind = i % 3
    if kind == 0:
        name, address = "FBI Special Agent", f"fbi.desk.{i}@gmail.com"
    else:
        name, address = "Special Agent Laura Benton", "laura.benton@fbi.gov"
    text = _headers(i, name, address, "Subpoena", 'Content-Type: text/plain; charset="utf-8"\r\n')
    if kind == 1:
        text = text.replace("dmarc=pass", "dmarc=fail")
    if kind == 2:
        text = text.replace(f"Authentication-Results: {TRUSTED}", "Authentication-Results: mx.x")
    return (text + "\r\n" + _letter(i, name, address, "FBI")).encode()


def _held(i: int) -> bytes:
    head = _headers(
        i,
        "Office Manager",
        "records.office@fbi.gov",
        "Our office moves next month",
        'Content-Type: text/plain; charset="utf-8"\r\n',
    )
    return (head + "\r\nOur records office moves to a new floor in December.\r\n").encode()


def _sign(raw: bytes, private_key: bytes) -> bytes:
    import dkim

    if b"@" + DKIM_DOMAIN.encode() + b">" not in raw.split(b"\r\n\r\n", 1)[0]:
        return raw
    signature = dkim.sign(
        raw,
        SELECTOR,
        DKIM_DOMAIN.encode(),
        private_key,
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    return signature + raw


def messages(count: int, pdf_share: float, seed: int, key: bytes) -> list[tuple[str, bytes]]:
    """``count`` (expected outcome, raw bytes) in arrival order."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable mix, not a secret
    out: list[tuple[str, bytes]] = []
    opened: list[int] = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.45 or not opened:
            raw = _sign(_new_request(i, rng, pdf_share), key)
            opened.append(i)
            out.append(("created", raw))
        elif roll < 0.65:
            out.append(("attached", _sign(_reply(i, rng.choice(opened)), key)))
        elif roll < 0.75:
            out.append(("duplicate", rng.choice(out)[1]))
        elif roll < 0.90:
            out.append(("refused", _refused(i)))
        else:
            out.append(("held", _held(i)))
    return out


# --- measuring -------------------------------------------------------------------------------


def _dns(public: bytes):
    name = SELECTOR + b"._domainkey." + DKIM_DOMAIN.encode() + b"."

    def dns_txt(query: bytes, timeout: int = 5) -> bytes | None:
        return public if query == name else None

    return dns_txt


def _parse_ratio(raws: list[bytes]) -> tuple[float, float]:
    from intake.parsing import parse_message

    started = time.perf_counter()
    for raw in raws:
        email.message_from_bytes(raw, policy=email.policy.default)
    bare = time.perf_counter() - started
    started = time.perf_counter()
    for raw in raws:
        parse_message(raw)
    ours = time.perf_counter() - started
    return len(raws) / bare, len(raws) / ours


def _run(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from intake import batch, routing, senders
    from intake.models import InboundMessage

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"database {connection.settings_dict['NAME']} migrated in {since(started):.1f} s")
    private, public = _rsa_key()
    mix = messages(args.messages, args.pdf_share, args.seed, private)
    kinds = collections.Counter(expected for expected, _ in mix)
    pdfs = sum(1 for _, raw in mix if b"application/pdf" in raw)
    size = sum(len(raw) for _, raw in mix) / len(mix)
    say(f"{len(mix)} messages ({dict(kinds)}; {pdfs} with a PDF), {size / 1024:.1f} KiB on average")

    # DNS is the edge of the world: the one DKIM key is served by a stand-in.
    routing.check_sender = functools.partial(senders.check_sender, dns_txt=_dns(public))
    outcomes: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    with override_settings(LERQ_TRUSTED_AUTHSERV_IDS=[TRUSTED]):
        jobs = args.jobs or batch.default_jobs()
        items = [(f"bench:{number}", raw) for number, (_, raw) in enumerate(mix)]
        started = time.perf_counter()
        found = batch.ingest_many(items, jobs=jobs)
        for number, ((expected, _), (_, result)) in enumerate(zip(mix, found, strict=True)):
            outcomes[str(result.outcome)] += 1
            if result.outcome != expected and len(wrong) < 5:
                wrong.append(f"message {number}: {expected} expected, got {result.outcome}")
        elapsed = time.perf_counter() - started
        rate = len(mix) / elapsed
        processes = f"{jobs} processes" if jobs > 1 else "one process"
        say(f"(a) end to end on {processes}: {rate:.1f} messages/s ({elapsed:.1f} s, {len(mix)})")
        say(f"    outcomes: {dict(outcomes)}; stored: {InboundMessage.objects.count()}")
        for line in wrong:
            say(f"    {line}")
        say(f"    target {TARGET_PER_SECOND}/s: {verdict(rate >= TARGET_PER_SECOND)}")

        raws = [raw for _, raw in mix]
        bare, ours = _parse_ratio(raws)
        say(
            f"(b) parse only: parse_message {ours:.0f} messages/s, bare email.message_from_bytes "
            f"{bare:.0f} messages/s: parse_message costs {bare / ours:.1f}x the bare parse"
        )
        wall, cpu, how = _pdf_cost()
        say(f"(c) one PDF letter ({how}): {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
        flat = _memory(routing, args.large)
        if args.profile:
            _profile(routing, messages(args.profile, args.pdf_share, args.seed + 1, private))
    return 0 if rate >= TARGET_PER_SECOND and flat else 1


def _status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM (the peak since the last reset) in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) // 1024
    return found


def _large_message(i: int) -> bytes:
    """A request whose signed letter is a 24 MiB PDF (a scanned exhibit), just under the
    25 MB an attachment may have by default."""
    from tests.intake.extraction.pdfmake import large_pdf

    name, address, agency = SENDERS[i % (len(SENDERS) - 1)]  # the last one signs with DKIM
    pdf = large_pdf([_letter(i, name, address, agency).replace("\r\n", "\n")], 24 * 2**20, i)
    boundary = f"==large{i}=="
    head = _headers(
        100_000 + i,
        name,
        address,
        f"Grand jury subpoena - exhibits {i}",
        f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n',
    )
    return (
        f"{head}\r\n--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Our subpoena and its exhibits are attached.\r\n--{boundary}\r\n"
        "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="subpoena-{i}.pdf"\r\n\r\n'
        f"{base64.encodebytes(pdf).decode()}--{boundary}--\r\n"
    ).encode()


def _memory(routing: Any, count: int) -> bool:
    """(d) Memory while ingesting ``count`` messages with a 24 MiB PDF each, one after the
    other: the process's resident size after each, its peak over what it held before (the
    message, its parsed tree, the body's lines while the parser splits them), and the PDF
    workers' size."""
    if count <= 0:
        return True
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i in range(count):  # written first: making them is not what is measured
            files.append(Path(folder) / f"large-{i}.eml")
            files[-1].write_bytes(_large_message(i))
        return _memory_of(routing, files)


def _memory_of(routing: Any, files: list[Path]) -> bool:
    from intake.extraction import pdf_pool

    count = len(files)
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from here
    before = _status()["VmRSS"]
    after, workers, seconds, size = [], [], [], 0
    for i, path in enumerate(files):
        raw = path.read_bytes()  # as ingest_eml reads a file
        size = len(raw)
        started = time.perf_counter()
        result = routing.ingest(raw, source=f"large:{i}")
        seconds.append(time.perf_counter() - started)
        del raw
        if result.outcome != "created":
            say(f"    large message {i}: {result.outcome} {result.reasons[-1:]}")
        after.append(_status()["VmRSS"])
        pool = pdf_pool.current()
        sizes = [_status(pid)["VmRSS"] for pid in (pool.pids() if pool else ())]
        workers.append(max(sizes, default=0))
    peak = _status()["VmHWM"] - before
    # Flat: once warm (the first messages, and each PDF worker's first PDF), neither this
    # process nor the PDF workers grow by what they have read.
    warm = min(3, count)
    flat = max(after[warm:], default=0) <= max(after[:warm]) + 16
    flat = flat and max(workers[warm:], default=0) <= max(workers[:warm]) + 16
    say(
        f"(d) {count} messages of {size / 2**20:.1f} MiB (a 24 MiB PDF each): "
        f"{sum(seconds) / count:.2f} s a message; resident MiB {before} before, after each "
        f"{after}; peak {peak} MiB over before ({peak / (size / 2**20):.1f}x the message); "
        f"PDF worker {workers} MiB"
    )
    say(f"    flat (no growth after the first {warm} messages): {verdict(flat)}")
    return flat


def _pdf_cost(count: int = 50) -> tuple[float, float, str]:
    from intake.extraction import pdf_pool
    from intake.extraction.pdf import read_pdf
    from tests.intake.extraction.pdfmake import text_pdf

    name, address, agency = SENDERS[0]
    data = text_pdf([_letter(0, name, address, agency).replace("\r\n", "\n")])
    read_pdf(data)  # the pool is started, as in a worker that has run a while

    def cpu() -> float:
        total = 0.0
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
            used = resource.getrusage(who)
            total += used.ru_utime + used.ru_stime
        pool = pdf_pool.current()
        for pid in pool.pids() if pool else ():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    pool = pdf_pool.current()
    how = f"a pool of {pdf_pool.SIZE} workers" if pool else "one subprocess per PDF"
    cpu_before, started = cpu(), time.perf_counter()
    for _ in range(count):
        read_pdf(data)
    return (time.perf_counter() - started) / count, (cpu() - cpu_before) / count, how


def _profile(routing: Any, mix: list[tuple[str, bytes]], top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for number, (_, raw) in enumerate(mix):
        routing.ingest(raw.replace(b"<bench-", b"<profile-"), source=f"profile:{number}")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    say(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    # The letters a new request queues go to an in-memory broker: they are bench.letters' work,
    # and left in the real broker they would reach a worker of another database.
    return on_own_database(
        lambda: _run(args),
        db_name=args.db_name,
        force=args.force,
        keep=args.keep,
        environ={"CELERY_BROKER_URL": "memory://"},
    )


if __name__ == "__main__":
    sys.exit(main())
