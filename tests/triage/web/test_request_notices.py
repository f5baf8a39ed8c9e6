"""The user notice on the request page: who is told, the non-disclosure orders (deficient
ones with their sentences), the notice sent with or without a copy of the request, the user's
objections recorded and resolved, and an access restriction's jurisdiction. Reviewers act;
a clerk gets 403; a refusal is shown as the service's sentence."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import request_in
from tests.triage.services.helpers import approved, fresh, with_notice
from tests.web import sign_in
from triage import services
from triage.models import (
    AccessRestriction,
    Event,
    Kind,
    NondisclosureOrder,
    Notice,
    NoticeRecipient,
    Objection,
    Request,
    Status,
)

pytestmark = pytest.mark.django_db


def page(client, r: Request):
    return client.get(reverse("triage:request_detail", args=[r.reference]))


def act(client, r: Request, action: str, seen: Request | None = None, **data):
    seen = seen or r
    post = {"seen_status": seen.status, "seen_notice": seen.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def objection(r: Request, by) -> Objection:
    return services.objection_record(
        request=r, by=by, text="It is my family's account.", received_at=timezone.now()
    )


# --- who is told ----------------------------------------------------------------------------
def test_a_reviewer_adds_a_recipient_and_sees_it(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(client, r, "recipient_add", name="Lena Ward", email="lena@example.net")

    assert response.status_code == 302
    assert NoticeRecipient.objects.get(request=r).email == "lena@example.net"
    html = client.get(response["Location"]).text
    assert "Lena Ward &lt;lena@example.net&gt;" in html


def test_an_address_the_notice_cannot_go_to_is_refused_with_why(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(client, r, "recipient_add", email="lena@example.net\r\nBcc: x@evil.test")

    assert response.status_code == 400
    assert "is not an email address the user notice can be sent to" in response.text
    assert not NoticeRecipient.objects.filter(request=r).exists()


def test_a_clerk_cannot_add_a_recipient_and_sees_no_form(client, clerk):
    r = request_in("in_review")
    sign_in(client, clerk)

    assert 'data-action="recipient_add"' not in page(client, r).text
    assert act(client, r, "recipient_add", email="lena@example.net").status_code == 403
    assert not NoticeRecipient.objects.filter(request=r).exists()


def test_an_outsider_cannot_add_a_recipient(client, outsider):
    r = request_in("in_review")
    sign_in(client, outsider)

    assert act(client, r, "recipient_add", email="lena@example.net").status_code == 403


# --- non-disclosure orders ------------------------------------------------------------------
def test_an_order_for_a_specific_time_delays_the_notice(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(
        client,
        r,
        "nondisclosure",
        basis="18 U.S.C. § 2705(b)",
        days="90",
        circumstances="Notice would endanger a witness.",
        document_reference="Order 26-MJ-118",
    )

    assert response.status_code == 302
    order = NondisclosureOrder.objects.get(request=r)
    assert (order.days, order.deficiencies) == (90, [])
    assert fresh(r).notice == Notice.DELAYED
    html = client.get(response["Location"]).text
    assert "Order 26-MJ-118" in html and 'class="order"' in html


def test_an_order_without_a_duration_is_shown_as_deficient_with_its_sentences(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(client, r, "nondisclosure", basis="Agency letter")

    assert response.status_code == 302
    assert fresh(r).notice == Notice.NOT_DECIDED
    html = client.get(response["Location"]).text
    assert 'class="order deficient"' in html
    assert "gives no specific duration" in html
    assert "does not state the circumstances" in html


def test_an_order_of_no_days_is_refused_with_why(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(client, r, "nondisclosure", basis="2705(b)", days="0")

    assert response.status_code == 400
    assert "The duration of a non-disclosure order is a positive number of days." in response.text
    assert not NondisclosureOrder.objects.filter(request=r).exists()


def test_a_clerk_cannot_record_an_order(client, clerk):
    r = request_in("in_review")
    sign_in(client, clerk)

    assert act(client, r, "nondisclosure", basis="2705(b)", days="90").status_code == 403
    assert not NondisclosureOrder.objects.filter(request=r).exists()


# --- sending the notice ---------------------------------------------------------------------
def test_the_notice_is_sent_with_a_copy_of_the_request_unless_unchecked(client, reviewer):
    with_copy, without = request_in("in_review"), request_in("in_review")
    sign_in(client, reviewer)
    html = page(client, with_copy).text
    assert 'name="include_copy"' in html and "Include a copy of the request" in html

    # The first press drafts the notice to be read as it will leave; the second sends it.
    for _ in range(2):
        assert act(client, with_copy, "notice_send", include_copy="on").status_code == 302
        assert act(client, without, "notice_send").status_code == 302

    copies = {
        e.request_id: e.data["copy_of_request"] for e in Event.objects.filter(action="notice_send")
    }
    assert copies == {with_copy.pk: True, without.pk: False}


def test_a_notice_with_nobody_to_send_it_to_is_refused_with_why(client, reviewer):
    r = request_in("in_review", targets=[{"type": "user", "user_id": "48213377"}])
    sign_in(client, reviewer)

    response = act(client, r, "notice_send", include_copy="on")

    assert response.status_code == 400
    assert "no address to send the user notice to" in response.text
    assert fresh(r).notice == Notice.NOT_DECIDED


# --- objections -----------------------------------------------------------------------------
def test_an_objection_is_recorded_and_pauses_an_approved_request(client, reviewer):
    r = with_notice(approved(), Notice.SENT)
    sign_in(client, reviewer)
    assert 'data-action="objection"' in page(client, r).text

    response = act(
        client,
        r,
        "objection",
        text="It is my family's account.",
        received_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        objector="target@example.com",
    )

    assert response.status_code == 302
    assert fresh(r).status == Status.IN_REVIEW
    html = client.get(response["Location"]).text
    assert "It is my family&#x27;s account." in html and 'class="objection open"' in html


def test_an_objection_needs_what_the_user_said_and_when(client, reviewer):
    r = with_notice(request_in("in_review"), Notice.SENT)
    sign_in(client, reviewer)

    response = act(client, r, "objection", text="")

    assert response.status_code == 400
    assert "text: This field is required." in response.text
    assert "received_at: This field is required." in response.text


def test_no_objection_form_before_the_user_is_told(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    assert 'data-action="objection"' not in page(client, r).text
    response = act(
        client, r, "objection", text="No.", received_at=timezone.now().strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 400
    assert "the user was not sent a notice" in response.text


@pytest.mark.parametrize("outcome", ["upheld", "overruled"])
def test_a_reviewer_resolves_an_objection(client, reviewer, outcome):
    r = with_notice(request_in("in_review"), Notice.SENT)
    o = objection(r, reviewer)
    sign_in(client, reviewer)

    response = act(
        client, fresh(r), "objection_resolve", objection=o.pk, outcome=outcome,
        resolution="Checked the account holder.",
    )  # fmt: skip

    assert response.status_code == 302
    o.refresh_from_db()
    assert (o.outcome, o.resolved_by) == (outcome, reviewer)
    assert "Checked the account holder." in client.get(response["Location"]).text


def test_an_objection_resolved_twice_is_refused_with_why(client, reviewer):
    r = with_notice(request_in("in_review"), Notice.SENT)
    o = objection(r, reviewer)
    services.objection_resolve(objection=o, by=reviewer, outcome="overruled", resolution="No.")
    sign_in(client, reviewer)

    response = act(
        client, fresh(r), "objection_resolve", objection=o.pk, outcome="upheld", resolution="Yes."
    )

    assert response.status_code == 400
    assert "This objection was already resolved (overruled: disclosure may proceed)." in (
        response.text
    )


def test_another_requests_objection_cannot_be_resolved_from_this_page(client, reviewer):
    r = with_notice(request_in("in_review"), Notice.SENT)
    other = with_notice(request_in("in_review"), Notice.SENT)
    theirs = objection(other, reviewer)
    sign_in(client, reviewer)

    response = act(
        client, fresh(r), "objection_resolve", objection=theirs.pk, outcome="upheld",
        resolution="Yes.",
    )  # fmt: skip

    assert response.status_code == 400
    assert Objection.objects.get(pk=theirs.pk).resolved_at is None


def test_a_clerk_cannot_record_or_resolve_an_objection(client, reviewer, clerk):
    r = with_notice(request_in("in_review"), Notice.SENT)
    o = objection(r, reviewer)
    sign_in(client, clerk)
    r = fresh(r)

    assert 'data-action="objection_resolve"' not in page(client, r).text
    assert act(client, r, "objection", text="No.", received_at="2026-01-01T10:00").status_code == (
        403
    )
    assert (
        act(
            client, r, "objection_resolve", objection=o.pk, outcome="upheld", resolution="x"
        ).status_code
        == 403
    )
    assert Objection.objects.get().resolved_at is None


# --- access restriction ---------------------------------------------------------------------
def test_a_restriction_is_recorded_for_the_authoritys_jurisdiction(client, reviewer):
    r = request_in("in_review", Kind.ACCESS_RESTRICTION, country="DE")
    sign_in(client, reviewer)
    assert 'data-action="restriction"' in page(client, r).text

    response = act(client, r, "restriction", jurisdiction="de", scope="Meeting 812 recording")

    assert response.status_code == 302
    assert AccessRestriction.objects.get(request=r).jurisdiction == "DE"
    html = client.get(response["Location"]).text
    assert "<strong>DE</strong> only: Meeting 812 recording" in html


def test_a_restriction_outside_the_jurisdiction_is_refused_with_why(client, reviewer):
    r = request_in("in_review", Kind.ACCESS_RESTRICTION, country="DE")
    sign_in(client, reviewer)

    response = act(client, r, "restriction", jurisdiction="FR", scope="Everything")

    assert response.status_code == 400
    assert "a restriction is limited to that jurisdiction, not FR" in response.text
    assert not AccessRestriction.objects.exists()


def test_only_an_access_restriction_request_shows_or_records_one(client, reviewer):
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    assert 'data-action="restriction"' not in page(client, r).text
    response = act(client, r, "restriction", jurisdiction="US", scope="x")
    assert response.status_code == 400
    assert "is not an access restriction request" in response.text


def test_a_clerk_cannot_record_a_restriction(client, clerk):
    r = request_in("in_review", Kind.ACCESS_RESTRICTION, country="DE")
    sign_in(client, clerk)

    assert act(client, r, "restriction", jurisdiction="DE", scope="x").status_code == 403


# --- a stale page ---------------------------------------------------------------------------
def test_an_action_from_a_page_showing_an_old_notice_state_is_refused(client, reviewer):
    r = request_in("in_review")
    seen = fresh(r)
    services.notice_delay(
        request=r, by=reviewer, until=timezone.localdate() + timedelta(days=30), basis="2705(b)"
    )
    sign_in(client, reviewer)

    response = act(client, fresh(r), "recipient_add", seen=seen, email="lena@example.net")

    assert response.status_code == 409
    assert not NoticeRecipient.objects.filter(request=r).exists()
