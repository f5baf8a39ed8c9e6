"""How soon mail reaching the mailbox is answered: ``python -m bench.mailbox`` (issue 22).

Starts a real Dovecot (bench/_dovecot.py, as the tests do) and a local SMTP sink (a small
server on asyncio: aiosmtpd is not in the venv), the IDLE watcher (intake/watcher.py) in a
thread, and a Celery worker (``--concurrency``, on a queue of its own on the Redis that
CELERY_BROKER_URL names, else on a filesystem broker of its own) that renders the letters and
sends the mail, then:

(a) APPENDs N emergencies and N ordinary requests, one every ``--interval`` seconds, and prints
    the median and p95 from APPEND to the acknowledgement leaving (reaching the sink) and, for
    emergencies, to the team's alert leaving. Target: emergency acknowledged p95 <= 10 s.
(b) the time to drain a backlog of ``--backlog`` messages appended while no watcher runs
    (reading, storing and routing them; the tasks they queue are not run in this phase).

Like the other benches it never touches the database DATABASE_URL names: it creates
``lerq_bench_mailbox`` on that server, migrates it and drops it (``--keep``, ``--force``).
"""

import argparse
import asyncio
import email
import email.policy
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench._database import on_own_database, say, since, verdict
from bench._dovecot import missing, running_dovecot

TARGET_P95 = 10.0
DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "mail" / "ingest"
FOLDER, DONE = "LER", "Done"
TEAM = "legal-team@bench.example"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.mailbox", description=__doc__.split("\n")[0])
    p.add_argument("--messages", type=int, default=50, help="emergencies, and as many ordinary")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between APPENDs")
    p.add_argument("--concurrency", type=int, default=2, help="the worker's processes")
    p.add_argument("--backlog", type=int, default=1_000, help="messages drained in (b)")
    p.add_argument("--db-name", default="lerq_bench_mailbox", help="the database made and dropped")
    p.add_argument("--force", action="store_true", help="drop an existing --db-name first")
    p.add_argument("--keep", action="store_true", help="leave the database at the end")
    return p.parse_args(argv)


# --- the SMTP sink ----------------------------------------------------------------------------


