"""What the queue, "my work" and the dashboard read: open requests, most urgent first.

Overdue means what the sweep means (triage/timers.py): the request still owes the agency an
answer and its ``response_due`` timer has passed, whether the sweep already acted on it (done,
outcome ``acted``) or has not reached it yet (open, due). A timer cancelled because the clock
was paused (``needs_info``) or skipped does not count. The queue's search is a substring match
(``icontains``) on the reference, agency, agent, case number, matter and every target
identifier: on PostgreSQL over ``Request.search_text``, which triggers keep as those values one
per line, with a trigram index (migration 0025_request_search_text); on SQLite a plain scan of
the columns, which is quick at the size of an embedded demo. The search reads
requests in every state, closed ones too (issue 18: "closed requests cannot be found").
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils import timezone

from triage.models import (
    Deadline,
    DeadlineKind,
    Hold,
    Kind,
    Matter,
    Notice,
    Request,
    Status,
    Target,
)
from triage.models.choices import FINISHED_STATUSES
from triage.selectors.deadlines import deadline_list_due_this_week, deadline_rows, week_end
from triage.selectors.letters import letter_list_drafts, letter_list_undelivered

QUEUE_PAGE_SIZE = 50
# Target identifiers the search reads (DESIGN.md "extract": the identifiers the policy accepts).
TARGET_SEARCH_FIELDS = (
    "user_id",
    "email",
    "ip",
    "account_number",
    "meeting_id",
    "host_email",
    "url",
)
# The agency's case number is how an agent names the matter on their side.
REQUEST_SEARCH_FIELDS = ("reference", "agency", "agent_name", "agent_email", "case_number")
# Sorted, so the SQL of the queue's order is the same in every process: on PostgreSQL an index
# on exactly that expression (migration 0006_queue_indexes) gives the first page without a sort.
_UNFINISHED = sorted(s.value for s in Status if s not in FINISHED_STATUSES)
_FINISHED = sorted(s.value for s in FINISHED_STATUSES)
# Open, or acted on by the sweep; in this order, as the partial index deadline_overdue_idx says.
_COUNTS_AGAINST_DUE = ["", Deadline.Outcome.ACTED.value]


def request_list_for_queue() -> QuerySet[Request]:
    """Requests not yet closed, most urgent first (see ``request_list_all``)."""
    return request_list_all().exclude(status=Status.CLOSED)


def request_list_all() -> QuerySet[Request]:
    """Every request, most urgent first: emergencies the agency did not confirm on the latest
    call-back (a hijacked mailbox? urgency -1), emergencies not yet decided, then by the date
    the agency asked for (none last), then by receipt; requests that owe nothing more
    (disclosed, rejected, released, expired, closed) come after everything else."""
    return (
        Request.objects.select_related("assignee")
        .annotate(
            urgency=Case(
                When(
                    kind=Kind.EMERGENCY,
                    status__in=_UNFINISHED,
                    callback_unconfirmed=True,
                    then=Value(-1),
                ),
                When(kind=Kind.EMERGENCY, status__in=_UNFINISHED, then=Value(0)),
                # An EPOC in the 8-hour lane (Regulation (EU) 2023/1543, Article 10(4)).
                When(
                    kind=Kind.EU_PRODUCTION_ORDER,
                    eu_emergency=True,
                    status__in=_UNFINISHED,
                    then=Value(0),
                ),
                When(status__in=_FINISHED, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", F("response_due_date").asc(nulls_last=True), "received_at", "pk")
    )


def request_overdue_q(*, now: datetime) -> Q:
    """Requests whose answer to the agency is late (see the module docstring)."""
    late = Deadline.objects.filter(
        request=OuterRef("pk"),
        kind=DeadlineKind.RESPONSE_DUE,
        due_at__lte=now,
        outcome__in=_COUNTS_AGAINST_DUE,
    )
    return Q(Exists(late)) & ~Q(status__in=FINISHED_STATUSES)


def request_search(requests: QuerySet[Request], text: str) -> QuerySet[Request]:
    """Requests whose reference, agency, agent (name or email), the agency's case number, the
    title of their matter or any target identifier contains ``text``.

    On PostgreSQL one trigram scan of ``Request.search_text``; elsewhere (the embedded SQLite
    demo) a union of scans of the columns themselves."""
    text = text.strip()
    if not text:
        return requests
    if connection.vendor == "postgresql":
        # The same values, one per line, kept by triggers (migration 0025_request_search_text):
        # one trigram index scan instead of a union joined back to the requests.
        return requests.filter(search_text__icontains=text)
    on_request = Q()
    for name in REQUEST_SEARCH_FIELDS:
        on_request |= Q(**{f"{name}__icontains": text})
    on_target = Q()
    for name in TARGET_SEARCH_FIELDS:
        on_target |= Q(**{f"{name}__icontains": text})
    matches = (
        Request.objects.filter(on_request)
        .order_by()
        .values("pk")
        .union(
            Target.objects.filter(on_target).order_by().values("request_id"),
            Request.objects.filter(
                matter__in=Matter.objects.filter(title__icontains=text).values("pk")
            )
            .order_by()
            .values("pk"),
        )
    )
    return requests.filter(pk__in=matches)


def request_list_assignable() -> QuerySet[Any]:
    """The team members a request can be assigned to (anyone in a lerq role)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .order_by("username")
    )


