"""nondisclosure_record: an order (or request) not to notify the user is recorded with its
basis; one without a specific duration or without the circumstances that justify it is flagged
deficient (REQUIREMENTS.md "Non-disclosure"); one with a duration delays the notice to its end."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import notice_send
from tests.triage.services.helpers import (
    events_since,
    fresh,
    last_seq,
    not_permitted,
    open_deadlines,
    refused,
    walk_to,
    with_notice,
)
from triage import rules, services
from triage.models import DeadlineKind, EventKind, NondisclosureOrder, Notice, Status
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.notice_decisions import ERR_BASIS_REQUIRED, ERR_DAYS

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
BASIS = "Order under 18 U.S.C. § 2705(b), No. 1:26-mj-0815 (E.D. Va.)"
WHY = "Notice would let the suspect destroy evidence and flee."


def ends_at(day: date) -> datetime:
    """Midnight at the start of ``day`` in the team's zone, where the order's timer is."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo("Europe/Paris"))


pytestmark = pytest.mark.time_machine(NOW, tick=False)


def test_a_complete_order_for_90_days_delays_the_notice_until_it_ends(reviewer):
    r = walk_to(Status.IN_REVIEW)
    since = last_seq()

    order = services.nondisclosure_record(
        request=r,
        by=reviewer,
        basis=BASIS,
        days=90,
        issued_on=date(2026, 5, 28),
        circumstances=WHY,
        document_reference="attachment order.pdf, p. 2",
    )

    assert order.deficiencies == []
    assert order.ends_on == date(2026, 8, 26)
    assert (order.recorded_by, order.recorded_at) == (reviewer, NOW)
    r = fresh(r)
    assert (r.notice, r.nondisclosure_until, r.notice_basis) == (
        Notice.DELAYED,
        date(2026, 8, 26),
        BASIS,
    )
    assert (DeadlineKind.NONDISCLOSURE_END, ends_at(date(2026, 8, 26))) in open_deadlines(r)
    delay, recorded = events_since(since)
    assert (delay.action, delay.from_state, delay.to_state) == (
        "notice_delay",
        "not_decided",
        "delayed",
    )
    assert recorded.action == EventKind.NONDISCLOSURE_ORDER
    assert recorded.data["order"] == order.pk
    assert recorded.data["delays_notice"] is True


def test_the_days_count_from_the_receipt_when_no_date_of_issue_is_given(reviewer):
    r = walk_to(Status.IN_REVIEW)

    order = services.nondisclosure_record(
        request=r, by=reviewer, basis=BASIS, days=30, circumstances=WHY
    )

    assert order.issued_on == date(2026, 6, 1)  # received an hour ago
    assert order.ends_on == order.issued_on + timedelta(days=30)


def test_an_order_without_a_duration_is_deficient_and_changes_nothing(reviewer):
    r = walk_to(Status.IN_REVIEW)
    since = last_seq()

    order = services.nondisclosure_record(request=r, by=reviewer, basis=BASIS, circumstances=WHY)

    assert order.deficiencies == [rules.NONDISCLOSURE_DURATION]
    assert order.deficiency_sentences == [rules.NONDISCLOSURE_SENTENCES["nondisclosure_duration"]]
    assert fresh(r).notice == Notice.NOT_DECIDED
    assert DeadlineKind.NONDISCLOSURE_END not in [kind for kind, _ in open_deadlines(r)]
    (event,) = events_since(since)
    assert event.action == EventKind.NONDISCLOSURE_ORDER
    assert event.data["deficiencies"] == ["nondisclosure_duration"]
    assert event.data["delays_notice"] is False


def test_an_order_without_its_circumstances_is_deficient_but_still_delays_the_notice(reviewer):
    r = walk_to(Status.IN_REVIEW)

    order = services.nondisclosure_record(
        request=r, by=reviewer, basis=BASIS, until=date(2026, 12, 1), circumstances="  "
    )

    assert order.deficiencies == [rules.NONDISCLOSURE_CIRCUMSTANCES]
    assert fresh(r).notice == Notice.DELAYED
    assert (DeadlineKind.NONDISCLOSURE_END, ends_at(date(2026, 12, 1))) in open_deadlines(r)


def test_an_order_with_neither_names_both_deficiencies_with_sentences_for_the_agency():
    gaps = rules.nondisclosure_gaps(days=None, until=None, circumstances="")

    assert [g.name for g in gaps] == [
        rules.NONDISCLOSURE_DURATION,
        rules.NONDISCLOSURE_CIRCUMSTANCES,
    ]
    assert "specific duration" in gaps[0].sentence
    assert "circumstances or the harm" in gaps[1].sentence
    assert rules.nondisclosure_gaps(days=90, until=None, circumstances=WHY) == []


def test_notice_delay_records_the_order_too(reviewer):
    r = walk_to(Status.IN_REVIEW)

    services.notice_delay(request=r, by=reviewer, until=date(2026, 9, 1), basis=BASIS)

    order = NondisclosureOrder.objects.get(request=r)
    assert (order.until, order.basis, order.deficiencies) == (
        date(2026, 9, 1),
        BASIS,
        [rules.NONDISCLOSURE_CIRCUMSTANCES],
    )


def test_an_order_already_ended_is_recorded_and_the_notice_is_due_now(reviewer):
    r = walk_to(Status.IN_REVIEW)

    services.nondisclosure_record(
        request=r, by=reviewer, basis=BASIS, until=date(2026, 5, 1), circumstances=WHY
    )

    assert fresh(r).notice == Notice.NOT_DECIDED
    notice_send(request=fresh(r), by=reviewer)
    assert fresh(r).notice == Notice.SENT


def test_an_order_after_the_notice_went_out_is_recorded_only(reviewer):
    r = with_notice(walk_to(Status.IN_REVIEW), Notice.SENT)
    since = last_seq()

    services.nondisclosure_record(request=r, by=reviewer, basis=BASIS, days=90, circumstances=WHY)

    assert fresh(r).notice == Notice.SENT
    (event,) = events_since(since)
    assert (event.action, event.data["notice"]) == (EventKind.NONDISCLOSURE_ORDER, "sent")


def test_a_new_order_on_a_delayed_notice_moves_its_end(reviewer):
    r = walk_to(Status.IN_REVIEW)
    services.notice_delay(request=r, by=reviewer, until=date(2026, 9, 1), basis=BASIS)

    services.nondisclosure_record(
        request=fresh(r), by=reviewer, basis="Renewal", until=date(2027, 3, 1), circumstances=WHY
    )

    r = fresh(r)
    assert (r.notice, r.nondisclosure_until) == (Notice.DELAYED, date(2027, 3, 1))
    ends = [due for kind, due in open_deadlines(r) if kind == DeadlineKind.NONDISCLOSURE_END]
    assert ends == [ends_at(date(2027, 3, 1))]


@pytest.mark.parametrize(
    ("basis", "days", "message"),
    [("  ", 90, ERR_BASIS_REQUIRED), (BASIS, 0, ERR_DAYS), (BASIS, -5, ERR_DAYS)],
)
def test_it_needs_a_basis_and_a_positive_duration(reviewer, basis, days, message):
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.nondisclosure_record(
            request=r, by=reviewer, basis=basis, days=days, circumstances=WHY
        ),
        InvalidInput,
        message,
    )
    assert not NondisclosureOrder.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_records_an_order(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.nondisclosure_record(request=r, by=user, basis=BASIS, days=90),
        ActionNotPermitted,
        not_permitted(user, "record a non-disclosure order", r),
    )
    assert not NondisclosureOrder.objects.exists()
