"""The mailbox watcher: one IMAP connection held open with IDLE (RFC 2177), and each new message
ingested as it arrives, by the fetcher's own code (``fetcher.folder_fetch``) and so with its
guarantees: by UID, ``BODY.PEEK[]``, moved or flagged only after ingest and the UID recorded,
UIDVALIDITY, oversized messages left.

The loop: connect, catch up (a batch at a time until none is full), IDLE until the server says
something arrived or ``LERQ_IMAP_IDLE_SECONDS`` pass (re-issued before the server's 30-minute
timeout), fetch, IDLE again. A server without IDLE is polled every ``LERQ_IMAP_POLL_SECONDS``.
A dropped connection, a server down or a database away: the watcher connects again, waiting
1, 2, 4 … seconds, at most ``LERQ_IMAP_BACKOFF_MAX_SECONDS``.

Beat's ``fetch_mail`` keeps polling as the safety net; the two take the folder's lock in turn
(``fetcher.folder_lock``), so neither reads a message the other has read.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection
from imapclient import IMAPClient

from intake import fetcher
from intake.routing import CANNOT_RUN

logger = logging.getLogger(__name__)

BACKOFF_START = 1.0
# How long one wait for the server lasts, so that a stop request is seen within it.
CHECK_SECONDS = 1.0
# Untagged responses that say the folder changed (a new message: EXISTS, RECENT).
ARRIVALS = (b"EXISTS", b"RECENT")
FAILURES = (*fetcher.NETWORK_ERRORS, *CANNOT_RUN)


class ServerClosed(OSError):
    """The server said BYE: the connection is over."""


@dataclass
class Watcher:
    folder: str
    done_folder: str
    stop: threading.Event = field(default_factory=threading.Event)
    # Set each time the watcher enters IDLE (or starts a poll wait): tests and the bench wait on it.
    idling: threading.Event = field(default_factory=threading.Event)
    fetched: int = 0
    connections: int = 0
    idles: int = 0  # IDLE commands issued (one per arrival or renewal)
    waits: list[float] = field(default_factory=list)  # the pauses before connecting again
    mode: str = ""  # "idle", or "poll" when the server has no IDLE

    def run(self) -> None:
        """Until ``stop`` is set: connect, watch, and on any failure wait and connect again."""
        delay = BACKOFF_START
        while not self.stop.is_set():
            client = None
            try:
                client = fetcher.connect()
                _keepalive(client.socket())
                self.connections += 1
                delay = BACKOFF_START
                logger.info("watching IMAP folder %s", self.folder)
                self._watch(client)
            except FAILURES as error:
                logger.warning(
                    "IMAP watcher: %s: %s; connecting again in %.0f s",
                    type(error).__name__,
                    error,
                    delay,
                )
                connection.close()  # a broken database connection is opened again
            finally:
                self.idling.clear()
                if client is not None:
                    fetcher.close(client)
            self.waits.append(delay)
            if self.stop.wait(delay):
                break
            delay = min(delay * 2, float(settings.LERQ_IMAP_BACKOFF_MAX_SECONDS))
        connection.close()

    def _watch(self, client: IMAPClient) -> None:
        self._catch_up(client)
        self.mode = "idle" if client.has_capability("IDLE") else "poll"
        if self.mode == "poll":
            logger.info("the IMAP server has no IDLE: polling every %s s", self._poll_seconds)
            while not self.stop.is_set():
                self.idling.set()
                if self.stop.wait(self._poll_seconds):
                    return
                self.idling.clear()
                self._catch_up(client)
            return
        while not self.stop.is_set():
            if self._idle(client):
                self._catch_up(client)

    @property
    def _poll_seconds(self) -> float:
        return float(settings.LERQ_IMAP_POLL_SECONDS)

    def _idle(self, client: IMAPClient) -> bool:
        """One IDLE, ended by an arrival, by the renewal time, or by ``stop``. True when
        something arrived."""
        client.idle()
        self.idles += 1
        self.idling.set()
        ends = time.monotonic() + float(settings.LERQ_IMAP_IDLE_SECONDS)
        arrived = False
        try:
            while not arrived and not self.stop.is_set():
                left = ends - time.monotonic()
                if left <= 0:
                    break
                for response in client.idle_check(timeout=min(CHECK_SECONDS, left)):
                    if len(response) > 1 and response[1] in ARRIVALS:
                        arrived = True
                    elif response and response[0] == b"BYE":
                        raise ServerClosed(" ".join(map(_text, response[1:])) or "BYE")
        finally:
            self.idling.clear()
        client.idle_done()
        return arrived

    def _catch_up(self, client: IMAPClient) -> None:
        """Batches until the folder has nothing new (a backlog is read through at once)."""
        while True:
            close_old_connections()
            report = fetcher.folder_fetch(
                client=client, folder=self.folder, done_folder=self.done_folder
            )
            self.fetched += report.fetched
            if report.fetched or report.too_large:
                logger.info("IMAP folder %s: %s", self.folder, report.summary())
            if self.stop.is_set() or not (report.more or _arrived_meanwhile(client)):
                return


def _arrived_meanwhile(client: IMAPClient) -> bool:
    """A message that arrived while the fetch ran was announced (EXISTS) in the answer to one of
    its commands, and IDLE will not announce it again: imaplib keeps those answers since the
    fetch's SELECT, whose own EXISTS is the first."""
    return len(client._imap.untagged_responses.get("EXISTS", [])) > 1


def _keepalive(sock: socket.socket) -> None:
    """A connection cut without a word (a NAT's timeout, a host gone) is noticed within about
    two minutes by TCP keepalive, not at the next IDLE renewal."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for name, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 15), ("TCP_KEEPCNT", 4)):
        if hasattr(socket, name):  # Linux; elsewhere the system's defaults
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
