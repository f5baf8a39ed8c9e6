"""letter_discard (issue 16): a reviewer discards a draft that should not leave, saying why; it
is no longer offered, the step that drafts it can make a new one, and a letter that left can
never be discarded."""

import pytest

from tests.factories import request_in
from tests.triage.services.helpers import fresh, last_seq
from triage import services
from triage.models import Event, EventKind, Letter, LetterStatus
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.letter_drafts import ERR_REASON_REQUIRED
from triage.services.letters import ERR_REISSUE_DISCARDED

pytestmark = pytest.mark.django_db

REASON = "The request was read as overbroad by mistake: it names one account."


def _rejected(by) -> Letter:
    r = request_in("in_review")
    services.request_reject(request=r, by=by, reasons=["overbroad"])
    return Letter.objects.get(request=r, kind="rejection")


def test_a_discarded_draft_is_on_the_record_and_never_sent(reviewer, monkeypatch):
    dispatched = []
    monkeypatch.setattr("triage.tasks.letter_render.delay", dispatched.append)
    letter = _rejected(reviewer)

    services.letter_discard(letter=letter, by=reviewer, reason=f"  {REASON} ")

    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == LetterStatus.DISCARDED
    event = Event.objects.get(request=letter.request, action=EventKind.LETTER_DISCARDED)
    assert (event.actor, event.reason, event.data["letter"]) == (reviewer, REASON, letter.pk)
    assert services.letter_deliver_due() == 0 and dispatched == []
    with pytest.raises(TransitionRefused, match="not a draft any more"):
        services.letter_send(letter=letter, by=reviewer)
    with pytest.raises(InvalidInput, match=ERR_REISSUE_DISCARDED):
        services.letter_reissue(letter=letter, by=reviewer, reason="Send it anyway.")


def test_the_step_that_drafts_it_makes_a_new_draft_after_a_discard(reviewer):
    r = request_in("received")
    services.request_ask_info(request=r, by=reviewer, missing=["badge"])
    first = Letter.objects.get(request=r, kind="deficiency")
    services.letter_discard(letter=first, by=reviewer, reason=REASON)

    services.request_answer(request=fresh(r), by=reviewer)
    services.request_ask_info(request=fresh(r), by=reviewer, missing=["agent_phone"])

    second = Letter.objects.get(request=r, kind="deficiency", status=LetterStatus.DRAFT)
    assert second.sequence == first.sequence + 1


def test_a_sent_letter_can_never_be_discarded(reviewer):
    letter = _rejected(reviewer)
    services.letter_send(letter=letter, by=reviewer)
    since = last_seq()

    with pytest.raises(TransitionRefused, match="not a draft any more"):
        services.letter_discard(letter=letter, by=reviewer, reason=REASON)

    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.QUEUED
    assert last_seq() == since


def test_a_discard_says_why(reviewer):
    letter = _rejected(reviewer)
    with pytest.raises(InvalidInput, match=ERR_REASON_REQUIRED):
        services.letter_discard(letter=letter, by=reviewer, reason="   ")
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_a_clerk_may_not_discard_even_a_deficiency_notice_they_may_send(clerk):
    r = request_in("received")
    services.request_ask_info(request=r, by=clerk, missing=["badge"])
    notice = Letter.objects.get(request=r, kind="deficiency")

    with pytest.raises(ActionNotPermitted):
        services.letter_discard(letter=notice, by=clerk, reason=REASON)
    assert Letter.objects.get(pk=notice.pk).status == LetterStatus.DRAFT
