"""``watch_mail``: the IDLE watcher against a real Dovecot (started per test by the fixture)."""

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from imapclient import IMAPClient

from bench._dovecot import WITHOUT_IDLE, running_dovecot
from intake import fetcher
from intake import watcher as watcher_module
from intake.models import InboundMessage, MailboxState, Outcome
from intake.watcher import Watcher
from tests import tools
from tests.intake.dovecot import dovecot  # noqa: F401  (the fixture)
from tests.intake.held_emergency import child_in_danger_eml
from tests.intake.test_fetch_mail import DATA, DONE, FOLDER, uids
from tests.triage.sweep_support import REPO, process_env, processes, wait_until
from triage.models import Request

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 60  # seconds at most for what should take well under one


def _configure(settings, server) -> IMAPClient:
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    settings.LERQ_IMAP_HOST = server.host
    settings.LERQ_IMAP_PORT = server.port
    settings.LERQ_IMAP_SECURITY = "none"
    settings.LERQ_IMAP_USER = server.user
    settings.LERQ_IMAP_PASSWORD = server.password
    settings.LERQ_IMAP_FOLDER = FOLDER
    settings.LERQ_IMAP_DONE_FOLDER = DONE
    # Nothing but IDLE can bring a message in during a test, unless the test says otherwise.
    settings.LERQ_IMAP_IDLE_SECONDS = 600
    settings.LERQ_IMAP_POLL_SECONDS = 600
    settings.LERQ_IMAP_BACKOFF_MAX_SECONDS = 1
    client = IMAPClient(server.host, port=server.port, ssl=False, timeout=10)
    client.login(server.user, server.password)
    client.create_folder(FOLDER)
    return client


@pytest.fixture
def imap(settings, dovecot) -> Iterator[IMAPClient]:  # noqa: F811
    client = _configure(settings, dovecot)
    yield client
    client.logout()


@contextmanager
def watching() -> Iterator[Watcher]:
    watcher = Watcher(folder=FOLDER, done_folder=DONE)
    thread = threading.Thread(target=watcher.run, name="watcher", daemon=True)
    thread.start()
    try:
        yield watcher
    finally:
        watcher.stop.set()
        thread.join(timeout=WAIT)
        assert not thread.is_alive(), "the watcher did not stop"


def idling(watcher: Watcher) -> None:
    assert watcher.idling.wait(WAIT), "the watcher never started to wait for mail"


def emergency(number: int) -> bytes:
    return child_in_danger_eml(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), number=number)


def test_a_message_appended_while_idling_is_ingested_without_a_poll(imap):
    with watching() as watcher:
        idling(watcher)
        assert InboundMessage.objects.count() == 0
        imap.append(FOLDER, (DATA / "emergency.eml").read_bytes())
        wait_until(lambda: len(uids(imap, DONE)) == 1, timeout=WAIT, what="the message moved")
        assert watcher.connections == 1
    assert Request.objects.filter(kind="emergency").count() == 1
    assert MailboxState.objects.get(folder=FOLDER).last_uid == 1
    assert uids(imap, FOLDER) == []


def test_a_message_already_waiting_is_read_when_the_watcher_starts(imap):
    imap.append(FOLDER, (DATA / "fbi_subpoena_complete.eml").read_bytes())
    with watching() as watcher:
        idling(watcher)
        assert watcher.fetched == 1
    assert Request.objects.count() == 1
    assert uids(imap, FOLDER) == []


def test_watcher_and_poll_overlapping_read_each_message_once(imap, settings):
    settings.LERQ_IMAP_BATCH = 3  # small batches: the poll and the watcher take turns
    count = 24
    polled = 0
    with watching() as watcher:
        idling(watcher)
        for number in range(count):
            imap.append(FOLDER, emergency(number))
            if number % 4 == 0:
                polled += fetcher.mailbox_fetch().fetched
        wait_until(lambda: len(uids(imap, DONE)) == count, timeout=WAIT, what="all moved")
        fetched = watcher.fetched
    assert fetched + polled == count
    assert InboundMessage.objects.count() == count
    assert not InboundMessage.objects.filter(outcome=Outcome.DUPLICATE).exists()
    assert MailboxState.objects.get(folder=FOLDER).last_uid == count


def test_the_server_dropping_the_connection_is_survived(imap, dovecot):  # noqa: F811
    with watching() as watcher:
        idling(watcher)
        dovecot.kick()
        wait_until(lambda: watcher.connections == 2, timeout=WAIT, what="a new connection")
        idling(watcher)
        imap = IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10)
        imap.login(dovecot.user, dovecot.password)
        imap.append(FOLDER, (DATA / "emergency.eml").read_bytes())
        wait_until(lambda: len(uids(imap, DONE)) == 1, timeout=WAIT, what="the message moved")
        imap.logout()
    assert Request.objects.filter(kind="emergency").count() == 1


