"""What the timer tests share: moments in the team's zone, a sweep at a given moment, and short
reads of the deadlines, the record and the mail. Not a test module (no ``test_`` prefix)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from tests.factories import request_in
from triage import services
from triage.models import Deadline, DeadlineKind, Event, Kind, OutboundMail, Request
from triage.timers import SweepReport, deadline_sweep

PARIS = ZoneInfo("Europe/Paris")


def paris(*parts: int, fold: int = 0) -> datetime:
    """A moment on the team's wall clock (Europe/Paris, the default LERQ team zone); ``fold=1``
    is the second 02:30 of the night the clocks go back."""
    return datetime(*parts, tzinfo=PARIS, fold=fold)


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """The clock stands still at ``moment`` (services and the sweep read timezone.now())."""
    with time_machine.travel(moment, tick=False):
        yield


def sweep_at(moment: datetime) -> SweepReport:
    """What the beat task would do if it ran at ``moment``."""
    with at(moment):
        return deadline_sweep()


def fresh(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


def timers(request: Request, kind: str, *, open_only: bool = True) -> list[Deadline]:
    rows = Deadline.objects.filter(request_id=request.pk, kind=kind)
    if open_only:
        rows = rows.filter(done_at__isnull=True)
    return list(rows.order_by("due_at", "pk"))


def the_timer(request: Request, kind: str) -> Deadline:
    """The one open deadline of ``kind`` on ``request``."""
    rows = timers(request, kind)
    assert len(rows) == 1, f"expected one open {kind}, got {rows}"
    return rows[0]


def last_seq() -> int:
    last = Event.objects.order_by("-seq").first()
    return last.seq if last else 0


def events_since(seq: int, *actions: str) -> list[Event]:
    rows = Event.objects.filter(seq__gt=seq).order_by("seq")
    if actions:
        rows = rows.filter(action__in=actions)
    return list(rows)


def mails_about(request: Request) -> list[OutboundMail]:
    return list(OutboundMail.objects.filter(request_id=request.pk).order_by("pk"))


def subjects(outbox: list[Any]) -> list[str]:
    return [message.subject for message in outbox]


def preservation_placed(moment: datetime, **fields: Any) -> Request:
    """A validated preservation whose hold was placed at ``moment`` (no response date)."""
    fields.setdefault("response_due_date", None)
    with at(moment):
        r = request_in("validated", Kind.PRESERVATION, **fields)
        services.hold_place(request=r, by=None)
    return fresh(r)


HOLD_KINDS = (DeadlineKind.HOLD_END, DeadlineKind.HOLD_REMINDER, DeadlineKind.EXTENSION_END)
