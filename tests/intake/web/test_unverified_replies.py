"""A reply attached unverified (issue 15 point 6), as the team sees it: the request page marks
it and says why, nothing on the request moved, and a person can still act on it by hand."""

import pytest
from django.urls import reverse

from intake.models import Outcome
from tests.factories import request_in
from tests.intake.notified import notified_request
from tests.intake.web.conftest import DATA, ingest_file
from tests.web import sign_in
from triage.models import Objection, Request, Status

pytestmark = pytest.mark.django_db(transaction=True)

USER_REFERENCE = "LER-2026-000777"
TRUSTED = b"Authentication-Results: mx.lerq.example; dmarc=pass header.from=example.com\n"


@pytest.fixture
def gmp():
    return request_in(
        "needs_info", agency="Greater Manchester Police", agent_email="dc.hale@gmp.police.uk"
    )


def stranger_reply(req: Request):
    return ingest_file(
        "replies/agency_reply.eml.template",
        REFERENCE=req.reference,
        ADDRESS="clerk@usda.gov",
        DOMAIN="usda.gov",
        NAME="Pat Clerk",
    )


def messages_of(client, req: Request) -> str:
    url = reverse("intake:request_messages", args=[req.reference])
    return client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_an_unrelated_agencys_reply_is_shown_unverified_and_moves_nothing(client, clerk, gmp):
    message = stranger_reply(gmp)
    sign_in(client, clerk)

    html = messages_of(client, gmp)

    assert message.outcome == Outcome.ATTACHED
    assert 'class="card unverified"' in html
    assert "<strong>Unverified</strong>" in html
    assert "clerk@usda.gov is not on the domain of the agency that sent" in html
    assert "gmp.police.uk" in html
    page = client.get(reverse("triage:request_detail", args=[gmp.reference])).content.decode()
    assert "Attached unverified: clerk@usda.gov" in page  # on the timeline too
    assert Request.objects.get(pk=gmp.pk).status == Status.NEEDS_INFO


def test_a_clerk_may_still_take_it_as_the_agencys_answer(client, clerk, gmp):
    stranger_reply(gmp)
    sign_in(client, clerk)

    response = client.post(
        reverse("triage:request_act", args=[gmp.reference, "answer"]),
        {"seen_status": gmp.status, "seen_notice": gmp.notice, "note": "Phoned GMP: it is theirs."},
    )

    assert response.status_code == 302
    assert Request.objects.get(pk=gmp.pk).status == Status.RECEIVED


def test_the_agencys_own_reply_is_not_marked(client, clerk, gmp):
    ingest_file(
        "replies/agency_reply.eml.template",
        REFERENCE=gmp.reference,
        ADDRESS="inspector.jones@gmp.police.uk",
        DOMAIN="gmp.police.uk",
        NAME="Inspector Jones",
    )
    html = messages_of(sign_in(client, clerk), gmp)

    assert "Unverified" not in html
    assert Request.objects.get(pk=gmp.pk).status == Status.RECEIVED


def test_a_forged_objection_is_shown_unverified_and_no_objection_is_listed(client, reviewer):
    req = notified_request(reviewer, email="jane.user@example.com", reference=USER_REFERENCE)
    ingest_file("replies/user_reply_reference.eml")
    sign_in(client, reviewer)

    assert "no objection was recorded" in messages_of(client, req)
    page = client.get(reverse("triage:request_detail", args=[req.reference])).content.decode()
    assert "No objection recorded." in page


def test_an_authenticated_objection_is_listed_on_the_request(client, reviewer, tmp_path):
    req = notified_request(reviewer, email="jane.user@example.com", reference=USER_REFERENCE)
    signed = tmp_path / "signed.eml"
    signed.write_bytes(TRUSTED + (DATA / "replies" / "user_reply_reference.eml").read_bytes())
    ingest_file(str(signed))
    sign_in(client, reviewer)

    page = client.get(reverse("triage:request_detail", args=[req.reference])).content.decode()

    assert Objection.objects.filter(request=req).count() == 1
    assert "from jane.user@example.com" in page
    assert "I object to this request." in page
