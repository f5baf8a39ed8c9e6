"""What the state-machine tests share: requests walked to any status through the services, a
snapshot of everything a refused action must leave untouched, and the refusal sentences.

Not a test module (no ``test_`` prefix): the service test files import from it.
"""

import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.factories import UserFactory, notice_send, open_request, request_in
from triage import roles, services
from triage.models import (
    Deadline,
    Event,
    Hold,
    Kind,
    Matter,
    Notice,
    ReferenceCounter,
    Request,
    Status,
    Target,
)
from triage.models.production import ALLOWED
from triage.services._core import (
    ERR_CONDITIONS,
    ERR_NOT_AVAILABLE,
    ERR_NOT_PERMITTED,
    TransitionRefused,
)

ALL_STATUSES = list(Status)
HOLD_STATUSES = {Status.PRESERVED, Status.EXTENDED, Status.RELEASED, Status.EXPIRED}

# The fixtures of tests/conftest.py, by role.
ROLES = ["clerk", "reviewer", "approver", "admin_user", "outsider"]


# --- people ---------------------------------------------------------------------------------
def member(username: str, *groups: str) -> Any:
    # No usable password: these people never sign in, and hashing one costs a quarter second.
    return UserFactory(username=username, password=None, groups=groups)


def walk_reviewer() -> Any:
    """The reviewer who walks requests to a status for a test (not one of the fixtures)."""
    return member("walk-reviewer", roles.REVIEWER)


def walk_approver() -> Any:
    return member("walk-approver", roles.APPROVER)


