"""notice_forbid: the law forbids telling the user; not_decided or delayed → not_permitted."""

import pytest

from tests.triage.services.helpers import (
    cancelled_kinds,
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
from triage.services.notice_decisions import ERR_BASIS_REQUIRED

ACTION = "notice not permitted"


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_records_that_the_user_may_not_be_told(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)
    since = last_seq()

    services.notice_forbid(request=r, by=user, basis=" Sealed order, no end date. ")

    r = fresh(r)
    assert (r.notice, r.notice_basis) == (Notice.NOT_PERMITTED, "Sealed order, no end date.")
    assert said(the_one_event_since(since)) == (
        "notice_forbid",
        "not_decided",
        "not_permitted",
        user.get_username(),
        "Sealed order, no end date.",
    )


def test_a_delayed_notice_becomes_not_permitted_and_its_end_timer_stops(reviewer):
    r = with_notice(walk_to(Status.IN_REVIEW), Notice.DELAYED)
    since = last_seq()

    services.notice_forbid(request=r, by=reviewer, basis="The order was made permanent.")

    assert fresh(r).notice == Notice.NOT_PERMITTED
    assert said(the_one_event_since(since))[:3] == ("notice_forbid", "delayed", "not_permitted")
    assert cancelled_kinds(r) == [DeadlineKind.NONDISCLOSURE_END]
    assert DeadlineKind.NONDISCLOSURE_END not in [kind for kind, _ in open_deadlines(r)]


@pytest.mark.parametrize("basis", ["", "  "])
def test_forbidding_the_notice_needs_its_legal_basis(reviewer, basis):
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_forbid(request=r, by=reviewer, basis=basis),
        InvalidInput,
        ERR_BASIS_REQUIRED,
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_forbids_the_notice(request, role):
    user = request.getfixturevalue(role)
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.notice_forbid(request=r, by=user, basis="Sealed order."),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize("notice", [Notice.SENT, Notice.NOT_PERMITTED, Notice.NOT_REQUIRED])
def test_it_refuses_to_forbid_a_notice_already_sent_or_decided(reviewer, notice):
    r = with_notice(walk_to(Status.IN_REVIEW), notice)

    refused(
        lambda: services.notice_forbid(request=r, by=reviewer, basis="Sealed order."),
        message=not_available(r, notice_label(notice)),
    )
