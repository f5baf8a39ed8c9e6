"""Who may correct what lerq read off a request, and whether the rules hold on what it now says.

Two rules shared by the services that correct a reading (fields.py, corrections.py) and by the
transitions that rest on it (validate, start_review, approve in validation.py and review.py):

- An intake clerk corrects the descriptive readings (who asks, the dates, letterhead,
  signature, non-disclosure, emergency, language, country) until the request is finished
  (triage/services/fields.py). The kind and the targets are the legal basis a lawyer
  examines and an approver signs off: a clerk corrects them before review (received,
  needs_info, validated), only a reviewer once the request is in review or past it.
- A person validates, starts a review or approves only when the rules (triage/rules.py) find
  nothing missing in the current fields; else a reviewer or above goes ahead with an override
  reason, which goes on the record with what was missing. lerq itself (by None) is not checked
  here: intake takes its decision by the same rules on the whole document (intake/opening.py
  ``verdict``), signature and letterhead included.
"""

from collections.abc import Callable
from typing import Any

from triage.models import Request, Status
from triage.models.conditions import INTAKE, REVIEW
from triage.selectors.request import request_deficiencies
from triage.services._core import ActionNotPermitted, TransitionRefused, require_perm

BEFORE_REVIEW = frozenset({Status.RECEIVED, Status.NEEDS_INFO, Status.VALIDATED})

ERR_REVIEWER_CORRECTS = (
    "{reference} is {state}: once a lawyer reviews it, only a reviewer may correct {what}."
)
ERR_RULES_MISSING = (
    "{reference}: cannot “{action}”: the rules find it incomplete: {missing} A reviewer may "
    "go ahead anyway with an override reason, which goes on the record."
)
ERR_OVERRIDE_ROLE = (
    "{user} may not override the rules on {reference}: only a reviewer or above may go ahead "
    "with something required missing."
)


def require_corrector(*, by: Any, request: Request, what: str) -> None:
    """``by`` may correct ``what`` on the locked ``request`` in its current status."""
    require_perm(by, INTAKE, f"correct {what} of", request.reference)
    if by is None or request.status in BEFORE_REVIEW or by.has_perm(REVIEW):
        return
    raise ActionNotPermitted(
        ERR_REVIEWER_CORRECTS.format(
            reference=request.reference,
            state=request.get_status_display().lower(),
            what=what,
        )
    )


def rules_missing(request: Request) -> list[str]:
    """The rules' sentences for what the request's current fields lack."""
    return [d.sentence for d in request_deficiencies(request=request)]


def rules_hold(*, by: Any, override: str, label: str) -> Callable[[Request], dict[str, Any]]:
    """A check for ``act`` (run on the locked request once the transition is allowed): refuses
    with the list of what is missing unless a reviewer gives ``override``; returns the Event
    data that records the override and what it went past."""

    def check(request: Request) -> dict[str, Any]:
        if by is None:
            return {}
        missing = rules_missing(request)
        if not missing:
            return {}
        reason = " ".join(override.split())
        if not reason:
            raise TransitionRefused(
                ERR_RULES_MISSING.format(
                    reference=request.reference, action=label, missing=" ".join(missing)
                )
            )
        if not by.has_perm(REVIEW):
            raise ActionNotPermitted(
                ERR_OVERRIDE_ROLE.format(user=by.get_username(), reference=request.reference)
            )
        return {"override": {"reason": reason[:2000], "missing": missing}}

    return check
