"""The file backend (the embedded default): one file per Message-ID, so a mail sent again after
a crash is still one file."""

from pathlib import Path

import pytest
from django.core.mail import EmailMessage, get_connection

from triage.models import OutboundMail
from triage.notices import mail_queue, mail_send_pending

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_dir(settings, tmp_path) -> Path:
    settings.EMAIL_BACKEND = "triage.mailbackend.MessageFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def queue(reference: str = "LER-2026-000042") -> OutboundMail:
    return mail_queue(
        template="timer",
        to=["lawyer@legal.example"],
        context={"title": "Hold ending soon", "reference": reference},
    )


def test_a_sent_mail_is_one_file_with_its_message_id_and_subject(mail_dir):
    mail = queue()

    assert mail_send_pending() == 1

    (written,) = mail_dir.iterdir()
    assert written.suffix == ".eml"
    text = written.read_bytes().decode()
    assert f"Message-ID: {mail.message_id}\r\n" in text
    assert "Subject: [LER-2026-000042] Hold ending soon\r\n" in text
    assert "To: lawyer@legal.example\r\n" in text


def test_a_mail_sent_again_after_a_crash_is_still_one_file(mail_dir):
    mail = queue()
    mail_send_pending()
    first = {p.name: p.read_bytes() for p in mail_dir.iterdir()}
    # The worker died after the send and before its commit: the row says unsent again.
    OutboundMail.objects.filter(pk=mail.pk).update(sent_at=None)

    assert mail_send_pending() == 1

    assert [p.name for p in mail_dir.iterdir()] == list(first)
    mail.refresh_from_db()
    assert mail.attempts == 2


def test_two_mails_are_two_files(mail_dir):
    queue("LER-2026-000042")
    queue("LER-2026-000043")

    mail_send_pending()

    files = sorted(mail_dir.iterdir())
    assert len(files) == 2
    assert all(p.suffix == ".eml" for p in files)


def test_the_same_message_twice_in_one_batch_is_one_file_and_no_temporary_file_stays(mail_dir):
    message = EmailMessage(
        subject="Hello",
        body="Body",
        to=["lawyer@legal.example"],
        headers={"Message-ID": "<same@lerq.example>"},
    )

    assert get_connection().send_messages([message, message]) == 2

    assert [p.suffix for p in mail_dir.iterdir()] == [".eml"]
