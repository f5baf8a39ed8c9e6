"""What arrived at the mailbox, byte for byte, and what intake did with it.

``InboundMessage`` is written before anything parses the message (STYLE.md rule 4), so a crash
after that point loses nothing: ingesting the same bytes again finishes the job.
``SecurityLogEntry`` is all that is kept of refused mail (REQUIREMENTS.md "Submission").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

# Larger messages are recorded (hash, time) but their bytes are not stored.
MAX_RAW_BYTES = 60 * 1024 * 1024


class Outcome(models.TextChoices):
    PENDING = "pending", "Stored, not routed yet"
    CREATED = "created", "Opened a request"
    ATTACHED = "attached", "Attached to a request"
    DUPLICATE = "duplicate", "Duplicate"
    HELD = "held", "Held for routing by a clerk"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed (kept for a retry)"
    # Set by a clerk in the "needs routing" queue; ingest_eml never reports it.
    DISMISSED = "dismissed", "Dismissed by a clerk: not a request"


# Outcomes a new ingest of the same bytes picks up and finishes.
UNFINISHED = (Outcome.PENDING, Outcome.FAILED)


class InboundMessage(models.Model):
    raw = models.BinaryField(max_length=MAX_RAW_BYTES, blank=True)
    size = models.PositiveBigIntegerField(help_text="Bytes received (raw may be emptied)")
    sha256 = models.CharField(max_length=64, unique=True)
    # Unique when present; NULL when the message has none (or repeats another's).
    message_id = models.CharField(max_length=998, null=True, blank=True, unique=True)
    source = models.CharField(max_length=300, blank=True, help_text="file, mailbox, …")
    sender = models.CharField(max_length=998, blank=True)
    subject = models.CharField(max_length=998, blank=True)
    received_at = models.DateTimeField(
        help_text="Top Received header's date, else Date, else when lerq stored it"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    reasons = models.JSONField(default=list, blank=True)
    # Attached but not shown to come from the request's agency or notified user (issue 15):
    # why, for the person who looks at it. It moved nothing. Empty when verified.
    unverified = models.TextField(blank=True)
    # Held because its sender authenticated for this domain, which is not on the government
    # list (issue 16): a person decides "government" or "refuse". Empty once decided.
    unlisted_domain = models.CharField(max_length=253, blank=True)
    request = models.ForeignKey(
        "triage.Request",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_messages",
    )
    # Claimed by a router at this time; a claim older than STALE_CLAIM may be taken over.
    routing_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    routed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["outcome", "created_at"], name="inbound_outcome_idx"),
            models.Index(
                fields=["created_at"],
                name="inbound_unfinished_idx",
                condition=Q(outcome__in=["pending", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id or self.sha256[:12]} ({self.outcome})"


class SecurityLogEntry(models.Model):
    """Refused mail: only what the security log needs; the content itself is deleted."""

    at = models.DateTimeField()
    sender = models.CharField(max_length=998, blank=True)
    subject_sha256 = models.CharField(max_length=64, blank=True)
    body_sha256 = models.CharField(max_length=64, blank=True)
    message_sha256 = models.CharField(max_length=64, blank=True)
    reason_codes = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    sender_check = models.JSONField(default=dict, blank=True, help_text="SenderCheck.as_record()")
    message = models.ForeignKey(
        InboundMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_log",
    )

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "security log entries"
        indexes = [models.Index(fields=["at"], name="securitylog_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.sender} {','.join(self.reason_codes)}"


class MailboxState(models.Model):
    """Where the IMAP fetcher is in a folder: UIDs above ``last_uid`` are new.

    Valid only for the folder's ``uidvalidity``; when the server changes it, the fetcher starts
    over from the first message (ingest is idempotent by SHA-256, so nothing is duplicated).
    Every UID up to ``last_uid`` is stored, except those in ``skipped`` (too large, not read).
    """

    folder = models.CharField(max_length=300, unique=True)
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    last_uid = models.PositiveBigIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True, help_text="[{uid, size, reason}]")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.folder} {self.uidvalidity}:{self.last_uid}"


class Attachment(models.Model):
    """One attached file of an accepted message (intake/attachments.py decides its status).

    The bytes live in Django's default storage under a name derived from their SHA-256, so the
    same file sent twice is stored once; the type is sniffed from the bytes, never the name.
    Parts over the size bounds are not stored: only their name, size and the reason remain.
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        QUARANTINED = "quarantined", "Quarantined"
        TOO_LARGE = "too_large", "Too large, not stored"

    message = models.ForeignKey(
        InboundMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    index = models.PositiveIntegerField(help_text="Position among the message's attachments")
    filename = models.CharField(max_length=255, help_text="As declared, made safe to show")
    declared_name = models.CharField(max_length=1000, blank=True, help_text="As declared")
    declared_type = models.CharField(max_length=255, blank=True)
    sniffed_type = models.CharField(max_length=255, blank=True, help_text="From the bytes")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    reason = models.TextField(blank=True)
    ocr_text = models.TextField(
        blank=True,
        help_text="The text of its scanned pages, read by OCR (a PDF with no text layer)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["message", "index"]
        constraints = [
            models.UniqueConstraint(fields=["message", "index"], name="attachment_unique_index")
        ]
        indexes = [models.Index(fields=["sha256"], name="attachment_sha256_idx")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def renamed(self) -> bool:
        """Offered under another extension than the one it was sent with: its bytes are not
        what its name said (intake/attachments.py ``offered_name``), and the page says so."""
        if not self.declared_name:
            return False
        sent = self.declared_name.strip(" .").rpartition(".")
        offered = self.filename.rpartition(".")
        return (sent[2].lower() if sent[1] else "") != (offered[2].lower() if offered[1] else "")

    @property
    def inline_allowed(self) -> bool:
        """Only accepted PDFs and images are shown in the browser; everything else downloads."""
        return self.status == self.Status.ACCEPTED and (
            self.sniffed_type == "application/pdf" or self.sniffed_type.startswith("image/")
        )


class SenderHistory(models.Model):
    """What lerq has seen from one sender address (issue 4: a government domain proves little
    on its own). Counts move only with a ``SenderSighting``, one per message, so routing the
    same message again never counts it twice (intake/history.py)."""

    address = models.CharField(max_length=320, unique=True, help_text="local@domain, lower-case")
    domain = models.CharField(max_length=253, db_index=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    requests_opened = models.PositiveIntegerField(default=0)
    messages_attached = models.PositiveIntegerField(default=0)
    messages_held = models.PositiveIntegerField(default=0)
    refusals = models.PositiveIntegerField(default=0)
    agencies = models.JSONField(default=dict, blank=True, help_text="agency as written: count")
    last_agency = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["address"]
        verbose_name_plural = "sender histories"

    def __str__(self) -> str:
        return self.address


class SenderSighting(models.Model):
    """One message counted in a sender's history, with the outcome it was counted as."""

    history = models.ForeignKey(SenderHistory, on_delete=models.CASCADE, related_name="sightings")
    message = models.OneToOneField(
        InboundMessage, on_delete=models.CASCADE, related_name="sender_sighting"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    agency = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(help_text="When our server received the message")

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["history", "outcome"], name="sighting_history_idx")]

    def __str__(self) -> str:
        return f"{self.history_id} {self.outcome} {self.at:%Y-%m-%d}"


class GovernmentDomain(models.Model):
    """An administrator's change to the government-domain rules shipped in
    ``intake/data/government_domains.txt``: a domain or suffix added, or (``active`` off) a
    shipped rule or an earlier addition switched off. A row with the same name and kind as a
    shipped rule overrides it: inactive disables it, active restates it with this row's text.
    ``intake.govdomains.current_rules`` combines the file and these rows."""

    class RuleKind(models.TextChoices):
        SUFFIX = "suffix", "Suffix (every domain below it, not the name itself)"
        EXACT = "exact", "Exact (the domain and every domain below it)"

    class Source(models.TextChoices):
        ADMIN = "admin", "Added by an administrator"
        CLERK = "clerk", "Accepted by a clerk from a held message"
        DOTGOV = "dotgov", "Imported from CISA's dotgov list"
        CURATED = "curated", "Shipped list of foreign government domains"

    domain = models.CharField(
        max_length=253, help_text="Lower-case ASCII (punycode), without a leading dot"
    )
    kind = models.CharField(max_length=8, choices=RuleKind.choices, default=RuleKind.EXACT)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    organisation = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True, help_text="Why: the evidence that it is a government's")
    active = models.BooleanField(
        default=True, help_text="Off: mail from this domain (or suffix) is no longer accepted"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ADMIN)
    source_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="A public page showing that the domain is the organisation's",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "kind"], name="govdomain_unique_rule")
        ]

    def __str__(self) -> str:
        text = f".{self.domain}" if self.kind == self.RuleKind.SUFFIX else self.domain
        return text if self.active else f"{text} (disabled)"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        from intake import govdomains

        govdomains.rules_changed()

    def delete(self, *args, **kwargs):
        found = super().delete(*args, **kwargs)
        from intake import govdomains

        govdomains.rules_changed()
        return found

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from intake import govdomains

        try:
            self.domain = govdomains.validate_rule(self.domain, suffix=self.kind == "suffix")
        except ValueError as error:
            raise ValidationError({"domain": str(error)}) from None
        self.country = self.country.strip().upper()


