"""The agency's answer to a deficiency notice is read like a new request, and what it gives
is proposed beside the current values for a person to accept (issue 16: "an answer fills the
gaps": the badge and phone the agency gave were attached but never read into the fields)."""

import re

import pytest
from django.urls import reverse

from intake import answers
from intake.routing import ingest
from tests.factories import request_in
from tests.intake.test_reply_standing import agency_reply
from tests.web import sign_in
from triage.models import Event, EventKind, FieldProposal, Request, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _trusted(settings):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = ["mx.lerq.example"]


@pytest.fixture
def gmp():
    """Asked for its badge and phone: the request carries neither."""
    return request_in(
        "needs_info",
        agency="Greater Manchester Police",
        agent_email="dc.hale@gmp.police.uk",
        badge="",
        agent_phone="",
    )


def pending(request: Request) -> dict[str, object]:
    rows = FieldProposal.objects.filter(request=request, decided_at=None)
    return {p.field: p.value for p in rows}


def test_the_agencys_answer_proposes_the_badge_and_phone_it_gives_and_the_clerk_accepts_all(
    client, clerk, gmp
):
    result = ingest(agency_reply(gmp, "dc.hale@gmp.police.uk"), source="test")

    assert (result.outcome, result.status) == ("attached", Status.RECEIVED)
    # Proposed, not applied: the request is unchanged until a person accepts.
    assert pending(gmp) == {"badge": "4471", "agent_phone": "+44 161 856 0000"}
    gmp.refresh_from_db()
    assert (gmp.badge, gmp.agent_phone) == ("", "")
    fields = "Badge or ID number, Agent's phone"
    assert answers.REASON_PROPOSED.format(fields=fields) in result.reasons
    (proposed,) = Event.objects.filter(request=gmp, action=EventKind.FIELDS_PROPOSED)
    assert proposed.actor is None  # lerq read it
    assert proposed.data["proposed"] == {"badge": "4471", "agent_phone": "+44 161 856 0000"}

    sign_in(client, clerk)
    html = client.get(gmp.get_absolute_url()).text
    section = html[html.index('id="proposals"') :]
    section = section[: section.index("</section>")]
    assert re.search(r'data-field="badge">.*?4471', section, re.S)
    assert re.search(r'data-field="agent_phone">.*?\+44 161 856 0000', section, re.S)
    assert 'data-action="proposal_accept_all"' in section

    response = client.post(
        reverse("triage:request_act", args=[gmp.reference, "proposal_accept"]),
        {"seen_status": Status.RECEIVED, "seen_notice": gmp.notice},
    )

    assert response.status_code == 302
    gmp.refresh_from_db()
    assert (gmp.badge, gmp.agent_phone) == ("4471", "+44 161 856 0000")
    (changed,) = Event.objects.filter(request=gmp, action=EventKind.FIELDS_CHANGED)
    assert changed.actor == clerk
    assert changed.data["changes"] == {
        "badge": {"from": "", "to": "4471"},
        "agent_phone": {"from": "", "to": "+44 161 856 0000"},
    }
    assert not pending(gmp)
    decided = FieldProposal.objects.filter(request=gmp)
    assert {(p.accepted, p.decided_by) for p in decided} == {(True, clerk)}
    (accepted,) = Event.objects.filter(request=gmp, action=EventKind.PROPOSALS_ACCEPTED)
    assert accepted.actor == clerk
    assert set(accepted.data["accepted"]) == {"badge", "agent_phone"}
    html = client.get(gmp.get_absolute_url()).text
    assert 'id="proposals"' not in html


def test_an_unverified_reply_proposes_nothing(gmp):
    result = ingest(agency_reply(gmp, "clerk@usda.gov"), source="test")

    assert result.outcome == "attached"
    assert any(r.startswith("Attached unverified") for r in result.reasons)
    assert not FieldProposal.objects.exists()
    assert not Event.objects.filter(action=EventKind.FIELDS_PROPOSED).exists()


def test_a_value_equal_to_the_current_one_is_not_proposed():
    gmp = request_in(
        "needs_info",
        agency="Greater Manchester Police",
        agent_email="dc.hale@gmp.police.uk",
        badge="4471",
        agent_phone="",
    )

    ingest(agency_reply(gmp, "dc.hale@gmp.police.uk"), source="test")

    # The badge is the one on record; the email and language read are the request's too.
    assert pending(gmp) == {"agent_phone": "+44 161 856 0000"}


def test_routing_the_same_answer_again_proposes_nothing_more(gmp):
    raw = agency_reply(gmp, "dc.hale@gmp.police.uk")
    ingest(raw, source="test")

    again = ingest(raw, source="test")

    assert again.outcome == "duplicate"
    assert FieldProposal.objects.filter(request=gmp).count() == 2
    assert Event.objects.filter(request=gmp, action=EventKind.FIELDS_PROPOSED).count() == 1
