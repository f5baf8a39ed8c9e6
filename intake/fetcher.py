"""The mailbox fetcher: new IMAP messages by UID, each stored and routed by ``routing.ingest``.

The order makes it safe to kill at any point (STYLE.md rule 3): read the bytes with
``BODY.PEEK[]`` (which does not mark them \\Seen), ``ingest`` them (the bytes are committed
before anything reads them), record the UID in ``MailboxState`` with a conditional update, and
only then move the message to the done folder (or flag it \\Seen). A run killed before the
record redoes that one message, and ingest makes it a no-op; a run killed after the record and
before the move finds the message still in the folder at or below ``last_uid`` and moves it
without reading it again.
"""

from __future__ import annotations

import imaplib
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from imapclient import IMAPClient, create_default_context

from intake import routing
from intake.models import MailboxState, Outcome

logger = logging.getLogger(__name__)

# Larger messages are not downloaded: a person takes them from the mailbox.
MAX_FETCH_BYTES = 60 * 1024 * 1024
SECURITY_CHOICES = ("ssl", "starttls", "none")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# What a task retries: the network and the IMAP server (imapclient's errors subclass these).
NETWORK_ERRORS = (OSError, imaplib.IMAP4.error)

REASON_TOO_LARGE = "Not downloaded: {size} bytes, over the {limit} bytes the fetcher reads."
ERROR_SECURITY = "LERQ_IMAP_SECURITY must be one of ssl, starttls, none; got {value!r}."
ERROR_PLAINTEXT = "LERQ_IMAP_SECURITY=none is only allowed for 127.0.0.1 or localhost."


@dataclass
class FetchReport:
    fetched: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    too_large: list[int] = field(default_factory=list)
    done: int = 0
    more: bool = False  # the batch was full: more new messages wait in the folder

    def summary(self) -> str:
        counts = ", ".join(
            f"{outcome} {self.outcomes[outcome]}"
            for outcome in (
                Outcome.CREATED,
                Outcome.ATTACHED,
                Outcome.DUPLICATE,
                Outcome.HELD,
                Outcome.REFUSED,
                Outcome.FAILED,
            )
        )
        line = f"fetched {self.fetched}, {counts}"
        return line + (f", too large {len(self.too_large)}" if self.too_large else "")


def fetching_enabled() -> bool:
    return bool(settings.LERQ_IMAP_HOST)


def mailbox_fetch() -> FetchReport:
    """One run over the configured folder. Network and IMAP errors raise after logging out."""
    client = connect()
    try:
        return folder_fetch(
            client=client,
            folder=settings.LERQ_IMAP_FOLDER,
            done_folder=settings.LERQ_IMAP_DONE_FOLDER,
        )
    finally:
        close(client)


def connect() -> IMAPClient:
    """A logged-in session with the configured server (TLS as LERQ_IMAP_SECURITY says)."""
    host, security = settings.LERQ_IMAP_HOST, settings.LERQ_IMAP_SECURITY
    if security not in SECURITY_CHOICES:
        raise ImproperlyConfigured(ERROR_SECURITY.format(value=security))
    if security == "none" and host not in LOCAL_HOSTS:
        raise ImproperlyConfigured(ERROR_PLAINTEXT)
    context = create_default_context()  # verifies the certificate and the host name
    client = IMAPClient(
        host,
        port=settings.LERQ_IMAP_PORT,
        ssl=security == "ssl",
        ssl_context=context,
        timeout=settings.LERQ_IMAP_TIMEOUT,
    )
    try:
        if security == "starttls":
            client.starttls(context)
        if settings.LERQ_IMAP_OAUTH2_TOKEN:
            client.oauth2_login(settings.LERQ_IMAP_USER, settings.LERQ_IMAP_OAUTH2_TOKEN)
        else:
            client.login(settings.LERQ_IMAP_USER, settings.LERQ_IMAP_PASSWORD)
    except BaseException:
        close(client)
        raise
    return client


def close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already broken: the socket goes with it
        logger.debug("IMAP logout failed", exc_info=True)
        try:
            client.shutdown()
        except Exception:
            logger.debug("IMAP shutdown failed", exc_info=True)


