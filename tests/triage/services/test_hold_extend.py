"""hold_extend: a validated extension request extends the hold it names by 90 days, once, before
the hold ends. The preservation goes preserved → extended; the extension request
validated → closed (fulfil)."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    cancelled_kinds,
    conditions_unmet,
    days_before,
    expired,
    extended,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    preserved,
    refused,
    said,
    status_label,
    validated_extension,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Event, Hold, Kind, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.holds import (
    ERR_NO_ORIGINAL,
    ERR_NOT_AN_EXTENSION,
    ERR_ORIGINAL_NOT_PRESERVATION,
)

ACTION = "extend hold"
# Placed Saturday 4 April 2026, 10:00 in Paris; ends Friday 3 July; extended to Thursday
# 1 October. All in summer time, and every reminder (14 and 3 days before) is a working day.
APRIL = datetime(2026, 4, 4, 8, 0, tzinfo=UTC)
FIRST_END = APRIL + timedelta(days=90)
SECOND_END = FIRST_END + timedelta(days=90)


@pytest.fixture
def hold_in_april(db, time_machine):
    """A preservation held from 4 April, and a validated extension request naming it, 30 days on."""
    time_machine.move_to(APRIL, tick=False)
    original = preserved(response_due_date=None)
    time_machine.move_to(APRIL + timedelta(days=30), tick=False)
    extension = validated_extension(original, response_due_date=None)
    return original, extension


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_extends_the_hold_by_90_days_once(request, role, hold_in_april):
    user = request.getfixturevalue(role)
    original, extension = hold_in_april

    services.hold_extend(extension=extension, by=user, note="Letterhead request of 1 May.")

    hold = Hold.objects.get(request=original)
    assert hold.ends_at == SECOND_END
    assert hold.extended_at == APRIL + timedelta(days=30)
    assert hold.extension_id == extension.pk
    assert hold.extended_once
    assert fresh(original).status == Status.EXTENDED


def test_the_extension_request_is_done_once_it_has_extended_the_hold(reviewer, hold_in_april):
    original, extension = hold_in_april

    services.hold_extend(extension=extension, by=reviewer)

    extension = fresh(extension)
    assert (extension.status, extension.closed_at) == (Status.CLOSED, APRIL + timedelta(days=30))
    assert extension.original_id == original.pk


def test_one_event_is_recorded_on_each_request(reviewer, hold_in_april):
    original, extension = hold_in_april
    since = last_seq()

    services.hold_extend(extension=extension, by=reviewer, note="Letterhead request.")

    events = list(Event.objects.filter(seq__gt=since).order_by("seq"))
    assert [(e.request_id, *said(e)) for e in events] == [
        (original.pk, "extend", "preserved", "extended", "reviewer", "Letterhead request."),
        (extension.pk, "fulfil", "validated", "closed", "reviewer", "Letterhead request."),
    ]
    assert events[0].data["extension"] == extension.reference
    assert events[1].data["original"] == original.reference


def test_the_hold_timers_move_to_the_new_end(reviewer, hold_in_april):
    original, extension = hold_in_april

    services.hold_extend(extension=extension, by=reviewer)

    assert cancelled_kinds(original) == [
        DeadlineKind.HOLD_END,
        DeadlineKind.HOLD_REMINDER,
        DeadlineKind.HOLD_REMINDER,
    ]
    assert [kind for kind, _ in open_deadlines(original)] == [
        DeadlineKind.EXTENSION_END,
        DeadlineKind.HOLD_REMINDER,
        DeadlineKind.HOLD_REMINDER,
    ]
    assert (DeadlineKind.EXTENSION_END, SECOND_END) in open_deadlines(original)
    assert days_before(original, DeadlineKind.HOLD_REMINDER, SECOND_END) == [14, 3]


def test_an_extension_request_that_names_nothing_is_linked_to_the_hold_it_extends(reviewer):
    original = preserved()
    extension = validated_extension(None)

    services.hold_extend(extension=extension, by=reviewer, original=original)

    assert fresh(extension).original_id == original.pk
    assert fresh(original).status == Status.EXTENDED


def test_an_extension_request_linked_by_the_extension_shares_the_matter_of_its_hold(reviewer):
    original = preserved()
    extension = validated_extension(None)

    services.hold_extend(extension=extension, by=reviewer, original=original)

    original, extension = fresh(original), fresh(extension)
    assert original.matter_id is not None
    assert extension.matter_id == original.matter_id


def test_it_refuses_to_extend_a_hold_twice(reviewer):
    original, _ = extended()
    second = validated_extension(original)

    refused(
        lambda: services.hold_extend(extension=second, by=reviewer),
        message=not_available(original, status_label(Status.EXTENDED)),
    )


def test_it_refuses_extension_after_the_hold_ended(reviewer, hold_in_april, time_machine):
    original, extension = hold_in_april
    time_machine.move_to(FIRST_END, tick=False)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        message=conditions_unmet(original, ACTION, c.hold_extendable),
    )


def test_it_extends_a_hold_up_to_its_last_instant(reviewer, hold_in_april, time_machine):
    original, extension = hold_in_april
    time_machine.move_to(FIRST_END - timedelta(microseconds=1), tick=False)

    services.hold_extend(extension=extension, by=reviewer)

    assert Hold.objects.get(request=original).ends_at == SECOND_END


def test_it_refuses_extension_after_the_hold_expired(reviewer):
    original = expired()
    extension = validated_extension(original)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        message=not_available(original, status_label(Status.EXPIRED)),
    )


def test_it_refuses_extension_after_the_hold_was_released(reviewer):
    original = walk_to(Status.RELEASED)
    extension = validated_extension(original)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        message=not_available(original, status_label(Status.RELEASED)),
    )


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.VALIDATED, Status.REJECTED])
def test_it_refuses_to_extend_a_preservation_that_holds_nothing(reviewer, status):
    original = walk_to(status, Kind.PRESERVATION)
    extension = validated_extension(original)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        message=not_available(original, status_label(status)),
    )


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.NEEDS_INFO, Status.REJECTED])
def test_it_refuses_an_extension_request_that_is_not_validated(reviewer, status):
    original = preserved()
    extension = walk_to(status, Kind.PRESERVATION_EXTENSION)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer, original=original),
        TransitionRefused,
        f"{extension.reference} must be validated before it extends a hold.",
    )


def test_an_extension_request_cannot_be_applied_twice(reviewer):
    _, extension = extended()

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        TransitionRefused,
        f"{extension.reference} must be validated before it extends a hold.",
    )


def test_only_an_extension_request_extends_a_hold(reviewer):
    original = preserved()
    subpoena = request_in("validated", Kind.SUBPOENA)

    refused(
        lambda: services.hold_extend(extension=subpoena, by=reviewer, original=original),
        InvalidInput,
        ERR_NOT_AN_EXTENSION.format(reference=subpoena.reference),
    )


def test_an_extension_request_must_name_the_hold_it_extends(reviewer):
    extension = validated_extension(None)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        InvalidInput,
        ERR_NO_ORIGINAL.format(reference=extension.reference),
    )


def test_only_a_preservation_has_a_hold_to_extend(reviewer):
    subpoena = open_request(Kind.SUBPOENA)
    extension = validated_extension(subpoena)

    refused(
        lambda: services.hold_extend(extension=extension, by=reviewer),
        InvalidInput,
        ERR_ORIGINAL_NOT_PRESERVATION.format(reference=subpoena.reference),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_extends_a_hold(request, role):
    user = request.getfixturevalue(role)
    original = preserved()
    extension = validated_extension(original)

    refused(
        lambda: services.hold_extend(extension=extension, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, original),
    )


def test_a_refused_extension_does_not_link_the_request_it_was_given(clerk):
    original = preserved()
    extension = validated_extension(None)

    refused(
        lambda: services.hold_extend(extension=extension, by=clerk, original=original),
        ActionNotPermitted,
    )
    assert fresh(extension).original_id is None