def test_idle_is_issued_again_before_the_servers_timeout(imap, settings):
    settings.LERQ_IMAP_IDLE_SECONDS = 1  # in production 25 minutes: RFC 2177 allows 29
    with watching() as watcher:
        wait_until(lambda: watcher.idles >= 3, timeout=WAIT, what="IDLE issued three times")
        imap.append(FOLDER, (DATA / "emergency.eml").read_bytes())
        wait_until(lambda: len(uids(imap, DONE)) == 1, timeout=WAIT, what="the message moved")
        assert watcher.connections == 1  # renewed on the same connection
    assert Request.objects.filter(kind="emergency").count() == 1


def test_a_server_that_cannot_be_reached_is_tried_again_backing_off(settings, monkeypatch):
    settings.LERQ_IMAP_HOST = "127.0.0.1"
    settings.LERQ_IMAP_PORT = _closed_port()
    settings.LERQ_IMAP_SECURITY = "none"
    settings.LERQ_IMAP_BACKOFF_MAX_SECONDS = 0.4
    monkeypatch.setattr(watcher_module, "BACKOFF_START", 0.05)
    with watching() as watcher:
        wait_until(lambda: len(watcher.waits) >= 5, timeout=WAIT, what="five attempts")
    assert watcher.waits[:5] == [0.05, 0.1, 0.2, 0.4, 0.4]
    assert watcher.connections == 0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_server_without_idle_is_polled(settings):
    tools.require(tools.IMAP)
    tools.require_root(tools.IMAP, "Dovecot is started as root from a temporary config")
    with running_dovecot(capability=WITHOUT_IDLE) as server:
        imap = _configure(settings, server)
        settings.LERQ_IMAP_POLL_SECONDS = 1
        with watching() as watcher:
            idling(watcher)
            imap.append(FOLDER, (DATA / "emergency.eml").read_bytes())
            wait_until(lambda: len(uids(imap, DONE)) == 1, timeout=WAIT, what="moved")
            assert watcher.mode == "poll"
        imap.logout()
    assert Request.objects.filter(kind="emergency").count() == 1


# The watcher in a process of its own, stopped for good after a message is stored and before
# its UID is recorded: the worst moment to die.
STOPS_MID_MESSAGE = """
import os, sys, time
import django
django.setup()
from intake import fetcher
def stored_then_stuck(state, uid):
    open(sys.argv[1], "w").write(str(uid))
    time.sleep(3600)
fetcher._record = stored_then_stuck
from django.core.management import call_command
call_command("watch_mail")
"""


def test_the_watcher_killed_with_9_mid_message_loses_and_doubles_nothing(
    imap,
    dovecot,  # noqa: F811
    tmp_path,
):
    imap.append(FOLDER, emergency(1))
    imap.append(FOLDER, emergency(2))
    env = process_env(application_name="watcher", mail_dir=tmp_path / "mail", var_dir=tmp_path)
    env.update(
        LERQ_MEDIA_ROOT=str(tmp_path / "media"),
        LERQ_TRUSTED_AUTHSERV_IDS="mx.lerq.example",
        LERQ_IMAP_HOST=dovecot.host,
        LERQ_IMAP_PORT=str(dovecot.port),
        LERQ_IMAP_SECURITY="none",
        LERQ_IMAP_USER=dovecot.user,
        LERQ_IMAP_PASSWORD=dovecot.password,
        LERQ_IMAP_FOLDER=FOLDER,
        LERQ_IMAP_DONE_FOLDER=DONE,
    )
    stopped = tmp_path / "stopped-at"
    with processes() as start:
        first = start(
            "watcher",
            [sys.executable, "-c", STOPS_MID_MESSAGE, str(stopped)],
            env,
            tmp_path / "watcher.log",
        )
        wait_until(stopped.exists, timeout=WAIT, what="the first message stored", procs=[first])
        first.kill()
        assert InboundMessage.objects.count() == 1
        assert MailboxState.objects.get(folder=FOLDER).last_uid == 0
        assert uids(imap, FOLDER) == [1, 2]

        second = start(
            "watcher again",
            [sys.executable, str(Path(REPO) / "manage.py"), "watch_mail"],
            env,
            tmp_path / "watcher-again.log",
        )
        wait_until(
            lambda: len(uids(imap, DONE)) == 2, timeout=WAIT, what="both moved", procs=[second]
        )
        second.stop()
    assert InboundMessage.objects.count() == 2
    assert InboundMessage.objects.exclude(outcome=Outcome.HELD).count() == 0
    assert MailboxState.objects.get(folder=FOLDER).last_uid == 2
    assert uids(imap, FOLDER) == []
