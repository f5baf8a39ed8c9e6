"""What the user notice rests on: the non-disclosure orders an agency sends, who is told, the
objections they raise, and the jurisdiction an access restriction is limited to.

Rows are written by the services in triage/services/ (notice_*.py, objections.py,
restrictions.py); nothing here sends mail.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from triage.models.request import Request, Target


class NondisclosureOrder(models.Model):
    """An order or request not to tell the user (for instance under 18 U.S.C. § 2705(b)).

    REQUIREMENTS.md "Non-disclosure": it must give a specific duration and the circumstances or
    harm that justify it; ``deficiencies`` names what it lacks (triage/rules.py)."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="nondisclosure_orders"
    )
    basis = models.TextField(help_text="The statute or order, e.g. 18 U.S.C. § 2705(b)")
    issued_on = models.DateField(help_text="The date the order or request was made")
    days = models.PositiveIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    circumstances = models.TextField(
        blank=True, help_text="The circumstances or harm the agency states to justify it"
    )
    document_reference = models.CharField(max_length=300, blank=True)
    # Names from triage.rules.NONDISCLOSURE_* (empty: complete).
    deficiencies = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Non-disclosure order on {self.request} ({self.basis[:60]})"

    @property
    def deficiency_sentences(self) -> list[str]:
        """What the deficiency notice tells the agency this order lacks."""
        from triage.rules import NONDISCLOSURE_SENTENCES

        return [NONDISCLOSURE_SENTENCES[name] for name in self.deficiencies]

    @property
    def ends_on(self) -> date | None:
        """The day notice becomes due: the stated end, else issued_on + days."""
        if self.until is not None:
            return self.until
        if self.days is not None:
            return self.issued_on + timedelta(days=self.days)
        return None


class NoticeRecipient(models.Model):
    """An address the user notice goes to, entered by the team or taken from a target. lerq
    never looks users up in the product's database: the team enters what it knows."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notice_recipients")
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    notice_message_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "email"], name="notice_recipient_once"),
        ]

    def __str__(self) -> str:
        return self.email


class Objection(models.Model):
    """A user's objection to the request, recorded by the team from the user's reply. While it
    is unresolved, the request is neither approved nor disclosed."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld: the request is rejected or narrowed"
        OVERRULED = "overruled", "Overruled: disclosure may proceed"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="objections")
    objector = models.CharField(max_length=254, blank=True, help_text="Who objected (address)")
    text = models.TextField()
    received_at = models.DateTimeField()
    message_id = models.CharField(max_length=998, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(
                fields=["request"],
                name="objection_open_idx",
                condition=models.Q(resolved_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Objection to {self.request} ({self.outcome or 'unresolved'})"


class AccessRestriction(models.Model):
    """What an access restriction request restricts, and where: in the named jurisdiction only."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="access_restriction"
    )
    jurisdiction = models.CharField("jurisdiction (ISO 3166-1)", max_length=2)
    scope = models.TextField(help_text="What is restricted: the content, account or feature")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Restriction in {self.jurisdiction} for {self.request}"
