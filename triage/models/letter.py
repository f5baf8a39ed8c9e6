"""Letters to the agency (or the user) and their life: queued by the service that takes the
step, rendered and signed by a worker, stored with their hash, sent through the outbox.

The PDF's path in storage is made from the request's reference, the kind and the sequence
number, never from anything a person typed.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver

from triage.models.mail import OutboundMail
from triage.models.request import Request


class LetterKind(models.TextChoices):
    """The letters (templates/letters/<kind>.html)."""

    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    DEFICIENCY = "deficiency", "Deficiency notice"
    PRESERVATION = "preservation", "Preservation confirmation"
    EXTENSION = "extension", "Extension confirmation"
    REJECTION = "rejection", "Rejection"
    DISCLOSURE = "disclosure", "Disclosure cover letter and certificate"
    USER_NOTICE = "user_notice", "User notice"
    NONDISCLOSURE = "nondisclosure", "Non-disclosure order acknowledgement"
    # Regulation (EU) 2023/1543: the addressee's answer when it cannot execute an EU order.
    EU_ANNEX_III = "eu_annex_iii", "Annex III: order not executed (EU)"


class LetterStatus(models.TextChoices):
    # Written by lerq, waiting for a person to read it and press Send (letter_send).
    DRAFT = "draft", "Draft: waits to be sent"
    # A person discarded the draft (letter_discard): it never left and never will.
    DISCARDED = "discarded", "Discarded: never sent"
    QUEUED = "queued", "Queued"
    RENDERED = "rendered", "Rendered and signed"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Letter(models.Model):
    # A request purged at the end of its retention takes its letters with it (and their PDFs:
    # see _file_gone).
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    sequence = models.PositiveSmallIntegerField(help_text="1, 2, … per request and kind")
    status = models.CharField(
        max_length=9, choices=LetterStatus.choices, default=LetterStatus.QUEUED
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # What the step that issued it knew (missing items, reasons…), as JSON.
    extra = models.JSONField(default=dict, blank=True)
    production = models.ForeignKey(
        "triage.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The one free-text paragraph the person who sends the letter may add (on the record as
    # an Event, rendered in the signed PDF).
    paragraph = models.TextField(blank=True)
    # Who let it leave and when (lerq itself for an automatic acknowledgement): the letter's
    # date, and the start of the clock after which a queued letter counts as lost.
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    rendered_at = models.DateTimeField(null=True, blank=True)
    # Fixed when the letter is issued, so a resend after a crash is the same message and a
    # reply's In-Reply-To finds the request (intake/threads.py looks in OutboundMail).
    message_id = models.CharField(max_length=255, unique=True)
    mail = models.OneToOneField(
        OutboundMail, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "sequence"], name="letter_sequence_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="letter_pending_idx",
                condition=Q(status__in=["queued", "failed", "rendered"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.kind} #{self.sequence}"

    @property
    def filename(self) -> str:
        return f"{self.request.reference}-{self.kind}-{self.sequence}.pdf"

    def storage_name(self) -> str:
        return f"letters/{self.request.reference}/{self.kind}-{self.sequence:03d}.pdf"


@receiver(post_delete, sender=Letter)
def _file_gone(sender: type, instance: Letter, **kwargs: object) -> None:
    """A deleted letter's PDF leaves storage once the deletion is committed."""
    file_delete_on_commit(instance.file.name)


def file_delete_on_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name), robust=True)
