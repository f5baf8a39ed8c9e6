"""EU orders through the state machine: an EPOC goes received → validated → in review →
approved (by a second lawyer) → disclosed, an EPOC-PR received → validated → preserved; the
user notice is the issuing authority's (Article 13), and an EPOC notified to the enforcing
authority cannot be disclosed before its window ends (Articles 8(4), 10(2))."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import open_request
from tests.triage.services.helpers import (
    approved,
    conditions_unmet,
    fresh,
    refused,
    walk_reviewer,
)
from triage import rules, selectors, services
from triage.models import Event, EventKind, Kind, Notice, Status
from triage.models import eu_conditions as eu
from triage.selectors.request import request_deficiencies
from triage.services.eu_orders import NOTICE_BASIS

pytestmark = pytest.mark.django_db

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "eu_issuing_authority": "Procureur de la République, Paris",
    "eu_issuing_state": "FR",
    "eu_data_categories": ["subscriber", "traffic"],
    "eu_offence": "Escroquerie en bande organisée",
    "eu_legal_basis": "Article 313-2 du code pénal",
}


def epoc(**fields):
    return open_request(Kind.EU_PRODUCTION_ORDER, **{**CERTIFICATE, **fields})


@pytest.mark.parametrize("kind", [Kind.EU_PRODUCTION_ORDER, Kind.EU_PRESERVATION_ORDER])
def test_the_user_notice_is_left_to_the_issuing_authority_with_article_13_on_the_record(kind):
    r = open_request(kind, **CERTIFICATE)

    assert r.notice == Notice.NOT_PERMITTED
    assert r.notice_basis == NOTICE_BASIS
    event = Event.objects.filter(request=r, action=EventKind.NOTICE_FORBID).get()
    assert event.actor is None  # lerq did it, on receipt
    assert "Article 13" in event.reason
    assert event.data["article"] == "Regulation (EU) 2023/1543, Article 13"


def test_an_epoc_goes_from_validated_to_review_and_an_epoc_pr_to_preserved(reviewer):
    production = services.request_validate(request=epoc(), by=None)
    assert services.request_start_review(request=production, by=reviewer).status == (
        Status.IN_REVIEW
    )
    preservation = open_request(Kind.EU_PRESERVATION_ORDER, **CERTIFICATE)
    preservation = services.request_validate(request=preservation, by=None)
    refused(lambda: services.request_start_review(request=fresh(preservation), by=reviewer))
    services.hold_place(request=fresh(preservation), by=reviewer)
    assert fresh(preservation).status == Status.PRESERVED


def test_a_certificate_without_issuing_state_categories_or_offence_is_not_complete():
    r = epoc(eu_issuing_state="", eu_data_categories=[], eu_offence="", eu_legal_basis="")

    names = [d.name for d in request_deficiencies(request=r)]

    assert names == [
        rules.EU_ISSUING_STATE,
        rules.EU_DATA_CATEGORIES,
        rules.EU_OFFENCE,
        rules.EU_LEGAL_BASIS,
    ]
    # Nor does an EU order need a badge, a letterhead or a response date.
    assert request_deficiencies(request=epoc()) == []


def test_a_notified_epoc_cannot_be_disclosed_before_the_enforcing_authoritys_window_ends():
    r = approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE, eu_enforcing_notified=True)
    ends = eu.enforcing_window_ends_at(r)
    assert ends == r.received_at + timedelta(days=10)

    refused(
        lambda: services.request_disclose(request=r, by=walk_reviewer()),
        message=conditions_unmet(r, "disclose", eu.enforcing_window_over),
    )
    # The page says what it waits for, and until when.
    assert eu.enforcing_window_over.when(r) == (
        "the enforcing authority's 10 days ending (Articles 8(4), 10(2))",
        ends,
    )

    with time_machine.travel(ends + timedelta(seconds=1), tick=False):
        disclosed = services.request_disclose(request=fresh(r), by=walk_reviewer())
    assert disclosed.status == Status.DISCLOSED


def test_an_emergency_epoc_is_not_held_back_by_the_enforcing_authoritys_96_hours():
    r = approved(
        Kind.EU_PRODUCTION_ORDER, **CERTIFICATE, eu_enforcing_notified=True, eu_emergency=True
    )

    assert eu.enforcing_window_over(r)
    assert services.request_disclose(request=r, by=walk_reviewer()).status == Status.DISCLOSED


def test_an_emergency_epoc_is_first_in_the_queue_as_soon_as_it_is_opened():
    older = open_request(received_at=timezone.now() - timedelta(days=3))
    plain_epoc = epoc()
    emergency = epoc(eu_emergency=True)

    queue = [r.reference for r in selectors.request_list_for_queue()]

    assert queue[0] == emergency.reference
    assert set(queue[1:]) == {older.reference, plain_epoc.reference}
