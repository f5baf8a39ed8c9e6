"""The transparency report's figures, computed from the recorded data only (raw counts).

What is counted, and how each outcome is derived from the record:

- A request is in a half when it was received in it (triage/reports/periods.py).
- Preservations and preservation extensions are counted apart and left out of every total,
  as the big platforms do: they ask to keep data, not to hand it over.
- Accounts: the targets a request names, each distinct identifier set once per request; an
  account named by two requests counts twice ("accounts specified in requests"), so the
  figures by country and by kind add up to the total.
- Outcome of each request, from its Events and state:
  content       some data disclosed under a kind whose legal basis reaches content
                (a search warrant, CONTENT_KINDS);
  non_content   some data disclosed under any other kind (subpoena, court order, emergency...);
  no_data       rejected with no reason but ``no_data`` (nothing held: "no data found"), or
                disclosed with an approved package that produced nothing;
  rejected      rejected with any other reason (did not meet the legal requirements);
  lapsed        closed because the agency never supplied what was missing;
  pending       not answered yet when the report was made.
  Every request has exactly one outcome, so the outcomes add up to the total.
- EU orders (Regulation (EU) 2023/1543) are counted apart, by issuing State and by category
  of data (triage/reports/eu.py), and left out of every other figure.
- Notices delayed: requests whose user notice was delayed by a non-disclosure order (a
  ``notice_delay`` Event), whether or not the order has ended since.

Everything here is raw; triage/reports/present.py turns it into what may be published.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from triage.models import Event, EventKind, Kind, RejectionReason, Request, Status, Target
from triage.models.choices import EU_ORDER_KINDS, PRESERVATION_KINDS
from triage.reports.eu import EuOrders, EuRecord, eu_orders_count
from triage.reports.periods import Half, half_of

CONTENT_KINDS = frozenset({Kind.SEARCH_WARRANT})
OUTCOMES = ("content", "non_content", "no_data", "rejected", "lapsed", "pending")
TREND_HALVES = 4


@dataclass
class Row:
    """Requests, accounts and outcomes of one slice (a country, a kind, or everything)."""

    key: str
    label: str
    requests: int = 0
    accounts: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def disclosed(self) -> int:
        """Requests where some data was produced."""
        return self.outcomes["content"] + self.outcomes["non_content"]

    def add(self, record: "Record") -> None:
        self.requests += 1
        self.accounts += record.accounts
        self.outcomes[record.outcome] += 1


@dataclass(frozen=True)
class Record:
    """One request, reduced to what the report counts."""

    kind: str
    country: str
    half: Half
    accounts: int
    outcome: str
    reasons: tuple[str, ...]
    notice_delayed: bool
    notice_forbidden: bool
    eu: EuRecord | None = None


# Apart from every total: preservations (they ask to keep data) and EU orders (their own table).
_APART = PRESERVATION_KINDS | EU_ORDER_KINDS


@dataclass
class Preservations:
    requests: int = 0
    accounts: int = 0
    extensions: int = 0
    extension_accounts: int = 0


@dataclass
class TrendPoint:
    half: Half
    requests: int
    disclosed: int


@dataclass
class Figures:
    half: Half
    generated_at: datetime
    total: Row
    by_country: list[Row]
    by_kind: list[Row]
    emergencies: Row
    preservations: Preservations
    rejected_requests: int  # requests with a rejection, whatever its reasons
    rejections_by_reason: list[tuple[str, str, int]]  # code, label, requests
    notices_delayed: int
    notices_not_permitted: int
    trend: list[TrendPoint]
    eu_orders: EuOrders


def report_figures(half: Half, *, now: datetime | None = None) -> Figures:
    """The figures of ``half`` and the trend over the halves up to it."""
    now = now or timezone.now()
    halves = half.last(TREND_HALVES)
    records = _records(halves[0].bounds()[0], half.bounds()[1])
    these = [r for r in records if r.half == half]
    counted = [r for r in these if r.kind not in _APART]

    total = Row("", "All")
    countries: dict[str, Row] = {}
    kinds = {k.value: Row(k.value, k.label) for k in Kind if k not in _APART}
    emergencies = Row(Kind.EMERGENCY.value, Kind.EMERGENCY.label)
    reasons: Counter = Counter()
    for record in counted:
        total.add(record)
        country = countries.setdefault(record.country, Row(record.country, record.country))
        country.add(record)
        kinds[record.kind].add(record)
        if record.kind == Kind.EMERGENCY:
            emergencies.add(record)
        reasons.update(record.reasons)
    for row in countries.values():
        row.label = row.key or "Unknown"

    return Figures(
        half=half,
        generated_at=now,
        total=total,
        by_country=sorted(countries.values(), key=lambda r: (-r.requests, r.key == "", r.key)),
        by_kind=list(kinds.values()),
        emergencies=emergencies,
        preservations=_preservations(these),
        rejected_requests=total.outcomes["no_data"] + total.outcomes["rejected"],
        rejections_by_reason=[(r.value, r.label, reasons[r.value]) for r in RejectionReason],
        notices_delayed=sum(r.notice_delayed for r in counted),
        notices_not_permitted=sum(r.notice_forbidden for r in counted),
        trend=_trend(records, halves),
        eu_orders=eu_orders_count([r.eu for r in these if r.eu is not None]),
    )


def _preservations(records: list[Record]) -> Preservations:
    found = Preservations()
    for r in records:
        if r.kind == Kind.PRESERVATION:
            found.requests += 1
            found.accounts += r.accounts
        elif r.kind == Kind.PRESERVATION_EXTENSION:
            found.extensions += 1
            found.extension_accounts += r.accounts
    return found


def _trend(records: list[Record], halves: list[Half]) -> list[TrendPoint]:
    requests: Counter = Counter()
    disclosed: Counter = Counter()
    for r in records:
        if r.kind in _APART:
            continue
        requests[r.half] += 1
        disclosed[r.half] += r.outcome in ("content", "non_content")
    return [TrendPoint(h, requests[h], disclosed[h]) for h in halves]


def _records(start: datetime, end: datetime) -> list[Record]:
    """Every request received in [start, end), with its outcome: two queries."""

    def happened(action: str) -> Exists:
        return Exists(Event.objects.filter(request_id=OuterRef("pk"), action=action))

    rows = (
        Request.objects.filter(received_at__gte=start, received_at__lt=end)
        .annotate(
            was_disclosed=happened(EventKind.DISCLOSE),
            # An approved package that said there is nothing to produce: no data was disclosed.
            disclosed_nothing=Exists(
                Event.objects.filter(
                    request_id=OuterRef("pk"), action=EventKind.DISCLOSE, data__no_data=True
                )
            ),
            was_rejected=happened(EventKind.REJECT),
            was_lapsed=happened(EventKind.LAPSE),
            was_delayed=happened(EventKind.NOTICE_DELAY),
            was_forbidden=happened(EventKind.NOTICE_FORBID),
        )
        .order_by()
        .values(
            "pk",
            "kind",
            "country",
            "received_at",
            "status",
            "notice",
            "rejection_reasons",
            "eu_issuing_state",
            "eu_data_categories",
            "eu_emergency",
            "was_disclosed",
            "disclosed_nothing",
            "was_rejected",
            "was_lapsed",
            "was_delayed",
            "was_forbidden",
        )
    )
    rows = list(rows)
    accounts = _accounts(start, end)
    zone = timezone.get_current_timezone()
    return [
        Record(
            kind=row["kind"],
            country=(row["country"] or "").strip().upper(),
            half=half_of(row["received_at"].astimezone(zone).date()),
            accounts=accounts.get(row["pk"], 0),
            outcome=_outcome(row),
            reasons=tuple(_reasons(row)),
            notice_delayed=row["was_delayed"] or row["notice"] == "delayed",
            notice_forbidden=row["was_forbidden"] or row["notice"] == "not_permitted",
            eu=_eu(row),
        )
        for row in rows
    ]


def _eu(row: dict) -> EuRecord | None:
    if row["kind"] not in EU_ORDER_KINDS:
        return None
    return EuRecord(
        kind=row["kind"],
        state=(row["eu_issuing_state"] or "").strip().upper(),
        categories=tuple(row["eu_data_categories"] or ()),
        emergency=bool(row["eu_emergency"]),
    )


def _reasons(row: dict) -> list[str]:
    if not (row["was_rejected"] or row["status"] == Status.REJECTED):
        return []
    codes = row["rejection_reasons"] or []
    known = {r.value for r in RejectionReason}
    # A code no longer in RejectionReason is still a rejection: count it as "other".
    return sorted({c if c in known else RejectionReason.OTHER.value for c in codes})


def _outcome(row: dict) -> str:
    if row["disclosed_nothing"]:
        return "no_data"
    if row["was_disclosed"] or row["status"] == Status.DISCLOSED:
        return "content" if row["kind"] in CONTENT_KINDS else "non_content"
    if row["was_rejected"] or row["status"] == Status.REJECTED:
        reasons = _reasons(row)
        return "no_data" if reasons == [RejectionReason.NO_DATA.value] else "rejected"
    if row["was_lapsed"]:
        return "lapsed"
    return "pending"


def _accounts(start: datetime, end: datetime) -> dict[int, int]:
    """Distinct targets per request (the same identifiers named twice count once)."""
    seen: dict[int, set[tuple]] = defaultdict(set)
    names = ("type", "user_id", "email", "ip", "account_number", "meeting_id", "host_email", "url")
    targets = Target.objects.filter(request__received_at__gte=start, request__received_at__lt=end)
    for row in targets.order_by().values_list("request_id", *names):
        seen[row[0]].add(tuple(str(v or "").strip().lower() for v in row[1:]))
    return {pk: len(keys) for pk, keys in seen.items()}
