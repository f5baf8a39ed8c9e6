"""Forms that correct the kind and the targets lerq read off a request (the descriptive
readings are fields of triage/forms.py RequestFieldsForm). They check input; the services in
triage/services/corrections.py hold the rules."""

from typing import Any

from django import forms

from triage.forms import SeenForm
from triage.models import Kind, Target, TargetType
from triage.services.corrections import TARGET_FIELDS


class KindForm(SeenForm):
    kind = forms.ChoiceField(choices=Kind.choices, label="Kind of legal process")
    note = forms.CharField(required=False, max_length=2000, label="Why (for the record)")

    def __init__(self, *args: Any, req: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("kind", req.kind)
        super().__init__(*args, req=req, **kwargs)


class TargetForm(SeenForm):
    """A target added (no ``target``) or corrected (``target``: one of this request's)."""

    target = forms.ModelChoiceField(
        queryset=Target.objects.none(), required=False, widget=forms.HiddenInput
    )
    type = forms.ChoiceField(choices=TargetType.choices)
    user_id = forms.CharField(required=False, max_length=200, label="User id")
    email = forms.CharField(required=False, max_length=254)
    ip = forms.CharField(required=False, max_length=45, label="IP address")
    account_number = forms.CharField(required=False, max_length=200)
    meeting_id = forms.CharField(required=False, max_length=64)
    host_email = forms.CharField(required=False, max_length=254)
    meeting_time = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    url = forms.CharField(required=False, max_length=2000, label="Registration URL")
    description = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, req: Any, target: Target | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        if target is not None:
            kwargs["initial"].setdefault("target", target.pk)
            for name in TARGET_FIELDS:
                kwargs["initial"].setdefault(name, getattr(target, name))
        super().__init__(*args, req=req, **kwargs)
        self.fields["target"].queryset = Target.objects.filter(request=req)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in TARGET_FIELDS}


class TargetRemoveForm(SeenForm):
    target = forms.ModelChoiceField(queryset=Target.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, req: Any, target: Target | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        if target is not None:
            kwargs["initial"].setdefault("target", target.pk)
        super().__init__(*args, req=req, **kwargs)
        self.fields["target"].queryset = Target.objects.filter(request=req)


class ConfirmForm(SeenForm):
    """Confirm one field lerq read (``name``, a Request field, ``kind`` or ``targets``), or
    every field still highlighted (no ``name``)."""

    name = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
