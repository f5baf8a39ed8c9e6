"""objection_resolve: the team decides on the user's objection. Overruled, disclosure may
proceed once approved again; upheld, the request is rejected (or narrowed and approved again)."""

import pytest
from django.utils import timezone

from tests.triage.services.helpers import (
    approved,
    events_since,
    fresh,
    last_seq,
    not_permitted,
    refused,
    with_notice,
)
from triage import services
from triage.models import EventKind, Notice, Objection, Status
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.objections import ERR_OUTCOME, ERR_RESOLUTION_REQUIRED, ERR_RESOLVED


@pytest.fixture
def objection(reviewer):
    r = with_notice(approved(), Notice.SENT)
    return services.objection_record(
        request=r, by=reviewer, text="Not my account.", received_at=timezone.now()
    )


def test_an_overruled_objection_lets_the_request_be_approved_again(
    objection, reviewer, second_reviewer, approver
):
    since = last_seq()

    resolved = services.objection_resolve(
        objection=objection,
        by=reviewer,
        outcome=Objection.Outcome.OVERRULED,
        resolution="The account is registered to the suspect alone.",
    )

    assert (resolved.outcome, resolved.resolved_by) == ("overruled", reviewer)
    assert resolved.resolved_at is not None
    (event,) = events_since(since)
    assert (event.action, event.data["outcome"]) == (EventKind.OBJECTION_RESOLVE, "overruled")
    r = services.request_submit_for_approval(request=fresh(objection.request), by=second_reviewer)
    r = services.request_approve(request=r, by=approver)
    assert fresh(r).status == Status.APPROVED


def test_an_upheld_objection_is_followed_by_a_rejection(objection, reviewer):
    services.objection_resolve(
        objection=objection,
        by=reviewer,
        outcome=Objection.Outcome.UPHELD,
        resolution="The request names an account the suspect does not use.",
    )

    r = services.request_reject(
        request=fresh(objection.request), by=reviewer, reasons=["overbroad"]
    )

    assert fresh(r).status == Status.REJECTED


def test_an_objection_is_resolved_once(objection, reviewer):
    services.objection_resolve(
        objection=objection, by=reviewer, outcome="overruled", resolution="No merit."
    )

    refused(
        lambda: services.objection_resolve(
            objection=objection, by=reviewer, outcome="upheld", resolution="Changed my mind."
        ),
        InvalidInput,
        ERR_RESOLVED.format(outcome="overruled: disclosure may proceed"),
    )


@pytest.mark.parametrize(
    ("outcome", "resolution", "message"),
    [
        ("ignored", "…", ERR_OUTCOME.format(outcome="ignored")),
        ("upheld", "  ", ERR_RESOLUTION_REQUIRED),
    ],
)
def test_it_needs_an_outcome_and_its_reasons(objection, reviewer, outcome, resolution, message):
    refused(
        lambda: services.objection_resolve(
            objection=objection, by=reviewer, outcome=outcome, resolution=resolution
        ),
        InvalidInput,
        message,
    )
    assert fresh_objection(objection).resolved_at is None


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_resolves_an_objection(request, objection, role):
    user = request.getfixturevalue(role)

    refused(
        lambda: services.objection_resolve(
            objection=objection, by=user, outcome="overruled", resolution="No."
        ),
        ActionNotPermitted,
        not_permitted(user, "resolve an objection", objection.request),
    )
    assert fresh_objection(objection).resolved_at is None


def fresh_objection(objection):
    return Objection.objects.get(pk=objection.pk)
