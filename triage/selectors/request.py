"""What the request page reads: the request with everything it shows, in a bounded number of
queries whatever the length of its record."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Value

from triage import rules
from triage.models import (
    AgencyNumber,
    CallBack,
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    FieldProposal,
    NondisclosureOrder,
    NoticeRecipient,
    Objection,
    Production,
    Request,
    Target,
)
from triage.models.choices import EU_ORDER_KINDS, FINISHED_STATUSES

# The timeline shows this many events, newest first; the rest are in the admin.
TIMELINE_LIMIT = 200

# rules.py's names for what a request must carry → the Request field that holds it.
RULE_FIELDS = {
    rules.AGENCY: "agency",
    rules.AGENT_NAME: "agent_name",
    rules.BADGE: "badge",
    rules.AGENT_EMAIL: "agent_email",
    rules.PHONE: "agent_phone",
    rules.ADDRESS: "postal_address",
    rules.RESPONSE_DATE: "response_due_date",
    rules.TARGETS: "targets",
    rules.SIGNATURE: "signed",
    rules.LETTERHEAD: "letterhead",
    **{name: name for name in rules.EU_NAMES},  # EU certificates: the field is the name
}


def request_get_for_page(*, reference: str) -> Request:
    """The request, its targets, deadlines, call-backs, matter and hold, its productions with
    their records, and what its user notice rests on (recipients, non-disclosure orders,
    objections, restriction), for the page."""
    return (
        Request.objects.select_related(
            "assignee",
            "approval_requested_by",
            "approved_by",
            "matter",
            "original",
            "original__hold",
            "hold",
            "access_restriction",
        )
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("pk")),
            Prefetch("deadlines", queryset=Deadline.objects.order_by("done_at", "due_at", "pk")),
            Prefetch("callbacks", queryset=CallBack.objects.select_related("recorded_by")),
            # What the agency's answer proposed, waiting for a person (selectors/proposals.py).
            Prefetch(
                "proposals",
                queryset=FieldProposal.objects.filter(decided_at=None).order_by("pk"),
                to_attr="pending_proposals",
            ),
            # The notice section: who is told, the orders, the user's objections.
            Prefetch("notice_recipients", queryset=NoticeRecipient.objects.order_by("pk")),
            Prefetch(
                "nondisclosure_orders",
                queryset=NondisclosureOrder.objects.order_by("recorded_at", "pk"),
            ),
            # The productions section and the package conditions (triage/package.py).
            Prefetch(
                "productions",
                queryset=Production.objects.prefetch_related("files").order_by(
                    "-created_at", "-pk"
                ),
            ),
            Prefetch(
                "objections",
                queryset=Objection.objects.select_related("resolved_by").order_by(
                    "received_at", "pk"
                ),
            ),
        )
        .get(reference=reference)
    )


def event_list_for_request(*, request: Request, limit: int = TIMELINE_LIMIT) -> list[Event]:
    """The request's record, newest first."""
    return list(Event.objects.filter(request=request).order_by("-seq")[:limit])


def sender_review_for_request(*, request: Request) -> dict[str, Any] | None:
    """What intake said about the sender when the request was opened (its history and the
    flags that ask for a closer look), from the opening event; None for post, fax or a
    request opened before sender histories were kept."""
    opened = (
        Event.objects.filter(request=request, action=EventKind.OPENED)
        .values_list("data", flat=True)
        .first()
    )
    review = (opened or {}).get("sender_review")
    return review if isinstance(review, dict) else None


def request_list_linked(*, request: Request) -> QuerySet[Request]:
    """The other requests of the same matter, and those that name this one or that it names."""
    rows = Request.objects.none()
    if request.matter_id is not None:
        rows = Request.objects.filter(matter_id=request.matter_id)
    rows = rows | Request.objects.filter(original_id=request.pk)
    if request.original_id is not None:
        rows = rows | Request.objects.filter(pk=request.original_id)
    return rows.exclude(pk=request.pk).order_by("received_at")


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    value: Any
    required: bool
    missing: str  # the rule's sentence when missing or unacceptable, else ""


def _not_judged_here(_address: str) -> bool:
    # Whether the agent's address is on a government domain is intake's check, made on the
    # sender when the mail arrived (triage does not import intake); here only absence counts.
    return True


