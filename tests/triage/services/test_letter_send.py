"""letter_send and letter_paragraph_save (issue 16): a letter is a draft until a person reads
it and sends it; sending queues the render/sign/mail path with the draft's Message-ID, and the
person's paragraph is on the record and in the signed PDF. The step that drafted it has
already moved the request: only the letter waits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from tests.factories import open_request, request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signing_pair,
)
from tests.triage.services.helpers import approved, fresh, with_notice
from triage import services
from triage.letters.context import letter_context
from triage.models import Event, EventKind, Kind, Letter, LetterStatus, Notice, Status
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.letter_drafts import ERR_DISCLOSURE_PARAGRAPH, ERR_PERSON_SENDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

PARAGRAPH = "Our records show the account was closed on 3 March 2026."


def _rejected(by) -> Letter:
    r = request_in("in_review")
    services.request_reject(request=r, by=by, reasons=["overbroad"])
    return Letter.objects.get(request=r, kind="rejection")


def test_a_rejection_is_drafted_and_nothing_leaves_until_a_person_sends_it(
    reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    dispatched = []
    monkeypatch.setattr("triage.tasks.letter_render.delay", dispatched.append)
    with django_capture_on_commit_callbacks(execute=True):
        letter = _rejected(reviewer)

    assert fresh(letter.request).status == Status.REJECTED  # the step is taken
    assert letter.status == LetterStatus.DRAFT and letter.pk not in dispatched
    assert services.letter_deliver_due() == 0  # the beat job leaves drafts alone
    drafted_id = letter.message_id

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.letter_send(letter=letter, by=reviewer, paragraph=f"  {PARAGRAPH}  ")

    assert dispatched[-1] == letter.pk
    assert (sent.status, sent.released_by, sent.paragraph) == (
        LetterStatus.QUEUED,
        reviewer,
        PARAGRAPH,
    )
    assert sent.message_id == drafted_id  # the same Message-ID on every retry
    event = Event.objects.get(request=letter.request, action=EventKind.LETTER_RELEASED)
    assert event.actor == reviewer
    assert event.data["paragraph"] == PARAGRAPH and event.data["message_id"] == drafted_id


def test_the_paragraph_is_in_the_signed_pdf_and_the_mail_keeps_the_drafts_message_id(reviewer):
    letter = _rejected(reviewer)
    services.letter_send(letter=letter, by=reviewer, paragraph=PARAGRAPH)

    services.letter_deliver(letter_id=letter.pk)

    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == LetterStatus.SENT
    assert PARAGRAPH in pdf_text(default_storage.open(letter.file.name).read())
    [message] = mail.outbox
    assert message.message()["Message-ID"] == letter.message_id


def test_a_saved_paragraph_is_on_the_record_with_what_it_replaced(reviewer):
    letter = _rejected(reviewer)

    services.letter_paragraph_save(letter=letter, by=reviewer, paragraph="First words.")
    services.letter_paragraph_save(letter=letter, by=reviewer, paragraph=PARAGRAPH)
    services.letter_send(letter=letter, by=reviewer)  # None: the saved paragraph is sent

    edits = Event.objects.filter(request=letter.request, action=EventKind.LETTER_EDITED)
    assert [(e.data["paragraph_before"], e.data["paragraph"]) for e in edits.order_by("seq")] == [
        ("", "First words."),
        ("First words.", PARAGRAPH),
    ]
    assert Letter.objects.get(pk=letter.pk).paragraph == PARAGRAPH


def test_a_letter_is_sent_once(reviewer):
    letter = _rejected(reviewer)
    services.letter_send(letter=letter, by=reviewer)

    with pytest.raises(TransitionRefused, match="not a draft any more"):
        services.letter_send(letter=letter, by=reviewer)
    with pytest.raises(TransitionRefused):
        services.letter_paragraph_save(letter=letter, by=reviewer, paragraph="Late words.")
    assert Event.objects.filter(action=EventKind.LETTER_RELEASED).count() == 1


def test_lerq_itself_never_sends_a_draft(reviewer):
    letter = _rejected(reviewer)
    with pytest.raises(InvalidInput, match=ERR_PERSON_SENDS):
        services.letter_send(letter=letter, by=None)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_a_clerk_sends_a_deficiency_notice_but_not_a_rejection(clerk, reviewer):
    r = open_request()
    services.request_ask_info(request=r, by=clerk, missing=["badge"])
    notice = Letter.objects.get(request=r, kind="deficiency")
    assert notice.status == LetterStatus.DRAFT

    services.letter_send(letter=notice, by=clerk)
    rejection = _rejected(reviewer)
    with pytest.raises(ActionNotPermitted):
        services.letter_send(letter=rejection, by=clerk)

    assert Letter.objects.get(pk=notice.pk).status == LetterStatus.QUEUED
    assert Letter.objects.get(pk=rejection.pk).status == LetterStatus.DRAFT


def test_each_step_that_answers_the_agency_drafts_its_letter(reviewer):
    r = request_in("validated", Kind.PRESERVATION)
    services.hold_place(request=r, by=reviewer)
    assert Letter.objects.get(request=r, kind="preservation").status == LetterStatus.DRAFT
    services.notice_delay(
        request=fresh(r), by=reviewer, until=r.received_at.date().replace(year=2099), basis="2705"
    )
    assert Letter.objects.get(request=r, kind="nondisclosure").status == LetterStatus.DRAFT


def test_a_disclosure_letter_is_sent_as_approved_with_no_added_paragraph(reviewer):
    r = with_notice(approved(), Notice.NOT_REQUIRED)
    services.request_disclose(request=r, by=reviewer)
    letter = Letter.objects.get(request=r, kind="disclosure")
    assert letter.status == LetterStatus.DRAFT
    package = (letter.extra["package_sha256"], letter.extra["to"])

    with pytest.raises(InvalidInput, match=ERR_DISCLOSURE_PARAGRAPH[:40]):
        services.letter_send(letter=letter, by=reviewer, paragraph="Also, about the user…")
    sent = services.letter_send(letter=letter, by=reviewer, paragraph="")

    assert sent.status == LetterStatus.QUEUED and sent.paragraph == ""
    assert (sent.extra["package_sha256"], sent.extra["to"]) == package


def test_a_draft_cannot_be_sent_again_as_a_copy(reviewer):
    letter = _rejected(reviewer)
    with pytest.raises(InvalidInput, match="never sent"):
        services.letter_reissue(letter=letter, by=reviewer, reason="The agency lost it.")


def test_a_draft_sent_days_later_is_dated_the_day_it_is_sent(reviewer, time_machine):
    letter = _rejected(reviewer)
    later = letter.created_at + timedelta(days=3)
    time_machine.move_to(later)

    services.letter_send(letter=letter, by=reviewer)

    letter = Letter.objects.get(pk=letter.pk)
    assert letter_context(letter)["date"] == letter.released_at
    assert letter.released_at.date() == later.date() != letter.created_at.date()
