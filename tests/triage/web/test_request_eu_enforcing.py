"""On a notified EPOC's page a reviewer records the enforcing authority's answer; a clerk
neither sees the forms nor may post them."""

import pytest
from django.urls import reverse

from tests.factories import request_in
from tests.triage.services.helpers import fresh
from tests.web import sign_in
from triage.models import Event, EventKind, Kind

pytestmark = pytest.mark.django_db


def _epoc():
    return request_in(
        "in_review",
        Kind.EU_PRODUCTION_ORDER,
        badge="",
        response_due_date=None,
        eu_issuing_state="PT",
        eu_data_categories=["content"],
        eu_offence="Burla",
        eu_legal_basis="Art. 217.º CP",
        eu_enforcing_notified=True,
    )


def _post(client, r, action, **data):
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def test_a_reviewer_records_a_ground_for_refusal_from_the_page(client, reviewer):
    r = _epoc()
    sign_in(client, reviewer)
    page = client.get(r.get_absolute_url()).text
    assert 'data-action="eu_no_grounds"' in page
    assert 'data-action="eu_refused"' in page

    response = _post(client, r, "eu_refused", grounds=["double_criminality"], note="By letter")

    assert response.status_code == 302
    assert fresh(r).eu_enforcing_answer == "refused"
    assert Event.objects.filter(request=r, action=EventKind.EU_ENFORCING_REFUSED).exists()
    page = client.get(r.get_absolute_url()).text
    assert 'data-action="eu_refused"' not in page
    assert "raised a ground for refusal" in page


def test_a_clerk_cannot_record_the_enforcing_authoritys_answer(client, clerk):
    r = _epoc()
    sign_in(client, clerk)

    assert 'data-action="eu_no_grounds"' not in client.get(r.get_absolute_url()).text
    assert _post(client, r, "eu_no_grounds").status_code == 403
    assert fresh(r).eu_enforcing_answer == ""
