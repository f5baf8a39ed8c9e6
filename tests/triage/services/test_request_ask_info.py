"""request_ask_info: a deficiency notice; received (intake) or in_review (a lawyer) → needs_info."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    asked,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    paused_kinds,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Kind, Status
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services._core import ERR_REASON_REQUIRED

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
ACTION = "ask the agency for information"


@pytest.mark.time_machine(NOW, tick=False)
def test_a_clerk_asks_the_agency_for_what_a_received_request_lacks(clerk):
    r = open_request()
    since = last_seq()

    services.request_ask_info(
        request=r, by=clerk, missing=["badge", "agent_phone"], explanation="No badge number."
    )

    assert fresh(r).status == Status.NEEDS_INFO
    event = the_one_event_since(since)
    assert said(event) == ("ask_info", "received", "needs_info", "clerk", "No badge number.")
    assert event.data["missing"] == ["badge", "agent_phone"]


@pytest.mark.time_machine(NOW, tick=False)
def test_the_agency_gets_thirty_days_to_answer(clerk):
    r = open_request(response_due_date=None)

    services.request_ask_info(request=r, by=clerk, missing=["badge"])

    assert open_deadlines(r) == [(DeadlineKind.NEEDS_INFO_EXPIRY, NOW + timedelta(days=30))]


@pytest.mark.time_machine(NOW, tick=False)
def test_the_response_clock_stops_while_the_agency_owes_information(clerk):
    r = open_request(response_due_date=date(2026, 7, 1))
    due = datetime(2026, 7, 1, 21, 59, 59, 999999, tzinfo=UTC)  # end of 1 July in Paris
    assert (DeadlineKind.RESPONSE_DUE, due) in open_deadlines(r)

    services.request_ask_info(request=r, by=clerk, missing=["badge"])

    assert fresh(r).response_paused_remaining == due - NOW
    assert [kind for kind, _ in open_deadlines(r)] == [DeadlineKind.NEEDS_INFO_EXPIRY]
    assert DeadlineKind.RESPONSE_DUE in paused_kinds(r)


def test_a_reviewer_asks_for_information_during_review(reviewer):
    r = request_in("in_review")
    since = last_seq()

    services.request_ask_info(request=r, by=reviewer, missing=[], explanation="Overbroad dates.")

    assert fresh(r).status == Status.NEEDS_INFO
    assert said(the_one_event_since(since)) == (
        "ask_info",
        "in_review",
        "needs_info",
        "reviewer",
        "Overbroad dates.",
    )


def test_a_clerk_cannot_ask_for_information_once_a_lawyer_reviews_the_request(clerk):
    r = request_in("in_review")

    refused(
        lambda: services.request_ask_info(request=r, by=clerk, missing=["badge"]),
        ActionNotPermitted,
        not_permitted(clerk, ACTION, r),
    )


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.IN_REVIEW])
def test_an_outsider_cannot_ask_for_information(outsider, status):
    r = walk_to(status)

    refused(
        lambda: services.request_ask_info(request=r, by=outsider, missing=["badge"]),
        ActionNotPermitted,
        not_permitted(outsider, ACTION, r),
    )


@pytest.mark.parametrize("explanation", ["", "   "])
def test_a_deficiency_notice_must_say_what_is_missing(clerk, explanation):
    r = open_request()

    refused(
        lambda: services.request_ask_info(request=r, by=clerk, missing=[], explanation=explanation),
        InvalidInput,
        ERR_REASON_REQUIRED,
    )


@pytest.mark.parametrize("status", statuses_except(Status.RECEIVED, Status.IN_REVIEW))
def test_it_refuses_a_deficiency_notice_from_any_other_status(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_ask_info(request=r, by=reviewer, missing=["badge"]),
        message=not_available(r, status_label(status)),
    )


def test_it_refuses_to_ask_for_information_about_an_interception_demand(clerk):
    r = open_request(Kind.INTERCEPTION)

    refused(
        lambda: services.request_ask_info(request=r, by=clerk, missing=["badge"]),
        TransitionRefused,
    )


def test_an_approval_asked_before_a_deficiency_notice_must_be_asked_again(reviewer, approver):
    r = asked(by=reviewer)
    services.request_ask_info(request=r, by=reviewer, missing=["signature"])
    r = services.request_answer(request=fresh(r), by=None)
    r = services.request_validate(request=r, by=None)
    r = fresh(services.request_start_review(request=r, by=None))

    assert r.approval_requested_by is None
    refused(lambda: services.request_approve(request=r, by=approver), TransitionRefused)
