"""On an EU order's page a reviewer records the issuing authority's withdrawal, and the request
closes; a clerk neither sees the form nor may post it; other kinds never offer it."""

import pytest
from django.urls import reverse

from tests.factories import request_in
from tests.triage.services.helpers import fresh
from tests.web import sign_in
from triage.models import Event, EventKind, Kind, Status

pytestmark = pytest.mark.django_db


def _epoc():
    return request_in(
        "in_review",
        Kind.EU_PRODUCTION_ORDER,
        badge="",
        response_due_date=None,
        eu_issuing_state="IT",
        eu_data_categories=["subscriber"],
        eu_offence="Truffa",
        eu_legal_basis="Art. 640 c.p.",
    )


def _post(client, r, **data):
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, "eu_withdrawn"]), post)


def test_a_reviewer_records_the_withdrawal_from_the_page_and_the_request_closes(client, reviewer):
    r = _epoc()
    sign_in(client, reviewer)
    page = client.get(r.get_absolute_url()).text
    assert 'class="act" data-action="eu_withdrawn"' in page
    assert "Withdrawn by the issuing authority" in page

    response = _post(client, r, note="Revoca dell'ordine, prot. 118/26")

    assert response.status_code == 302
    assert fresh(r).status == Status.CLOSED
    event = Event.objects.get(request=r, action=EventKind.EU_WITHDRAWN)
    assert event.reason == "Revoca dell'ordine, prot. 118/26"
    page = client.get(r.get_absolute_url()).text
    assert "recorded that the issuing authority withdrew the order before production" in page
    assert 'class="act" data-action="eu_withdrawn"' not in page


def test_a_withdrawal_without_the_authoritys_words_is_sent_back(client, reviewer):
    r = _epoc()
    sign_in(client, reviewer)

    response = _post(client, r, note="")

    assert response.status_code == 400
    assert fresh(r).status == Status.IN_REVIEW


def test_a_clerk_cannot_record_a_withdrawal(client, clerk):
    r = _epoc()
    sign_in(client, clerk)

    assert 'class="act" data-action="eu_withdrawn"' not in client.get(r.get_absolute_url()).text
    assert _post(client, r, note="Withdrawn").status_code == 403
    assert fresh(r).status == Status.IN_REVIEW


def test_a_subpoena_neither_offers_a_withdrawal_nor_says_why_not(client, reviewer):
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    page = client.get(r.get_absolute_url()).text

    assert "eu_withdrawn" not in page
    assert "Withdrawn by the issuing authority" not in page