def _deadlines_for_rows() -> Prefetch:
    """Open timers, and response timers the sweep acted on (they make a request overdue)."""
    shown = Deadline.objects.filter(
        Q(done_at__isnull=True) | Q(kind=DeadlineKind.RESPONSE_DUE, outcome=Deadline.Outcome.ACTED)
    ).order_by("due_at", "pk")
    return Prefetch("deadlines", queryset=shown, to_attr="queue_deadlines")


def request_list_with_timers(requests: QuerySet[Request]) -> QuerySet[Request]:
    """The queue's rows with what each row shows: targets and timers, in two queries."""
    return requests.prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("pk"), to_attr="queue_targets"),
        _deadlines_for_rows(),
    )


@dataclass(frozen=True)
class RowTiming:
    """What a queue row says about time, computed from the prefetched timers."""

    response_due_at: datetime | None  # when the answer to the agency is due
    days_left: int | None  # in the team's calendar: 0 today, negative when late
    overdue: bool
    next_deadline: Deadline | None  # the next open timer (an emergency's count-down)

    @property
    def due_label(self) -> str:
        if self.overdue:
            late = -(self.days_left or 0)
            return f"overdue by {late} day{'s' if late != 1 else ''}" if late > 0 else "overdue"
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return "passed"
        if self.days_left == 0:
            return "today"
        if self.days_left == 1:
            return "tomorrow"
        return f"in {self.days_left} days"


def _end_of_day(day: date) -> datetime:
    zone = timezone.get_default_timezone()
    return datetime.combine(day, time.max, tzinfo=zone)


def row_timing(request: Request, *, now: datetime) -> RowTiming:
    timers: list[Deadline] = getattr(request, "queue_deadlines", [])
    open_timers = [d for d in timers if d.done_at is None]
    response = [d for d in timers if d.kind == DeadlineKind.RESPONSE_DUE]
    finished = request.status in FINISHED_STATUSES
    due_at = response[-1].due_at if response else None
    if due_at is None and request.response_due_date and request.status != Status.NEEDS_INFO:
        due_at = _end_of_day(request.response_due_date)
    overdue = not finished and any(
        d.due_at <= now for d in response if d.done_at is None or d.outcome == "acted"
    )
    days_left = None
    if due_at is not None:
        today = timezone.localdate(now)
        days_left = (timezone.localdate(due_at) - today).days
    return RowTiming(
        response_due_at=due_at,
        days_left=days_left,
        overdue=overdue,
        next_deadline=open_timers[0] if open_timers else None,
    )


# --- dashboard ----------------------------------------------------------------------------
DASHBOARD_LIST = 8


@dataclass(frozen=True)
class Shortlist:
    count: int
    rows: list[Any]


