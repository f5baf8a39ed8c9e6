"""Productions: the records disclosed to an agency, each hashed, packed in a zip with a
manifest and a signed certificate of authenticity (REQUIREMENTS.md "Outputs")."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver

from triage.models.choices import DataCategory, Kind
from triage.models.letter import file_delete_on_commit
from triage.models.request import Request


class RecordCategory(models.TextChoices):
    """What a file holds. Content needs a search warrant (REQUIREMENTS.md table)."""

    RECORDINGS = "recordings", "Recordings (content)"
    TRANSCRIPTS = "transcripts", "Transcripts (content)"
    CHATS = "chats", "Chats (content)"
    FILES = "files", "Files (content)"
    WHITEBOARDS = "whiteboards", "Whiteboards (content)"
    VOICEMAIL = "voicemail", "Voicemail (content)"
    SUBSCRIBER = "subscriber", "Subscriber information"
    MEETING_METADATA = "meeting_metadata", "Meeting metadata"
    IP_LOGS = "ip_logs", "IP address logs"
    DEVICE_IDS = "device_ids", "Device identifiers (MAC, device id)"
    LOCATION = "location", "Approximate location"


CONTENT_CATEGORIES = frozenset(
    {
        RecordCategory.RECORDINGS,
        RecordCategory.TRANSCRIPTS,
        RecordCategory.CHATS,
        RecordCategory.FILES,
        RecordCategory.WHITEBOARDS,
        RecordCategory.VOICEMAIL,
    }
)

NON_CONTENT = frozenset(RecordCategory) - CONTENT_CATEGORIES
EVERYTHING = frozenset(RecordCategory)
# What each legal basis may obtain (REQUIREMENTS.md "Request kinds"). Kinds absent here obtain
# nothing: preservations (a hold, nothing disclosed), interception, access restriction.
ALLOWED: dict[str, frozenset[str]] = {
    Kind.SUBPOENA: NON_CONTENT,
    Kind.COURT_ORDER: NON_CONTENT,
    Kind.SEARCH_WARRANT: EVERYTHING,
    Kind.USER_CONSENT: EVERYTHING,
    Kind.RECORDS_AUTHENTICATION: NON_CONTENT,
    # Case by case, and only what prevents the harm: a reviewer confirms each record.
    Kind.EMERGENCY: EVERYTHING,
    Kind.INTERNATIONAL: EVERYTHING,
    # What the certificate's data categories name (Regulation (EU) 2023/1543, Article 3).
    Kind.EU_PRODUCTION_ORDER: EVERYTHING,
}


class Production(models.Model):
    class Status(models.TextChoices):
        BUILDING = "building", "Building"
        BUILT = "built", "Built"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="productions")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BUILDING)
    zip = models.FileField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    manifest = models.JSONField(default=list, blank=True)
    # The reviewer confirmed that each record of an emergency disclosure prevents the harm.
    emergency_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "pk"]

    def __str__(self) -> str:
        return f"Production {self.pk} of {self.request.reference}"

    def storage_name(self) -> str:
        return f"productions/{self.request.reference}/production-{self.pk:06d}.zip"


class ProductionFile(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=120, help_text="The uploaded name, sanitised")
    description = models.CharField(max_length=300)
    category = models.CharField(max_length=16, choices=RecordCategory.choices)
    # An EPOC's records each belong to one of the certificate's data categories (Regulation
    # (EU) 2023/1543, Article 3(9)-(12)); blank on every other kind.
    eu_category = models.CharField(
        max_length=16, choices=DataCategory.choices, blank=True, default=""
    )
    file = models.FileField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, help_text="Sniffed from the bytes")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["production", "name"], name="production_file_name")
        ]

    def __str__(self) -> str:
        return self.name


@receiver(post_delete, sender=Production)
def _zip_gone(sender: type, instance: Production, **kwargs: object) -> None:
    file_delete_on_commit(instance.zip.name)


@receiver(post_delete, sender=ProductionFile)
def _record_gone(sender: type, instance: ProductionFile, **kwargs: object) -> None:
    file_delete_on_commit(instance.file.name)
