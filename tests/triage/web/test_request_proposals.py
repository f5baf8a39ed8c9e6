"""The request page shows what the agency's answer proposed beside the current values, with
"Accept" per field and "Accept all"; accepting is on the record and happens once."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UserFactory, request_in
from tests.web import sign_in
from triage import services
from triage.models import Event, EventKind, FieldProposal, Request
from triage.services.approval import ERR_DESTINATION_REASON
from triage.services.proposals import ERR_NOTHING_PENDING

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    r = request_in("received", agent_email="dc.hale@gmp.police.uk", badge="", agent_phone="")
    services.proposal_record(
        request=r,
        found={"badge": "4471", "agent_phone": "+44 161 856 0000"},
        message_id="<answer.1@gmp.police.uk>",
        sha256="a" * 64,
    )
    return r


def page(client, r: Request) -> str:
    return client.get(r.get_absolute_url()).text


def accept(client, r: Request, **data):
    url = reverse("triage:request_act", args=[r.reference, "proposal_accept"])
    return client.post(url, {"seen_status": r.status, "seen_notice": r.notice, **data})


def test_each_proposal_is_shown_beside_the_current_value_with_its_source(client, clerk, answered):
    sign_in(client, clerk)

    html = page(client, answered)

    rows = re.findall(r'<tr class="proposal" data-field="([a-z_]+)">(.*?)</tr>', html, re.S)
    assert [name for name, _ in rows] == ["badge", "agent_phone"]
    badge = rows[0][1]
    assert "4471" in badge and "&lt;answer.1@gmp.police.uk&gt;" in badge
    assert badge.count('data-action="proposal_accept"') == 1
    assert 'data-action="proposal_accept_all"' in html


def test_the_clerk_accepts_one_field_and_the_other_still_waits(client, clerk, answered):
    sign_in(client, clerk)
    phone = FieldProposal.objects.get(field="agent_phone")

    response = accept(client, answered, proposal=phone.pk)

    assert response.status_code == 302
    answered.refresh_from_db()
    assert (answered.badge, answered.agent_phone) == ("", "+44 161 856 0000")
    html = page(client, answered)
    assert re.findall(r'<tr class="proposal" data-field="([a-z_]+)">', html) == ["badge"]
    assert 'data-action="proposal_accept_all"' not in html  # one left: its own button


def test_accepting_twice_changes_nothing_and_says_why(client, clerk, answered):
    sign_in(client, clerk)
    accept(client, answered)
    events = Event.objects.count()

    response = accept(client, answered)

    assert response.status_code == 400
    assert ERR_NOTHING_PENDING.format(reference=answered.reference) in response.text
    assert Event.objects.count() == events
    assert Event.objects.filter(action=EventKind.PROPOSALS_ACCEPTED).count() == 1


def test_an_address_off_the_agencys_domain_is_refused_without_a_reviewers_reason(client, clerk):
    r = request_in("received", agent_email="dc.hale@gmp.police.uk")
    services.proposal_record(
        request=r, found={"agent_email": "hale@elsewhere.example"}, message_id="", sha256="b" * 64
    )
    sign_in(client, clerk)

    response = accept(client, r)

    assert response.status_code == 400
    why = ERR_DESTINATION_REASON.format(
        address="hale@elsewhere.example", sender="dc.hale@gmp.police.uk"
    )
    assert why in response.text.replace("&#x27;", "'")
    r.refresh_from_db()
    assert r.agent_email == "dc.hale@gmp.police.uk"
    assert FieldProposal.objects.get().decided_at is None


def test_a_reader_sees_the_proposals_but_may_not_accept_them(client, answered):
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_request"))
    sign_in(client, reader)

    html = page(client, answered)

    assert html.count('<tr class="proposal"') == 2
    assert "proposal_accept" not in html
    assert accept(client, answered).status_code == 403
    answered.refresh_from_db()
    assert answered.badge == ""


def decline(client, r: Request, **data):
    url = reverse("triage:request_act", args=[r.reference, "proposal_decline"])
    return client.post(url, {"seen_status": r.status, "seen_notice": r.notice, **data})


def test_a_reviewer_declines_a_proposal_with_a_reason_and_it_no_longer_waits(
    client, reviewer, answered
):
    badge = FieldProposal.objects.get(request=answered, field="badge")
    sign_in(client, reviewer)
    assert 'data-action="proposal_decline"' in page(client, answered)

    response = decline(client, answered, proposal=badge.pk, reason="That is the case number.")

    assert response.status_code == 302
    html = page(client, answered)
    assert 'proposal" data-field="badge"' not in html
    assert 'proposal" data-field="agent_phone"' in html
    assert Request.objects.get(pk=answered.pk).badge == ""
    assert Event.objects.filter(request=answered, action=EventKind.PROPOSAL_DECLINED).exists()


def test_a_clerk_is_not_offered_decline_and_is_refused(client, clerk, answered):
    badge = FieldProposal.objects.get(request=answered, field="badge")
    sign_in(client, clerk)
    assert 'data-action="proposal_decline"' not in page(client, answered)

    response = decline(client, answered, proposal=badge.pk, reason="That is the case number.")

    assert response.status_code == 403
    assert FieldProposal.objects.get(pk=badge.pk).decided_at is None
