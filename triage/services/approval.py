"""What an approval binds, and what makes it fall (triage/package.py says what a package is).

An approval records the package the approver saw. Any change to it afterwards (a record added
or built, the destination, the legal process, the targets, the no-data decision) withdraws the
approval in the transaction of that change, with an Event saying what changed, and the approver
is told. ``request_disclose`` refuses a package whose hash is not the approved one, so a path
that forgot to call ``approval_recheck`` still cannot send what nobody approved.
"""

from typing import Any

from django.conf import settings
from django.db import transaction

from triage import deadlines as dl
from triage.audit import event_append
from triage.models import DeadlineKind, EventKind, Kind, Request, Status
from triage.models.conditions import REVIEW
from triage.notices.approval import approval_withdrawn_mail
from triage.package import (
    eu_category_problems,
    latest_production,
    package_changes,
    package_of,
    package_sha256,
    same_agency,
)
from triage.services._core import (
    ActionNotPermitted,
    InvalidInput,
    TransitionRefused,
    act,
    deadline_set,
    lock,
    now,
    require_perm,
)

ERR_PACKAGE_CHANGED = (
    "{reference}: what would go out is not what was approved, so it cannot be disclosed: "
    "{changes}. It must be approved again."
)
ERR_PACKAGE_MOVED = (
    "{reference}: the disclosure package changed while you were looking at it ({changes}). "
    "Reload, check it, and approve again."
)
ERR_NO_DATA_STATUS = "{reference} is {status}: nothing-to-produce is decided during review."
ERR_NO_DATA_BUILT = (
    "{reference} has a built production: there is something to produce. Records that should not "
    "go out are left out of a new production instead."
)
ERR_NO_DATA_REASON = "Say why there is nothing to produce: the reason goes on the record."
ERR_DESTINATION_REASON = (
    "{address} is not on the domain of the government sender lerq verified ({sender}): only a "
    "reviewer may send a disclosure there, and must say why."
)
ERR_DESTINATION_APPROVED = (
    "{user} may not change where the approved disclosure of {reference} goes: a reviewer "
    "must change it, which withdraws the approval."
)
ERR_DESTINATION_EMPTY = "A disclosure needs an address to go to."
NO_SENDER = "no government sender was verified for this request"
ERR_EU_CATEGORIES = "{reference}: the production may not go out as it is: {problems}"


def approval_binding(request: Request) -> tuple[dict[str, Any], str]:
    """The package as it is now, and its hash: what an approval stores."""
    package = package_of(request)
    return package, package_sha256(package)


def approval_recheck(*, request: Request, by: Any, cause: str) -> bool:
    """Inside the transaction of a change, with ``request``'s row locked and in its current
    state: if it is approved and its package is no longer the approved one, the approval falls
    now (an Event naming what changed) and the approver is told. True when it fell."""
    if request.status != Status.APPROVED:
        return False
    current = package_of(request)
    if package_sha256(current) == request.approved_package_sha256:
        return False
    changes = package_changes(request.approved_package, current)
    approver, asker = request.approved_by, request.approval_requested_by
    who = by.get_username() if by is not None else "lerq"
    act(
        request,
        "withdraw_approval",
        by=None,
        reason=f"The approved package changed ({cause}, by {who}): {'; '.join(changes)}.",
        data={
            "automatic": True,
            "cause": cause,
            "changed_by": who,
            "changed": changes,
            "approved_package_sha256": request.approved_package_sha256,
            "package_sha256": package_sha256(current),
        },
        # Approval is still asked for: the approver sees the new package and decides again.
        changes={
            "approved_by": None,
            "approved_at": None,
            "approved_package": {},
            "approved_package_sha256": "",
        },
        held=True,
    )
    emergency_undecided(request)
    approval_withdrawn_mail(
        request=request, approver=approver, asker=asker, cause=cause, changes=changes
    )
    return True


def emergency_undecided(request: Request) -> None:
    """An emergency whose approval fell is undecided again: its escalations resume."""
    if request.kind != Kind.EMERGENCY:
        return
    due, basis = dl.add_minutes(
        now(),
        settings.LERQ_EMERGENCY_ESCALATION_MINUTES,
        "emergency undecided again after its approval was withdrawn",
    )
    deadline_set(request=request, kind=DeadlineKind.EMERGENCY_ESCALATION, due_at=due, basis=basis)


