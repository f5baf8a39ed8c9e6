"""The enforcing authority's answer to an EPOC it was notified of (Regulation (EU) 2023/1543):
an early confirmation that it raises no ground for refusal lets the data go out at once
(Article 10(2)); a ground for refusal stops the execution for good and the issuing authority
withdraws the order (Article 12(3)); in an emergency the data may already be out (10(4))."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.triage.services.helpers import (
    approved,
    conditions_unmet,
    fresh,
    refused,
    walk_approver,
    walk_reviewer,
)
from triage import services
from triage.models import Deadline, DeadlineKind, Event, EventKind, Kind, Status
from triage.models import eu_conditions as eu
from triage.models.eu_order import EnforcingAnswer, RefusalGround
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.eu_enforcing import (
    ERR_ANSWERED,
    ERR_NOT_NOTIFIED,
    ERR_RECEIVED_FUTURE,
    eu_enforcing_no_grounds,
    eu_enforcing_refused,
)

pytestmark = pytest.mark.django_db

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "eu_issuing_authority": "Staatsanwaltschaft Berlin",
    "eu_issuing_state": "DE",
    "eu_data_categories": ["subscriber", "traffic"],
    "eu_offence": "Betrug",
    "eu_legal_basis": "§ 263 StGB",
    "eu_enforcing_notified": True,
}


def notified_epoc(**fields):
    return approved(Kind.EU_PRODUCTION_ORDER, **{**CERTIFICATE, **fields})


def open_deadline(request, kind):
    return Deadline.objects.filter(request=request, kind=kind, done_at__isnull=True)


def test_an_early_no_grounds_answer_lets_the_data_go_out_before_the_ten_days_end(reviewer):
    r = notified_epoc()
    produce_by = open_deadline(r, DeadlineKind.RESPONSE_DUE).get().due_at
    assert not eu.enforcing_window_over(r)

    with time_machine.travel(r.received_at + timedelta(days=3), tick=False):
        answered_at = timezone.now() - timedelta(hours=1)
        eu_enforcing_no_grounds(
            request=r, by=reviewer, note="Mail of the Parquet de Paris", received_at=answered_at
        )
        r = fresh(r)
        assert r.eu_enforcing_answer == EnforcingAnswer.NO_GROUNDS
        assert r.eu_enforcing_answered_at == answered_at
        assert eu.enforcing_window_over(r)
        disclosed = services.request_disclose(request=r, by=walk_reviewer())

    assert disclosed.status == Status.DISCLOSED
    event = Event.objects.get(request=r, action=EventKind.EU_ENFORCING_NO_GROUNDS)
    assert event.actor == reviewer
    assert event.reason == "Mail of the Parquet de Paris"
    assert event.data["article"] == "Regulation (EU) 2023/1543, Article 10(2)"
    assert event.data["produce_by"] == produce_by.isoformat()


def test_after_no_grounds_the_production_is_still_due_by_the_end_of_the_ten_days(reviewer):
    r = notified_epoc()
    before = open_deadline(r, DeadlineKind.RESPONSE_DUE).get()

    eu_enforcing_no_grounds(request=r, by=reviewer)

    assert not open_deadline(r, DeadlineKind.EU_ENFORCING_WINDOW_END).exists()
    due = open_deadline(r, DeadlineKind.RESPONSE_DUE).get()
    assert due.due_at == before.due_at
    assert due.basis["article"] == "Regulation (EU) 2023/1543, Article 10(2)"
    assert "as soon as possible" in due.basis["rule"]


def test_a_ground_for_refusal_stops_the_disclosure_for_good_and_withdraws_the_approval(
    reviewer,
):
    r = notified_epoc()

    eu_enforcing_refused(
        request=r,
        by=reviewer,
        grounds=[RefusalGround.DOUBLE_CRIMINALITY],
        note="Not an offence under Irish law",
    )

    r = fresh(r)
    assert r.eu_enforcing_answer == EnforcingAnswer.REFUSED
    assert r.eu_enforcing_grounds == ["double_criminality"]
    # Not rejected: the issuing authority withdraws the order (Article 12(3)); no Annex III.
    assert r.status == Status.IN_REVIEW
    assert not r.letters.filter(kind="eu_annex_iii").exists()
    assert not open_deadline(r, DeadlineKind.RESPONSE_DUE).exists()
    assert not open_deadline(r, DeadlineKind.EU_ENFORCING_WINDOW_END).exists()
    event = Event.objects.get(request=r, action=EventKind.EU_ENFORCING_REFUSED)
    assert event.data["grounds"] == ["double_criminality"]
    assert "not transferred" in event.data["then"]
    # Even after the ten days, nothing may be approved again, so nothing goes out.
    with time_machine.travel(r.received_at + timedelta(days=11), tick=False):
        refused(
            lambda: services.request_approve(request=fresh(r), by=walk_approver()),
            message=conditions_unmet(r, "approve disclosure", eu.enforcing_not_refused),
        )


def test_a_refused_epoc_cannot_be_disclosed_even_once_its_window_has_ended(reviewer):
    r = notified_epoc()
    eu_enforcing_refused(request=r, by=reviewer, grounds=[RefusalGround.IMMUNITIES])
    r = fresh(r)
    with time_machine.travel(r.received_at + timedelta(days=11), tick=False):
        assert eu.enforcing_window_over(r)
        assert not eu.enforcing_not_refused(r)
        assert eu.enforcing_not_refused.message.startswith(
            "the enforcing authority raised a ground for refusal"
        )


def test_in_an_emergency_a_refusal_after_disclosure_is_recorded_for_the_issuing_authority(
    reviewer,
):
    r = notified_epoc(eu_emergency=True)
    disclosed = services.request_disclose(request=r, by=walk_reviewer())
    assert disclosed.status == Status.DISCLOSED

    with time_machine.travel(timezone.now() + timedelta(hours=50), tick=False):
        eu_enforcing_refused(request=disclosed, by=reviewer, grounds=["fundamental_rights"])

    event = Event.objects.get(request=r, action=EventKind.EU_ENFORCING_REFUSED)
    assert event.data["already_disclosed"] is True
    assert event.data["article"] == "Regulation (EU) 2023/1543, Articles 10(4), 12(1)"
    assert fresh(r).status == Status.DISCLOSED


def test_the_answer_is_recorded_once(reviewer):
    r = notified_epoc()
    eu_enforcing_no_grounds(request=r, by=reviewer)

    refused(
        lambda: eu_enforcing_refused(request=fresh(r), by=reviewer, grounds=["ne_bis_in_idem"]),
        message=ERR_ANSWERED.format(reference=r.reference, answer="no ground for refusal"),
    )


def test_an_answer_needs_a_notified_epoc(reviewer):
    r = notified_epoc(eu_enforcing_notified=False)

    refused(
        lambda: eu_enforcing_no_grounds(request=r, by=reviewer),
        error=InvalidInput,
        message=ERR_NOT_NOTIFIED.format(reference=r.reference),
    )


def test_a_confirmation_cannot_arrive_in_the_future(reviewer):
    r = notified_epoc()

    refused(
        lambda: eu_enforcing_no_grounds(
            request=r, by=reviewer, received_at=timezone.now() + timedelta(hours=1)
        ),
        error=InvalidInput,
        message=ERR_RECEIVED_FUTURE,
    )


def test_a_refusal_names_a_ground_of_article_12(reviewer):
    r = notified_epoc()

    refused(lambda: eu_enforcing_refused(request=r, by=reviewer, grounds=[]), error=InvalidInput)
    refused(
        lambda: eu_enforcing_refused(request=r, by=reviewer, grounds=["dislike"]),
        error=InvalidInput,
    )


def test_a_clerk_cannot_record_the_enforcing_authoritys_answer(clerk):
    r = notified_epoc()

    refused(lambda: eu_enforcing_no_grounds(request=r, by=clerk), error=ActionNotPermitted)
    refused(
        lambda: eu_enforcing_refused(request=r, by=clerk, grounds=["immunities"]),
        error=ActionNotPermitted,
    )


def test_before_any_answer_the_window_holds_the_disclosure_back():
    r = notified_epoc()

    refused(
        lambda: services.request_disclose(request=r, by=walk_reviewer()),
        message=conditions_unmet(r, "disclose", eu.enforcing_window_over),
    )