def request_deficiencies(
    *, request: Request, targets: list[Target] | None = None
) -> list[rules.Deficiency]:
    """What the rules (triage/rules.py) find missing in the request's current fields, with
    their sentences. Signature and letterhead count as missing only when recorded as absent
    (None: not recorded, as on requests intake opened before they were stored)."""
    targets = list(request.targets.all()) if targets is None else targets
    values: dict[str, Any] = {
        rule: (targets if field == "targets" else getattr(request, field))
        for rule, field in RULE_FIELDS.items()
    }
    values["signed"] = request.signed is not False
    values[rules.LETTERHEAD] = request.letterhead is not False
    return rules.deficiencies(
        kind=request.kind,
        fields=values,
        received_at=request.received_at,
        is_government_email=_not_judged_here,
    ) + rules.eu_gaps(kind=request.kind, fields=values)


def _shown(request: Request, name: str) -> Any:
    """A field's value as a person reads it: a choice by its label, a list (the certificate's
    data categories) as the words the correction form takes, not as Python writes a list."""
    value = getattr(request, name)
    field = Request._meta.get_field(name)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if field.choices and value not in (None, ""):
        return getattr(request, f"get_{name}_display")()
    return value


def request_field_rows(*, request: Request) -> tuple[list[FieldRow], list[rules.Deficiency]]:
    """The extracted fields beside the ones the request's kind requires, and the sentences of
    what is missing."""
    found = request_deficiencies(request=request)
    required = rules.REQUIRED.get(request.kind, rules.UNKNOWN_KIND_REQUIRED)
    by_field = {RULE_FIELDS[d.name]: d.sentence for d in found if d.name in RULE_FIELDS}
    required_fields = {RULE_FIELDS[name] for name in required if name in RULE_FIELDS}
    if request.kind in EU_ORDER_KINDS:
        required_fields |= set(rules.EU_NAMES)
    rows = [
        FieldRow(
            name=name,
            label=str(Request._meta.get_field(name).verbose_name),
            value=_shown(request, name),
            required=name in required_fields,
            missing=by_field.get(name, ""),
        )
        for name in Request.EXTRACTED_FIELDS
    ]
    return rows, found


def request_is_editable(request: Request) -> bool:
    return request.status not in FINISHED_STATUSES


@dataclass(frozen=True)
class TargetRow:
    pk: int
    instance: Target
    type: str
    label: str
    identifiers: list[tuple[str, Any]]
    meeting_time: Any
    description: str

    def get_type_display(self) -> str:
        return self.label


_TARGET_IDENTIFIERS = (
    "user_id", "email", "ip", "account_number", "meeting_id", "host_email", "url"
)  # fmt: skip


def target_rows(request: Request) -> list[TargetRow]:
    """The request's targets with only the identifiers they carry."""
    return [
        TargetRow(
            pk=t.pk,
            instance=t,
            type=t.type,
            label=t.get_type_display(),
            identifiers=[(n, getattr(t, n)) for n in _TARGET_IDENTIFIERS if getattr(t, n)],
            meeting_time=t.meeting_time,
            description=t.description,
        )
        for t in request.targets.all()
    ]


_EMERGENCY_TIMERS = (DeadlineKind.EMERGENCY_ACK, DeadlineKind.EMERGENCY_ESCALATION)


def header_deadlines(request: Request, deadlines: list[Deadline]) -> list[Deadline]:
    """What the header shows: an emergency's open acknowledgement and escalation timers, else
    the first open timer that someone must act on (never the retention clock)."""
    pending = [d for d in deadlines if d.done_at is None and d.kind != DeadlineKind.RETENTION_PURGE]
    pending.sort(key=lambda d: d.due_at)
    if request.is_emergency:
        urgent = [d for d in pending if d.kind in _EMERGENCY_TIMERS]
        if urgent:
            return urgent
    return pending[:1]


def restriction_of(request: Request) -> Any:
    """The request's access restriction (select_related by request_get_for_page), or None."""
    try:
        return request.access_restriction
    except Request.access_restriction.RelatedObjectDoesNotExist:
        return None


def agency_numbers_for_request(*, request: Request) -> QuerySet[AgencyNumber]:
    """The directory's numbers for the agency that sent ``request``: entries named as the
    request names its agency, or whose name the request's agency contains ("FBI" in
    "FBI Washington Field Office"), case aside."""
    agency = request.agency.strip()
    if not agency:
        return AgencyNumber.objects.none()
    return (
        AgencyNumber.objects.annotate(asked=Value(agency))
        .filter(Q(agency__iexact=agency) | Q(asked__icontains=F("agency")))
        .exclude(agency="")
        .order_by("agency", "number")
    )
