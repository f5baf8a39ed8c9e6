"""``fetch_mail`` against a real IMAP server (Dovecot, started per test by the fixture)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from imapclient import IMAPClient

from intake import fetcher
from intake.models import InboundMessage, MailboxState
from intake.tasks import fetch_mail
from tests.intake.dovecot import dovecot  # noqa: F401  (the fixture)
from triage.models import Request

DATA = Path(__file__).resolve().parent.parent / "data" / "mail" / "ingest"
FOLDER = "LER"
DONE = "Done"
FIRST = ("fbi_subpoena_complete.eml", "gmail_sender.eml", "government_note.eml")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def imap(settings, dovecot):  # noqa: F811
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]
    settings.LERQ_IMAP_HOST = dovecot.host
    settings.LERQ_IMAP_PORT = dovecot.port
    settings.LERQ_IMAP_SECURITY = "none"
    settings.LERQ_IMAP_USER = dovecot.user
    settings.LERQ_IMAP_PASSWORD = dovecot.password
    settings.LERQ_IMAP_FOLDER = FOLDER
    settings.LERQ_IMAP_DONE_FOLDER = DONE
    client = IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10)
    client.login(dovecot.user, dovecot.password)
    client.create_folder(FOLDER)
    yield client
    client.logout()


def append(client: IMAPClient, *names: str, folder: str = FOLDER) -> None:
    for name in names:
        client.append(folder, (DATA / name).read_bytes())


def uids(client: IMAPClient, folder: str, *criteria: str) -> list[int]:
    client.select_folder(folder, readonly=True)
    found = client.search(list(criteria) or ["ALL"])
    client.unselect_folder()
    return found


def run() -> str:
    out = StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue().strip()


def test_every_message_is_ingested_once_and_moved(imap):
    append(imap, *FIRST)
    assert run() == ("fetched 3, created 1, attached 0, duplicate 0, held 1, refused 1, failed 0")
    assert InboundMessage.objects.count() == 3
    assert Request.objects.count() == 1
    sources = set(InboundMessage.objects.values_list("source", flat=True))
    assert sources == {f"imap:{FOLDER}:{uid}" for uid in (1, 2, 3)}
    assert uids(imap, FOLDER) == []
    assert len(uids(imap, DONE)) == 3
    assert MailboxState.objects.get(folder=FOLDER).last_uid == 3


def test_a_second_run_fetches_nothing_and_a_later_message_is_fetched(imap):
    append(imap, *FIRST)
    run()
    assert run().startswith("fetched 0, created 0")
    append(imap, "emergency.eml")
    assert run() == ("fetched 1, created 1, attached 0, duplicate 0, held 0, refused 0, failed 0")
    assert InboundMessage.objects.count() == 4
    assert Request.objects.filter(kind="emergency").count() == 1
    assert len(uids(imap, DONE)) == 4


def test_without_a_done_folder_messages_are_flagged_seen_and_left(imap, settings):
    settings.LERQ_IMAP_DONE_FOLDER = ""
    append(imap, *FIRST)
    assert run().startswith("fetched 3,")
    assert uids(imap, FOLDER, "SEEN") == [1, 2, 3]
    assert run().startswith("fetched 0,")
    assert InboundMessage.objects.count() == 3


def test_a_crash_between_ingest_and_move_is_finished_by_the_next_run(imap, monkeypatch):
    append(imap, "fbi_subpoena_complete.eml")
    real = fetcher._mark_done
    calls = []

    def broken_once(client, uid, done_folder):
        calls.append(uid)
        if len(calls) == 1:
            raise OSError("connection reset")
        real(client, uid, done_folder)

    monkeypatch.setattr(fetcher, "_mark_done", broken_once)
    with pytest.raises(OSError, match="connection reset"):
        fetcher.mailbox_fetch()
    assert Request.objects.count() == 1
    assert uids(imap, FOLDER) == [1]  # stored, not moved

    report = fetcher.mailbox_fetch()
    assert (report.fetched, report.done) == (0, 1)
    assert Request.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert uids(imap, FOLDER) == []
    assert len(uids(imap, DONE)) == 1


def test_a_crash_before_the_uid_is_recorded_redoes_one_message_as_a_no_op(imap, monkeypatch):
    append(imap, "fbi_subpoena_complete.eml", "emergency.eml")
    monkeypatch.setattr(fetcher, "_record", _raise_once(fetcher._record))
    with pytest.raises(OSError):
        fetcher.mailbox_fetch()
    report = fetcher.mailbox_fetch()
    assert report.fetched == 2
    assert report.outcomes["duplicate"] == 1
    assert Request.objects.count() == 2
    assert uids(imap, FOLDER) == []


def _raise_once(real):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("killed")
        return real(*args, **kwargs)

    return wrapper


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(imap, settings):
    settings.LERQ_IMAP_DONE_FOLDER = ""
    append(imap, *FIRST)
    run()
    before = MailboxState.objects.get(folder=FOLDER).uidvalidity
    imap.delete_folder(FOLDER)
    imap.create_folder(FOLDER)
    append(imap, *FIRST, "emergency.eml")
    assert run() == ("fetched 4, created 1, attached 0, duplicate 3, held 0, refused 0, failed 0")
    state = MailboxState.objects.get(folder=FOLDER)
    assert state.uidvalidity != before
    assert state.last_uid == 4
    assert InboundMessage.objects.count() == 4
    assert Request.objects.count() == 2


def test_a_message_too_large_is_left_in_the_mailbox_with_a_reason(imap, monkeypatch):
    append(imap, "gmail_sender.eml", "fbi_subpoena_complete.eml")
    imap.select_folder(FOLDER, readonly=True)
    sizes = imap.fetch([1, 2], ["RFC822.SIZE"])
    imap.unselect_folder()
    small, large = (sizes[uid][b"RFC822.SIZE"] for uid in (1, 2))
    monkeypatch.setattr(fetcher, "MAX_FETCH_BYTES", (small + large) // 2)
    assert run().endswith(", refused 1, failed 0, too large 1")
    state = MailboxState.objects.get(folder=FOLDER)
    assert [item["uid"] for item in state.skipped] == [2]
    assert "Not downloaded" in state.skipped[0]["reason"]
    assert uids(imap, FOLDER) == [2]
    assert InboundMessage.objects.count() == 1
    assert run().startswith("fetched 0,")
    assert uids(imap, FOLDER) == [2]


def test_the_task_does_nothing_when_fetching_is_off(settings):
    settings.LERQ_IMAP_HOST = ""
    assert fetch_mail() == 0


def test_the_task_fetches(imap):
    append(imap, "fbi_subpoena_complete.eml")
    assert fetch_mail() == 1


def test_plaintext_is_refused_for_a_remote_host(settings):
    settings.LERQ_IMAP_HOST = "imap.example.com"
    settings.LERQ_IMAP_SECURITY = "none"
    with pytest.raises(ImproperlyConfigured):
        fetcher.mailbox_fetch()
