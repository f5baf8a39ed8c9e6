"""Each step that answers the agency issues its letter, in the step's own transaction; the
letter is rendered by the worker after the commit, never in the step."""

import pytest
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.triage.services.helpers import package_prepare
from triage import services
from triage.models import Kind, Letter, LetterStatus, Request
from triage.services import InvalidInput

pytestmark = pytest.mark.django_db


def _letters(request: Request) -> list[tuple[str, int, str]]:
    return list(
        Letter.objects.filter(request=request)
        .order_by("pk")
        .values_list("kind", "sequence", "status")
    )


def test_opening_a_request_queues_its_acknowledgement_and_dispatches_it_after_the_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    dispatched = []
    monkeypatch.setattr("triage.tasks.letter_render.delay", dispatched.append)

    with django_capture_on_commit_callbacks(execute=True):
        r = open_request(Kind.EMERGENCY)

    letter = Letter.objects.get(request=r)
    assert (letter.kind, letter.sequence, letter.status) == ("acknowledgement", 1, "queued")
    assert dispatched == [letter.pk]
    assert not letter.file and letter.sha256 == ""  # nothing rendered in the step
    assert letter.message_id.startswith("<") and letter.message_id.endswith("@lerq.example>")


def test_nothing_is_dispatched_for_a_step_that_rolls_back(
    django_capture_on_commit_callbacks, monkeypatch, reviewer
):
    dispatched = []
    monkeypatch.setattr("triage.tasks.letter_render.delay", dispatched.append)
    r = request_in("in_review")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput):
        services.request_reject(request=r, by=reviewer, reasons=["because"])

    assert dispatched == []
    assert _letters(r) == [("acknowledgement", 1, "queued")]


def test_a_deficiency_notice_keeps_the_missing_items(clerk):
    r = open_request()

    services.request_ask_info(
        request=r, by=clerk, missing=["badge", "phone"], explanation="Also sign it."
    )

    letter = Letter.objects.get(request=r, kind="deficiency")
    assert letter.extra == {
        "missing": ["badge", "phone"],
        "sentences": {},  # nothing proposed by intake: the rules' own sentences
        "explanation": "Also sign it.",
    }
    assert letter.created_by == clerk


def test_a_hold_issues_a_preservation_confirmation_with_its_dates(reviewer):
    r = request_in("validated", Kind.PRESERVATION)

    hold = services.hold_place(request=r, by=reviewer)

    letter = Letter.objects.get(request=r, kind="preservation")
    assert letter.extra == {
        "hold_start": hold.placed_at.isoformat(),
        "hold_end": hold.ends_at.isoformat(),
    }


def test_an_extension_confirms_the_old_and_the_new_end_to_the_extension_request(reviewer):
    original = request_in("preserved", Kind.PRESERVATION)
    first_end = original.hold.ends_at
    extension = request_in("validated", Kind.PRESERVATION_EXTENSION, original=original)

    hold = services.hold_extend(extension=extension, by=reviewer)

    letter = Letter.objects.get(request=extension, kind="extension")
    assert letter.extra == {
        "previous_end": first_end.isoformat(),
        "new_end": hold.ends_at.isoformat(),
    }


def test_rejection_disclosure_and_nondisclosure_each_issue_their_letter(
    reviewer, approver, second_reviewer
):
    rejected = request_in("rejected")
    assert [k for k, _, _ in _letters(rejected)] == ["acknowledgement", "rejection"]

    r = request_in("in_review")
    r = services.notice_delay(
        request=r,
        by=reviewer,
        until=timezone.localdate() + timezone.timedelta(days=90),
        basis="Order under 18 U.S.C. § 2705(b)",
    )
    r = package_prepare(r)
    r = services.request_submit_for_approval(request=r, by=reviewer)
    r = services.request_approve(request=r, by=approver)
    services.request_disclose(request=r, by=second_reviewer)

    assert [k for k, _, _ in _letters(r)] == ["acknowledgement", "nondisclosure", "disclosure"]


def test_only_a_reviewer_may_send_a_letter_again(clerk):
    r = request_in("rejected")
    first = Letter.objects.get(request=r, kind="rejection")

    with pytest.raises(services.ActionNotPermitted):
        services.letter_reissue(letter=first, by=clerk, reason="The agency lost it.")
    assert Letter.objects.filter(request=r, kind="rejection").count() == 1


def test_a_letter_issued_again_takes_the_next_sequence_number_and_goes_on_the_record(reviewer):
    r = request_in("rejected")
    first = Letter.objects.get(request=r, kind="rejection")
    services.letter_send(letter=first, by=reviewer)

    again = services.letter_reissue(letter=first, by=reviewer, reason="The agency lost it.")

    assert (again.kind, again.sequence, again.status) == ("rejection", 2, LetterStatus.QUEUED)
    event = r.events.order_by("-seq").first()
    assert (event.action, event.reason, event.data["again"]) == (
        "letter_issued",
        "The agency lost it.",
        first.pk,
    )


def test_an_unknown_kind_or_an_outsider_is_refused(outsider):
    r = open_request()
    with pytest.raises(InvalidInput, match="memo"):
        services.letter_issue(request=r, kind="memo", by=None)
    with pytest.raises(services.ActionNotPermitted):
        services.letter_issue(request=r, kind="acknowledgement", by=outsider)