def folder_fetch(*, client: IMAPClient, folder: str, done_folder: str) -> FetchReport:
    """One batch from ``folder`` over ``client``: the beat's poll and the IDLE watcher
    (intake/watcher.py) both come here, one at a time per folder (``folder_lock``), so the two
    overlapping read each UID once: the second finds the first's ``last_uid``."""
    with folder_lock(folder):
        return _fetch(client, folder, done_folder)


@contextmanager
def folder_lock(folder: str) -> Iterator[None]:
    """A PostgreSQL session advisory lock on the folder, held across the per-message
    transactions (ingest's are durable, so no row lock can span them). A process killed while
    holding it loses its connection, and the lock with it."""
    key = f"lerq.imap:{folder}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [key])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])
        except Exception:  # the connection is gone, and the lock with it
            logger.debug("advisory unlock failed", exc_info=True)


def _fetch(client: IMAPClient, folder: str, done_folder: str) -> FetchReport:
    if done_folder and not client.folder_exists(done_folder):
        client.create_folder(done_folder)
    selected = client.select_folder(folder)
    state = _state(folder, int(selected[b"UIDVALIDITY"]))
    report = FetchReport()
    # Finish what a killed run left: stored (UID recorded) but not yet moved or flagged.
    skipped = {item["uid"] for item in state.skipped}
    criteria: list[Any] = ["UID", f"1:{state.last_uid}"] if state.last_uid else []
    if criteria and not done_folder:
        criteria.append("UNSEEN")
    left = [u for u in client.search(criteria) if u <= state.last_uid] if criteria else []
    for uid in sorted(set(left) - skipped):
        _mark_done(client, uid, done_folder)
        report.done += 1

    # "n:*" always matches the highest UID, even when it is below n: filter here.
    new = sorted(u for u in client.search(["UID", f"{state.last_uid + 1}:*"]) if u > state.last_uid)
    report.more = len(new) > settings.LERQ_IMAP_BATCH
    new = new[: settings.LERQ_IMAP_BATCH]
    sizes = client.fetch(new, ["RFC822.SIZE"]) if new else {}
    for uid in new:
        size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
        if size > MAX_FETCH_BYTES:
            _skip(state, uid, size, report)
            continue
        raw = client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
        result = routing.ingest(raw, source=f"imap:{folder}:{uid}")
        report.fetched += 1
        report.outcomes[result.outcome] += 1
        _record(state, uid)
        _mark_done(client, uid, done_folder)
        report.done += 1
    return report


def _state(folder: str, uidvalidity: int) -> MailboxState:
    state, _ = MailboxState.objects.get_or_create(folder=folder)
    if state.uidvalidity != uidvalidity:
        if state.uidvalidity is not None:
            logger.warning(
                "IMAP folder %s: UIDVALIDITY %s became %s; reading it again from the start",
                folder,
                state.uidvalidity,
                uidvalidity,
            )
        MailboxState.objects.filter(pk=state.pk).update(
            uidvalidity=uidvalidity, last_uid=0, skipped=[]
        )
        state.refresh_from_db()
    return state


def _record(state: MailboxState, uid: int) -> None:
    """Idempotent by database state: only ever moves forward, only for this UIDVALIDITY."""
    MailboxState.objects.filter(
        pk=state.pk, uidvalidity=state.uidvalidity, last_uid__lt=uid
    ).update(last_uid=uid)
    state.last_uid = max(state.last_uid, uid)


def _skip(state: MailboxState, uid: int, size: int, report: FetchReport) -> None:
    reason = REASON_TOO_LARGE.format(size=size, limit=MAX_FETCH_BYTES)
    logger.warning("IMAP folder %s: UID %s left in the mailbox. %s", state.folder, uid, reason)
    if all(item["uid"] != uid for item in state.skipped):
        state.skipped = [*state.skipped, {"uid": uid, "size": size, "reason": reason}]
        MailboxState.objects.filter(pk=state.pk, uidvalidity=state.uidvalidity).update(
            skipped=state.skipped
        )
    _record(state, uid)
    report.too_large.append(uid)


def _mark_done(client: IMAPClient, uid: int, done_folder: str) -> None:
    if not done_folder:
        client.add_flags([uid], [b"\\Seen"], silent=True)
    elif client.has_capability("MOVE"):
        client.move([uid], done_folder)
    else:
        client.copy([uid], done_folder)
        client.delete_messages([uid], silent=True)
        if client.has_capability("UIDPLUS"):
            client.uid_expunge([uid])
        else:
            client.expunge()
