"""notice_delay: a non-disclosure order for a specific time; not_decided → delayed, and the
notice becomes due when the order ends."""

from datetime import UTC, date, datetime

import pytest

from tests.triage.services.helpers import (
    fresh,
    last_seq,
    not_available,
    not_permitted,
    notice_label,
    open_deadlines,
    refused,
    said,
    the_one_event_since,
    walk_to,
    with_notice,
)
from triage import services
from triage.models import DeadlineKind, Notice, Status
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.notice_decisions import ERR_BASIS_REQUIRED, ERR_UNTIL_PAST, ERR_UNTIL_REQUIRED

ACTION = "delay notice (non-disclosure order)"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
ORDER_END = date(2026, 9, 1)


@pytest.mark.time_machine(NOW, tick=False)
@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_delays_the_notice_until_the_order_ends(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)
    since = last_seq()

    services.notice_delay(
        request=r, by=user, until=ORDER_END, basis="  Order under 18 U.S.C. 2705(b), 90 days.  "
    )

    r = fresh(r)
    assert (r.notice, r.status) == (Notice.DELAYED, Status.IN_REVIEW)
    assert r.nondisclosure_until == ORDER_END
    assert r.notice_basis == "Order under 18 U.S.C. 2705(b), 90 days."
    event = the_one_event_since(since)
    assert said(event) == (
        "notice_delay",
        "not_decided",
        "delayed",
        user.get_username(),
        "Order under 18 U.S.C. 2705(b), 90 days.",
    )
    assert event.data["until"] == "2026-09-01"


@pytest.mark.time_machine(NOW, tick=False)
def test_the_end_of_the_order_becomes_a_deadline_at_midnight_in_paris(reviewer):
    r = walk_to(Status.IN_REVIEW)

    services.notice_delay(request=r, by=reviewer, until=ORDER_END, basis="2705(b)")

    # 1 September 2026, 00:00 in Paris (summer time, UTC+2).
    midnight = datetime(2026, 8, 31, 22, 0, tzinfo=UTC)
    assert (DeadlineKind.NONDISCLOSURE_END, midnight) in open_deadlines(r)


@pytest.mark.time_machine(NOW, tick=False)
@pytest.mark.parametrize(
    ("until", "basis", "message"),
    [
        (None, "2705(b)", ERR_UNTIL_REQUIRED),
        (date(2026, 6, 1), "2705(b)", ERR_UNTIL_PAST),
        (date(2026, 5, 1), "2705(b)", ERR_UNTIL_PAST),
        (ORDER_END, "", ERR_BASIS_REQUIRED),
        (ORDER_END, "   ", ERR_BASIS_REQUIRED),
    ],
    ids=["no-end-date", "ends-today", "ended", "no-basis", "blank-basis"],
)
def test_a_delay_needs_a_future_end_date_and_its_legal_basis(reviewer, until, basis, message):
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_delay(request=r, by=reviewer, until=until, basis=basis),
        InvalidInput,
        message,
    )


def test_today_is_the_teams_today(reviewer, time_machine):
    # 23:30 UTC on 1 June is already 2 June in Paris: an order ending on 2 June has ended.
    time_machine.move_to(datetime(2026, 6, 1, 23, 30, tzinfo=UTC), tick=False)
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_delay(
            request=r, by=reviewer, until=date(2026, 6, 2), basis="2705(b)"
        ),
        InvalidInput,
        ERR_UNTIL_PAST,
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_delays_the_notice(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_delay(request=r, by=user, until=date(2099, 1, 1), basis="2705"),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize(
    "notice", [Notice.DELAYED, Notice.SENT, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED]
)
def test_it_refuses_to_delay_a_notice_already_decided(reviewer, notice):
    r = with_notice(walk_to(Status.IN_REVIEW), notice)

    refused(
        lambda: services.notice_delay(
            request=r, by=reviewer, until=date(2099, 1, 1), basis="Another order."
        ),
        message=not_available(r, notice_label(notice)),
    )
