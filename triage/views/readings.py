"""The request page's corrections of the kind and the targets: their actions (each calls one
service, triage/services/corrections.py) and the forms the page shows to who may use them."""

from collections.abc import Callable
from typing import Any

from django import forms as dj_forms

from triage import services
from triage.models import Request
from triage.models.conditions import INTAKE, REVIEW
from triage.readings_forms import ConfirmForm, KindForm, TargetForm, TargetRemoveForm
from triage.selectors.request import request_is_editable
from triage.services.readings import BEFORE_REVIEW


def _target_save(r: Request, u: Any, d: dict[str, Any], values: dict[str, Any]) -> Any:
    if d.get("target") is None:
        return services.target_add(request=r, by=u, seen_status=d["seen_status"], values=values)
    return services.target_update(
        target=d["target"], by=u, seen_status=d["seen_status"], values=values
    )


# name → (form, run, success message): request.py makes them Actions of the page.
READING_ACTIONS: dict[str, tuple[type[dj_forms.Form], Callable[..., Any], str]] = {
    "kind": (
        KindForm,
        lambda r, u, d: services.request_kind_correct(
            request=r, by=u, kind=d["kind"], seen_status=d["seen_status"], note=d["note"]
        ),
        "Kind corrected.",
    ),
    "target": (
        TargetForm,
        lambda r, u, d: _target_save(r, u, d, d["values"]),
        "Targets corrected.",
    ),
    "target_remove": (
        TargetRemoveForm,
        lambda r, u, d: services.target_remove(
            target=d["target"], by=u, seen_status=d["seen_status"]
        ),
        "Target removed.",
    ),
    "confirm": (
        ConfirmForm,
        lambda r, u, d: services.request_reading_confirm(
            request=r, by=u, seen_status=d["seen_status"], name=d["name"]
        ),
        "Confirmed: lerq read it right.",
    ),
}


def may_correct_basis(req: Request, user: Any) -> bool:
    """Kind and targets: a clerk before review, a reviewer once in review (the service says
    why otherwise: triage/services/readings.py ERR_REVIEWER_CORRECTS)."""
    if not request_is_editable(req) or not user.has_perm(INTAKE):
        return False
    return req.status in BEFORE_REVIEW or user.has_perm(REVIEW)


def reading_forms(
    req: Request, user: Any, bound: dict[str, dj_forms.Form], targets: list[Any]
) -> dict[str, Any]:
    """The kind form, an edit and a remove form for each target, and the add form, for a
    person who may correct them (else none)."""
    if not may_correct_basis(req, user):
        return {"kind_form": None, "target_forms": [], "target_add_form": None}
    given = bound.get("target")
    editing = given.data.get("target") if given is not None else None
    rows = []
    for row in targets:
        if editing and str(editing) == str(row.pk):
            edit = given
        else:
            edit = TargetForm(req=req, target=row.instance)
        rows.append((row, edit, TargetRemoveForm(req=req, target=row.instance)))
    return {
        "kind_form": bound.get("kind") or KindForm(req=req),
        "target_forms": rows,
        "target_add_form": given if given is not None and not editing else TargetForm(req=req),
    }
