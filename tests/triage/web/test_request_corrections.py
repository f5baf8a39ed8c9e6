"""Corrections and overrides posted from the request page: the kind, the targets and the
descriptive readings are corrected on the record; validate refuses an incomplete request
with the rules' sentences unless a reviewer gives an override, which the page then shows."""

import html

import pytest
from django.urls import reverse

from tests.factories import open_request, request_in
from tests.triage.services.helpers import approved, fresh
from tests.web import sign_in
from triage import rules
from triage.models import Event, EventKind, Kind, Request, Status, Target

pytestmark = pytest.mark.django_db


def act(client, r: Request, action: str, **data):
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def page(client, r: Request) -> str:
    return html.unescape(client.get(r.get_absolute_url()).text)


def test_a_request_missing_badge_and_phone_is_not_validated_and_the_page_says_why(client, clerk):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    sign_in(client, clerk)

    response = act(client, r, "validate")

    assert response.status_code == 409
    text = html.unescape(response.text)
    assert rules.SENTENCES[rules.BADGE] in text and rules.SENTENCES[rules.PHONE] in text
    assert fresh(r).status == Status.RECEIVED


def test_a_clerk_override_is_forbidden(client, clerk):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    sign_in(client, clerk)

    response = act(client, r, "validate", override="I know this officer.")

    assert response.status_code == 403
    assert fresh(r).status == Status.RECEIVED


def test_a_reviewer_overrides_and_the_page_shows_the_override(client, reviewer):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    sign_in(client, reviewer)
    assert 'name="override"' in page(client, r)  # offered where the rules find a gap

    response = act(client, r, "validate", override="Badge confirmed by phone with the FBI.")

    assert response.status_code == 302
    assert fresh(r).status == Status.VALIDATED
    shown = page(client, r)
    assert "Badge confirmed by phone with the FBI." in shown
    assert "rules overridden" in shown


def test_a_reviewer_corrects_the_kind_and_the_letter_preview_names_the_new_process(
    client, reviewer
):
    r = request_in("in_review", Kind.COURT_ORDER)
    sign_in(client, reviewer)
    assert "In response to your court order" in page(client, r)

    response = act(client, r, "kind", kind=Kind.SUBPOENA, note="Grand-jury subpoena.")

    assert response.status_code == 302
    shown = page(client, r)
    assert "In response to your subpoena" in shown
    assert "Kind corrected" in shown


def test_a_clerk_in_review_may_not_correct_the_kind(client, clerk):
    r = request_in("in_review", Kind.COURT_ORDER)
    sign_in(client, clerk)

    assert act(client, r, "kind", kind=Kind.SUBPOENA).status_code == 403
    assert fresh(r).kind == Kind.COURT_ORDER


def test_targets_are_added_edited_and_removed_on_the_record(client, clerk):
    r = open_request()
    sign_in(client, clerk)
    first = r.targets.get()

    assert act(client, r, "target", type="account", account_number="ACC-1").status_code == 302
    assert (
        act(
            client, r, "target", target=first.pk, type="user", email="right@example.com"
        ).status_code
        == 302
    )
    added = Target.objects.get(request=r, account_number="ACC-1")
    assert act(client, r, "target_remove", target=added.pk).status_code == 302

    assert [t.email for t in Target.objects.filter(request=r)] == ["right@example.com"]
    corrected = Event.objects.filter(request=r, action=EventKind.TARGETS_CORRECTED)
    assert corrected.count() == 3
    timeline = page(client, r)
    assert "clerk added the target “type=account, account_number=ACC-1”." in timeline
    assert "clerk removed the target “type=account, account_number=ACC-1”." in timeline


def test_readings_are_corrected_through_the_details_form(client, clerk):
    r = open_request(Kind.PRESERVATION, letterhead=False)
    sign_in(client, clerk)
    # As the page posts it: what it showed travels as initial-*, so only this change counts.
    posted = {"letterhead": "true", "initial-letterhead": "false"}

    assert act(client, r, "fields", **posted).status_code == 302
    assert fresh(r).letterhead is True
    assert act(client, fresh(r), "validate").status_code == 302


def test_on_an_approved_request_a_kind_change_withdraws_the_approval(client, reviewer):
    r = approved(Kind.COURT_ORDER)
    sign_in(client, reviewer)

    assert act(client, r, "kind", kind=Kind.SUBPOENA).status_code == 302
    assert fresh(r).status == Status.IN_REVIEW
