"""The sweep: act on every deadline that is due, exactly once, in due order.

One batch is one transaction: due rows are claimed with ``SELECT … FOR UPDATE SKIP LOCKED``
(several workers sweep side by side, never on the same row), each is acted on in a savepoint,
marked done, and its Event and mail are written in the same transaction. A worker killed half
way loses its whole batch, which the next sweep takes again; nothing is done twice and nothing
is lost. A sweep that did not run for days catches up oldest first, and every message says how
late it is. Mail leaves through the outbox after the commit (triage/notices/).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from triage import deadlines as dl
from triage import notices, selectors
from triage.audit import chain_head, chain_head_held, event_append, events_deferred
from triage.models import (
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    Hold,
    Notice,
    OutboundMail,
    Request,
    Status,
)
from triage.models.choices import FINISHED_STATUSES
from triage.models.conditions import INTAKE
from triage.notices.letters import final_notice_mail
from triage.notices.reminders import digest_mail, timer_mail
from triage.services.closing import request_lapse_in_sweep
from triage.services.holds import hold_expire_in_sweep
from triage.services.notice_drafts import notice_draft_in_sweep
from triage.services.notice_recipients import notice_recipients

log = logging.getLogger(__name__)

Outcome = Deadline.Outcome
# A handler acts on one due deadline (writing its Event and mail) and says what it did.
Handler = Callable[[Deadline, datetime], Outcome]

_DECIDED = {Status.APPROVED, Status.DISCLOSED, Status.REJECTED, Status.CLOSED}
# The emergency mails' titles: a held message that claims a danger sends the same ones
# (intake/held_clock.py), so the team's mail filters and habits catch both.
EMERGENCY_NOT_ACKNOWLEDGED = "EMERGENCY not acknowledged"
EMERGENCY_UNDECIDED = "EMERGENCY still undecided"


@dataclass
class SweepReport:
    claimed: int = 0
    acted: int = 0
    skipped: int = 0
    failed: list[int] = field(default_factory=list)
    mails_sent: int = 0

    @property
    def done(self) -> int:
        return self.acted + self.skipped


def _record(deadline: Deadline, now: datetime, action: EventKind, **data: object) -> None:
    late = now - deadline.due_at
    event_append(
        request=deadline.request,
        actor=None,
        action=action,
        at=now,
        reason=deadline.get_kind_display(),
        data={
            "deadline": deadline.pk,
            "kind": deadline.kind,
            "due_at": deadline.due_at.isoformat(),
            "late_seconds": max(int(late.total_seconds()), 0),
            **data,
        },
    )


def _still_open(deadline: Deadline) -> bool:
    return deadline.request.status not in FINISHED_STATUSES


def _tell(
    title: str,
    sentence: str,
    action: EventKind,
    applies: Callable[[Deadline], bool] = _still_open,
) -> Handler:
    """Mail whoever holds the request and record it, unless the request has moved on."""

    def handle(deadline: Deadline, now: datetime) -> Outcome:
        if not applies(deadline):
            return Outcome.SKIPPED
        mail = timer_mail(deadline=deadline, title=title, sentence=sentence, now=now)
        _record(deadline, now, action, mail=mail.message_id if mail else None)
        return Outcome.ACTED

    # Writes only an Event and a mail: the batch may insert those in bulk (deadline_sweep_batch).
    handle.writes_only_event_and_mail = True  # type: ignore[attr-defined]
    return handle


def _hold_end(deadline: Deadline, now: datetime) -> Outcome:
    request = deadline.request
    hold = Hold.objects.filter(request=request).first()
    if request.status not in (Status.PRESERVED, Status.EXTENDED) or hold is None:
        return Outcome.SKIPPED
    if hold.ends_at > now:  # the hold was moved after this timer was set
        return Outcome.SKIPPED
    hold_expire_in_sweep(request=request)
    timer_mail(
        deadline=deadline,
        title="Hold expired",
        sentence="The preservation hold ended with no legal process: the preserved data may "
        "now be deleted.",
        now=now,
    )
    return Outcome.ACTED


def _emergency(deadline: Deadline, now: datetime) -> Outcome:
    """Not acknowledged in the hour, or not decided: escalate, and again every 30 minutes."""
    request = deadline.request
    if request.status in _DECIDED:
        return Outcome.SKIPPED
    unacknowledged = deadline.kind == DeadlineKind.EMERGENCY_ACK
    timer_mail(
        deadline=deadline,
        title=EMERGENCY_NOT_ACKNOWLEDGED if unacknowledged else EMERGENCY_UNDECIDED,
        sentence="An emergency disclosure request is waiting: danger of death or serious "
        "injury is claimed. Acknowledge it and decide now.",
        now=now,
    )
    _record(deadline, now, EventKind.ESCALATED)
    if deadline.kind == DeadlineKind.EMERGENCY_ESCALATION:
        every = timedelta(minutes=settings.LERQ_EMERGENCY_ESCALATION_MINUTES)
        at = dl.next_slot_after(deadline.due_at + every, every, now)
        Deadline.objects.create(
            request=request,
            kind=DeadlineKind.EMERGENCY_ESCALATION,
            due_at=at,
            basis={
                "rule": "escalated again until decided",
                "previous": deadline.due_at.isoformat(),
            },
        )
    return Outcome.ACTED


def _needs_info_expiry(deadline: Deadline, now: datetime) -> Outcome:
    request = deadline.request
    if request.status != Status.NEEDS_INFO:
        return Outcome.SKIPPED
    asked_on = deadline.created_at
    request_lapse_in_sweep(
        request=request,
        by=None,
        reason=f"The agency did not answer the deficiency notice within "
        f"{settings.LERQ_NEEDS_INFO_DAYS} days.",
    )
    final_notice_mail(request=request, asked_on=asked_on, days=settings.LERQ_NEEDS_INFO_DAYS)
    return Outcome.ACTED


def _retention_purge(deadline: Deadline, now: datetime) -> Outcome:
    """The retention period of a closed request is over: its data goes, a tombstone stays."""
    request = deadline.request
    if request.status != Status.CLOSED:
        return Outcome.SKIPPED
    _record(
        deadline,
        now,
        EventKind.PURGED,
        closed_at=request.closed_at.isoformat() if request.closed_at else None,
        retention_years=settings.LERQ_RETENTION_YEARS,
    )
    # Other requests of the matter keep their own record; only their links to this one go.
    Request.objects.filter(original=request).update(original=None)
    Hold.objects.filter(extension=request).update(extension=None)
    Hold.objects.filter(request=request).delete()
    OutboundMail.objects.filter(request=request).delete()  # what we wrote about it goes too
    request.delete()  # targets and deadlines (this one too) go with it; events stay
    return Outcome.ACTED


NOTICE_READY = "Non-disclosure order ended: the user notice is ready to review"
NOTICE_NO_ADDRESS = "Non-disclosure order ended: notify the user"


def _nondisclosure_end(deadline: Deadline, now: datetime) -> Outcome:
    """The order has ended: the user must be told now. lerq does not tell them itself: it
    drafts the notice (the email and its letter), the notice stays delayed and owed (the
    dashboard lists it), and whoever holds the request is told the draft is ready to review
    and send (late if lerq was stopped, but once: the deadline is done). With no address to
    send to, the mail says to enter one first."""
    request = deadline.request
    if request.notice != Notice.DELAYED:
        return Outcome.SKIPPED
    until = request.nondisclosure_until
    if until is not None and until > timezone.localdate(now):  # a later order moved the end
        return Outcome.SKIPPED
    late = max(int((now - deadline.due_at).total_seconds()), 0)
    draft = notice_draft_in_sweep(
        request=request, data={"deadline": deadline.pk, "late_seconds": late}
    )
    addressed = bool(notice_recipients(request))
    if addressed:
        title = NOTICE_READY
        sentence = (
            "The non-disclosure order has ended: the user must now be told. lerq drafted the "
            "user notice; read it on the request page, add a paragraph if needed, and send it."
        )
    else:
        title = NOTICE_NO_ADDRESS
        sentence = (
            "The non-disclosure order has ended. The affected user must now be told, "
            "but lerq has no address for them: add one, then read the drafted user notice "
            "and send it."
        )
    mail = timer_mail(deadline=deadline, title=title, sentence=sentence, now=now)
    _record(
        deadline,
        now,
        EventKind.TIMER,
        sent=False,
        drafted=draft.pk,
        addressed=addressed,
        mail=mail.message_id if mail else None,
    )
    return Outcome.ACTED


def _objection_window_end(deadline: Deadline, now: datetime) -> Outcome:
    """The window is over: disclosure may proceed, unless an objection is still unresolved."""
    if not _still_open(deadline):
        return Outcome.SKIPPED
    waiting = deadline.request.objections.filter(resolved_at__isnull=True).count()
    sentence = (
        f"The user's objection window has passed, but {waiting} objection(s) are unresolved: "
        "disclosure waits until each is upheld or overruled."
        if waiting
        else "The user's objection window has passed: disclosure may proceed if approved."
    )
    mail = timer_mail(deadline=deadline, title="Objection window over", sentence=sentence, now=now)
    _record(
        deadline, now, EventKind.TIMER, mail=mail.message_id if mail else None, objections=waiting
    )
    return Outcome.ACTED


_objection_window_end.writes_only_event_and_mail = True  # type: ignore[attr-defined]


HANDLERS: dict[str, Handler] = {
    DeadlineKind.HOLD_REMINDER: _tell(
        "Hold ending soon",
        "The preservation hold ends soon. An extension needs a separate formal request from "
        "the agency before the end.",
        EventKind.REMINDED,
    ),
    DeadlineKind.HOLD_END: _hold_end,
    DeadlineKind.EXTENSION_END: _hold_end,
    DeadlineKind.RESPONSE_REMINDER: _tell(
        "Response due soon",
        "The date the agency asked for an answer is coming.",
        EventKind.REMINDED,
    ),
    DeadlineKind.RESPONSE_DUE: _tell(
        "Response overdue",
        "The date the agency asked for has passed without an answer.",
        EventKind.OVERDUE,
    ),
    DeadlineKind.EMERGENCY_ACK: _emergency,
    DeadlineKind.EMERGENCY_ESCALATION: _emergency,
    DeadlineKind.NONDISCLOSURE_END: _nondisclosure_end,
    DeadlineKind.EMERGENCY_NOTICE: _tell(
        "Emergency passed: tell the user",
        "An emergency disclosure was made and the user has not been told. Send the user "
        "notice now, or record why it is delayed, not permitted or not required.",
        EventKind.REMINDED,
        applies=lambda deadline: deadline.request.notice == Notice.NOT_DECIDED,
    ),
    DeadlineKind.OBJECTION_WINDOW_END: _objection_window_end,
    DeadlineKind.NEEDS_INFO_EXPIRY: _needs_info_expiry,
    DeadlineKind.RETENTION_PURGE: _retention_purge,
    DeadlineKind.EU_ENFORCING_WINDOW_END: _tell(
        "Enforcing authority's window ended",
        "The enforcing authority's window to raise a ground for refusal has ended "
        "(Regulation (EU) 2023/1543, Article 10(2), (4)). Unless it raised one, the EPOC's "
        "data go out now: the production is due at the end of this window.",
        EventKind.TIMER,
    ),
}
assert set(HANDLERS) == set(DeadlineKind.values), "every deadline kind needs a handler"  # noqa: S101


@transaction.atomic(durable=True)
def deadline_sweep_batch(*, now: datetime, batch: int, exclude: list[int]) -> SweepReport:
    """Claim up to ``batch`` due rows no other worker holds, act on each, mark them done."""
    report = SweepReport()
    rows = list(
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("request", "request__assignee")
        .filter(done_at__isnull=True, due_at__lte=now)
        .exclude(pk__in=exclude)
        .order_by("due_at", "pk")[:batch]
    )
    report.claimed = len(rows)
    # Mark the whole batch done first: a service a handler calls (a lapse cancels the
    # request's other timers) must not cancel a row this batch is about to act on, and a row
    # that an earlier one made pointless is skipped by its handler, which reads the request
    # as stored now. A row whose handler fails is given back (done_at cleared).
    Deadline.objects.filter(pk__in=[d.pk for d in rows]).update(done_at=now, outcome=Outcome.ACTED)
    touched: set[int] = set()  # requests an earlier row of this batch acted on
    events: list[Event] = []  # from reminder-like rows, inserted together (fast path)
    mails: list[OutboundMail] = []

    def flush() -> None:
        OutboundMail.objects.bulk_create(mails)
        Event.objects.bulk_create(events)
        mails.clear()
        events.clear()

    with chain_head_held() as forget_head:
        for deadline in rows:
            handler = HANDLERS[deadline.kind]
            fast = getattr(handler, "writes_only_event_and_mail", False)
            try:
                if deadline.request_id in touched:
                    deadline.request.refresh_from_db()
                touched.add(deadline.request_id)
                if fast:
                    outcome = _act_deferred(handler, deadline, now, events, mails)
                else:
                    flush()  # in order, and before a service reads or deletes what they refer to
                    with transaction.atomic():
                        outcome = handler(deadline, now)
                if outcome != Outcome.ACTED:
                    Deadline.objects.filter(pk=deadline.pk).update(outcome=outcome)
            except Request.DoesNotExist:  # purged by an earlier row of this batch
                if not fast:
                    forget_head()
                report.skipped += 1
                continue
            except Exception:  # one bad row must not stop the others
                if not fast:
                    forget_head()  # its savepoint was rolled back; the buffers are empty
                log.exception("deadline %s (%s) failed; it stays due", deadline.pk, deadline.kind)
                Deadline.objects.filter(pk=deadline.pk).update(done_at=None, outcome="")
                report.failed.append(deadline.pk)
                continue
            if outcome == Outcome.ACTED:
                report.acted += 1
            else:
                report.skipped += 1
        flush()
    return report


def _act_deferred(
    handler: Handler,
    deadline: Deadline,
    now: datetime,
    events: list[Event],
    mails: list[OutboundMail],
) -> Outcome:
    """Run a handler that writes only an Event and a mail, collecting both for one bulk insert;
    if it fails, what it collected is dropped and the chain's head put back."""
    head = chain_head()
    saved = (head.seq, head.hash) if head else None
    n_events, n_mails = len(events), len(mails)
    try:
        with events_deferred(events), notices.mail_deferred(mails):
            return handler(deadline, now)
    except Exception:
        del events[n_events:]
        del mails[n_mails:]
        if head is not None and saved is not None:
            head.seq, head.hash = saved
        raise


