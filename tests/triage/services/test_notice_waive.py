"""notice_waive: there is nobody to tell (the user consented, no account); not_decided →
not_required."""

import pytest

from tests.triage.services.helpers import (
    fresh,
    last_seq,
    not_available,
    not_permitted,
    notice_label,
    refused,
    said,
    the_one_event_since,
    walk_to,
    with_notice,
)
from triage import services
from triage.models import Kind, Notice, Status
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.notice_decisions import ERR_BASIS_REQUIRED

ACTION = "notice not required"


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_records_that_no_notice_is_required(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW, Kind.USER_CONSENT)
    since = last_seq()

    services.notice_waive(request=r, by=user, basis="The user consented to the disclosure.")

    r = fresh(r)
    assert (r.notice, r.status) == (Notice.NOT_REQUIRED, Status.IN_REVIEW)
    assert r.notice_basis == "The user consented to the disclosure."
    assert said(the_one_event_since(since)) == (
        "notice_waive",
        "not_decided",
        "not_required",
        user.get_username(),
        "The user consented to the disclosure.",
    )


@pytest.mark.parametrize("basis", ["", "  "])
def test_waiving_the_notice_needs_a_reason(reviewer, basis):
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_waive(request=r, by=reviewer, basis=basis),
        InvalidInput,
        ERR_BASIS_REQUIRED,
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_waives_the_notice(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_waive(request=r, by=user, basis="No account."),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize(
    "notice", [Notice.SENT, Notice.DELAYED, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED]
)
def test_it_refuses_to_waive_a_notice_already_decided(reviewer, notice):
    r = with_notice(walk_to(Status.IN_REVIEW), notice)

    refused(
        lambda: services.notice_waive(request=r, by=reviewer, basis="No account."),
        message=not_available(r, notice_label(notice)),
    )
