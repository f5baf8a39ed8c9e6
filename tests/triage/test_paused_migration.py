"""Migration 0027: a response clock paused before lerq kept the "paused" outcome reads as
paused, and the agency's answer still keeps the date the agency gave."""

import importlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps

from tests.factories import open_request
from tests.triage.services.helpers import fresh, open_deadlines, paused_kinds
from triage import services
from triage.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

migration = importlib.import_module("triage.migrations.0027_deadline_paused")
ASKED = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)


def test_a_pause_recorded_as_cancelled_becomes_paused_and_resumes_on_the_agencys_date(
    clerk, time_machine, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    time_machine.move_to(ASKED, tick=False)
    r = open_request(response_due_date=date(2027, 1, 8))
    r = services.request_ask_info(request=r, by=clerk, missing=["badge"])
    Deadline.objects.filter(request=r, outcome=Deadline.Outcome.PAUSED).update(
        outcome=Deadline.Outcome.CANCELLED
    )
    finished = open_request(response_due_date=date(2027, 1, 8))
    Deadline.objects.filter(request=finished).update(
        done_at=ASKED, outcome=Deadline.Outcome.CANCELLED
    )

    migration.mark_paused(apps, None)

    assert DeadlineKind.RESPONSE_DUE in paused_kinds(r)
    assert paused_kinds(finished) == []
    time_machine.move_to(ASKED + timedelta(hours=2), tick=False)
    services.request_answer(request=fresh(r), by=clerk)
    due = dict(open_deadlines(r))[DeadlineKind.RESPONSE_DUE]
    assert due == datetime(2027, 1, 8, 22, 59, 59, 999999, tzinfo=UTC)  # end of 8 Jan, Paris