# --- requests in any state ------------------------------------------------------------------
def fresh(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


def preserved(**fields: Any) -> Request:
    """A preservation with its hold placed (90 days from now)."""
    return fresh(request_in("preserved", Kind.PRESERVATION, **fields))


def validated_extension(original: Request | None, **fields: Any) -> Request:
    """A validated preservation extension request naming ``original`` (None: naming nothing)."""
    extension = open_request(Kind.PRESERVATION_EXTENSION, original=original, **fields)
    return fresh(services.request_validate(request=extension, by=None))


def extended() -> tuple[Request, Request]:
    """A preservation whose hold was extended once, and the extension request that did it."""
    original = preserved()
    extension = validated_extension(original)
    services.hold_extend(extension=extension, by=None)
    return fresh(original), fresh(extension)


def expired() -> Request:
    """A preservation whose hold reached its end and was expired by lerq's sweep."""
    original = preserved()
    with time_machine.travel(original.hold.ends_at + timedelta(minutes=1), tick=False):
        services.hold_expire(request=original, by=None)
    return fresh(original)


def asked(
    kind: str = Kind.SUBPOENA, *, by: Any = None, produced: bool = False, **fields: Any
) -> Request:
    """In review, with approval asked for by ``by`` (default: the walking reviewer), its
    package ready: a built production when ``produced``, else a reviewer's decision that there
    is nothing to produce (for kinds that obtain records)."""
    r = request_in("in_review", kind, **fields)
    package_prepare(r, produced=produced)
    return fresh(services.request_submit_for_approval(request=fresh(r), by=by or walk_reviewer()))


def package_prepare(request: Request, *, produced: bool = False) -> Request:
    """Make ``request``'s disclosure package ready to approve."""
    if request.kind not in ALLOWED:
        return request
    if not produced:
        services.request_no_data_record(
            request=fresh(request), by=walk_reviewer(), reason="No account matches the targets."
        )
        return fresh(request)
    return produce(request)


def produce(
    request: Request, *, by: Any = None, name: str = "subscriber.csv", rows: str = ""
) -> Request:
    """One CSV record added to ``request``'s production and the production built, now."""
    by = by or walk_reviewer()
    body = rows or "user_id,email\nu-1,target@example.com\n"
    record = services.production_file_add(
        request=fresh(request),
        by=by,
        upload=io.BytesIO(body.encode()),
        name=name,
        description="Subscriber information",
        category="subscriber",
        confirmed_needed=True,
    )
    services.production_build(production=record.production, by=by)
    return fresh(request)


def approved(
    kind: str = Kind.SUBPOENA,
    *,
    asked_by: Any = None,
    approved_by: Any = None,
    produced: bool = False,
    **fields: Any,
) -> Request:
    r = asked(kind, by=asked_by, produced=produced, **fields)
    return fresh(services.request_approve(request=r, by=approved_by or walk_approver()))


def with_notice(request: Request, notice: str) -> Request:
    """``request`` with its user notice decided as ``notice``, by lerq itself (sent by a
    reviewer: only a person sends the user notice)."""
    if notice == Notice.SENT:
        notice_send(request=request, by=walk_reviewer())
    elif notice == Notice.DELAYED:
        until = timezone.localdate() + timedelta(days=90)
        services.notice_delay(request=request, by=None, until=until, basis="2705(b) order")
    elif notice == Notice.NOT_PERMITTED:
        services.notice_forbid(request=request, by=None, basis="order without end date")
    elif notice == Notice.NOT_REQUIRED:
        services.notice_waive(request=request, by=None, basis="the user consented")
    elif notice != Notice.NOT_DECIDED:
        raise ValueError(notice)
    return fresh(request)


def walk_to(status: str, kind: str | None = None) -> Request:
    """A request of ``kind`` (default: a preservation for hold statuses, else a subpoena)
    brought to ``status`` through the services."""
    if kind is None:
        kind = Kind.PRESERVATION if status in HOLD_STATUSES else Kind.SUBPOENA
    if status in (Status.RECEIVED, Status.NEEDS_INFO, Status.VALIDATED, Status.IN_REVIEW):
        return fresh(request_in(status, kind))
    if status == Status.PRESERVED:
        return preserved()
    if status == Status.RELEASED:
        return fresh(request_in("released", Kind.PRESERVATION))
    if status == Status.EXTENDED:
        return extended()[0]
    if status == Status.EXPIRED:
        return expired()
    if status == Status.APPROVED:
        return approved(kind)
    if status == Status.DISCLOSED:
        r = with_notice(approved(kind), Notice.NOT_REQUIRED)
        return fresh(services.request_disclose(request=r, by=None))
    if status in (Status.REJECTED, Status.CLOSED):
        r = request_in("validated", kind)
        r = services.request_reject(request=r, by=None, reasons=["overbroad"])
        if status == Status.CLOSED:
            r = services.request_close(request=r, by=None)
        return fresh(r)
    raise ValueError(status)


def statuses_except(*allowed: str) -> list[str]:
    """The statuses from which a transition with sources ``allowed`` must be refused."""
    return [s for s in ALL_STATUSES if s not in allowed]


# --- what must not change -------------------------------------------------------------------
def world() -> dict[str, list[Any]]:
    """Every row a service may write, so a refused action can be shown to have written none."""
    return {
        "requests": list(Request.objects.order_by("pk").values()),
        "targets": list(Target.objects.order_by("pk").values()),
        "holds": list(Hold.objects.order_by("pk").values()),
        "deadlines": list(Deadline.objects.order_by("pk").values()),
        # People events aside: a test may make its people (fixtures) inside the refused call.
        "events": list(
            Event.objects.exclude(request=None, reference="")
            .order_by("seq")
            .values_list("seq", "hash")
        ),
        "matters": list(Matter.objects.order_by("pk").values()),
        "counters": list(ReferenceCounter.objects.order_by("year").values()),
    }


def refused(
    call: Callable[[], Any],
    error: type[Exception] = TransitionRefused,
    message: str | re.Pattern[str] | None = None,
) -> Exception:
    """``call`` raises ``error`` (saying exactly ``message``, or matching it when a pattern)
    and changes nothing."""
    before = world()
    with pytest.raises(error) as caught:
        call()
    # Plain asserts are not rewritten outside test modules: say what differed.
    said = str(caught.value)
    if isinstance(message, re.Pattern):
        assert message.fullmatch(said), f"said {said!r}, not {message.pattern!r}"
    elif message is not None:
        assert said == message, f"said {said!r}, not {message!r}"
    after = world()
    changed = [table for table in before if after[table] != before[table]]
    assert not changed, f"{error.__name__} raised, but these changed: {changed}"
    return caught.value


# --- the record -----------------------------------------------------------------------------
def last_seq() -> int:
    last = Event.objects.order_by("-seq").first()
    return last.seq if last else 0


def events_since(seq: int) -> list[Event]:
    return list(Event.objects.filter(seq__gt=seq).order_by("seq"))


def the_one_event_since(seq: int) -> Event:
    events = events_since(seq)
    assert len(events) == 1, f"expected one event, got {[str(e) for e in events]}"
    return events[0]


def said(event: Event) -> tuple[str, str, str, str, str]:
    """What an event says, in the order a person reads it."""
    return (event.action, event.from_state, event.to_state, event.actor_name, event.reason)


def open_deadlines(request: Request) -> list[tuple[str, Any]]:
    rows = Deadline.objects.filter(request_id=request.pk, done_at__isnull=True)
    return sorted((d.kind, d.due_at) for d in rows)


def days_before(request: Request, kind: str, end: datetime) -> list[int]:
    """How many days (in the team's calendar) before ``end`` each open timer of ``kind`` is:
    when a reminder goes out is the timers' business, on which day is the rule's."""
    zone = timezone.get_current_timezone()
    rows = Deadline.objects.filter(request_id=request.pk, kind=kind, done_at__isnull=True)
    return sorted(
        ((end.astimezone(zone).date() - d.due_at.astimezone(zone).date()).days for d in rows),
        reverse=True,
    )


def cancelled_kinds(request: Request) -> list[str]:
    rows = Deadline.objects.filter(request_id=request.pk, outcome=Deadline.Outcome.CANCELLED)
    return sorted(d.kind for d in rows)


def paused_kinds(request: Request) -> list[str]:
    rows = Deadline.objects.filter(request_id=request.pk, outcome=Deadline.Outcome.PAUSED)
    return sorted(d.kind for d in rows)


# --- the sentences of a refusal -------------------------------------------------------------
def status_label(status: str) -> str:
    return dict(Status.choices)[status].lower()


def notice_label(notice: str) -> str:
    return dict(Notice.choices)[notice].lower()


def not_available(request: Request, state_label: str) -> re.Pattern[str]:
    """The refusal of an action the request's state has no transition for. The action's name
    is left open: see test_state_machine.py for how it should be worded."""
    sentence = ERR_NOT_AVAILABLE.format(
        reference=request.reference, state=state_label, action="ACTION"
    )
    return re.compile(re.escape(sentence).replace("ACTION", ".+"))


def not_permitted(user: Any, action: str, request: Request) -> str:
    return ERR_NOT_PERMITTED.format(
        user=user.get_username(), action=action, reference=request.reference
    )


def conditions_unmet(request: Request, action: str, *conditions: Any) -> str:
    why = "; ".join(condition.message for condition in conditions)
    return ERR_CONDITIONS.format(reference=request.reference, action=action, why=why)


def called_back(request: Request, by: Any = None) -> Request:
    """``request`` (an emergency) with the agency called back on its published number, as a
    disclosure on an emergency requires (conditions.callback_recorded)."""
    services.callback_record(
        request=request,
        by=by or walk_reviewer(),
        called_at=timezone.now() - timedelta(minutes=5),
        number_called="+1 202 324 3000",
        number_source="the agency's website, contact page",
        person_reached="the duty officer",
        outcome="confirmed",
        details="the request and the emergency are real",
    )
    return fresh(request)