def disclosure_refusal(request: Request) -> str | None:
    """Why the approved package cannot go out as it is now (None: it can)."""
    if problems := eu_category_problems(request):
        return ERR_EU_CATEGORIES.format(reference=request.reference, problems=" ".join(problems))
    if not request.approved_package_sha256:
        return None  # the transition's conditions say it
    current = package_of(request)
    if package_sha256(current) == request.approved_package_sha256:
        return None
    changes = package_changes(request.approved_package, current)
    return ERR_PACKAGE_CHANGED.format(reference=request.reference, changes="; ".join(changes))


@transaction.atomic(durable=True)
def request_no_data_record(*, request: Request, by: Any, reason: str) -> Request:
    """A reviewer decides, with a reason, that there is nothing to produce (no data held): the
    package approved and sent is then a letter saying so, with no records."""
    require_perm(by, REVIEW, "decide that there is nothing to produce", request.reference)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(ERR_NO_DATA_REASON)
    locked = lock(request)
    if locked.status not in (Status.IN_REVIEW, Status.APPROVED):
        raise TransitionRefused(
            ERR_NO_DATA_STATUS.format(
                reference=locked.reference, status=locked.get_status_display().lower()
            )
        )
    if latest_production(locked) is not None:
        raise TransitionRefused(ERR_NO_DATA_BUILT.format(reference=locked.reference))
    before = locked.no_data_reason
    locked.no_data_reason = reason[:2000]
    locked.save(update_fields=["no_data_reason"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.NO_DATA,
        at=now(),
        reason=locked.no_data_reason,
        data={"before": before or None},
    )
    approval_recheck(request=locked, by=by, cause="the decision that there is nothing to produce")
    return locked


def destination_change(*, request: Request, by: Any, address: str, reason: str) -> dict[str, Any]:
    """The rules for a new ``agent_email`` on the locked ``request`` (not saved here): on the
    verified sender's domain, anyone who corrects fields may set it before approval; elsewhere,
    only a reviewer with a reason. Nobody but a reviewer changes an approved destination.
    Returns the fields to save."""
    reviewer = by is None or by.has_perm(REVIEW)
    if request.status == Status.APPROVED and not reviewer:
        raise ActionNotPermitted(
            ERR_DESTINATION_APPROVED.format(user=by.get_username(), reference=request.reference)
        )
    address = address.strip()
    if not address:
        return {"agent_email": "", "destination_set_by": None, "destination_reason": ""}
    if request.sender_address and same_agency(address, request.sender_address):
        return {"agent_email": address, "destination_set_by": None, "destination_reason": ""}
    reason = " ".join(reason.split())
    if not reviewer or not reason:
        raise InvalidInput(
            ERR_DESTINATION_REASON.format(
                address=address, sender=request.sender_address or NO_SENDER
            )
        )
    return {"agent_email": address, "destination_set_by": by, "destination_reason": reason}


@transaction.atomic(durable=True)
def request_destination_confirm(*, request: Request, by: Any, reason: str) -> Request:
    """A reviewer decides, with a reason, that the disclosure goes to the request's current
    agent_email although lerq could not verify it (a request by post, a held mail opened by
    hand, an agency writing from another of its domains)."""
    require_perm(by, REVIEW, "decide where the disclosure goes", request.reference)
    locked = lock(request)
    if not locked.agent_email:
        raise InvalidInput(ERR_DESTINATION_EMPTY)
    fields = destination_change(
        request=locked, by=by, address=locked.agent_email, reason=reason or ""
    )
    if fields["destination_set_by"] is None:
        return locked  # verified by its domain: nothing to decide
    locked.destination_set_by = fields["destination_set_by"]
    locked.destination_reason = fields["destination_reason"]
    locked.save(update_fields=["destination_set_by", "destination_reason"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.DESTINATION_SET,
        at=now(),
        reason=locked.destination_reason,
        data={"to": locked.agent_email, "verified_sender": locked.sender_address or None},
    )
    approval_recheck(request=locked, by=by, cause="the destination was decided")
    return locked