class HeldDeadline(models.Model):
    """The emergency clock of a held message (issue 16): a message waiting for routing whose
    text claims a danger of death or serious injury is acknowledged and escalated as an
    emergency request is. A row like triage's ``Deadline``, but on the message: triage's rows
    belong to requests, and triage never imports intake. Swept by ``intake/held_clock.py``."""

    class Kind(models.TextChoices):
        # The values of triage's DeadlineKind, so a timer reads the same wherever it runs.
        EMERGENCY_ACK = "emergency_ack", "Emergency to acknowledge"
        EMERGENCY_ESCALATION = "emergency_escalation", "Emergency escalation"

    class Outcome(models.TextChoices):
        ACTED = "acted", "Acted on"
        SKIPPED = "skipped", "Nothing to do: the message was routed"
        CANCELLED = "cancelled", "Cancelled: a person decided on the message"

    message = models.ForeignKey(
        InboundMessage, on_delete=models.CASCADE, related_name="held_deadlines"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    basis = models.JSONField(default=dict, blank=True, help_text="How due_at was computed")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            # The held sweep's only query: open rows by due date. Partial, so it stays small.
            models.Index(
                fields=["due_at"], name="held_deadline_open_idx", condition=Q(done_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for message {self.message_id} at {self.due_at}"
