"""Deadlines as people read them: on the request page, in the dashboard's week, in a
person's calendar feed. Each row carries its words (triage/deadline_words.py)."""

import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from triage.deadline_words import DeadlineWords, PausedClock, deadline_words, paused_clock
from triage.ical import CalendarEvent
from triage.models import CalendarFeed, Deadline, DeadlineKind, Request, Status
from triage.models.calendar import secret_sha256

# Not a deadline anyone acts on: the purge of a closed request, years away.
_NOT_FOR_PEOPLE = [DeadlineKind.RETENTION_PURGE]
FEED_LIMIT = 500  # a calendar holds a person's open deadlines; more is a runaway query


def team_zone() -> ZoneInfo:
    return ZoneInfo(str(timezone.get_default_timezone()))


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    words: DeadlineWords

    @property
    def kind(self) -> str:
        return self.deadline.kind

    @property
    def due_at(self) -> datetime:
        return self.deadline.due_at

    @property
    def request(self) -> Request:
        return self.deadline.request


def deadline_row(deadline: Deadline, tz: ZoneInfo | None = None) -> DeadlineRow:
    return DeadlineRow(
        deadline=deadline,
        words=deadline_words(
            what=deadline.get_kind_display(),
            due_at=deadline.due_at,
            basis=deadline.basis if isinstance(deadline.basis, dict) else {},
            tz=tz or team_zone(),
        ),
    )


def deadline_rows(deadlines: list[Deadline]) -> list[DeadlineRow]:
    tz = team_zone()
    return [deadline_row(d, tz) for d in deadlines]


@dataclass(frozen=True)
class ResponseClock:
    """The header's "Response due": the date the agency wrote, the date lerq holds to (moved
    by a pause), and either a countdown in days or the paused clock."""

    agency_date: date | None
    due_at: datetime | None
    due_words: str
    days_left: int | None
    paused: PausedClock | None
    paused_words: str


def response_clock(*, request: Request, deadlines: list[Deadline], now: datetime) -> ResponseClock:
    tz = team_zone()
    left = request.response_paused_remaining
    since = None
    if left is not None and request.status == Status.NEEDS_INFO:
        stopped = [
            d
            for d in deadlines
            if d.kind == DeadlineKind.RESPONSE_DUE and d.outcome == Deadline.Outcome.PAUSED
        ]
        stopped.sort(key=lambda d: d.done_at or now)
        if stopped:
            since = stopped[-1].done_at
        else:  # a pause from before the outcome was kept: since the agency was asked
            asked = [d.created_at for d in deadlines if d.kind == DeadlineKind.NEEDS_INFO_EXPIRY]
            since = max(asked, default=None)
    paused = paused_clock(left=left, since=since, agency_date=request.response_due_date)
    due = next(
        (d for d in deadlines if d.kind == DeadlineKind.RESPONSE_DUE and d.done_at is None), None
    )
    due_at = due.due_at if due else None
    days_left = None
    if paused is None:
        local = due_at.astimezone(tz).date() if due_at else request.response_due_date
        if local is not None:
            days_left = (local - timezone.localdate(now, tz)).days
    moved = due_at is not None and due_at.astimezone(tz).date() != request.response_due_date
    return ResponseClock(
        agency_date=request.response_due_date,
        due_at=due_at,
        due_words=deadline_row(due, tz).words.when if due is not None and moved else "",
        days_left=days_left,
        paused=paused,
        paused_words=paused.words(tz) if paused else "",
    )


def deadline_list_due_this_week(*, now: datetime, week_ends: datetime) -> QuerySet[Deadline]:
    """Every open deadline of every kind due from now to the end of the week (the retention
    purge aside), soonest first."""
    return (
        Deadline.objects.filter(done_at__isnull=True, due_at__gt=now, due_at__lte=week_ends)
        .exclude(kind__in=_NOT_FOR_PEOPLE)
        .select_related("request", "request__assignee")
        .order_by("due_at", "pk")
    )


def week_end(now: datetime) -> datetime:
    """The end of the seventh day from today in the team's zone."""
    zone = timezone.get_default_timezone()
    today = timezone.localdate(now, zone)
    return datetime.combine(today + timedelta(days=7), time.max, tzinfo=zone)


def deadline_list_for_feed(*, user: Any) -> list[Deadline]:
    """A person's calendar: the open deadlines of the requests they hold and, for an
    approver, of the requests that wait for an approval they could give."""
    mine = Q(request__assignee=user)
    if user.has_perm("triage.approve_request"):
        mine |= Q(
            request__status=Status.IN_REVIEW, request__approval_requested_by__isnull=False
        ) & ~Q(request__approval_requested_by=user)
    return list(
        Deadline.objects.filter(mine, done_at__isnull=True)
        .exclude(kind__in=_NOT_FOR_PEOPLE)
        .select_related("request")
        .order_by("due_at", "pk")[:FEED_LIMIT]
    )


FEED_PERM = "triage.view_request"
_NO_SUCH_SECRET = "0" * 64


def calendar_feed_owner(*, key: str, secret: str) -> Any | None:
    """Whose feed the URL is, or None: an unknown key, a wrong or revoked secret, or an owner
    no longer in the team. The secret's hash is compared in constant time, and a hash is
    compared even when the key is unknown."""
    feed = CalendarFeed.objects.select_related("user").filter(key=key).first()
    expected = feed.secret_sha256 if feed is not None else _NO_SUCH_SECRET
    if not hmac.compare_digest(expected, secret_sha256(secret)) or feed is None:
        return None
    user = feed.user
    if not (user.is_active and user.has_perm(FEED_PERM)):
        return None
    return user


def calendar_events_for_user(*, user: Any, base_url: str) -> list[CalendarEvent]:
    """The feed's events: reference, kinds and the deadline's words only (nothing about the
    targets, the agency or its agent)."""
    tz = team_zone()
    events = []
    for deadline in deadline_list_for_feed(user=user):
        words = deadline_row(deadline, tz).words
        request = deadline.request
        how = f" {words.how[:1].upper()}{words.how[1:]}." if words.how else ""
        events.append(
            CalendarEvent(
                uid=f"deadline-{deadline.pk}@lerq",
                at=deadline.due_at,
                summary=f"{request.reference}: {words.what}",
                description=f"{words.what} ({request.get_kind_display()}): {words.when}.{how}",
                url=base_url.rstrip("/") + request.get_absolute_url(),
            )
        )
    return events
