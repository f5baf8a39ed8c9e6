"""request_open: a new request is recorded with its reference, targets, first timers and event."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import open_request
from tests.triage.services.helpers import (
    days_before,
    last_seq,
    open_deadlines,
    refused,
    the_one_event_since,
)
from triage import services
from triage.models import DeadlineKind, Kind, Notice, ReferenceCounter, Status
from triage.services import ActionNotPermitted
from triage.services import opening as opening_services
from triage.services._core import ERR_NOT_PERMITTED

REFERENCE = re.compile(r"LER-\d{4}-\d{6}")
JUNE_2026 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_a_new_request_is_received_with_a_reference_in_the_ler_format(db):
    r = open_request()

    assert REFERENCE.fullmatch(r.reference)
    assert (r.status, r.notice) == (Status.RECEIVED, Notice.NOT_DECIDED)


@pytest.mark.time_machine(JUNE_2026, tick=False)
def test_references_run_one_after_the_other_without_gaps(db):
    references = [open_request(kind).reference for kind in (Kind.SUBPOENA, Kind.EMERGENCY)]
    references.append(open_request(Kind.PRESERVATION).reference)

    assert references == ["LER-2026-000001", "LER-2026-000002", "LER-2026-000003"]


@pytest.mark.time_machine(JUNE_2026, tick=False)
@pytest.mark.parametrize(
    "bad",
    [
        {"targets": [{"type": "user"}]},
        {"targets": [{"type": "meeting", "email": "host@example.com"}]},
        {"kind": "wiretap"},
        {"agent_email": "not an address"},
    ],
    ids=[
        "target-without-identifier",
        "meeting-without-meeting-identifier",
        "unknown-kind",
        "bad-email",
    ],
)
def test_a_refused_opening_does_not_use_up_a_reference_number(db, bad):
    first = open_request()

    refused(lambda: open_request(**bad), ValidationError)
    second = open_request()

    assert (first.reference, second.reference) == ("LER-2026-000001", "LER-2026-000002")


@pytest.mark.time_machine(JUNE_2026, tick=False)
def test_an_opening_that_fails_after_taking_its_number_gives_the_number_back(db, monkeypatch):
    first = open_request()

    def broken(request):
        raise RuntimeError("the timers could not be set")

    monkeypatch.setattr(opening_services, "_first_timers", broken)
    refused(lambda: open_request(), RuntimeError)
    monkeypatch.undo()
    second = open_request()

    assert second.reference == "LER-2026-000002"
    assert ReferenceCounter.objects.get(year=2026).last == 2
    assert first.reference == "LER-2026-000001"


def test_the_reference_year_is_the_teams_year_and_numbering_restarts_with_it(db, time_machine):
    time_machine.move_to(datetime(2026, 12, 31, 22, 30, tzinfo=UTC), tick=False)  # 23:30 Paris
    last_of_2026 = open_request()
    time_machine.move_to(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False)  # 00:30 Paris
    first_of_2027 = open_request()
    second_of_2027 = open_request()

    assert [last_of_2026.reference, first_of_2027.reference, second_of_2027.reference] == [
        "LER-2026-000001",
        "LER-2027-000001",
        "LER-2027-000002",
    ]


def test_opening_is_recorded_as_the_first_event_of_the_request(db):
    since = last_seq()

    r = open_request(Kind.SUBPOENA, targets=[{"type": "account", "account_number": "A-77"}])

    event = the_one_event_since(since)
    assert (event.request_id, event.reference) == (r.pk, r.reference)
    assert (event.action, event.from_state, event.to_state, event.actor_name) == (
        "opened",
        "",
        "received",
        "system",
    )
    assert (event.data["kind"], event.data["targets"]) == ("subpoena", 1)


@pytest.mark.time_machine(JUNE_2026, tick=False)
def test_the_response_date_asked_for_becomes_a_deadline_at_the_end_of_that_day(db):
    r = open_request(response_due_date=datetime(2026, 7, 1).date())

    # 1 July 23:59:59.999999 in Paris (CEST, UTC+2), reminded 7 and 2 days before.
    end_of_day = datetime(2026, 7, 1, 21, 59, 59, 999999, tzinfo=UTC)
    assert (DeadlineKind.RESPONSE_DUE, end_of_day) in open_deadlines(r)
    assert days_before(r, DeadlineKind.RESPONSE_REMINDER, end_of_day) == [7, 2]


@pytest.mark.time_machine(JUNE_2026, tick=False)
def test_an_emergency_is_acknowledged_within_the_hour_and_escalated_from_half_an_hour(db):
    received_at = JUNE_2026 - timedelta(minutes=10)

    r = open_request(Kind.EMERGENCY, received_at=received_at, response_due_date=None)

    assert open_deadlines(r) == [
        (DeadlineKind.EMERGENCY_ACK, received_at + timedelta(hours=1)),
        (DeadlineKind.EMERGENCY_ESCALATION, received_at + timedelta(minutes=30)),
    ]


def test_a_clerk_may_open_a_request_by_hand(clerk):
    r = services.request_open(
        by=clerk,
        kind=Kind.SUBPOENA,
        channel="manual",
        received_at=datetime(2026, 6, 1, tzinfo=UTC),
        agency="DEA",
        targets=[{"type": "user", "user_id": "u-1"}],
    )

    assert r.status == Status.RECEIVED
    assert r.events.get().actor_name == "clerk"


def test_an_outsider_cannot_open_a_request(outsider):
    refused(
        lambda: services.request_open(
            by=outsider,
            kind=Kind.SUBPOENA,
            received_at=datetime(2026, 6, 1, tzinfo=UTC),
            targets=[{"type": "user", "user_id": "u-1"}],
        ),
        ActionNotPermitted,
        ERR_NOT_PERMITTED.format(user="outsider", action="open a request", reference="lerq"),
    )


def test_a_request_opened_with_the_preservation_it_follows_joins_its_matter(db):
    preservation = open_request(Kind.PRESERVATION)

    extension = open_request(Kind.PRESERVATION_EXTENSION, original=preservation)

    preservation.refresh_from_db()
    assert extension.original_id == preservation.pk
    assert extension.matter_id is not None
    assert extension.matter_id == preservation.matter_id
