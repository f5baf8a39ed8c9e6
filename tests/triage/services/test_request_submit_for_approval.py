"""request_submit_for_approval: the reviewer proposes disclosure; a second person must approve.
The status stays in_review; who asked, and when, is recorded."""

from datetime import UTC, datetime

import pytest

from tests.factories import request_in
from tests.triage.services.helpers import (
    conditions_unmet,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import Kind, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted, InvalidInput

ACTION = "ask for approval"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.time_machine(NOW, tick=False)
@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_asks_for_approval_of_a_disclosure(request, role):
    user = request.getfixturevalue(role)
    r = request_in("in_review")
    since = last_seq()

    services.request_submit_for_approval(request=r, by=user, note="Subpoena is in order.")

    r = fresh(r)
    assert r.status == Status.IN_REVIEW
    assert (r.approval_requested_by, r.approval_requested_at) == (user, NOW)
    assert (r.approved_by, r.approved_at) == (None, None)
    assert said(the_one_event_since(since)) == (
        "submit_for_approval",
        "in_review",
        "in_review",
        user.get_username(),
        "Subpoena is in order.",
    )


def test_an_emergency_needs_a_second_person_too(reviewer):
    r = request_in("in_review", Kind.EMERGENCY)

    services.request_submit_for_approval(request=r, by=reviewer)

    assert fresh(r).approval_requested_by == reviewer


@pytest.mark.parametrize("second", ["reviewer", "second_reviewer"])
def test_it_refuses_to_ask_for_approval_twice(request, reviewer, second):
    r = services.request_submit_for_approval(request=request_in("in_review"), by=reviewer)
    r = fresh(r)

    refused(
        lambda: services.request_submit_for_approval(request=r, by=request.getfixturevalue(second)),
        message=conditions_unmet(r, ACTION, c.approval_not_requested),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_asks_for_approval(request, role):
    user = request.getfixturevalue(role)
    r = request_in("in_review")

    refused(
        lambda: services.request_submit_for_approval(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


def test_lerq_itself_cannot_ask_for_approval(db):
    r = request_in("in_review")

    refused(lambda: services.request_submit_for_approval(request=r, by=None), InvalidInput)


@pytest.mark.parametrize("status", statuses_except(Status.IN_REVIEW))
def test_it_refuses_to_ask_for_approval_outside_review(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_submit_for_approval(request=r, by=reviewer),
        message=not_available(r, status_label(status)),
    )
