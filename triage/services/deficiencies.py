"""Intake proposes, the clerk decides (issue 16): what intake found missing in a request is
kept on it as a proposal, shown on its page in the deficiency form, and nothing is sent until
a clerk asks the agency (request_ask_info) and sends the notice it drafts."""

from typing import Any

from django.db import transaction

from triage.audit import event_append
from triage.models import EventKind, Request, Status
from triage.models.conditions import INTAKE
from triage.services._core import lock, now, require_perm
from triage.services.opening import proposed_clean


@transaction.atomic(durable=True)
def request_deficiencies_propose(
    *,
    request: Request,
    by: Any,
    items: list[dict[str, str]],
    unsure: list[dict[str, Any]] | None = None,
) -> Request:
    """Keep intake's reading of what is missing ([{name, sentence}]) on a received request,
    on the record. A request already decided (asked, validated, …) is left as it is.
    ``unsure``: the fields intake was not sure enough of to send the notice alone with
    LERQ_AUTO_DEFICIENCY on ([{name, confidence}]), shown on the page as why it waited."""
    require_perm(by, INTAKE, "propose deficiencies", request.reference)
    locked = lock(request)
    proposed = proposed_clean(items)
    if locked.status != Status.RECEIVED or proposed == locked.proposed_deficiencies:
        return locked
    locked.proposed_deficiencies = proposed
    locked.deficiency_unsure = list(unsure or [])
    locked.save(update_fields=["proposed_deficiencies", "deficiency_unsure"])
    event_append(
        request=locked,
        actor=by,
        action=EventKind.DEFICIENCIES_PROPOSED,
        at=now(),
        data={"proposed": proposed, **({"unsure": unsure} if unsure else {})},
    )
    return locked
