"""What the agency's answer to a deficiency notice gave for the request's fields, proposed
beside the current values until a person accepts it (issue 16: intake proposes, a person
decides). Intake reads the answer; triage keeps the proposal and applies it when accepted."""

from django.conf import settings
from django.db import models

from triage.models.request import Request


class ProposedField(models.TextChoices):
    AGENCY = "agency", "Agency"
    AGENT_NAME = "agent_name", "Agent"
    BADGE = "badge", "Badge or ID number"
    AGENT_EMAIL = "agent_email", "Agent's email"
    AGENT_PHONE = "agent_phone", "Agent's phone"
    POSTAL_ADDRESS = "postal_address", "Postal address"
    RESPONSE_DUE_DATE = "response_due_date", "Response due date"
    LANGUAGE = "language", "Language"
    COUNTRY = "country", "Country"
    TARGETS = "targets", "Targets to add"


class FieldProposal(models.Model):
    """One field's value as an answer read it. ``value`` is the field's text, a date as
    YYYY-MM-DD, or for targets the rows the request does not have yet. Decided once:
    ``accepted`` True when a person applied it, False when a later answer superseded it."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="proposals")
    field = models.CharField(max_length=32, choices=ProposedField.choices)
    value = models.JSONField()
    source_message_id = models.CharField(max_length=998, blank=True)
    source_sha256 = models.CharField(max_length=64)
    found_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            # A message proposes each field once, however often it is routed (a re-run).
            models.UniqueConstraint(
                fields=["request", "source_sha256", "field"], name="proposal_once_per_message"
            ),
        ]
        indexes = [
            # The request page reads the undecided ones.
            models.Index(
                fields=["request"],
                name="proposal_pending_idx",
                condition=models.Q(decided_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.field}"

    @property
    def is_pending(self) -> bool:
        return self.decided_at is None
