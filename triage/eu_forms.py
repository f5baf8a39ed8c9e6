"""Forms of an EU order's page actions (Regulation (EU) 2023/1543): they check input; the
services in triage/services/eu_enforcing.py hold the rules."""

from django import forms

from triage.forms import SeenForm
from triage.models.eu_order import RefusalGround


class EuNoGroundsForm(SeenForm):
    received_at = forms.DateTimeField(
        required=False,
        label="The enforcing authority's confirmation received at (blank: now)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(required=False, max_length=2000, label="Note for the record")


class EuRefusedForm(SeenForm):
    grounds = forms.MultipleChoiceField(
        choices=RefusalGround.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Grounds for refusal raised (Article 12(1))",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Note for the record (the authority's words, its reference)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EuWithdrawnForm(SeenForm):
    """The issuing authority's withdrawal of an EU order (Article 12(3), or any reason)."""

    received_at = forms.DateTimeField(
        required=False,
        label="The issuing authority's withdrawal received at (blank: now)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(
        max_length=2000,
        label="What the issuing authority wrote (its words, its reference)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
