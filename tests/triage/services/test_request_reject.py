"""request_reject: refused with reason codes and an explanation; received, validated or
in_review → rejected."""

import pytest

from tests.factories import open_request
from tests.triage.services.helpers import (
    asked,
    cancelled_kinds,
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
    with_notice,
)
from triage import services
from triage.models import DeadlineKind, Kind, Notice, RejectionReason, Status
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.closing import (
    ERR_INTERCEPTION_CODE,
    ERR_NO_REJECTION_CODE,
    ERR_OTHER_NEEDS_TEXT,
    ERR_UNKNOWN_CODE,
)

ACTION = "reject"


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.VALIDATED, Status.IN_REVIEW])
@pytest.mark.parametrize("role", ["reviewer", "approver", "admin_user"])
def test_a_lawyer_rejects_with_reasons_and_an_explanation(request, role, status):
    user = request.getfixturevalue(role)
    r = walk_to(status)
    since = last_seq()

    services.request_reject(
        request=r,
        by=user,
        reasons=[RejectionReason.OVERBROAD, RejectionReason.NO_LEGAL_BASIS],
        explanation="  Asks for every user in a city.  ",
    )

    r = fresh(r)
    assert r.status == Status.REJECTED
    assert r.rejection_reasons == ["overbroad", "no_legal_basis"]
    assert r.rejection_explanation == "Asks for every user in a city."
    event = the_one_event_since(since)
    assert said(event) == (
        "reject",
        status,
        "rejected",
        user.get_username(),
        "Asks for every user in a city.",
    )
    assert event.data["reasons"] == ["overbroad", "no_legal_basis"]


def test_each_reason_is_recorded_once(reviewer):
    r = open_request()

    services.request_reject(request=r, by=reviewer, reasons=["no_data", "overbroad", "no_data"])

    assert fresh(r).rejection_reasons == ["no_data", "overbroad"]


def test_a_request_awaiting_approval_can_still_be_rejected(reviewer, approver):
    r = asked(by=reviewer)

    services.request_reject(request=r, by=approver, reasons=["no_legal_basis"])

    assert fresh(r).status == Status.REJECTED


def test_rejection_stops_the_request_timers_but_not_the_non_disclosure_timer(reviewer):
    r = with_notice(walk_to(Status.IN_REVIEW, Kind.EMERGENCY), Notice.DELAYED)

    services.request_reject(request=r, by=reviewer, reasons=["no_legal_basis"])

    cancelled = cancelled_kinds(r)
    assert DeadlineKind.EMERGENCY_ESCALATION in cancelled
    assert DeadlineKind.RESPONSE_DUE in cancelled
    assert [kind for kind, _ in open_deadlines(r)] == [DeadlineKind.NONDISCLOSURE_END]


def test_an_interception_demand_is_rejected_for_want_of_capability(reviewer):
    r = open_request(Kind.INTERCEPTION)

    services.request_reject(
        request=r, by=reviewer, reasons=[RejectionReason.NO_CAPABILITY, RejectionReason.OVERBROAD]
    )

    r = fresh(r)
    assert (r.status, r.rejection_reasons) == (Status.REJECTED, ["no_capability", "overbroad"])


@pytest.mark.parametrize(
    ("reasons", "explanation", "message"),
    [
        ([], "Overbroad.", ERR_NO_REJECTION_CODE),
        (["overbroad", "too_late"], "", ERR_UNKNOWN_CODE.format(code="too_late")),
        (["other"], "", ERR_OTHER_NEEDS_TEXT),
        (["other", "overbroad"], "   ", ERR_OTHER_NEEDS_TEXT),
    ],
    ids=["no-reason", "unknown-code", "other-without-explanation", "other-with-blank-text"],
)
def test_it_refuses_a_rejection_it_could_not_explain(reviewer, reasons, explanation, message):
    r = walk_to(Status.IN_REVIEW)

    refused(
        lambda: services.request_reject(
            request=r, by=reviewer, reasons=reasons, explanation=explanation
        ),
        InvalidInput,
        message,
    )


def test_other_with_an_explanation_is_accepted(reviewer):
    r = open_request()

    services.request_reject(request=r, by=reviewer, reasons=["other"], explanation="Duplicate.")

    r = fresh(r)
    assert (r.rejection_reasons, r.rejection_explanation) == (["other"], "Duplicate.")


@pytest.mark.parametrize("reasons", [["overbroad"], ["other"]])
def test_an_interception_demand_cannot_be_rejected_without_no_capability(reviewer, reasons):
    r = open_request(Kind.INTERCEPTION)

    refused(
        lambda: services.request_reject(
            request=r, by=reviewer, reasons=reasons, explanation="Wiretap."
        ),
        InvalidInput,
        ERR_INTERCEPTION_CODE,
    )


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.VALIDATED, Status.IN_REVIEW])
@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_rejects(request, role, status):
    user = request.getfixturevalue(role)
    r = walk_to(status)

    refused(
        lambda: services.request_reject(request=r, by=user, reasons=["overbroad"]),
        ActionNotPermitted,
        not_permitted(user, ACTION, r),
    )


@pytest.mark.parametrize(
    "status", statuses_except(Status.RECEIVED, Status.VALIDATED, Status.IN_REVIEW)
)
def test_it_refuses_to_reject_from_any_other_status(reviewer, status):
    r = walk_to(status)

    refused(
        lambda: services.request_reject(request=r, by=reviewer, reasons=["overbroad"]),
        message=not_available(r, status_label(status)),
    )
