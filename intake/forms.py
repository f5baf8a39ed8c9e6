"""Forms of the intake pages: they validate input; intake/held.py and intake/manual.py act."""

from __future__ import annotations

from datetime import date
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from intake.attachments import PDF
from triage.models import Channel, Kind
from triage.uploads import BoundedUpload
from triage.uploads import bounded_upload as triage_bounded_upload

REFERENCE = r"^LER-\d{4}-\d{6}$"

ERR_TOO_LARGE = "The file is larger than {limit} MB, the most an attachment may be."
ERR_NOT_PDF = "The file is not a PDF (its bytes are {found}); only PDF documents are accepted."
ERR_FUTURE = "The date received cannot be in the future."
ERR_EMPTY = "The file is empty."


def bounded_upload(request: HttpRequest) -> BoundedUpload:
    """The manual-intake bound (LERQ_ATTACHMENT_MAX_BYTES) in front of Django's handlers."""
    return triage_bounded_upload(request, settings.LERQ_ATTACHMENT_MAX_BYTES)


class AttachForm(forms.Form):
    reference = forms.RegexField(
        regex=REFERENCE,
        error_messages={"invalid": "A reference looks like LER-2026-000123."},
    )


class OpenForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "Detect from the message"), *Kind.choices], required=False
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        strip=True,
        error_messages={"required": "Say why the message is not a request."},
    )


class GovernmentSenderForm(forms.Form):
    note = forms.CharField(max_length=500, strip=True, required=False)


class RefuseSenderForm(forms.Form):
    reason = forms.CharField(max_length=500, strip=True, required=False)


class ManualIntakeForm(forms.Form):
    channel = forms.ChoiceField(choices=[(Channel.POST, "Post"), (Channel.FAX, "Fax")])
    received_on = forms.DateField(
        label="Date received", widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        choices=[("", "Detect from the document"), *Kind.choices], required=False
    )
    agency_email = forms.EmailField(label="Agency email", required=False, max_length=254)
    document = forms.FileField(label="The request (PDF)")

    def __init__(self, *args: Any, upload_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large

    def clean_received_on(self) -> date:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(ERR_FUTURE)
        return value

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        limit = settings.LERQ_ATTACHMENT_MAX_BYTES
        if upload is None or upload.size > limit:
            raise forms.ValidationError(ERR_TOO_LARGE.format(limit=round(limit / 2**20, 1)))
        data = upload.read()
        if not data:
            raise forms.ValidationError(ERR_EMPTY)
        kind = filetype.guess(data[:8192])
        if kind is None or kind.mime != PDF:
            found = kind.mime if kind else "of an unknown type"
            raise forms.ValidationError(ERR_NOT_PDF.format(found=found))
        self.cleaned_data["pdf"] = data
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        if self.upload_too_large:  # skipped while streaming in: "required" would mislead
            limit = round(settings.LERQ_ATTACHMENT_MAX_BYTES / 2**20, 1)
            self._errors.pop("document", None)
            self.add_error("document", ERR_TOO_LARGE.format(limit=limit))

    def intake_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "received_on": data["received_on"],
            "kind": data["kind"] or None,
            "agency_email": data["agency_email"] or "",
            "pdf": data["pdf"],
            "filename": data["document"].name or "",
        }
