"""notice_draft (issue 16): lerq drafts the user notice (the email and the letter kept with
it), a reviewer reads it as it will be sent, may add a paragraph (on the record, in the email
and the letter), and sends it with notice_send; the notice is sent only then. Same roles as
notice_send; drafting twice gives the same draft."""

import pytest
from django.core.files.storage import default_storage

from tests.factories import notice_send, request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signing_pair,
)
from tests.triage.services.helpers import fresh, last_seq, with_notice
from triage import services
from triage.models import (
    Event,
    EventKind,
    Letter,
    LetterStatus,
    Notice,
    NoticeRecipient,
    OutboundMail,
)
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.letter_drafts import ERR_NOTICE_SENDS
from triage.services.notice_drafts import notice_draft_preview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

PARAGRAPH = "You may also ask us for a copy of the order of the court."


def test_a_draft_is_made_on_the_record_and_nothing_reaches_the_user(reviewer):
    r = request_in("in_review")
    since = last_seq()

    draft = services.notice_draft(request=r, by=reviewer, include_copy=False)

    assert (draft.kind, draft.status) == ("user_notice", LetterStatus.DRAFT)
    assert draft.extra["email"] == "target@example.com" and draft.extra["include_copy"] is False
    assert fresh(r).notice == Notice.NOT_DECIDED
    assert not OutboundMail.objects.filter(request=r, template="user_notice").exists()
    (event,) = Event.objects.filter(request=r, seq__gt=since)
    assert (event.action, event.actor, event.data["letter"]) == (
        EventKind.NOTICE_DRAFTED,
        reviewer,
        draft.pk,
    )
    assert event.data["recipients"] == ["target@example.com"]
    # Drafting again gives the same draft, with nothing more on the record.
    assert services.notice_draft(request=fresh(r), by=reviewer).pk == draft.pk
    assert Event.objects.filter(request=r, seq__gt=since).count() == 1


def test_the_preview_is_the_email_that_will_be_sent_with_the_paragraph(reviewer):
    r = request_in("in_review")
    NoticeRecipient.objects.all().delete()
    services.notice_recipient_add(request=r, by=reviewer, email="ann@example.org", name="Ann")
    draft = services.notice_draft(request=fresh(r), by=reviewer)
    draft = services.letter_paragraph_save(letter=draft, by=reviewer, paragraph=PARAGRAPH)

    preview = notice_draft_preview(request=fresh(r), letter=draft)
    notice_send(request=fresh(r), by=reviewer)

    (mail,) = OutboundMail.objects.filter(request=r, template="user_notice")
    assert mail.to == ["ann@example.org"]
    assert (preview["subject"], preview["text"].split("If you object")[0]) == (
        mail.subject,
        mail.body_text.split("If you object")[0],
    )
    assert PARAGRAPH in mail.body_text and PARAGRAPH in mail.body_html
    assert "Dear Ann" in preview["text"]


def test_the_person_who_sends_it_sends_the_reviewed_letter_with_the_paragraph(reviewer):
    r = request_in("in_review")
    draft = services.notice_draft(request=r, by=reviewer)
    since = last_seq()

    notice_send(request=fresh(r), by=reviewer, paragraph=f" {PARAGRAPH} ")

    r = fresh(r)
    assert r.notice == Notice.SENT
    letter = Letter.objects.get(pk=draft.pk)
    assert (letter.status, letter.released_by, letter.paragraph) == (
        LetterStatus.QUEUED,
        reviewer,
        PARAGRAPH,
    )
    assert Letter.objects.filter(request=r, kind="user_notice").count() == 1
    sent = Event.objects.get(request=r, seq__gt=since, action=EventKind.NOTICE_SEND)
    assert (sent.actor, sent.data["draft"], sent.data["paragraph"]) == (
        reviewer,
        draft.pk,
        PARAGRAPH,
    )
    services.letter_deliver(letter_id=letter.pk)
    letter = Letter.objects.get(pk=letter.pk)
    assert PARAGRAPH in pdf_text(default_storage.open(letter.file.name).read())


def test_each_recipient_gets_a_letter_with_the_same_paragraph(reviewer):
    r = request_in("in_review")
    services.notice_recipient_add(request=r, by=reviewer, email="ann@example.org")
    services.notice_recipient_add(request=fresh(r), by=reviewer, email="bob@example.org")
    draft = services.notice_draft(request=fresh(r), by=reviewer)
    services.letter_paragraph_save(letter=draft, by=reviewer, paragraph=PARAGRAPH)

    notice_send(request=fresh(r), by=reviewer)  # None: the saved paragraph is sent

    letters = Letter.objects.filter(request=r, kind="user_notice").order_by("sequence")
    assert [(x.extra["email"], x.paragraph, x.status) for x in letters] == [
        ("ann@example.org", PARAGRAPH, LetterStatus.QUEUED),
        ("bob@example.org", PARAGRAPH, LetterStatus.QUEUED),
    ]


def test_the_draft_is_sent_only_as_the_notice_never_as_a_plain_letter(reviewer):
    draft = services.notice_draft(request=request_in("in_review"), by=reviewer)
    with pytest.raises(InvalidInput, match=ERR_NOTICE_SENDS):
        services.letter_send(letter=draft, by=reviewer)
    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.DRAFT


def test_a_clerk_may_not_draft_edit_or_send_the_notice(clerk, reviewer):
    r = request_in("in_review")
    with pytest.raises(ActionNotPermitted):
        services.notice_draft(request=r, by=clerk)
    draft = services.notice_draft(request=r, by=reviewer)
    with pytest.raises(ActionNotPermitted):
        services.letter_paragraph_save(letter=draft, by=clerk, paragraph=PARAGRAPH)
    with pytest.raises(ActionNotPermitted):
        notice_send(request=fresh(r), by=clerk)
    assert fresh(r).notice == Notice.NOT_DECIDED


@pytest.mark.parametrize("notice", [Notice.SENT, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED])
def test_nothing_is_drafted_once_the_notice_is_decided(reviewer, notice):
    r = with_notice(request_in("in_review"), notice)
    with pytest.raises(TransitionRefused, match="nothing to draft"):
        services.notice_draft(request=r, by=reviewer)
    assert not Letter.objects.filter(request=r, kind="user_notice", status="draft").exists()


def test_a_paragraph_too_long_is_refused(reviewer):
    r = request_in("in_review")
    services.notice_draft(request=r, by=reviewer)
    with pytest.raises(InvalidInput, match="longer than"):
        notice_send(request=fresh(r), by=reviewer, paragraph="x" * 4001)
    assert fresh(r).notice == Notice.NOT_DECIDED


@pytest.mark.parametrize("decide", ["notice_forbid", "notice_waive"])
def test_a_notice_decided_otherwise_withdraws_its_draft_on_the_record(reviewer, decide):
    r = request_in("in_review")
    draft = services.notice_draft(request=r, by=reviewer)

    getattr(services, decide)(request=fresh(r), by=reviewer, basis="The user consented.")

    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.DISCARDED
    event = Event.objects.get(request=r, action=EventKind.LETTER_DISCARDED)
    assert (event.actor, event.reason) == (reviewer, "The user consented.")
