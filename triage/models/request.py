"""A law-enforcement request and its two state machines (status and user notice).

Transitions change state only. Everything else that happens on a transition (deadlines, the
Event, mail) is done by the service in triage/services that calls it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from triage.models import conditions as c
from triage.models import eu_conditions as eu
from triage.models.choices import Channel, Kind, Notice, Status, TargetType
from triage.models.eu_order import EU_CERTIFICATE_FIELDS, EuCertificate

S = Status


class Matter(models.Model):
    """One case on the agency's side: a preservation, its extension, then the subpoena."""

    title = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title or f"Matter {self.pk}"


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year; updated inside the opening transaction,
    so a rolled-back opening gives its number back and the sequence stays gap-free."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Request(ConcurrentTransitionMixin, EuCertificate, models.Model):
    reference = models.CharField(max_length=16, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = FSMField(
        max_length=16, choices=Status.choices, default=Status.RECEIVED, protected=True
    )
    notice = FSMField(
        max_length=16, choices=Notice.choices, default=Notice.NOT_DECIDED, protected=True
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)

    # Who asks (REQUIREMENTS.md "What a valid request must carry").
    agency = models.CharField(max_length=300, blank=True)
    agent_name = models.CharField(max_length=200, blank=True)
    badge = models.CharField("badge or ID number", max_length=100, blank=True)
    agent_email = models.EmailField(max_length=254, blank=True)
    agent_phone = models.CharField(max_length=64, blank=True)
    postal_address = models.TextField(blank=True)
    country = models.CharField("country (ISO 3166-1)", max_length=2, blank=True)
    language = models.CharField("language (ISO 639-1)", max_length=8, blank=True)
    case_number = models.CharField("agency's case number", max_length=120, blank=True)

    # What is asked, and when.
    subject = models.CharField(max_length=998, blank=True)
    summary = models.TextField("what is wanted and why", blank=True)
    received_at = models.DateTimeField(help_text="When our mail server (or the post) received it")
    response_due_date = models.DateField(null=True, blank=True)
    # While the agency owes us information (needs_info) the response clock stops; what was
    # left of it is kept here and given back when the agency answers.
    response_paused_remaining = models.DurationField(null=True, blank=True)

    # Read on the document itself (DESIGN.md, `extract`). None: not recorded (intake does not
    # pass them); the rules count only a recorded "no" as missing (triage/services/rulecheck.py).
    letterhead = models.BooleanField("on the agency's letterhead", null=True, blank=True)
    signed = models.BooleanField("signed by the requesting official", null=True, blank=True)
    # What the document asks or says (DESIGN.md `extract`: nondisclosure, emergency); the
    # order a reviewer records is a NondisclosureOrder, the emergency clock follows the kind.
    nondisclosure_asked = models.BooleanField("asks that the user not be told", default=False)
    nondisclosure_days = models.PositiveIntegerField(
        "non-disclosure asked for (days)", null=True, blank=True
    )
    nondisclosure_asked_until = models.DateField(
        "non-disclosure asked until", null=True, blank=True
    )
    emergency_claimed = models.BooleanField("claims a danger of death or injury", default=False)
    person_at_risk = models.CharField("person at risk", max_length=300, blank=True)
    imminence = models.CharField("how imminent the harm is", max_length=300, blank=True)

    # Where it came from. Intake's stored message points here; triage never imports intake.
    source_message_id = models.CharField(max_length=998, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)

    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    original = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
        help_text="The preservation an extension names",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
    )

    # Second-person approval.
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # What the approver signed off (triage/package.py): the records by hash, where they go, the
    # legal basis and the letter; disclosure sends exactly this or nothing.
    approved_package = models.JSONField(default=dict, blank=True)
    approved_package_sha256 = models.CharField(max_length=64, blank=True)

    # Where a disclosure may go. ``sender_address`` is the government address intake verified
    # when it opened the request (empty when a person opened it from post, fax or a held mail);
    # a destination outside that agency's domain needs a reviewer's decision with a reason.
    sender_address = models.EmailField(max_length=254, blank=True)
    destination_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination_reason = models.TextField(blank=True)
    # A reviewer's reasoned decision that there is nothing to produce (no data held).
    no_data_reason = models.TextField(blank=True)

    # What intake found missing, proposed to the clerk (not sent): [{name, sentence}], the
    # sentences the deficiency notice would use. The clerk's ask_info decides what is asked.
    proposed_deficiencies = models.JSONField(default=list, blank=True)
    # How sure intake was of what it read (intake/certainty.py): field → 0..1, by the names of
    # EXTRACTED_FIELDS plus "kind" and "targets"; calibrated, so 0.9 is right about 9 times
    # in 10. Below LERQ_CONFIRM_BELOW the page asks a person to confirm the field.
    reading_confidence = models.JSONField(default=dict, blank=True)
    # Why the kind: [{words, part}], the words that decided it and the part they stand in.
    kind_evidence = models.JSONField(default=list, blank=True)
    # The fields a person confirmed or corrected since (who and when: their Events).
    reading_confirmed = models.JSONField(default=list, blank=True)
    # With LERQ_AUTO_DEFICIENCY on, the fields intake was not sure enough of to send the
    # deficiency notice alone ([{name, confidence}]): the list waits for a person instead.
    deficiency_unsure = models.JSONField(default=list, blank=True)

    # Outcome.
    rejection_reasons = models.JSONField(default=list, blank=True)
    rejection_explanation = models.TextField(blank=True)

    # User notice.
    notice_basis = models.TextField(blank=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    objection_window_ends_at = models.DateTimeField(null=True, blank=True)
    nondisclosure_until = models.DateField(null=True, blank=True)

    # The latest call-back to the agency did not confirm the emergency (a hijacked mailbox?):
    # kept on the row, written only by callback_record, so the queue can put it first from
    # its index (triage/selectors/queue.py).
    callback_unconfirmed = models.BooleanField(default=False, editable=False)
    # What the queue's search reads on PostgreSQL: the reference, agency, agent, case number,
    # matter title and every target identifier, one per line, kept by database triggers
    # (migration 0025_request_search_text); never written by lerq's code.
    search_text = models.TextField(blank=True, default="", editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # What was read off the request (by intake, or typed in by hand): shown on the request page
    # beside what its kind requires, and the only fields a person may correct there.
    EXTRACTED_FIELDS = (
        "agency",
        "agent_name",
        "badge",
        "agent_email",
        "agent_phone",
        "postal_address",
        "country",
        "language",
        "case_number",
        "response_due_date",
        "summary",
        "letterhead",
        "signed",
        "nondisclosure_asked",
        "nondisclosure_days",
        "nondisclosure_asked_until",
        "emergency_claimed",
        "person_at_risk",
        "imminence",
        *EU_CERTIFICATE_FIELDS,
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="request_status_idx"),
            models.Index(fields=["kind"], name="request_kind_idx"),
            models.Index(fields=["response_due_date"], name="request_due_idx"),
            # Intake finds a request by the mail that opened it, on every message it routes:
            # without them, a scan of every request (10 to 14 ms each at 100,000 requests).
            models.Index(
                fields=["source_sha256"],
                name="request_source_sha256_idx",
                condition=~models.Q(source_sha256=""),
            ),
            models.Index(
                fields=["source_message_id"],
                name="request_source_msgid_idx",
                condition=~models.Q(source_message_id=""),
            ),
            # What waits for a person (triage/selectors/my_work.py), counted on every page for
            # the navigation: their open requests, and the disclosures awaiting approval, in
            # the order My work lists them. Both small, unlike the tables' full indexes, and
            # holding every column the count reads (it never visits the table).
            models.Index(
                fields=["assignee", "id"],
                name="request_assigned_open_idx",
                condition=~models.Q(status="closed"),
            ),
            models.Index(
                fields=["approval_requested_at", "id", "approval_requested_by"],
                name="request_awaiting_approval_idx",
                condition=models.Q(status="in_review", approval_requested_by__isnull=False),
            ),
        ]
        permissions = [
            ("intake_request", "Take in requests: validate, ask the agency for information"),
            ("review_request", "Review requests: hold, review, reject, notify, disclose, close"),
            ("approve_request", "Approve a disclosure another person asked for"),
            ("run_timers", "Act as the deadline sweep (expire holds)"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("triage:request_detail", args=[self.reference])

    @property
    def is_emergency(self) -> bool:
        return self.kind == Kind.EMERGENCY

    @property
    def is_eu_emergency(self) -> bool:
        """An EPOC in the 8-hour lane (Regulation (EU) 2023/1543, Article 10(4))."""
        return self.kind == Kind.EU_PRODUCTION_ORDER and self.eu_emergency

    # --- status ---------------------------------------------------------------------------
    @transition(
        field=status,
        source=S.RECEIVED,
        target=S.VALIDATED,
        conditions=[c.not_interception],
        permission=c.INTAKE,
        custom={"label": "Validate"},
    )
    def validate(self) -> None:
        """It comes from an authority and carries what its kind requires."""

    @transition(
        field=status,
        source=[S.RECEIVED, S.IN_REVIEW],
        target=S.NEEDS_INFO,
        conditions=[c.not_interception],
        permission=c.role_by_source({S.RECEIVED: c.INTAKE, S.IN_REVIEW: c.REVIEW}),
        custom={"label": "Ask the agency for information", "needs_reason": True},
    )
    def ask_info(self) -> None:
        """A deficiency notice goes to the agency; its answer window starts."""

    @transition(
        field=status,
        source=S.NEEDS_INFO,
        target=S.RECEIVED,
        permission=c.INTAKE,
        custom={"label": "Agency answered"},
    )
    def answer(self) -> None:
        """The agency answered the deficiency notice: the request is checked again."""

    @transition(
        field=status,
        source=S.NEEDS_INFO,
        target=S.CLOSED,
        permission=c.REVIEW,
        custom={"label": "Close: no answer", "needs_reason": True},
    )
    def lapse(self) -> None:
        """The agency never answered the deficiency notice."""

    @transition(
        field=status,
        source=[S.RECEIVED, S.VALIDATED],
        target=S.IN_REVIEW,
        conditions=[c.reviewable],
        permission=c.REVIEW,
        custom={"label": "Start review"},
    )
    def start_review(self) -> None:
        """A lawyer examines the legal process (an emergency comes here on arrival)."""

    @transition(
        field=status,
        source=S.VALIDATED,
        target=S.PRESERVED,
        conditions=[c.is_preservation],
        permission=c.REVIEW,
        custom={"label": "Place hold"},
    )
    def preserve(self) -> None:
        """A snapshot of the targets' data is held for the hold period."""

    @transition(
        field=status,
        source=S.PRESERVED,
        target=S.EXTENDED,
        conditions=[c.hold_extendable],
        permission=c.REVIEW,
        custom={"label": "Extend hold"},
    )
    def extend(self) -> None:
        """A separate formal extension request arrived before the hold ended: once only."""

    @transition(
        field=status,
        source=S.VALIDATED,
        target=S.CLOSED,
        conditions=[c.is_extension, c.original_extended],
        permission=c.REVIEW,
        custom={"label": "Apply extension"},
    )
    def fulfil(self) -> None:
        """This extension request has extended the hold it names; nothing else to do."""

    @transition(
        field=status,
        source=[S.PRESERVED, S.EXTENDED],
        target=S.RELEASED,
        permission=c.REVIEW,
        custom={"label": "Release hold", "needs_reason": True},
    )
    def release(self) -> None:
        """The hold is lifted before its end (legal process arrived, or the agency withdrew)."""

    @transition(
        field=status,
        source=[S.PRESERVED, S.EXTENDED],
        target=S.EXPIRED,
        conditions=[c.hold_ended],
        permission=c.RUN_TIMERS,
        custom={"label": "Expire hold"},
    )
    def expire(self) -> None:
        """The hold reached its end with no legal process; preserved data may be deleted."""

    @transition(
        field=status,
        source=S.IN_REVIEW,
        target=S.IN_REVIEW,
        conditions=[c.approval_not_requested],
        permission=c.REVIEW,
        custom={"label": "Ask for approval"},
    )
    def submit_for_approval(self) -> None:
        """The reviewer proposes disclosure; a second person must approve."""

    @transition(
        field=status,
        source=S.IN_REVIEW,
        target=S.APPROVED,
        conditions=[
            c.approval_requested,
            c.no_open_objection,
            c.package_ready,
            c.destination_verified,
            eu.enforcing_not_refused,
            eu.production_within_certificate,
        ],
        permission=c.second_person_approver,
        custom={"label": "Approve disclosure"},
    )
    def approve(self) -> None:
        """A senior lawyer other than the one who asked signs off the disclosure."""

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.IN_REVIEW,
        permission=c.REVIEW,
        custom={"label": "Withdraw approval", "needs_reason": True},
    )
    def withdraw_approval(self) -> None:
        """Something changed after approval (an objection, new facts): back to review."""

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.DISCLOSED,
        conditions=[
            c.notice_allows_disclosure,
            c.no_open_objection,
            c.restriction_recorded,
            c.callback_recorded,
            eu.enforcing_window_over,
            eu.enforcing_not_refused,
            eu.production_within_certificate,
            c.destination_verified,
            c.package_as_approved,
        ],
        permission=c.REVIEW,
        custom={"label": "Disclose"},
    )
    def disclose(self) -> None:
        """The production goes to the agency."""

    @transition(
        field=status,
        source=[S.RECEIVED, S.VALIDATED, S.IN_REVIEW],
        target=S.REJECTED,
        permission=c.REVIEW,
        custom={"label": "Reject", "needs_reason": True},
    )
    def reject(self) -> None:
        """Refused, with reason codes and an explanation to the agency."""

    @transition(
        field=status,
        source=[
            S.RECEIVED,
            S.NEEDS_INFO,
            S.VALIDATED,
            S.IN_REVIEW,
            S.APPROVED,
            S.PRESERVED,
            S.EXTENDED,
        ],
        target=S.CLOSED,
        conditions=[eu.is_eu_order],
        permission=c.REVIEW,
        custom={"label": "Withdrawn by the issuing authority", "needs_reason": True},
    )
    def eu_withdrawn(self) -> None:
        """The issuing authority withdrew the EU order before production (Regulation (EU)
        2023/1543, Article 12(3) after a ground for refusal, or for any reason): nothing is
        produced, a hold ends."""

    @transition(
        field=status,
        source=[S.DISCLOSED, S.REJECTED, S.RELEASED, S.EXPIRED],
        target=S.CLOSED,
        permission=c.REVIEW,
        custom={"label": "Close"},
    )
    def close(self) -> None:
        """Nothing is left to do; the retention clock starts."""

    # --- user notice ----------------------------------------------------------------------
    @transition(
        field=notice,
        source=[Notice.NOT_DECIDED, Notice.DELAYED],
        target=Notice.SENT,
        conditions=[c.notice_may_be_sent],
        permission=c.REVIEW,
        custom={"label": "Send user notice"},
    )
    def notice_send(self) -> None:
        """The affected user is told, before disclosure, and may object in the window."""

    @transition(
        field=notice,
        source=Notice.NOT_DECIDED,
        target=Notice.DELAYED,
        permission=c.REVIEW,
        custom={"label": "Delay notice (non-disclosure order)", "needs_reason": True},
    )
    def notice_delay(self) -> None:
        """A non-disclosure order for a specific time: notice goes out when it ends."""

    @transition(
        field=notice,
        source=[Notice.NOT_DECIDED, Notice.DELAYED],
        target=Notice.NOT_PERMITTED,
        permission=c.REVIEW,
        custom={"label": "Notice not permitted", "needs_reason": True},
    )
    def notice_forbid(self) -> None:
        """The law forbids telling the user."""

    @transition(
        field=notice,
        source=Notice.NOT_DECIDED,
        target=Notice.NOT_REQUIRED,
        permission=c.REVIEW,
        custom={"label": "Notice not required", "needs_reason": True},
    )
    def notice_waive(self) -> None:
        """No user to tell (the user consented, or no account is concerned)."""


class Target(models.Model):
    """Whose data is asked for: a user, an account or a meeting, by its identifiers."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="targets")
    type = models.CharField(max_length=8, choices=TargetType.choices)
    user_id = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    account_number = models.CharField(max_length=200, blank=True)
    meeting_id = models.CharField(max_length=64, blank=True)
    host_email = models.EmailField(max_length=254, blank=True)
    meeting_time = models.DateTimeField(null=True, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    description = models.TextField(blank=True)

    IDENTIFIERS = {
        TargetType.USER: ("user_id", "email", "ip"),
        TargetType.ACCOUNT: ("email", "account_number"),
        TargetType.MEETING: ("meeting_id", "host_email", "url"),
    }

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        found = [getattr(self, name) for name in self.IDENTIFIERS.get(self.type, ())]
        return f"{self.get_type_display()}: {', '.join(str(v) for v in found if v)}"

    def clean(self) -> None:
        names = self.IDENTIFIERS.get(self.type, ())
        if not any(getattr(self, name) for name in names):
            raise ValidationError(
                f"A {self.type} target needs at least one of: {', '.join(names)}."
            )
