"""What runs on a clock: the preservation hold and every deadline (DESIGN.md "Time")."""

from django.db import models
from django.db.models import Q

from triage.models.choices import DeadlineKind
from triage.models.request import Request


class Hold(models.Model):
    """The window during which a snapshot of the targets' data is preserved."""

    request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="hold")
    placed_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    extended_at = models.DateTimeField(null=True, blank=True)
    extension = models.ForeignKey(
        Request,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The extension request that extended this hold",
    )
    released_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    snapshot_note = models.TextField(
        blank=True, help_text="What was preserved, and where (the product's snapshot id)"
    )

    def __str__(self) -> str:
        return f"Hold on {self.request}"

    @property
    def extended_once(self) -> bool:
        return self.extended_at is not None


class Deadline(models.Model):
    """One timer. The sweep acts on rows whose due_at has passed and done_at is empty."""

    class Outcome(models.TextChoices):
        ACTED = "acted", "Acted on"
        SKIPPED = "skipped", "Nothing to do: the request had moved on"
        CANCELLED = "cancelled", "Cancelled"
        # The response clock stopped while the agency owes information (request_ask_info);
        # the agency's answer sets it again with the days it stood still added.
        PAUSED = "paused", "Paused while the agency was asked for information"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=32, choices=DeadlineKind.choices)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    # How the date was computed (start, rule, days, unit), so a lawyer can explain it.
    basis = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # The sweep's only query: open rows by due date. Partial, so it stays small.
            models.Index(
                fields=["due_at"], name="deadline_open_due_idx", condition=Q(done_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.request} at {self.due_at:%Y-%m-%d %H:%M}"
