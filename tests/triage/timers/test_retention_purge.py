"""Retention: closing a request starts a 7-year clock; at its end the request's data is purged
and a tombstone Event stays, with the audit chain still intact."""

from datetime import UTC, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import open_request, request_in
from tests.triage.timers.helpers import (
    at,
    events_since,
    fresh,
    last_seq,
    paris,
    preservation_placed,
    sweep_at,
    the_timer,
)
from triage import services
from triage.models import (
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    Hold,
    Kind,
    OutboundMail,
    Request,
    Status,
    Target,
)

pytestmark = pytest.mark.django_db

CLOSED = paris(2026, 5, 4, 10, 0)
PURGE = paris(2033, 5, 4, 10, 0)


def closed_request():
    with at(CLOSED - timedelta(days=1)):
        r = request_in("in_review", response_due_date=None)
        r = services.request_reject(request=r, by=None, reasons=["overbroad"])
    with at(CLOSED):
        services.request_close(request=r, by=None, note="Rejection letter sent.")
    return fresh(r)


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_closing_a_request_starts_its_7_year_retention_clock():
    r = closed_request()

    purge = the_timer(r, DeadlineKind.RETENTION_PURGE)
    assert purge.due_at == PURGE
    assert (purge.basis["years"], purge.basis["unit"]) == (7, "years")


def test_a_minute_before_the_end_of_retention_the_request_is_kept():
    r = closed_request()

    sweep_at(PURGE - timedelta(minutes=1))

    assert fresh(r).status == Status.CLOSED
    assert Target.objects.filter(request_id=r.pk).count() == 1


def test_at_the_end_of_retention_the_request_is_purged_and_a_tombstone_stays():
    r = closed_request()
    reference, pk = r.reference, r.pk
    history = Event.objects.filter(request_id=pk).count()
    since = last_seq()

    report = sweep_at(PURGE)

    assert report.acted == 1
    assert not Request.objects.filter(pk=pk).exists()
    assert not Target.objects.filter(request_id=pk).exists()
    assert not Deadline.objects.filter(request_id=pk).exists()
    (tombstone,) = events_since(since)
    assert tombstone.action == EventKind.PURGED
    assert tombstone.reference == reference
    assert tombstone.at == PURGE
    assert tombstone.data["retention_years"] == 7
    assert tombstone.data["closed_at"] == CLOSED.astimezone(UTC).isoformat()
    # The record of what happened stays: the events before it, and the tombstone.
    assert Event.objects.filter(reference=reference).count() == history + 1
    assert verify_audit() == f"audit chain intact: {Event.objects.count()} events\n"


def test_a_purge_runs_once():
    r = closed_request()
    sweep_at(PURGE)
    since = last_seq()

    report = sweep_at(PURGE + timedelta(minutes=1))

    assert report.done == 0
    assert events_since(since) == []
    assert Event.objects.filter(reference=r.reference, action=EventKind.PURGED).count() == 1


def test_an_extension_and_its_preservation_are_purged_each_at_the_end_of_its_own_retention(
    reviewer,
):
    original = preservation_placed(paris(2026, 5, 4, 10, 0))
    with at(paris(2026, 7, 20, 10, 0)):
        extension = open_request(
            Kind.PRESERVATION_EXTENSION, original=original, response_due_date=None
        )
        extension = services.request_validate(request=extension, by=None)
        services.hold_extend(extension=extension, by=None)
    sweep_at(paris(2026, 10, 31, 10, 0))  # reminders, then the extended hold expires
    assert fresh(original).status == Status.EXPIRED
    with at(paris(2026, 11, 2, 10, 0)):
        services.request_close(request=fresh(original), by=None)
    hold = Hold.objects.get(request=original)
    assert OutboundMail.objects.filter(request_id=original.pk).count() == 3  # mail refers to it

    # The extension closed first (July 2026), so it is purged first: the hold forgets it.
    sweep_at(paris(2033, 7, 20, 10, 0))
    assert not Request.objects.filter(pk=extension.pk).exists()
    assert Hold.objects.get(pk=hold.pk).extension is None
    assert fresh(original).status == Status.CLOSED

    sweep_at(paris(2033, 11, 2, 10, 0))

    assert not Request.objects.filter(pk=original.pk).exists()
    assert not Hold.objects.filter(pk=hold.pk).exists()
    assert "audit chain intact" in verify_audit()


def test_an_extension_request_closed_by_extending_the_hold_starts_its_retention_clock():
    original = preservation_placed(paris(2026, 5, 4, 10, 0))
    with at(paris(2026, 7, 20, 10, 0)):
        extension = open_request(
            Kind.PRESERVATION_EXTENSION, original=original, response_due_date=None
        )
        extension = services.request_validate(request=extension, by=None)
        services.hold_extend(extension=extension, by=None)

    extension = fresh(extension)
    assert extension.status == Status.CLOSED
    assert the_timer(extension, DeadlineKind.RETENTION_PURGE).due_at == paris(2033, 7, 20, 10, 0)


def test_the_retention_period_is_a_setting(settings):
    settings.LERQ_RETENTION_YEARS = 5

    r = closed_request()

    assert the_timer(r, DeadlineKind.RETENTION_PURGE).due_at == paris(2031, 5, 4, 10, 0)
