"""The issuing authority withdraws an EU order before production (Regulation (EU) 2023/1543,
Article 12(3) after the enforcing authority's ground for refusal, or for a reason of its own):
a reviewer records it as received and the request closes: nothing is produced, an approval
falls, a hold ends, every timer stops but the retention clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import open_request
from tests.triage.services.helpers import (
    approved,
    fresh,
    not_permitted,
    refused,
    walk_approver,
    walk_reviewer,
)
from triage import services
from triage.models import DeadlineKind, Event, EventKind, Hold, Kind, Status
from triage.selectors.record import event_sentences
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.eu_enforcing import (
    ERR_NOT_EU,
    ERR_WITHDRAWAL_FUTURE,
    ERR_WITHDRAWAL_NOTE,
    eu_enforcing_refused,
    eu_order_withdrawn,
)

pytestmark = pytest.mark.django_db

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "eu_issuing_authority": "Ministério Público, Lisboa",
    "eu_issuing_state": "PT",
    "eu_data_categories": ["subscriber", "traffic"],
    "eu_offence": "Burla informática",
    "eu_legal_basis": "Art. 221.º CP",
}


def open_timers(request):
    return sorted(request.deadlines.filter(done_at__isnull=True).values_list("kind", flat=True))


def test_a_refused_epoc_is_closed_on_the_issuing_authoritys_withdrawal(reviewer):
    r = approved(Kind.EU_PRODUCTION_ORDER, eu_enforcing_notified=True, **CERTIFICATE)
    r = eu_enforcing_refused(request=r, by=walk_reviewer(), grounds=["double_criminality"])
    assert fresh(r).status == Status.IN_REVIEW  # the approval fell with the refusal
    received = timezone.now() - timedelta(minutes=20)

    closed = eu_order_withdrawn(
        request=r, by=reviewer, note="Withdrawal, ref. 77/26-MP", received_at=received
    )

    r = fresh(closed)
    assert r.status == Status.CLOSED and r.closed_at is not None
    assert open_timers(r) == [DeadlineKind.RETENTION_PURGE]
    event = Event.objects.get(request=r, action=EventKind.EU_WITHDRAWN)
    assert (event.actor, event.from_state, event.to_state) == (reviewer, "in_review", "closed")
    assert event.reason == "Withdrawal, ref. 77/26-MP"
    assert event.data["after_refusal"] is True
    assert event.data["grounds"] == ["double_criminality"]
    assert event.data["article"] == "Regulation (EU) 2023/1543, Article 12(3)"
    assert event.data["received_at"] == received.isoformat()
    [said] = event_sentences([event])
    assert "withdrew the order after the enforcing authority's ground for refusal" in (
        said.sentence
    )


def test_an_approved_epoc_withdrawn_for_any_reason_loses_its_approval_and_closes(reviewer):
    r = approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)
    assert r.approved_package_sha256

    r = fresh(eu_order_withdrawn(request=r, by=reviewer, note="The case was dropped."))

    assert r.status == Status.CLOSED
    assert (r.approved_by, r.approved_at, r.approved_package_sha256) == (None, None, "")
    event = Event.objects.get(request=r, action=EventKind.EU_WITHDRAWN)
    assert event.data["after_refusal"] is False
    assert event.data["approval_withdrawn"] is True
    refused(lambda: services.request_disclose(request=fresh(r), by=walk_reviewer()))


def test_a_preserved_epoc_pr_withdrawn_ends_its_hold(reviewer):
    r = services.request_validate(
        request=open_request(Kind.EU_PRESERVATION_ORDER, **CERTIFICATE), by=None
    )
    services.hold_place(request=fresh(r), by=reviewer)
    assert DeadlineKind.HOLD_END in open_timers(r)

    eu_order_withdrawn(request=fresh(r), by=reviewer, note="No longer needed.")

    r = fresh(r)
    assert r.status == Status.CLOSED
    assert Hold.objects.get(request=r).released_at is not None
    assert open_timers(r) == [DeadlineKind.RETENTION_PURGE]
    event = Event.objects.get(request=r, action=EventKind.EU_WITHDRAWN)
    assert event.data["hold_released"] is True
    assert "the hold ends" in event_sentences([event])[0].sentence


def test_an_epoc_received_and_not_yet_validated_may_be_withdrawn(reviewer):
    r = open_request(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)

    assert eu_order_withdrawn(request=r, by=reviewer, note="Sent in error.").status == (
        Status.CLOSED
    )


def test_a_disclosed_epoc_is_past_withdrawal(reviewer):
    r = approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)
    r = fresh(services.request_disclose(request=r, by=walk_reviewer()))

    refused(lambda: eu_order_withdrawn(request=r, by=reviewer, note="Too late."))
    assert fresh(r).status == Status.DISCLOSED


def test_only_an_eu_order_is_withdrawn_by_an_issuing_authority(reviewer):
    r = open_request(Kind.SUBPOENA)

    refused(
        lambda: eu_order_withdrawn(request=r, by=reviewer, note="Withdrawn."),
        InvalidInput,
        ERR_NOT_EU.format(reference=r.reference),
    )


def test_a_clerk_may_not_record_a_withdrawal(clerk):
    r = open_request(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)

    refused(
        lambda: eu_order_withdrawn(request=r, by=clerk, note="Withdrawn."),
        ActionNotPermitted,
        not_permitted(clerk, "record the issuing authority's withdrawal of", r),
    )


def test_a_withdrawal_says_what_the_authority_wrote_and_did_not_arrive_in_the_future(reviewer):
    r = open_request(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)

    refused(
        lambda: eu_order_withdrawn(request=r, by=reviewer, note="  "),
        InvalidInput,
        ERR_WITHDRAWAL_NOTE,
    )
    refused(
        lambda: eu_order_withdrawn(
            request=r,
            by=walk_approver(),
            note="Withdrawn.",
            received_at=timezone.now() + timedelta(hours=1),
        ),
        InvalidInput,
        ERR_WITHDRAWAL_FUTURE,
    )
