"""request_withdraw_approval: something changed after approval; approved → in_review, and the
approval (who asked, who approved, when) is cleared."""

import pytest

from tests.triage.services.helpers import (
    approved,
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
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Kind, Status
from triage.services import ActionNotPermitted, InvalidInput
from triage.services._core import ERR_REASON_REQUIRED

ACTION = "withdraw approval"


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_withdraws_an_approval_and_the_request_is_reviewed_again(request, role):
    user = request.getfixturevalue(role)
    r = approved()
    assert r.approval_requested_by is not None
    assert r.approved_by is not None
    since = last_seq()

    services.request_withdraw_approval(request=r, by=user, reason="The user objected.")

    r = fresh(r)
    assert r.status == Status.IN_REVIEW
    assert (
        r.approval_requested_by,
        r.approval_requested_at,
        r.approved_by,
        r.approved_at,
    ) == (None, None, None, None)
    assert said(the_one_event_since(since)) == (
        "withdraw_approval",
        "approved",
        "in_review",
        user.get_username(),
        "The user objected.",
    )


def test_after_a_withdrawal_approval_must_be_asked_and_given_again(reviewer, approver):
    r = services.request_withdraw_approval(request=approved(), by=reviewer, reason="New facts.")

    services.request_submit_for_approval(request=fresh(r), by=reviewer)
    services.request_approve(request=fresh(r), by=approver)

    r = fresh(r)
    assert (r.status, r.approval_requested_by, r.approved_by) == (
        Status.APPROVED,
        reviewer,
        approver,
    )


def test_an_emergency_sent_back_to_review_is_escalated_again(reviewer):
    r = approved(Kind.EMERGENCY)

    services.request_withdraw_approval(request=r, by=reviewer, reason="New facts.")

    assert DeadlineKind.EMERGENCY_ESCALATION in [kind for kind, _ in open_deadlines(r)]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_must_say_why(reviewer, reason):
    r = approved()

    refused(
        lambda: services.request_withdraw_approval(request=r, by=reviewer, reason=reason),
        InvalidInput,
        ERR_REASON_REQUIRED,
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_withdraws_an_approval(request, role):
    user = request.getfixturevalue(role)
    r = approved()

    refused(
        lambda: services.request_withdraw_approval(request=r, by=user, reason="No."),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize("status", statuses_except(Status.APPROVED))
def test_it_refuses_to_withdraw_an_approval_that_was_not_given(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_withdraw_approval(request=r, by=reviewer, reason="New facts."),
        message=not_available(r, status_label(status)),
    )
