"""How sure lerq was of each field it read, on the request page (issue 17): each read field
says "read · sure" or "read · check this" (below LERQ_CONFIRM_BELOW), the uncertain ones with
a Confirm button for a person who may correct them (triage/services/certainty.py); the kind
with the words it was decided by; and, when the deficiency notice waited for a person for
want of certainty, which fields lerq was not sure of."""

from dataclasses import dataclass
from typing import Any

from django import forms as dj_forms
from django.conf import settings

from triage.models import Request
from triage.models.conditions import INTAKE
from triage.readings_forms import ConfirmForm
from triage.selectors.request import request_is_editable
from triage.services.certainty import BASIS, confirmable
from triage.views.readings import may_correct_basis

SURE = "read · sure"
CHECK = "read · check this"
CONFIRMED = "read · confirmed"


@dataclass(frozen=True)
class Certainty:
    name: str
    confidence: float
    check: bool  # highlighted: a person should confirm it
    label: str
    form: dj_forms.Form | None  # the Confirm button, for a person who may


def _may_confirm(req: Request, user: Any, name: str) -> bool:
    if name in BASIS:
        return may_correct_basis(req, user)
    return request_is_editable(req) and user.has_perm(INTAKE)


def certainty_of(req: Request, user: Any, name: str) -> Certainty | None:
    """How sure lerq was of ``name`` (None: not read by lerq, nothing to say)."""
    value = (req.reading_confidence or {}).get(name)
    if not isinstance(value, int | float):
        return None
    confirmed = name in (req.reading_confirmed or [])
    check = not confirmed and value < settings.LERQ_CONFIRM_BELOW
    label = CONFIRMED if confirmed else (CHECK if check else SURE)
    form = None
    if check and _may_confirm(req, user, name):
        form = ConfirmForm(req=req, initial={"name": name}, auto_id=False)
    return Certainty(name, float(value), check, label, form)


def certainty_context(req: Request, user: Any, rows: list[Any]) -> dict[str, Any]:
    """The page's rows paired with their certainty, the kind's and the targets', the
    confirm-all form, and why a deficiency notice waited."""
    waiting = confirmable(req)
    may_all = bool(waiting) and all(_may_confirm(req, user, name) for name in waiting)
    unsure = [
        f"{u.get('name')} ({u['confidence']:.2f})"
        if isinstance(u.get("confidence"), int | float)
        else f"{u.get('name')} (not known)"
        for u in req.deficiency_unsure or []
    ]
    return {
        "certain_rows": [(row, certainty_of(req, user, row.name)) for row in rows],
        "kind_certainty": certainty_of(req, user, "kind"),
        "targets_certainty": certainty_of(req, user, "targets"),
        "confirm_all_form": ConfirmForm(req=req, auto_id=False) if may_all else None,
        "confirm_waiting": len(waiting),
        "deficiency_unsure": unsure,
    }
