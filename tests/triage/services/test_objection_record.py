"""objection_record: the user's objection, recorded by the team from the reply, pauses
disclosure: an approved request goes back to review, and neither approval nor disclosure is
possible while an objection is unresolved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import notice_send
from tests.triage.services.helpers import (
    approved,
    asked,
    called_back,
    conditions_unmet,
    events_since,
    fresh,
    last_seq,
    not_permitted,
    refused,
    walk_to,
    with_notice,
)
from triage import services
from triage.models import EventKind, Kind, Notice, Objection, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.objections import ERR_NO_NOTICE, ERR_OBJECTION_TEXT

TEXT = "I object: this account is used by my whole family, not only by the suspect."


def objected(r, by, **extra):
    return services.objection_record(
        request=r,
        by=by,
        text=TEXT,
        received_at=timezone.now(),
        objector="target@example.com",
        **extra,
    )


def test_an_objection_to_an_approved_request_sends_it_back_to_review(reviewer):
    r = with_notice(approved(), Notice.SENT)
    since = last_seq()

    objection = objected(r, reviewer, message_id="<reply-1@example.com>")

    r = fresh(r)
    assert r.status == Status.IN_REVIEW
    assert (r.approved_by, r.approval_requested_by) == (None, None)
    withdrawn, recorded = events_since(since)
    assert (withdrawn.action, withdrawn.from_state, withdrawn.to_state) == (
        "withdraw_approval",
        "approved",
        "in_review",
    )
    assert "The user objected" in withdrawn.reason
    assert (recorded.action, recorded.reason) == (EventKind.OBJECTION, TEXT)
    assert recorded.data["objection"] == objection.pk
    assert recorded.data["approval_withdrawn"] is True
    assert recorded.data["within_window"] is True
    assert (objection.objector, objection.message_id, objection.recorded_by) == (
        "target@example.com",
        "<reply-1@example.com>",
        reviewer,
    )
    assert objection.resolved_at is None


def test_while_an_objection_is_open_nobody_approves(reviewer, approver):
    r = with_notice(asked(), Notice.SENT)
    objected(r, reviewer)
    r = fresh(r)
    assert r.status == Status.IN_REVIEW

    refused(
        lambda: services.request_approve(request=r, by=approver),
        message=conditions_unmet(r, "approve disclosure", c.no_open_objection),
    )


def test_while_an_objection_is_open_nobody_discloses(reviewer, time_machine):
    r = with_notice(approved(), Notice.SENT)
    # As if it had come in by another path while approved (objection_record itself withdraws
    # the approval): the disclose condition still holds the line.
    Objection.objects.create(
        request=r, text=TEXT, received_at=timezone.now(), recorded_at=timezone.now()
    )
    time_machine.move_to(r.objection_window_ends_at + timedelta(minutes=1), tick=False)

    refused(
        lambda: services.request_disclose(request=r, by=reviewer),
        message=conditions_unmet(r, "disclose", c.no_open_objection),
    )


def test_an_objection_after_an_emergency_disclosure_is_recorded_without_pausing(reviewer):
    r = services.request_disclose(request=called_back(approved(Kind.EMERGENCY)), by=reviewer)
    r = notice_send(request=fresh(r), by=reviewer)
    since = last_seq()

    objected(r, reviewer)

    assert fresh(r).status == Status.DISCLOSED
    (event,) = events_since(since)
    assert (event.action, event.data["approval_withdrawn"]) == (EventKind.OBJECTION, False)


@pytest.mark.parametrize("notice", [Notice.NOT_DECIDED, Notice.DELAYED, Notice.NOT_REQUIRED])
def test_there_is_no_objection_without_a_notice_sent(reviewer, notice):
    r = with_notice(walk_to(Status.IN_REVIEW), notice)

    refused(
        lambda: objected(r, reviewer), InvalidInput, ERR_NO_NOTICE.format(reference=r.reference)
    )
    assert not Objection.objects.exists()


def test_an_objection_says_what_the_user_said(reviewer):
    r = with_notice(walk_to(Status.IN_REVIEW), Notice.SENT)

    refused(
        lambda: services.objection_record(
            request=r, by=reviewer, text="  ", received_at=timezone.now()
        ),
        InvalidInput,
        ERR_OBJECTION_TEXT,
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_records_an_objection(request, role):
    user = request.getfixturevalue(role)
    r = with_notice(approved(), Notice.SENT)

    refused(
        lambda: objected(r, user), ActionNotPermitted, not_permitted(user, "record an objection", r)
    )
    assert fresh(r).status == Status.APPROVED
    assert not Objection.objects.exists()


def test_an_objection_does_not_hold_back_an_approved_emergency(reviewer):
    r = with_notice(called_back(approved(Kind.EMERGENCY)), Notice.SENT)

    objected(r, reviewer)

    assert fresh(r).status == Status.APPROVED
    services.request_disclose(request=fresh(r), by=reviewer)
    assert fresh(r).status == Status.DISCLOSED
