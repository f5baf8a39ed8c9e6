"""callback_record: before an emergency disclosure, a lawyer calls the agency back on a number
it published and records who was reached and what was confirmed (issue #8 "Emergencies")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import open_request
from tests.triage.services.helpers import (
    approved,
    fresh,
    last_seq,
    refused,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import CallBack, Kind, Status
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.callbacks import (
    ERR_FINISHED,
    ERR_FUTURE,
    ERR_NOT_EMERGENCY,
    ERR_PERSON_ONLY,
)

pytestmark = pytest.mark.django_db


def call(r, by, **over):
    given = {
        "called_at": timezone.now() - timedelta(minutes=3),
        "number_called": "+1 202 324 3000",
        "number_source": "fbi.gov, field office contact page",
        "person_reached": "Duty supervisor R. Diaz",
        "confirmed": "SA Scully sent it; the threat is being worked now.",
        **over,
    }
    return services.callback_record(request=r, by=by, **given)


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_records_a_call_back_and_it_goes_on_the_record(request, role):
    user = request.getfixturevalue(role)
    r = open_request(Kind.EMERGENCY)
    since = last_seq()

    callback = call(r, user)

    assert CallBack.objects.get() == callback
    assert (callback.recorded_by, callback.person_reached) == (user, "Duty supervisor R. Diaz")
    event = the_one_event_since(since)
    assert (event.action, event.actor_name) == ("callback", user.get_username())
    assert event.data["number_source"] == "fbi.gov, field office contact page"
    assert event.reason == "SA Scully sent it; the threat is being worked now."


def test_the_call_back_is_what_lets_an_approved_emergency_be_disclosed(reviewer):
    r = approved(Kind.EMERGENCY)
    refused(lambda: services.request_disclose(request=r, by=reviewer))

    call(r, reviewer)
    services.request_disclose(request=fresh(r), by=reviewer)

    assert fresh(r).status == Status.DISCLOSED


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_records_a_call_back(request, role):
    user = request.getfixturevalue(role)
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, user), ActionNotPermitted)


def test_lerq_itself_makes_no_calls(db):
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, None), InvalidInput, ERR_PERSON_ONLY)


def test_a_call_back_is_for_emergencies(reviewer):
    r = open_request(Kind.SUBPOENA)

    refused(
        lambda: call(r, reviewer), InvalidInput, ERR_NOT_EMERGENCY.format(reference=r.reference)
    )


@pytest.mark.parametrize("field", ["number_called", "number_source", "person_reached", "confirmed"])
def test_every_part_of_the_call_must_be_said(reviewer, field):
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, reviewer, **{field: "  "}), InvalidInput)


def test_a_call_in_the_future_is_refused(reviewer):
    r = open_request(Kind.EMERGENCY)

    refused(
        lambda: call(r, reviewer, called_at=timezone.now() + timedelta(hours=1)),
        InvalidInput,
        ERR_FUTURE,
    )


def test_no_call_back_is_recorded_once_the_emergency_is_decided(reviewer):
    r = walk_to(Status.REJECTED, Kind.EMERGENCY)

    refused(
        lambda: call(r, reviewer),
        TransitionRefused,
        ERR_FINISHED.format(reference=r.reference, state="rejected"),
    )
