"""A worker delivers a letter: rendered with the request's data, signed, stored with its hash,
on the record, emailed with the PDF attached and threaded. Once, however often it runs."""

import hashlib
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signature_status,
    signing_pair,
)
from triage import rules, services
from triage.models import Event, Letter, LetterStatus, OutboundMail
from triage.notices import threading_headers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

SOURCE = "<subpoena-4471@fbi.gov>"


def _deliver(letter: Letter) -> Letter:
    services.letter_deliver(letter_id=letter.pk)
    return Letter.objects.get(pk=letter.pk)


def _send_and_deliver(letter: Letter, by) -> Letter:
    """A person sends the draft (issue 16), then the worker delivers it."""
    services.letter_send(letter=letter, by=by)
    return _deliver(letter)


def test_an_acknowledgement_is_rendered_signed_stored_recorded_and_sent(settings):
    r = open_request(source_message_id=SOURCE, case_number="FBI-2026-77")
    letter = Letter.objects.get(request=r)

    letter = _deliver(letter)

    assert letter.status == LetterStatus.SENT
    assert letter.file.name == f"letters/{r.reference}/acknowledgement-001.pdf"
    pdf = default_storage.open(letter.file.name).read()
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest() and letter.size == len(pdf)
    text = pdf_text(pdf)
    for expected in (r.reference, "FBI-2026-77", "Dana Scully", "target@example.com"):
        assert expected in text
    status = signature_status(pdf, settings.LERQ_SIGNING_CERT)
    assert status.intact and status.bottom_line
    rendered = Event.objects.get(request=r, action="letter_rendered")
    assert rendered.data["sha256"] == letter.sha256
    assert Event.objects.filter(request=r, action="letter_sent").count() == 1

    [sent] = mail.outbox
    assert sent.to == ["dscully@fbi.gov"]
    assert sent.subject == f"[{r.reference}] Acknowledgement"
    message = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    assert message["Message-ID"] == letter.message_id  # on one line: not folded
    assert message["In-Reply-To"] == SOURCE
    assert message["References"] == SOURCE
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"{r.reference}-acknowledgement-1.pdf"
    assert attachment.get_content() == pdf
    assert letter.sent_at == letter.mail.sent_at


def test_a_later_letter_is_threaded_under_the_request_and_the_letters_before_it(reviewer):
    r = request_in("in_review", source_message_id=SOURCE)
    ack = _deliver(Letter.objects.get(request=r))
    services.request_reject(request=r, by=reviewer, reasons=["overbroad"])

    rejection = _send_and_deliver(Letter.objects.get(request=r, kind="rejection"), reviewer)

    message = mail.outbox[-1].message()
    assert message["In-Reply-To"] == SOURCE
    assert message["References"] == f"{SOURCE} {ack.message_id}"
    assert "vague or overbroad" in pdf_text(default_storage.open(rejection.file.name).read())


def test_a_deficiency_notice_lists_every_missing_item(clerk):
    r = open_request()
    services.request_ask_info(request=r, by=clerk, missing=["badge", "address", "signature"])

    letter = _send_and_deliver(Letter.objects.get(request=r, kind="deficiency"), clerk)

    text = pdf_text(default_storage.open(letter.file.name).read())
    for name in ("badge", "address", "signature"):
        assert " ".join(rules.SENTENCES[name].split()) in text


def test_a_preservation_confirmation_gives_the_hold_dates_in_the_team_zone(reviewer):
    r = request_in("validated", "preservation")
    hold = services.hold_place(request=r, by=reviewer)

    letter = _send_and_deliver(Letter.objects.get(request=r, kind="preservation"), reviewer)

    text = pdf_text(default_storage.open(letter.file.name).read())
    for moment in (hold.placed_at, hold.ends_at):
        day = timezone.localtime(moment).date()
        assert f"{day.day} {day:%B %Y}" in text


