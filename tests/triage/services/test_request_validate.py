"""request_validate: received → validated, by intake (a clerk or anyone above)."""

import pytest

from tests.factories import open_request
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
from triage.services import ActionNotPermitted


@pytest.mark.parametrize("role", ["clerk", "reviewer", "approver", "admin_user"])
def test_intake_and_every_role_above_it_validates_a_received_request(request, role):
    user = request.getfixturevalue(role)
    r = open_request(Kind.SUBPOENA)
    since = last_seq()

    services.request_validate(request=r, by=user, note="sender checked against the .gov list")

    assert fresh(r).status == Status.VALIDATED
    event = the_one_event_since(since)
    assert event.request_id == r.pk
    assert said(event) == (
        "validate",
        "received",
        "validated",
        user.get_username(),
        "sender checked against the .gov list",
    )


def test_lerq_itself_validates_and_the_record_says_system(db):
    r = open_request(Kind.PRESERVATION)
    since = last_seq()

    services.request_validate(request=r, by=None)

    assert fresh(r).status == Status.VALIDATED
    assert said(the_one_event_since(since)) == ("validate", "received", "validated", "system", "")


def test_validating_leaves_the_user_notice_undecided(clerk):
    r = services.request_validate(request=open_request(), by=clerk)

    assert fresh(r).notice == "not_decided"


def test_an_outsider_cannot_validate(outsider):
    r = open_request()

    refused(
        lambda: services.request_validate(request=r, by=outsider),
        ActionNotPermitted,
        not_permitted(outsider, "validate", r),
    )


def test_it_refuses_to_validate_an_interception_demand(clerk):
    r = open_request(Kind.INTERCEPTION)

    refused(
        lambda: services.request_validate(request=r, by=clerk),
        message=conditions_unmet(r, "validate", c.not_interception),
    )


@pytest.mark.parametrize("status", statuses_except(Status.RECEIVED))
def test_it_refuses_to_validate_a_request_that_is_not_received(clerk, status):
    r = walk_to(status)

    refused(
        lambda: services.request_validate(request=r, by=clerk),
        message=not_available(r, status_label(status)),
    )
