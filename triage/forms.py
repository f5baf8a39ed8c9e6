"""Forms of the request page: they check input; the services hold the rules.

Every action form carries the status and notice the page was rendered with (``seen_status``,
``seen_notice``), so a double click or someone else's change is caught instead of acting twice.
"""

import itertools
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from triage import rules
from triage.models import (
    AgencyNumber,
    CallBackOutcome,
    Kind,
    Letter,
    LetterStatus,
    Notice,
    Objection,
    Production,
    RecordCategory,
    RejectionReason,
    Request,
    Status,
)
from triage.models.choices import EU_ORDER_KINDS, AnnexIIIReason, DataCategory
from triage.models.conditions import INTAKE
from triage.selectors.request import agency_numbers_for_request
from triage.services.productions import NEEDS_CONFIRMATION

ERR_ENTRY_AND_NUMBER = "Choose a number from the directory or type one, not both: they differ."


_form_numbers = itertools.count(1)


class SeenForm(forms.Form):
    seen_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    seen_notice = forms.ChoiceField(choices=Notice.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        # The request page holds many of these (every action, every letter draft), several
        # with the same fields: each numbers its ids, so that each label names its own field
        # (a repeated id labels only the first, and the rest have none).
        kwargs.setdefault("auto_id", f"id_f{next(_form_numbers)}_%s")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("seen_status", req.status)
        kwargs["initial"].setdefault("seen_notice", req.notice)
        super().__init__(*args, **kwargs)
        self.req = req


class NoteForm(SeenForm):
    note = forms.CharField(required=False, max_length=2000, label="Note for the record")


class RulesNoteForm(NoteForm):
    """validate and start_review: the rules hold (triage/services/readings.py) unless a
    reviewer gives an override reason."""

    override = forms.CharField(
        required=False,
        max_length=2000,
        label="Override: why go ahead with something required missing (a reviewer or above)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(RulesNoteForm):
    """Approval carries the hash of the package the approver's page showed: if the package
    changed since, nothing is approved."""

    package = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        from triage.package import package_of, package_sha256

        kwargs.setdefault("initial", {})
        if not args or args[0] is None:  # an unbound form shows the package as it is now
            kwargs["initial"].setdefault("package", package_sha256(package_of(req)))
        super().__init__(*args, req=req, **kwargs)
        memo = self.fields["note"]
        memo.label = "Memo for the record (what you checked; optional, at most 2,000 characters)"
        memo.widget = forms.Textarea(attrs={"rows": 3, "maxlength": 2000})


class NoDataForm(SeenForm):
    reason = forms.CharField(
        label="Why there is nothing to produce",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(SeenForm):
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class BasisForm(SeenForm):
    basis = forms.CharField(
        label="Legal basis", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AskInfoForm(SeenForm):
    missing = forms.MultipleChoiceField(
        choices=[(name, name.replace("_", " ")) for name in rules.NAMES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What is missing",
    )
    explanation = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Anything else to ask for (one more point in the notice)",
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        # Each item says the sentence the notice would use: intake's, where it proposed one.
        proposed = {p["name"]: p["sentence"] for p in req.proposed_deficiencies}
        self.fields["missing"].choices = [
            (name, f"{name.replace('_', ' ')}: {proposed.get(name) or rules.SENTENCES[name]}")
            for name in rules.NAMES
        ]


class RejectForm(SeenForm):
    reasons = forms.MultipleChoiceField(
        choices=RejectionReason.choices,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        label="Reason codes",
    )
    explanation = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        if req.kind in EU_ORDER_KINDS:  # answered with the Annex III form
            self.fields["reasons"].choices = AnnexIIIReason.choices
            self.fields["reasons"].label = "Annex III reasons (Regulation (EU) 2023/1543)"


class NoticeDelayForm(SeenForm):
    until = forms.DateField(
        label="Non-disclosure order ends", widget=forms.DateInput(attrs={"type": "date"})
    )
    basis = forms.CharField(
        label="Legal basis", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(SeenForm):
    extension = forms.ChoiceField(label="Extension request")
    note = forms.CharField(required=False, max_length=2000, label="Note for the record")

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        if req.kind == Kind.EU_PRESERVATION_ORDER:
            # The issuing authority's Annex VI extends the EPOC-PR itself: no second request.
            del self.fields["extension"]
            self.fields["note"].label = "The Annex VI received (date, reference)"
            return
        rows = Request.objects.filter(
            Q(original=req) | Q(original__isnull=True),
            kind=Kind.PRESERVATION_EXTENSION,
            status=Status.VALIDATED,
        ).order_by("-received_at")[:50]
        self.fields["extension"].choices = [(r.reference, str(r)) for r in rows]

    def clean_extension(self) -> Request:
        return Request.objects.get(reference=self.cleaned_data["extension"])


class AssignForm(SeenForm):
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="the team"
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        app, codename = INTAKE.split(".")
        perm = Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app,
        )
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(Q(is_active=True) & (perm | Q(is_superuser=True)))
            .distinct()
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = lambda u: u.get_username()


class CallBackForm(SeenForm):
    called_at = forms.DateTimeField(
        label="Called at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    directory_entry = forms.ChoiceField(
        required=False,
        label="Number from the directory of published numbers",
        help_text="Choosing one fills the number called and where it was published.",
    )
    number_called = forms.CharField(max_length=64, required=False)
    number_source = forms.CharField(
        label="Where the agency published that number", max_length=300, required=False
    )
    person_reached = forms.CharField(max_length=200, required=False)
    outcome = forms.ChoiceField(
        label="How the call ended", choices=CallBackOutcome.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label="What was said",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
        kwargs["initial"].setdefault("called_at", now.isoformat(timespec="minutes"))
        super().__init__(*args, req=req, **kwargs)
        # One query, read once: the choices and the entry chosen come from this list.
        self.entries = {str(e.pk): e for e in agency_numbers_for_request(request=req)}
        if self.entries:
            self.fields["directory_entry"].choices = [
                ("", "(none: type the number below)"),
                *((pk, f"{e.agency}: {e.number} ({e.source})") for pk, e in self.entries.items()),
            ]
        else:
            del self.fields["directory_entry"]

    def clean_directory_entry(self) -> AgencyNumber | None:
        return self.entries.get(self.cleaned_data.get("directory_entry") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entry = data.get("directory_entry")
        if entry is not None:
            typed = data.get("number_called", "").strip()
            if typed and typed != entry.number:
                raise forms.ValidationError(ERR_ENTRY_AND_NUMBER)
            data["number_called"] = entry.number
            data["number_source"] = f"{entry.source} (lerq's directory of published numbers)"
        return data


class RequestFieldsForm(forms.ModelForm):
    """The extracted fields, for a person to correct."""

    seen_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    seen_notice = forms.ChoiceField(choices=Notice.choices, widget=forms.HiddenInput)
    destination_reason = forms.CharField(
        label="Why the disclosure may go to this address (a reviewer, when it is not on the "
        "verified sender's domain)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Request
        fields = Request.EXTRACTED_FIELDS
        widgets = {
            "response_due_date": forms.DateInput(attrs={"type": "date"}),
            "nondisclosure_asked_until": forms.DateInput(attrs={"type": "date"}),
            "postal_address": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("seen_status", req.status)
        kwargs["initial"].setdefault("seen_notice", req.notice)
        super().__init__(*args, instance=req, **kwargs)
        self.req = req
        # What the page showed travels with the form, so only the fields this person changed
        # count as changes: a stale page does not undo someone else's correction.
        for name in self.Meta.fields:
            self.fields[name].show_hidden_initial = True
        # A page (or a client) that does not show the channel leaves it as it is.
        self.fields["eu_channel"].required = False

    def _post_clean(self) -> None:
        # The service validates and saves; the form must not touch the instance.
        pass

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in self.Meta.fields
        }


class ProposalAcceptForm(SeenForm):
    """Accept one proposal from the agency's answer, or all of them (no ``proposal``)."""

    proposal = forms.IntegerField(required=False, widget=forms.HiddenInput)
    destination_reason = RequestFieldsForm.base_fields["destination_reason"]


class ProposalDeclineForm(SeenForm):
    """Decline one proposal from the agency's answer, saying why."""

    proposal = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why it is declined", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- letters, productions, notices: forms of the records sections ---------------------------
class NoticeSendForm(NoteForm):
    include_copy = forms.BooleanField(
        required=False, initial=True, label="Include a copy of the request"
    )
    paragraph = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your paragraph (optional, in the email and the letter)",
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        # The status buttons' form shows no paragraph: sending from there keeps the one saved
        # in the draft (the draft section, templates/triage/request/notice.html, shows it).
        if not self.is_bound and "paragraph" not in self.initial:
            del self.fields["paragraph"]

    def clean_paragraph(self) -> str | None:
        """None when the form had no paragraph field (the draft's saved one is sent)."""
        return self.cleaned_data["paragraph"] if "paragraph" in self.data else None


class NoticeDraftForm(SeenForm):
    include_copy = forms.BooleanField(
        required=False, initial=True, label="Include a copy of the request"
    )


class LetterReissueForm(SeenForm):
    """Send a letter again: the letter is one of this request's (another's id is invalid)."""

    letter = forms.ModelChoiceField(queryset=Letter.objects.none(), widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why it is sent again", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        self.fields["letter"].queryset = Letter.objects.filter(request=req)


class LetterDraftForm(SeenForm):
    """Send a draft letter of this request, with the sender's paragraph (none on a disclosure
    letter: letter_drafts.py says why)."""

    letter = forms.ModelChoiceField(queryset=Letter.objects.none(), widget=forms.HiddenInput)
    paragraph = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your paragraph (optional, printed before the signature)",
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        self.fields["letter"].queryset = Letter.objects.filter(
            request=req, status=LetterStatus.DRAFT
        )


class LetterDiscardForm(SeenForm):
    """Discard a draft letter of this request, saying why (a reviewer or above)."""

    letter = forms.ModelChoiceField(queryset=Letter.objects.none(), widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why the draft is discarded",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        self.fields["letter"].queryset = Letter.objects.filter(
            request=req, status=LetterStatus.DRAFT
        )


class ProductionFileForm(SeenForm):
    record = forms.FileField(label="Record (CSV, JSON, PDF, DOCX or MP4)")
    description = forms.CharField(max_length=300, label="Description (goes in the manifest)")
    category = forms.ChoiceField(choices=RecordCategory.choices, label="Record category")
    confirmed_needed = forms.BooleanField(
        required=False,
        label="I confirm this record is needed (for an emergency: that it helps prevent the harm)",
    )
    # An EPOC's records each belong to one of the certificate's data categories.
    eu_category = forms.ChoiceField(
        required=False,
        choices=[("", "(from the record category)"), *DataCategory.choices],
        label="Data category of the EU order (Article 3)",
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        if req.kind not in NEEDS_CONFIRMATION:
            del self.fields["confirmed_needed"]
        if req.kind != Kind.EU_PRODUCTION_ORDER:
            del self.fields["eu_category"]


class ProductionBuildForm(SeenForm):
    """Build the production being put together (the request's only one in building)."""

    production = forms.ModelChoiceField(
        queryset=Production.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        self.fields["production"].queryset = Production.objects.filter(request=req)


class NoticeRecipientForm(SeenForm):
    name = forms.CharField(required=False, max_length=200)
    # The service checks the address (one line, valid) and says why it refuses it.
    email = forms.CharField(max_length=254, label="Email address")


class NondisclosureForm(SeenForm):
    basis = forms.CharField(
        label="Legal basis (statute or order)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    issued_on = forms.DateField(
        required=False, label="Issued on", widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(required=False, label="Duration in days")
    until = forms.DateField(
        required=False, label="Or: until", widget=forms.DateInput(attrs={"type": "date"})
    )
    circumstances = forms.CharField(
        required=False,
        max_length=4000,
        label="Circumstances or harm that justify it",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    document_reference = forms.CharField(required=False, max_length=300)


class ObjectionForm(SeenForm):
    text = forms.CharField(
        label="What the user said", max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    received_at = forms.DateTimeField(
        label="Received at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    objector = forms.CharField(required=False, max_length=254, label="Who objected (address)")


class ObjectionResolveForm(SeenForm):
    objection = forms.ModelChoiceField(queryset=Objection.objects.none(), widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=Objection.Outcome.choices)
    resolution = forms.CharField(
        label="What was decided, and why",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, req: Request, **kwargs: Any) -> None:
        super().__init__(*args, req=req, **kwargs)
        self.fields["objection"].queryset = Objection.objects.filter(request=req)


class RestrictionForm(SeenForm):
    jurisdiction = forms.CharField(max_length=2, label="Jurisdiction (ISO 3166-1, e.g. DE)")
    scope = forms.CharField(
        label="What is restricted", max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
