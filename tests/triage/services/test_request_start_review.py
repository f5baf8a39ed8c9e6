"""request_start_review: a lawyer examines legal process; validated (or an emergency on
arrival) → in_review."""

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    cancelled_kinds,
    conditions_unmet,
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
from triage.models import DeadlineKind, Kind, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted

ACTION = "start review"

LEGAL_PROCESS = [
    Kind.SUBPOENA,
    Kind.COURT_ORDER,
    Kind.SEARCH_WARRANT,
    Kind.INTERNATIONAL,
    Kind.ACCESS_RESTRICTION,
    Kind.USER_CONSENT,
    Kind.RECORDS_AUTHENTICATION,
]


@pytest.mark.parametrize("kind", LEGAL_PROCESS)
def test_a_reviewer_starts_the_review_of_validated_legal_process(reviewer, kind):
    r = request_in("validated", kind)
    since = last_seq()

    services.request_start_review(request=r, by=reviewer, note="Taking this one.")

    assert fresh(r).status == Status.IN_REVIEW
    assert said(the_one_event_since(since)) == (
        "start_review",
        "validated",
        "in_review",
        "reviewer",
        "Taking this one.",
    )


@pytest.mark.parametrize("role", ["approver", "admin_user"])
def test_every_role_above_reviewer_may_start_a_review(request, role):
    user = request.getfixturevalue(role)
    r = request_in("validated")

    services.request_start_review(request=r, by=user)

    assert fresh(r).status == Status.IN_REVIEW


def test_an_emergency_goes_to_review_on_arrival_and_is_thereby_acknowledged(reviewer):
    # Acknowledged, not decided: the escalations go on until a decision.
    r = open_request(Kind.EMERGENCY)
    since = last_seq()

    services.request_start_review(request=r, by=reviewer)

    assert fresh(r).status == Status.IN_REVIEW
    assert said(the_one_event_since(since))[:4] == (
        "start_review",
        "received",
        "in_review",
        "reviewer",
    )
    assert cancelled_kinds(r) == [DeadlineKind.EMERGENCY_ACK]
    assert DeadlineKind.EMERGENCY_ESCALATION in [kind for kind, _ in open_deadlines(r)]


def test_it_refuses_to_review_a_received_request_that_is_not_an_emergency(reviewer):
    r = open_request(Kind.SUBPOENA)

    refused(
        lambda: services.request_start_review(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.reviewable),
    )


def test_it_refuses_to_review_a_preservation(reviewer):
    r = request_in("validated", Kind.PRESERVATION)

    refused(
        lambda: services.request_start_review(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.reviewable),
    )


def test_it_refuses_to_review_a_preservation_extension(reviewer):
    r = validated_extension(request_in("preserved", Kind.PRESERVATION))

    refused(
        lambda: services.request_start_review(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.reviewable),
    )


def test_it_refuses_to_review_an_interception_demand(reviewer):
    r = open_request(Kind.INTERCEPTION)

    refused(
        lambda: services.request_start_review(request=r, by=reviewer),
        message=conditions_unmet(r, ACTION, c.reviewable),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_starts_a_review(request, role):
    user = request.getfixturevalue(role)
    r = request_in("validated")

    refused(
        lambda: services.request_start_review(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


def test_a_clerk_cannot_start_the_review_of_an_emergency_either(clerk):
    r = open_request(Kind.EMERGENCY)

    refused(
        lambda: services.request_start_review(request=r, by=clerk),
        ActionNotPermitted,
        not_permitted(clerk, ACTION, r),
    )


@pytest.mark.parametrize("status", statuses_except(Status.RECEIVED, Status.VALIDATED))
def test_it_refuses_to_start_a_review_from_any_other_status(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_start_review(request=r, by=reviewer),
        message=not_available(r, status_label(status)),
    )