class Sink:
    """Accepts any mail on 127.0.0.1 and records when each arrived, with its headers."""

    def __init__(self) -> None:
        self.received: list[tuple[float, email.message.Message]] = []
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        reply("220 sink ESMTP")
        while line := await reader.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                reply("250 sink")
            elif verb == "DATA":
                reply("354 go on")
                data = bytearray()
                while (chunk := await reader.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.received.append((time.time(), email.message_from_bytes(bytes(data))))
                reply("250 stored")
            elif verb == "QUIT":
                reply("221 bye")
                await writer.drain()
                break
            else:
                reply("250 ok")
            await writer.drain()
        writer.close()


# --- the messages -----------------------------------------------------------------------------


def _variant(name: str, key: str) -> bytes:
    raw = (DATA / name).read_bytes()
    lines = raw.split(b"\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(b"message-id:"):
            lines[i] = f"Message-ID: <{key}@fbi.gov>".encode()
    return b"\n".join(lines)


def _figures(label: str, seconds: list[float]) -> float:
    if not seconds:
        say(f"  {label}: none arrived")
        return float("inf")
    ordered = sorted(seconds)
    p95 = ordered[max(int(len(ordered) * 0.95 + 0.5) - 1, 0)]
    say(
        f"  {label}: median {statistics.median(ordered):.2f} s, p95 {p95:.2f} s "
        f"({len(ordered)} mails)"
    )
    return p95


# --- the run ----------------------------------------------------------------------------------


def _worker(args: argparse.Namespace, log: Path) -> subprocess.Popen:
    """A Celery worker on the bench's database and queue; returns once it is ready."""
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO"]
    command += [f"--concurrency={args.concurrency}", "--without-heartbeat", "--without-gossip"]
    with log.open("wb") as out:
        worker = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the Celery worker did not start; see {log}")
        time.sleep(0.2)
    return worker


def _run(args: argparse.Namespace, server, sink: Sink, folder: Path) -> int:
    from django.core.management import call_command
    from imapclient import IMAPClient

    from config.celery import app
    from intake.models import InboundMessage
    from intake.watcher import Watcher
    from triage.models import Request

    call_command("migrate", verbosity=0)
    call_command("signing_cert_create", "--if-missing")
    app.control.purge()  # the bench's own queue: anything an earlier run left
    worker = _worker(args, folder / "worker.log")

    imap = IMAPClient(server.host, port=server.port, ssl=False, timeout=30)
    imap.login(server.user, server.password)
    imap.create_folder(FOLDER)

    say(
        f"(a) {args.messages} emergencies and {args.messages} ordinary, one every {args.interval} s"
    )
    watcher = Watcher(folder=FOLDER, done_folder=DONE)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    watcher.idling.wait(30)
    appended: dict[str, tuple[float, bool]] = {}
    for n in range(args.messages * 2):
        emergency = n % 2 == 0
        key = f"bench-{'edr' if emergency else 'subpoena'}-{n}"
        raw = _variant("emergency.eml" if emergency else "fbi_subpoena_complete.eml", key)
        appended[f"<{key}@fbi.gov>"] = (time.time(), emergency)
        imap.append(FOLDER, raw)
        time.sleep(args.interval)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(sink.received) < args.messages * 3:
        time.sleep(0.2)
    watcher.stop.set()
    thread.join(60)
    worker.terminate()
    worker.wait(60)

    sources = dict(Request.objects.values_list("reference", "source_message_id"))
    ack = {True: [], False: []}
    alert: list[float] = []
    for at, mail in sink.received:
        subject = str(mail.get("Subject", ""))
        if "EMERGENCY received" in subject:
            reference = subject[1:].split("]")[0]
            started, _ = appended.get(sources.get(reference, ""), (None, None))
            if started is not None:
                alert.append(at - started)
            continue
        for mid in str(mail.get("References", "")).split():
            if mid in appended:
                started, emergency = appended[mid]
                ack[emergency].append(at - started)
                break
    p95 = _figures("emergency: APPEND -> acknowledgement left", ack[True])
    _figures("emergency: APPEND -> team alert left", alert)
    _figures("ordinary:  APPEND -> acknowledgement left", ack[False])
    say(f"  emergency acknowledged p95 <= {TARGET_P95:.0f} s: {verdict(p95 <= TARGET_P95)}")

    say(f"(b) a backlog of {args.backlog} messages")
    # The worker is stopped: the tasks wait in the queue (purged after), so this is reading,
    # storing and routing alone.
    before = InboundMessage.objects.count()
    for n in range(args.backlog):
        imap.append(FOLDER, _variant("fbi_subpoena_complete.eml", f"bench-backlog-{n}"))
    started = time.perf_counter()
    watcher = Watcher(folder=FOLDER, done_folder=DONE)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    while InboundMessage.objects.count() - before < args.backlog and thread.is_alive():
        time.sleep(0.2)
    drained = since(started)
    watcher.stop.set()
    thread.join(60)
    rate = args.backlog / max(drained, 1e-9)
    say(f"  drained in {drained:.1f} s ({rate:.0f} messages per second)")
    app.control.purge()
    imap.logout()
    return 0 if p95 <= TARGET_P95 else 1


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    why = missing()
    if why:
        say(why)
        return 2
    sink = Sink()
    sink.start()
    folder = tempfile.TemporaryDirectory(prefix="lerq-bench-mailbox-")
    with running_dovecot() as server, folder:
        files = Path(folder.name)
        environ = {
            "CELERY_TASK_DEFAULT_QUEUE": "lerq-bench-mailbox",
            "LERQ_TRUSTED_AUTHSERV_IDS": "mx.lerq.example",
            "LERQ_TEAM_EMAIL": TEAM,
            "LERQ_SIGNING_KEY": str(files / "key.pem"),
            "LERQ_SIGNING_CERT": str(files / "cert.pem"),
            "LERQ_MEDIA_ROOT": str(files / "media"),
            "LERQ_IMAP_HOST": server.host,
            "LERQ_IMAP_PORT": str(server.port),
            "LERQ_IMAP_SECURITY": "none",
            "LERQ_IMAP_USER": server.user,
            "LERQ_IMAP_PASSWORD": server.password,
            "LERQ_IMAP_FOLDER": FOLDER,
            "LERQ_IMAP_DONE_FOLDER": DONE,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "DJANGO_SECRET_KEY": "bench-mailbox-not-secret",
        }
        if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
            # No Redis named: the filesystem broker, in the bench's own folder.
            environ.update(CELERY_BROKER_URL="filesystem://", LERQ_VAR_DIR=str(files / "var"))
        return on_own_database(
            lambda: _run(args, server, sink, files),
            db_name=args.db_name,
            force=args.force,
            keep=args.keep,
            environ=environ,
        )


if __name__ == "__main__":
    sys.exit(main())