def test_running_the_task_twice_renders_once_and_sends_once():
    letter = Letter.objects.get(request=open_request())

    first = _deliver(letter)
    second = _deliver(letter)

    assert first.sha256 == second.sha256 and second.status == LetterStatus.SENT
    assert len(mail.outbox) == 1
    assert OutboundMail.objects.filter(message_id=letter.message_id).count() == 1
    actions = list(Event.objects.filter(action__startswith="letter_").values_list("action"))
    assert actions == [("letter_rendered",), ("letter_sent",)]


def test_a_crash_after_rendering_is_finished_by_the_next_run(monkeypatch):
    letter = Letter.objects.get(request=open_request())
    monkeypatch.setattr("triage.notices.mail_send_pending", _crash)
    with pytest.raises(ConnectionError):
        services.letter_deliver(letter_id=letter.pk)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.RENDERED
    assert mail.outbox == []
    monkeypatch.undo()

    # The beat job picks up rendered letters whose mail has not been marked.
    assert services.letter_deliver_due() == 1

    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.SENT
    assert len(mail.outbox) == 1
    assert Event.objects.filter(action="letter_rendered").count() == 1


def _crash(*args, **kwargs):
    raise ConnectionError("worker killed")


def test_a_stale_file_left_by_a_crashed_run_is_replaced_not_suffixed():
    letter = Letter.objects.get(request=open_request())
    default_storage.save(letter.storage_name(), __import__("io").BytesIO(b"half a pdf"))

    letter = _deliver(letter)

    assert letter.file.name == letter.storage_name()
    assert default_storage.open(letter.file.name).read().startswith(b"%PDF")


def test_a_failure_is_recorded_and_retried_with_backoff(settings, tmp_path):
    letter = Letter.objects.get(request=open_request())
    good_key = settings.LERQ_SIGNING_KEY
    settings.LERQ_SIGNING_KEY = tmp_path / "absent.pem"

    letter = _deliver(letter)

    assert letter.status == LetterStatus.FAILED
    assert "signing_cert_create" in letter.error
    assert letter.attempts == 1 and letter.next_attempt_at > timezone.now()
    failed = Event.objects.get(action="letter_failed")
    assert "LetterSigningError" in failed.reason
    assert services.letter_deliver_due() == 0  # not before its next attempt
    settings.LERQ_SIGNING_KEY = good_key

    with time_machine.travel(letter.next_attempt_at + timedelta(seconds=1)):
        assert services.letter_deliver_due() == 1

    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.error) == (LetterStatus.SENT, 2, "")


def test_a_letter_whose_task_was_lost_is_delivered_by_the_beat_job():
    letter = Letter.objects.get(request=open_request())
    assert services.letter_deliver_due() == 0  # just issued: its task is on its way

    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert services.letter_deliver_due() == 1

    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.SENT


def test_a_user_notice_is_rendered_but_not_emailed_to_the_agency(reviewer):
    r = request_in("in_review")
    letter = services.letter_issue(request=r, kind="user_notice", by=reviewer, send=True)

    letter = _deliver(letter)

    assert letter.status == LetterStatus.RENDERED and letter.mail is None
    assert mail.outbox == []
    assert "target@example.com" in pdf_text(default_storage.open(letter.file.name).read())


@pytest.mark.parametrize(
    "value",
    [
        "<a@b>\r\nBcc: victim@example.com",
        "<a@b>\nX-Injected: 1",
        "not-an-id",
        "<a b@c>",
    ],
)
def test_no_header_is_built_from_a_malformed_stored_message_id(value):
    assert threading_headers({"In-Reply-To": value, "References": value}).get("In-Reply-To") in (
        None,
        "<a@b>",
    )
    r = open_request(source_message_id=value)

    _deliver(Letter.objects.get(request=r))

    raw = mail.outbox[-1].message().as_bytes()
    assert b"victim@example.com" not in raw and b"X-Injected" not in raw
