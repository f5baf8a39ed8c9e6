"""What an EU order's certificate carries (Regulation (EU) 2023/1543, Annexes I and II), as
fields of the request: read by intake where simple, corrected by hand on the request page
(they are among Request.EXTRACTED_FIELDS). Blank on every other kind."""

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.db import models

from triage.models.choices import DataCategory

EU_CERTIFICATE_FIELDS = (
    "eu_issuing_authority",
    "eu_issuing_authority_type",
    "eu_validating_authority",
    "eu_issuing_state",
    "eu_data_categories",
    "eu_emergency",
    "eu_enforcing_notified",
    "eu_offence",
    "eu_legal_basis",
    "eu_notification_exempt",
    "eu_channel",
)


class IssuingAuthorityType(models.TextChoices):
    """Who issued the order (Article 4; Annex I and II, "Details of the issuing authority"):
    whether it needed a validating authority depends on it and on the data categories."""

    NONE = "", "Not stated"
    JUDGE = "judge", "Judge, court or investigating judge"
    PROSECUTOR = "prosecutor", "Public prosecutor"
    OTHER = "other", "Other competent authority"


class EnforcingAnswer(models.TextChoices):
    """What the enforcing authority told us about an EPOC it was notified of (Article 8)."""

    NONE = "", "No answer"
    # Article 10(2), second sentence: it confirms early that it raises no ground for refusal.
    NO_GROUNDS = "no_grounds", "No ground for refusal"
    # Article 12(3): the addressee stops the execution and does not transfer the data.
    REFUSED = "refused", "Ground for refusal raised"


class RefusalGround(models.TextChoices):
    """The grounds for refusal an enforcing authority may raise (Article 12(1))."""

    IMMUNITIES = "immunities", "Immunities or privileges, or freedom of the press (12(1)(a))"
    FUNDAMENTAL_RIGHTS = "fundamental_rights", "Manifest breach of a fundamental right (12(1)(b))"
    NE_BIS_IN_IDEM = "ne_bis_in_idem", "Ne bis in idem (12(1)(c))"
    DOUBLE_CRIMINALITY = "double_criminality", "Not an offence in the enforcing State (12(1)(d))"


class AnswerChannel(models.TextChoices):
    """How the certificate came, and so how the answer goes (Article 19; triage/channels.py)."""

    EMAIL = "email", "E-mail"
    ECODEX = "ecodex", "e-CODEX"


class CategoryList(models.JSONField):
    """The certificate's data categories: a list stored as JSON (the embedded SQLite default
    has no arrays), entered as comma-separated words and checked against DataCategory."""

    def formfield(self, **kwargs):
        return SimpleArrayField(
            forms.ChoiceField(choices=DataCategory.choices),
            max_length=len(DataCategory.choices),
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=kwargs.get("help_text", ""),
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = set(DataCategory.values)
        if not isinstance(value, list) or not set(value) <= allowed or len(value) > len(allowed):
            raise models.ValidationError(f"Data categories are among {sorted(allowed)}.")


class EuCertificate(models.Model):
    eu_issuing_authority = models.CharField("issuing authority", max_length=300, blank=True)
    eu_issuing_authority_type = models.CharField(
        "type of issuing authority",
        max_length=12,
        choices=IssuingAuthorityType.choices,
        blank=True,
        default="",
    )
    # Article 4: where the issuer is not a judge, a court or an investigating judge.
    eu_validating_authority = models.CharField("validating authority", max_length=300, blank=True)
    eu_issuing_state = models.CharField("issuing state (ISO 3166-1)", max_length=2, blank=True)
    eu_data_categories = CategoryList(
        default=list,
        blank=True,
        verbose_name="data categories (comma-separated: subscriber, identification, traffic, "
        "content)",
    )
    # Article 3(18): imminent threat to life, physical integrity or safety of a person, or to
    # critical infrastructure.
    eu_emergency = models.BooleanField("emergency case (Article 3(18))", default=False)
    # Article 8: the enforcing authority received the EPOC at the same time as us.
    eu_enforcing_notified = models.BooleanField(
        "enforcing authority notified (Article 8)", default=False
    )
    eu_offence = models.CharField("offence", max_length=500, blank=True)
    eu_legal_basis = models.CharField(
        "legal basis (provision of national law)", max_length=500, blank=True
    )
    # Article 8(2): the issuing authority had reasonable grounds to believe the offence was
    # committed in, and the person lives in, the issuing State: no notification is owed.
    eu_notification_exempt = models.BooleanField(
        "no notification owed (Article 8(2): offence and person in the issuing State)",
        default=False,
    )
    # Article 19: the decentralised IT system. Only e-mail is connected (docs/eu-channel.md).
    eu_channel = models.CharField(
        "channel of the certificate and the answer",
        max_length=8,
        choices=AnswerChannel.choices,
        default=AnswerChannel.EMAIL,
    )
    # Set by triage/services/eu_enforcing.py only.
    eu_enforcing_answer = models.CharField(
        max_length=12, choices=EnforcingAnswer.choices, blank=True, default="", editable=False
    )
    eu_enforcing_answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    eu_enforcing_grounds = models.JSONField(default=list, blank=True, editable=False)
    # Annex V (Article 11(2)): a subsequent request for production was issued; the data are
    # kept until it arrives. Set by triage/services/eu_orders.py only.
    eu_production_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
