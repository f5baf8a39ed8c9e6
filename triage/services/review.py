"""The review transitions: a lawyer takes the request, asks for approval, a second person
approves exactly the package in front of them (or the approval is withdrawn), and the
approved package is disclosed."""

from typing import Any

from django.db import transaction

from triage.channels import channel_for
from triage.models import DeadlineKind, Request
from triage.notices.approval import (
    approval_asked_mail,
    approval_given_mail,
    approval_withdrawn_by_person_mail,
)
from triage.services._core import (
    InvalidInput,
    RequestChanged,
    TransitionRefused,
    act,
    after_commit,
    deadlines_cancel,
    lock,
    now,
    reason_required,
)
from triage.services.approval import (
    ERR_PACKAGE_MOVED,
    approval_binding,
    disclosure_refusal,
    emergency_undecided,
)
from triage.services.letters import letter_issue
from triage.services.notice_decisions import emergency_notice_timer_set
from triage.services.readings import rules_hold

# The approver's memo (what they checked) goes on the approve Event, as its reason.
MEMO_MAX = 2000
ERR_MEMO_TOO_LONG = "The memo is longer than {limit} characters: say it more briefly."


_EMERGENCY_TIMERS = [DeadlineKind.EMERGENCY_ACK, DeadlineKind.EMERGENCY_ESCALATION]
# Timers that stop mattering once a decision is taken on the request.
_DECISION_TIMERS = [
    DeadlineKind.OBJECTION_WINDOW_END,
    DeadlineKind.RESPONSE_DUE,
    DeadlineKind.RESPONSE_REMINDER,
    DeadlineKind.EMERGENCY_ACK,
    DeadlineKind.EMERGENCY_ESCALATION,
]


@transaction.atomic(durable=True)
def request_start_review(
    *, request: Request, by: Any, note: str = "", override: str = ""
) -> Request:
    """A lawyer takes the request; the rules hold as for validate (``override``: a reviewer's
    reason to go ahead with something missing, on the record)."""
    check = rules_hold(by=by, override=override, label="start review")
    request = act(request, "start_review", by=by, reason=note, check=check)
    # A lawyer has the emergency in hand: it is acknowledged.
    deadlines_cancel(request=request, kinds=[DeadlineKind.EMERGENCY_ACK])
    return request


@transaction.atomic(durable=True)
def request_submit_for_approval(*, request: Request, by: Any, note: str = "") -> Request:
    if by is None:
        raise InvalidInput("Only a person can ask for approval.")
    request = act(
        request,
        "submit_for_approval",
        by=by,
        reason=note,
        changes={"approval_requested_by": by, "approval_requested_at": now()},
    )
    approval_asked_mail(request=request, asker=by, note=note)
    _send_after_commit()
    return request


def _send_after_commit() -> None:
    """The outbox rows this transaction wrote go out once it commits."""
    from triage.tasks import send_mail

    after_commit(send_mail.delay)


@transaction.atomic(durable=True)
def request_approve(
    *,
    request: Request,
    by: Any,
    note: str = "",
    seen_package: str | None = None,
    override: str = "",
) -> Request:
    """A second person approves exactly the package in front of them: the records by hash,
    the destination, the legal basis and the letter are stored with the approval.
    ``seen_package``: the package hash the approver's page showed; if the package changed
    since, nothing is approved. The rules hold as for validate (``override``)."""
    if by is None:
        raise InvalidInput("Only a person can approve a disclosure.")
    note = note.strip()
    if len(note) > MEMO_MAX:
        raise InvalidInput(ERR_MEMO_TOO_LONG.format(limit=MEMO_MAX))
    locked = lock(request)
    package, digest = approval_binding(locked)
    if seen_package is not None and seen_package != digest:
        raise RequestChanged(
            ERR_PACKAGE_MOVED.format(
                reference=locked.reference, changes="it is not the one your page showed"
            )
        )
    request = act(
        locked,
        "approve",
        by=by,
        reason=note,
        data={
            **(
                {"asked_by": locked.approval_requested_by.get_username()}
                if locked.approval_requested_by
                else {}
            ),
            "package_sha256": digest,
            "package": package,
        },
        changes={
            "approved_by": by,
            "approved_at": now(),
            "approved_package": package,
            "approved_package_sha256": digest,
        },
        held=True,
        check=rules_hold(by=by, override=override, label="approve disclosure"),
    )
    # An approved emergency is decided: the escalations stop.
    deadlines_cancel(request=request, kinds=_EMERGENCY_TIMERS)
    approval_given_mail(request=request, approver=by, memo=note)
    _send_after_commit()
    return request


@transaction.atomic(durable=True)
def request_withdraw_approval(*, request: Request, by: Any, reason: str) -> Request:
    """Back to review; an emergency is undecided again, so its escalations resume. Whoever
    asked for the approval and whoever gave it are told, and why."""
    asker, approver = request.approval_requested_by, request.approved_by
    request = act(
        request,
        "withdraw_approval",
        by=by,
        reason=reason_required(reason),
        changes={
            "approval_requested_by": None,
            "approval_requested_at": None,
            "approved_by": None,
            "approved_at": None,
            "approved_package": {},
            "approved_package_sha256": "",
        },
    )
    emergency_undecided(request)
    if by is not None:
        approval_withdrawn_by_person_mail(
            request=request, by=by, asker=asker, approver=approver, reason=reason
        )
        _send_after_commit()
    return request


@transaction.atomic(durable=True)
def request_disclose(*, request: Request, by: Any, note: str = "") -> Request:
    """One act: the approved package, and nothing else, is queued for the agency (the signed
    cover letter with the production) and the Event records its hashes and its destination."""
    locked = lock(request)
    refusal = disclosure_refusal(locked)
    if refusal:
        raise TransitionRefused(refusal)
    channel_for(locked).check()  # e-CODEX is not connected: said now, not by a failed letter
    package = locked.approved_package
    production = package.get("production") or {}
    sent = {
        "package_sha256": locked.approved_package_sha256,
        "to": package.get("destination", []),
        "production": production.get("id"),
        "production_sha256": production.get("sha256"),
        "manifest_sha256": production.get("manifest_sha256"),
        "records": len(production.get("records") or []),
        "no_data": bool(package.get("no_data")),
    }
    request = act(locked, "disclose", by=by, reason=note, data=sent, held=True)
    deadlines_cancel(request=request, kinds=_DECISION_TIMERS)
    emergency_notice_timer_set(request)  # the user is told once the emergency has passed
    letter_issue(
        request=request,
        kind="disclosure",
        by=by,
        extra={
            "to": sent["to"],
            "package_sha256": sent["package_sha256"],
            "production_id": sent["production"],
            "no_data": package.get("no_data"),
        },
        locked=True,
    )
    return request
