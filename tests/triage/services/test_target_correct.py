"""target_add, target_update, target_remove: the targets lerq read are corrected, each change
on the record with its old and new identifiers; on an approved request the approval falls."""

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    approved,
    fresh,
    last_seq,
    refused,
    the_one_event_since,
)
from triage import rules, services
from triage.models import Event, EventKind, Kind, Status, Target
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.corrections import ERR_TARGET_LAST, ERR_TARGET_OTHER
from triage.services.readings import ERR_REVIEWER_CORRECTS

pytestmark = pytest.mark.django_db


def test_a_target_added_is_on_the_record(clerk):
    r = open_request()
    since = last_seq()

    services.target_add(
        request=r,
        by=clerk,
        seen_status=r.status,
        values={"type": "account", "account_number": "ACC-991", "ip": ""},
    )

    assert [t.account_number for t in fresh(r).targets.all()] == ["", "ACC-991"]
    event = the_one_event_since(since)
    assert (event.action, event.actor_name) == ("targets_corrected", "clerk")
    assert event.data["changes"] == {
        "targets": {"from": None, "to": {"type": "account", "account_number": "ACC-991"}}
    }


def test_a_target_read_wrong_is_edited_with_old_and_new(clerk):
    r = open_request()
    target = r.targets.get()
    since = last_seq()

    services.target_update(
        target=target, by=clerk, seen_status=r.status, values={"email": "right@example.com"}
    )

    assert fresh(r).targets.get().email == "right@example.com"
    assert the_one_event_since(since).data["changes"]["targets"] == {
        "from": {"type": "user", "email": "target@example.com"},
        "to": {"type": "user", "email": "right@example.com"},
    }


def test_a_target_that_is_not_one_is_removed_and_the_rules_say_what_is_left(clerk):
    r = open_request()
    since = last_seq()

    services.target_remove(target=r.targets.get(), by=clerk, seen_status=r.status)

    assert not Target.objects.filter(request=r).exists()
    event = the_one_event_since(since)
    assert event.data["changes"]["targets"] == {
        "from": {"type": "user", "email": "target@example.com"},
        "to": None,
    }
    assert event.data["rules_missing"] == [rules.SENTENCES[rules.TARGETS]]


def test_a_target_without_identifiers_is_refused(clerk):
    r = open_request()

    refused(
        lambda: services.target_add(
            request=r, by=clerk, seen_status=r.status, values={"type": "meeting"}
        ),
        InvalidInput,
    )


def test_another_requests_target_is_not_touched(clerk):
    r, other = open_request(), open_request()

    refused(
        lambda: services.target_update(
            target=Target(pk=other.targets.get().pk, request=r),
            by=clerk,
            seen_status=r.status,
            values={"email": "x@example.com"},
        ),
        InvalidInput,
        ERR_TARGET_OTHER.format(reference=r.reference),
    )


def test_once_in_review_only_a_reviewer_corrects_targets(clerk, reviewer):
    r = request_in("in_review", Kind.SUBPOENA)

    refused(
        lambda: services.target_add(
            request=r, by=clerk, seen_status=r.status, values={"type": "user", "user_id": "u-9"}
        ),
        ActionNotPermitted,
        ERR_REVIEWER_CORRECTS.format(reference=r.reference, state="in review", what="the targets"),
    )
    services.target_add(
        request=r, by=reviewer, seen_status=r.status, values={"type": "user", "user_id": "u-9"}
    )
    assert fresh(r).targets.count() == 2


def test_in_review_the_last_target_stays(reviewer):
    r = request_in("in_review", Kind.SUBPOENA)

    refused(
        lambda: services.target_remove(target=r.targets.get(), by=reviewer, seen_status=r.status),
        TransitionRefused,
        ERR_TARGET_LAST.format(reference=r.reference, state="in review"),
    )


def test_on_an_approved_request_a_target_change_withdraws_the_approval(reviewer):
    r = approved()

    services.target_add(
        request=r, by=reviewer, seen_status=r.status, values={"type": "user", "user_id": "u-9"}
    )

    assert fresh(r).status == Status.IN_REVIEW
    withdrawn = Event.objects.filter(request=r, action=EventKind.WITHDRAW_APPROVAL).get()
    assert withdrawn.data["cause"] == "the targets were corrected"
