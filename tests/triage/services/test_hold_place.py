"""hold_place: a validated preservation is preserved for 90 days; validated → preserved."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import request_in
from tests.triage.services.helpers import (
    conditions_unmet,
    days_before,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    validated_extension,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Hold, Kind, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted

ACTION = "place hold"
# Saturday 4 April to Friday 3 July 2026: no daylight-saving change in Paris, so 90 days is
# 2160 hours, and the reminders 14 and 3 days before fall on working days.
APRIL = datetime(2026, 4, 4, 8, 0, tzinfo=UTC)


@pytest.mark.time_machine(APRIL, tick=False)
@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_places_a_90_day_hold_on_a_validated_preservation(request, role):
    user = request.getfixturevalue(role)
    r = request_in("validated", Kind.PRESERVATION)
    since = last_seq()

    hold = services.hold_place(request=r, by=user, note="Snapshot S-301 of the account.")

    assert fresh(r).status == Status.PRESERVED
    hold = Hold.objects.get(request=r)
    assert (hold.placed_at, hold.ends_at) == (APRIL, APRIL + timedelta(days=90))
    assert (hold.extended_at, hold.released_at, hold.expired_at) == (None, None, None)
    assert hold.snapshot_note == "Snapshot S-301 of the account."
    event = the_one_event_since(since)
    assert said(event) == (
        "preserve",
        "validated",
        "preserved",
        user.get_username(),
        "Snapshot S-301 of the account.",
    )
    assert event.data["ends_at"] == (APRIL + timedelta(days=90)).isoformat()


@pytest.mark.time_machine(APRIL, tick=False)
def test_the_hold_end_and_its_reminders_14_and_3_days_before_become_deadlines(reviewer):
    r = request_in("validated", Kind.PRESERVATION, response_due_date=None)

    services.hold_place(request=r, by=reviewer)

    ends_at = APRIL + timedelta(days=90)
    assert [(kind, at) for kind, at in open_deadlines(r) if kind == DeadlineKind.HOLD_END] == [
        (DeadlineKind.HOLD_END, ends_at)
    ]
    assert days_before(r, DeadlineKind.HOLD_REMINDER, ends_at) == [14, 3]


@pytest.mark.time_machine(datetime(2026, 2, 2, 9, 0, tzinfo=UTC), tick=False)  # 10:00 in Paris
def test_a_hold_placed_at_ten_ends_at_ten_in_paris_across_the_clock_change(reviewer):
    r = request_in("validated", Kind.PRESERVATION)

    hold = services.hold_place(request=r, by=reviewer)

    # 3 May 2026, 10:00 in Paris (summer time, UTC+2).
    assert hold.ends_at == datetime(2026, 5, 3, 8, 0, tzinfo=UTC)


def test_lerq_itself_can_place_a_hold(db):
    r = request_in("validated", Kind.PRESERVATION)

    services.hold_place(request=r, by=None)

    assert fresh(r).status == Status.PRESERVED
    assert r.events.order_by("-seq").first().actor_name == "system"


@pytest.mark.parametrize("kind", [Kind.SUBPOENA, Kind.SEARCH_WARRANT, Kind.COURT_ORDER])
def test_it_refuses_to_preserve_for_legal_process(reviewer, kind):
    r = request_in("validated", kind)

    refused(
        lambda: services.hold_place(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.is_preservation),
    )


def test_it_refuses_to_place_a_hold_for_an_extension_request(reviewer):
    r = validated_extension(request_in("preserved", Kind.PRESERVATION))

    refused(
        lambda: services.hold_place(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.is_preservation),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_places_a_hold(request, role):
    user = request.getfixturevalue(role)
    r = request_in("validated", Kind.PRESERVATION)

    refused(
        lambda: services.hold_place(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


# A preservation where it can be in that status; in_review, approved, disclosed: a subpoena.
PRESERVATION_STATUSES = statuses_except(Status.IN_REVIEW, Status.APPROVED, Status.DISCLOSED)


@pytest.mark.parametrize("status", statuses_except(Status.VALIDATED))
def test_it_refuses_to_place_a_hold_from_any_other_status(reviewer, status):
    r = walk_to(status, Kind.PRESERVATION if status in PRESERVATION_STATUSES else None)

    refused(
        lambda: services.hold_place(request=r, by=reviewer),
        message=not_available(r, status_label(status)),
    )