@dataclass(frozen=True)
class PersonLoad:
    user_id: int | None
    name: str  # "Unassigned" for requests nobody holds
    open: int
    overdue: int


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    week_ends: datetime
    holds_until: datetime
    overdue: Shortlist
    due_this_week: Shortlist
    holds_ending: Shortlist
    emergencies: Shortlist
    undelivered: Shortlist
    drafts: Shortlist  # letters that wait for a person to send them
    # Requests whose non-disclosure order has ended: the user notice is owed, drafted by the
    # sweep, and waits for a reviewer to send it.
    notices_owed: Shortlist
    load: list[PersonLoad]


def _shortlist(rows: QuerySet[Any]) -> Shortlist:
    return Shortlist(count=rows.count(), rows=list(rows[:DASHBOARD_LIST]))


def _shortlist_counted(rows: QuerySet[Any]) -> Shortlist:
    """_shortlist in one query: the total rides on each row (a window over the whole set is
    computed before the LIMIT)."""
    shown = list(rows.annotate(total_rows=Window(Count("pk")))[:DASHBOARD_LIST])
    return Shortlist(count=shown[0].total_rows if shown else 0, rows=shown)


def request_list_notice_owed(*, today: date) -> QuerySet[Request]:
    """Requests whose user notice was delayed by an order that has ended: the notice is owed
    now (the notice_send condition holds), oldest order end first."""
    return (
        Request.objects.filter(notice=Notice.DELAYED, nondisclosure_until__lte=today)
        .select_related("assignee")
        .order_by("nondisclosure_until", "pk")
    )


def dashboard_for_team(*, now: datetime) -> Dashboard:
    """Counts and short lists for the morning, in the team's time zone: what is late, what is
    due by the end of the seventh day from today, holds ending within 14 days, open
    emergencies, and how many open and overdue requests each person holds."""
    today = timezone.localdate(now, timezone.get_default_timezone())
    week_ends = week_end(now)
    holds_until = now + timedelta(days=14)
    unfinished = request_list_for_queue().filter(status__in=_UNFINISHED)
    overdue_q = request_overdue_q(now=now)

    due_soon = deadline_list_due_this_week(now=now, week_ends=week_ends)
    holds = (
        Hold.objects.filter(
            released_at__isnull=True,
            expired_at__isnull=True,
            ends_at__gt=now,
            ends_at__lte=holds_until,
            request__status__in=[Status.PRESERVED, Status.EXTENDED],
        )
        .select_related("request", "request__assignee")
        .order_by("ends_at")
    )
    return Dashboard(
        now=now,
        week_ends=week_ends,
        holds_until=holds_until,
        overdue=_shortlist(unfinished.filter(overdue_q)),
        # Every kind of deadline, each with its words (not only the agency's response date).
        due_this_week=Shortlist(
            count=due_soon.count(), rows=deadline_rows(list(due_soon[:DASHBOARD_LIST]))
        ),
        holds_ending=_shortlist(holds),
        emergencies=_shortlist(unfinished.filter(kind=Kind.EMERGENCY)),
        undelivered=_shortlist(letter_list_undelivered(now=now)),
        drafts=_shortlist_counted(letter_list_drafts()),
        notices_owed=_shortlist_counted(request_list_notice_owed(today=today)),
        load=_load(unfinished, overdue_q),
    )


def _load(unfinished: QuerySet[Request], overdue_q: Q) -> list[PersonLoad]:
    rows = (
        unfinished.order_by()
        .values("assignee", "assignee__username", "assignee__first_name", "assignee__last_name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q))
    )
    load = []
    for row in rows:
        if row["assignee"] is None:
            name = "Unassigned"
        else:
            full = f"{row['assignee__first_name']} {row['assignee__last_name']}".strip()
            name = f"{full} ({row['assignee__username']})" if full else row["assignee__username"]
        load.append(PersonLoad(row["assignee"], name, row["open"], row["overdue"]))
    # Unassigned work first (nobody will do it), then the busiest people.
    load.sort(key=lambda p: (p.user_id is not None, -p.overdue, -p.open, p.name))
    return load


__all__ = [
    "QUEUE_PAGE_SIZE",
    "Dashboard",
    "PersonLoad",
    "RowTiming",
    "Shortlist",
    "dashboard_for_team",
    "request_list_all",
    "request_list_assignable",
    "request_list_for_queue",
    "request_list_with_timers",
    "request_overdue_q",
    "request_search",
    "row_timing",
]