def deadline_sweep(
    *, now: datetime | None = None, batch: int | None = None, send: bool = True
) -> SweepReport:
    """Sweep until nothing due is left (rows that failed wait for the next sweep), then send
    the mail it wrote (``send=False``: the caller has the outbox sent elsewhere)."""
    report = SweepReport()
    size = batch or settings.LERQ_SWEEP_BATCH
    while True:
        part = deadline_sweep_batch(now=now or timezone.now(), batch=size, exclude=report.failed)
        report.acted += part.acted
        report.skipped += part.skipped
        report.failed += part.failed
        if part.claimed < size:
            break
    if send:
        report.mails_sent = notices.mail_send_pending()
    return report


def digest_send(*, now: datetime | None = None) -> int:
    """The morning digest to each member of the team: overdue and due within a week. Runs every
    hour and sends once a day after LERQ_DIGEST_HOUR (a missed hour catches up)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if not settings.LERQ_DIGEST_ENABLED or local.hour < settings.LERQ_DIGEST_HOUR:
        return 0
    queued = 0
    for user in notices.members_with(INTAKE).order_by("pk"):
        overdue, soon = selectors.deadline_digest_for_user(user=user, now=now)
        if not (overdue or soon):
            continue
        with transaction.atomic():
            if digest_mail(user=user, overdue=overdue, soon=soon, day=local.date()):
                queued += 1
    notices.mail_send_pending()
    return queued
