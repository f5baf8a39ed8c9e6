"""Who holds a request (its assignee) and which requests belong together (its matter)."""

from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.models import EventKind, Matter, Request
from triage.models.conditions import INTAKE
from triage.services._core import InvalidInput, lock, matter_of, now, require_perm

ERR_NOT_ASSIGNABLE = "{user} cannot be assigned requests: not an active member of the legal team."


@transaction.atomic(durable=True)
def request_assign(*, request: Request, by: Any, assignee: Any) -> Request:
    """Give the request to a member of the team (None: back to the team)."""
    require_perm(by, INTAKE, "assign", request.reference)
    if assignee is not None and not (assignee.is_active and assignee.has_perm(INTAKE)):
        raise InvalidInput(ERR_NOT_ASSIGNABLE.format(user=assignee.get_username()))
    locked = lock(request)
    before = locked.assignee.get_username() if locked.assignee else None
    locked.assignee = assignee
    locked.save(update_fields=["assignee"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.ASSIGNED,
        at=now(),
        data={"from": before, "to": assignee.get_username() if assignee else None},
    )
    return locked


@transaction.atomic(durable=True)
def request_link(*, request: Request, other: Request, by: Any) -> Matter:
    """Put two requests (and everything already linked to either) in one matter."""
    require_perm(by, INTAKE, "link", request.reference)
    if request.pk == other.pk:
        raise InvalidInput("A request cannot be linked to itself.")
    first, second = sorted([request, other], key=lambda r: r.pk)
    first, second = lock(first), lock(second)
    matter = matter_of(first)
    if second.matter_id and second.matter_id != matter.pk:
        Request.objects.filter(matter_id=second.matter_id).update(matter=matter)
    elif second.matter_id is None:
        Request.objects.filter(pk=second.pk).update(matter=matter)
    for this, that in ((first, second), (second, first)):
        event_append(
            request=this,
            actor=by,
            action=EventKind.LINKED,
            at=now(),
            data={"matter": matter.pk, "with": that.reference},
        )
    return matter
