"""request_approve: a senior lawyer other than the one who asked signs off the disclosure;
in_review (approval asked) → approved."""

from datetime import UTC, datetime

import pytest

from tests.factories import request_in
from tests.triage.services.helpers import (
    asked,
    cancelled_kinds,
    conditions_unmet,
    fresh,
    last_seq,
    not_available,
    not_permitted,
    open_deadlines,
    package_prepare,
    refused,
    said,
    status_label,
    statuses_except,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Kind, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted, InvalidInput
from triage.services._core import ERR_SELF_APPROVAL

ACTION = "approve disclosure"
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def self_approval(user, request):
    return ERR_SELF_APPROVAL.format(
        user=user.get_username(), action=ACTION, reference=request.reference
    )


@pytest.mark.time_machine(NOW, tick=False)
def test_an_approver_approves_the_disclosure_a_reviewer_asked_for(reviewer, approver):
    r = asked(by=reviewer)
    since = last_seq()

    services.request_approve(request=r, by=approver, note="Scope is narrow enough.")

    r = fresh(r)
    assert r.status == Status.APPROVED
    assert (r.approved_by, r.approved_at) == (approver, NOW)
    assert r.approval_requested_by == reviewer
    event = the_one_event_since(since)
    assert said(event) == (
        "approve",
        "in_review",
        "approved",
        "approver",
        "Scope is narrow enough.",
    )
    assert event.data["asked_by"] == "reviewer"


def test_an_admin_approves_like_an_approver(reviewer, admin_user):
    r = asked(by=reviewer)

    services.request_approve(request=r, by=admin_user)

    assert fresh(r).approved_by == admin_user


def test_an_approver_cannot_approve_the_disclosure_they_asked_for(approver):
    r = asked(by=approver)

    refused(
        lambda: services.request_approve(request=r, by=approver),
        ActionNotPermitted,
        self_approval(approver, r),
    )


def test_a_second_approver_approves_what_the_first_approver_asked_for(approver, second_approver):
    r = asked(by=approver)

    services.request_approve(request=r, by=second_approver)

    r = fresh(r)
    assert (r.status, r.approval_requested_by, r.approved_by) == (
        Status.APPROVED,
        approver,
        second_approver,
    )


def test_a_reviewer_cannot_approve_the_disclosure_they_asked_for(reviewer):
    r = asked(by=reviewer)

    refused(
        lambda: services.request_approve(request=r, by=reviewer),
        ActionNotPermitted,
        self_approval(reviewer, r),
    )


def test_a_reviewer_cannot_approve_what_another_reviewer_asked_for(reviewer, second_reviewer):
    r = asked(by=reviewer)

    refused(
        lambda: services.request_approve(request=r, by=second_reviewer),
        ActionNotPermitted,
        not_permitted(second_reviewer, ACTION, r),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_nobody_outside_the_approvers_can_approve(request, reviewer, role):
    user = request.getfixturevalue(role)
    r = asked(by=reviewer)

    refused(
        lambda: services.request_approve(request=r, by=user),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


def test_lerq_itself_never_approves(reviewer):
    r = asked(by=reviewer)

    refused(lambda: services.request_approve(request=r, by=None), InvalidInput)


def test_it_refuses_to_approve_before_anyone_asked_for_approval(approver):
    r = package_prepare(request_in("in_review"))

    refused(
        lambda: services.request_approve(request=r, by=approver),
        message=conditions_unmet(r, ACTION, c.approval_requested),
    )


def test_an_emergency_is_approved_by_a_second_person_too(approver, second_approver):
    r = asked(Kind.EMERGENCY, by=approver)

    refused(lambda: services.request_approve(request=r, by=approver), ActionNotPermitted)
    services.request_approve(request=r, by=second_approver)

    assert fresh(r).status == Status.APPROVED


def test_an_approved_emergency_is_decided_and_stops_escalating(reviewer, approver):
    r = asked(Kind.EMERGENCY, by=reviewer)
    assert DeadlineKind.EMERGENCY_ESCALATION in [kind for kind, _ in open_deadlines(r)]

    services.request_approve(request=r, by=approver)

    assert DeadlineKind.EMERGENCY_ESCALATION not in [kind for kind, _ in open_deadlines(r)]
    assert DeadlineKind.EMERGENCY_ESCALATION in cancelled_kinds(r)


@pytest.mark.parametrize("status", statuses_except(Status.IN_REVIEW))
def test_it_refuses_to_approve_outside_review(approver, status):
    r = walk_to(status)

    refused(
        lambda: services.request_approve(request=r, by=approver),
        message=not_available(r, status_label(status)),
    )
