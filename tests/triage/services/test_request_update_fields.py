"""request_update_fields: a person corrects what was read from a request; each change is on
the record with its old and new value."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    fresh,
    last_seq,
    open_deadlines,
    refused,
    the_one_event_since,
    walk_to,
)
from triage import services
from triage.models import DeadlineKind, Status
from triage.services import (
    ActionNotPermitted,
    InvalidInput,
    RequestChanged,
    TransitionRefused,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["clerk", "reviewer"])
def test_a_member_corrects_fields_and_each_change_is_recorded(request, role):
    user = request.getfixturevalue(role)
    r = open_request(badge="", case_number="")
    since = last_seq()

    services.request_update_fields(
        request=r,
        by=user,
        changes={"badge": "FBI-4471", "case_number": "318-PX-1", "agency": r.agency},
        seen_status=r.status,
    )

    r = fresh(r)
    assert (r.badge, r.case_number) == ("FBI-4471", "318-PX-1")
    event = the_one_event_since(since)
    assert (event.action, event.actor_name) == ("fields_changed", user.get_username())
    assert event.data["changes"] == {
        "badge": {"from": "", "to": "FBI-4471"},
        "case_number": {"from": "", "to": "318-PX-1"},
    }


def test_nothing_changed_records_nothing(clerk):
    r = open_request()
    since = last_seq()

    services.request_update_fields(
        request=r, by=clerk, changes={"agency": r.agency}, seen_status=r.status
    )

    assert last_seq() == since


def test_a_new_response_date_moves_the_response_timers(clerk):
    r = open_request()
    new = timezone.localdate() + timedelta(days=45)

    services.request_update_fields(
        request=r, by=clerk, changes={"response_due_date": new}, seen_status=r.status
    )

    due = [at for kind, at in open_deadlines(r) if kind == DeadlineKind.RESPONSE_DUE]
    assert len(due) == 1
    assert timezone.localtime(due[0]).date() == new


def test_a_page_that_showed_another_status_is_stale(clerk):
    r = open_request()
    services.request_validate(request=r, by=None)

    refused(
        lambda: services.request_update_fields(
            request=r, by=clerk, changes={"badge": "X"}, seen_status=Status.RECEIVED
        ),
        RequestChanged,
    )


def test_a_finished_request_is_not_edited(clerk):
    r = walk_to(Status.REJECTED)

    refused(
        lambda: services.request_update_fields(
            request=r, by=clerk, changes={"badge": "X"}, seen_status=r.status
        ),
        TransitionRefused,
    )


def test_only_the_extracted_fields_can_be_changed(clerk):
    r = request_in("received")

    refused(
        lambda: services.request_update_fields(
            request=r, by=clerk, changes={"status": "closed"}, seen_status=r.status
        ),
        InvalidInput,
    )


def test_an_invalid_value_is_refused(clerk):
    r = request_in("received")

    refused(
        lambda: services.request_update_fields(
            request=r, by=clerk, changes={"agent_email": "not an address"}, seen_status=r.status
        ),
        InvalidInput,
    )


def test_someone_outside_the_team_changes_nothing(outsider):
    r = request_in("received")

    refused(
        lambda: services.request_update_fields(
            request=r, by=outsider, changes={"badge": "X"}, seen_status=r.status
        ),
        ActionNotPermitted,
    )


def test_every_descriptive_reading_is_corrected_on_the_record(clerk):
    r = open_request(letterhead=None, signed=False)
    until = timezone.localdate() + timedelta(days=90)
    since = last_seq()

    services.request_update_fields(
        request=r,
        by=clerk,
        changes={
            "letterhead": True,
            "signed": True,
            "nondisclosure_asked": True,
            "nondisclosure_days": 90,
            "nondisclosure_asked_until": until,
            "emergency_claimed": True,
            "person_at_risk": "a child, 9",
            "imminence": "within the hour",
            "language": "fr",
            "country": "FR",
        },
        seen_status=r.status,
    )

    r = fresh(r)
    assert (r.letterhead, r.signed, r.nondisclosure_days, r.person_at_risk) == (
        True,
        True,
        90,
        "a child, 9",
    )
    changes = the_one_event_since(since).data["changes"]
    assert changes["letterhead"] == {"from": None, "to": True}
    assert changes["signed"] == {"from": False, "to": True}
    assert changes["nondisclosure_asked_until"] == {"from": None, "to": until.isoformat()}
    assert changes["language"] == {"from": "en", "to": "fr"}
