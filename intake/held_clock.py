"""The emergency clock of a held message (issue 16): an emergency never waits in a side list.

A message held for routing (no request opened, intake/held.py) whose text claims a danger of
death or serious injury is acknowledged and escalated as an emergency request is: the team is
mailed if nobody decides on it within LERQ_EMERGENCY_ACK_MINUTES, and every
LERQ_EMERGENCY_ESCALATION_MINUTES until a person opens it as a request, attaches it or
dismisses it. Whether it claims a danger is the extraction's own reading (``emergency.present``
in the extract contract), never a second detector.

The timers are ``HeldDeadline`` rows on the message, written in the transaction that holds it,
and swept as triage sweeps its deadlines (DESIGN.md "Time"): due rows claimed with
``SELECT … FOR UPDATE SKIP LOCKED``, marked done, their Event and mail written in the same
transaction. triage's ``Deadline`` belongs to a request and triage never imports intake, so the
rows and their sweep live here, on a beat job of their own (config/celery.py).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from intake.extraction import Extraction
from intake.extraction.notices import find_emergency
from intake.models import HeldDeadline, InboundMessage, Outcome
from triage import deadlines as dl
from triage import notices
from triage.audit import event_append
from triage.models import EventKind
from triage.notices.reminders import emergency_received_mail, timer_mail_for
from triage.timers import EMERGENCY_NOT_ACKNOWLEDGED, EMERGENCY_UNDECIDED, SweepReport

log = logging.getLogger(__name__)

Kind = HeldDeadline.Kind
Done = HeldDeadline.Outcome

REASON_EMERGENCY = (
    "It claims a danger of death or serious injury: the emergency clock runs (acknowledge by "
    "{ack:%Y-%m-%d %H:%M %Z}; escalated every {every} minutes until a person decides on it)."
)
SENTENCE = (
    "A message waiting for routing claims a danger of death or serious injury. Open it as a "
    "request, attach it to one, or dismiss it now."
)
LABEL = "Held message {pk}"
KIND_SHOWN = "Emergency (not yet a request)"
STATUS_SHOWN = "Needs routing"
LINK = "Open it in the needs-routing queue"


# What one sweep of held messages did: the same report as the request sweep's.
HeldSweepReport = SweepReport


# --- starting and stopping ----------------------------------------------------------------------


def claims_danger(*, extraction: Extraction | None, text: str = "") -> bool:
    """The extraction's reading when the message was read; else the same detector on its text
    (a message held before it was read: it names an unknown reference, or it is unreadable)."""
    if extraction is not None:
        found = extraction.fields.get("emergency") or {}
        return bool(found.get("present"))
    return bool(text) and bool(find_emergency(text, kind=None)["present"])


def held_clock_timers(*, received_at: datetime) -> list[HeldDeadline]:
    """The first rows, counted from when our server received the message (as a request's)."""
    ack, ack_basis = dl.add_minutes(
        received_at,
        settings.LERQ_EMERGENCY_ACK_MINUTES,
        "emergencies are acknowledged within the hour (LERQ_EMERGENCY_ACK_MINUTES)",
    )
    escalation, escalation_basis = dl.add_minutes(
        received_at,
        settings.LERQ_EMERGENCY_ESCALATION_MINUTES,
        "emergencies are escalated until decided (LERQ_EMERGENCY_ESCALATION_MINUTES)",
    )
    return [
        HeldDeadline(kind=Kind.EMERGENCY_ACK, due_at=ack, basis=ack_basis),
        HeldDeadline(kind=Kind.EMERGENCY_ESCALATION, due_at=escalation, basis=escalation_basis),
    ]


def held_clock_reason(timers: list[HeldDeadline]) -> str:
    """The sentence on the message's reasons ("Why held") that says its clock runs."""
    ack = next(t.due_at for t in timers if t.kind == Kind.EMERGENCY_ACK)
    return REASON_EMERGENCY.format(
        ack=timezone.localtime(ack), every=settings.LERQ_EMERGENCY_ESCALATION_MINUTES
    )


def held_clock_start(*, message: InboundMessage, timers: list[HeldDeadline]) -> int:
    """Inside the transaction that holds the message. Once per message: routing the same
    message again (after a crash) finds its clock and starts none."""
    if HeldDeadline.objects.filter(message=message).exists():
        return 0
    for timer in timers:
        timer.message = message
    started = len(HeldDeadline.objects.bulk_create(timers))
    ack = next(t for t in timers if t.kind == Kind.EMERGENCY_ACK)
    base = settings.LERQ_BASE_URL.rstrip("/")
    emergency_received_mail(
        key=f"held-{message.pk}",
        label=LABEL.format(pk=message.pk),
        sentence=SENTENCE,
        due_at=ack.due_at,
        basis=ack.basis,
        kind=KIND_SHOWN,
        status=STATUS_SHOWN,
        agency=message.sender,
        url=f"{base}{reverse('intake:needs_routing')}#held-{message.pk}",
        link=LINK,
    )
    notices.mail_send_on_commit()  # the team hears now, not with the minute's send
    return started


def held_clock_stop(*, message: InboundMessage, now: datetime | None = None) -> int:
    """A person decided on the message: its open timers are cancelled. The sweep also skips
    the timers of a message no longer held, so a crash before this runs sends nothing."""
    return HeldDeadline.objects.filter(message=message, done_at__isnull=True).update(
        done_at=now or timezone.now(), outcome=Done.CANCELLED
    )


# --- the sweep ----------------------------------------------------------------------------------


def _escalate(row: HeldDeadline, now: datetime) -> str:
    """The team's emergency mail and an Event; an escalation sets the next one on its rhythm."""
    message = row.message
    if message.outcome != Outcome.HELD:
        return Done.SKIPPED
    unacknowledged = row.kind == Kind.EMERGENCY_ACK
    base = settings.LERQ_BASE_URL.rstrip("/")
    mail = timer_mail_for(
        label=LABEL.format(pk=message.pk),
        kind=KIND_SHOWN,
        status=STATUS_SHOWN,
        agency=message.sender,
        url=f"{base}{reverse('intake:needs_routing')}#held-{message.pk}",
        link=LINK,
        due_at=row.due_at,
        basis=row.basis,
        title=EMERGENCY_NOT_ACKNOWLEDGED if unacknowledged else EMERGENCY_UNDECIDED,
        sentence=SENTENCE,
        now=now,
    )
    event_append(
        request=None,
        actor=None,
        action=EventKind.ESCALATED,
        at=now,
        reason=row.get_kind_display(),
        data={
            "held_message": message.pk,
            "sha256": message.sha256,
            "held_deadline": row.pk,
            "kind": row.kind,
            "due_at": row.due_at.isoformat(),
            "late_seconds": max(int((now - row.due_at).total_seconds()), 0),
            "mail": mail.message_id if mail else None,
        },
    )
    if row.kind == Kind.EMERGENCY_ESCALATION:
        every = timedelta(minutes=settings.LERQ_EMERGENCY_ESCALATION_MINUTES)
        HeldDeadline.objects.create(
            message=message,
            kind=Kind.EMERGENCY_ESCALATION,
            due_at=dl.next_slot_after(row.due_at + every, every, now),
            basis={"rule": "escalated again until decided", "previous": row.due_at.isoformat()},
        )
    return Done.ACTED


@transaction.atomic(durable=True)
def held_sweep_batch(*, now: datetime, batch: int, exclude: list[int]) -> HeldSweepReport:
    """Claim up to ``batch`` due rows no other worker holds, act on each, mark them done."""
    report = HeldSweepReport()
    rows = list(
        HeldDeadline.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("message")
        .defer("message__raw")  # the bytes are not needed to escalate
        .filter(done_at__isnull=True, due_at__lte=now)
        .exclude(pk__in=exclude)
        .order_by("due_at", "pk")[:batch]
    )
    report.claimed = len(rows)
    HeldDeadline.objects.filter(pk__in=[r.pk for r in rows]).update(done_at=now, outcome=Done.ACTED)
    for row in rows:
        try:
            with transaction.atomic():
                outcome = _escalate(row, now)
        except Exception:  # one bad row must not stop the others; it stays due
            log.exception("held deadline %s (%s) failed; it stays due", row.pk, row.kind)
            HeldDeadline.objects.filter(pk=row.pk).update(done_at=None, outcome="")
            report.failed.append(row.pk)
            continue
        if outcome == Done.ACTED:
            report.acted += 1
        else:
            HeldDeadline.objects.filter(pk=row.pk).update(outcome=outcome)
            report.skipped += 1
    return report


def held_sweep(*, now: datetime | None = None, batch: int | None = None) -> HeldSweepReport:
    """Sweep until nothing due is left (failed rows wait for the next run), then send the mail."""
    report = HeldSweepReport()
    size = batch or settings.LERQ_SWEEP_BATCH
    while True:
        part = held_sweep_batch(now=now or timezone.now(), batch=size, exclude=report.failed)
        report.claimed += part.claimed
        report.acted += part.acted
        report.skipped += part.skipped
        report.failed += part.failed
        if part.claimed < size:
            break
    report.mails_sent = notices.mail_send_pending()
    return report


def held_emergencies() -> QuerySet[InboundMessage]:
    """Held messages with an emergency clock, oldest first, each with its open timers
    (``held_deadlines``, next first) for the lists that show its clock."""
    return (
        InboundMessage.objects.filter(
            Exists(HeldDeadline.objects.filter(message=OuterRef("pk"))), outcome=Outcome.HELD
        )
        .defer("raw")
        .order_by("received_at", "pk")
        .prefetch_related(Prefetch("held_deadlines", queryset=open_timers()))
    )


def open_timers() -> QuerySet[HeldDeadline]:
    return HeldDeadline.objects.filter(done_at__isnull=True).order_by("due_at", "pk")
