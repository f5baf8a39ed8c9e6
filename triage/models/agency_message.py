"""A message a person writes to the agency from the request page (issue 18): a draft by one
team member, sent by a second (four eyes, as for a disclosure), through the outbox, threaded
under the agency's own messages so that its reply comes back onto the request.

The draft keeps the address it was written to; a send after the agency's address changed is
refused, so the second person approves exactly what leaves and where it goes.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver

from triage.models.letter import file_delete_on_commit
from triage.models.mail import OutboundMail
from triage.models.request import Request


class AgencyMessageStatus(models.TextChoices):
    DRAFT = "draft", "Draft: waits for a second person to send it"
    SENT = "sent", "Sent"
    DISCARDED = "discarded", "Discarded: never sent"


class AgencyMessage(models.Model):
    # A request purged at the end of its retention takes its messages (and their files).
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="agency_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # What the message is about, in lerq and in the subject when there is no agency's subject
    # to answer ("Clarification"); one line.
    title = models.CharField(max_length=120)
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64)
    # The agency's address when the draft was written: the one the second person approves.
    to = models.JSONField(default=list)
    # Files the author attached, in default storage: [{"name", "path", "content_type", "size",
    # "sha256"}], the shape OutboundMail.attachments reads (plus what the record keeps).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=9, choices=AgencyMessageStatus.choices, default=AgencyMessageStatus.DRAFT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discarded_at = models.DateTimeField(null=True, blank=True)
    discard_reason = models.TextField(blank=True)
    # Fixed when it is sent (the outbox row has the same one, unique there).
    message_id = models.CharField(max_length=255, blank=True)
    mail = models.OneToOneField(
        OutboundMail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agency_message",
    )

    class Meta:
        ordering = ["request", "created_at", "pk"]
        constraints = [
            # A sent message has its sender, and the sender is never its author.
            models.CheckConstraint(
                condition=~models.Q(status="sent")
                | (models.Q(sent_by__isnull=False) & ~models.Q(sent_by=models.F("author"))),
                name="agency_message_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.title}"


@receiver(post_delete, sender=AgencyMessage)
def _files_gone(sender: type, instance: AgencyMessage, **kwargs: object) -> None:
    """A deleted message's files leave storage once the deletion is committed."""
    for item in instance.attachments:
        file_delete_on_commit(str(item.get("path") or ""))
