"""Actions posted from the request page: each reaches its service; a forbidden one is a 403,
a stale page or a double click acts once, bad input shows the page again with why."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.triage.services.helpers import (
    approved,
    asked,
    fresh,
    validated_extension,
    with_notice,
)
from tests.web import sign_in
from triage import services
from triage.models import CallBack, Event, EventKind, Kind, Notice, Request, Status
from triage.package import package_of, package_sha256

pytestmark = pytest.mark.django_db


def act(client, r: Request, action: str, seen: Request | None = None, **data):
    seen = seen or r
    post = {"seen_status": seen.status, "seen_notice": seen.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def events(r: Request) -> list[str]:
    return list(
        Event.objects.filter(request_id=r.pk).order_by("seq").values_list("action", flat=True)
    )


def test_a_clerk_validates_and_is_sent_back_to_the_page_with_a_message(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    response = act(client, r, "validate", note="All there.")

    assert response.status_code == 302
    assert response["Location"] == r.get_absolute_url()
    assert fresh(r).status == Status.VALIDATED
    assert "Validated." in client.get(response["Location"]).text


def test_a_double_click_acts_once_and_says_the_request_changed(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    act(client, r, "validate")
    second = act(client, r, "validate")

    assert second.status_code == 409
    assert "was changed by someone else" in second.text
    assert events(r).count("validate") == 1


def test_a_page_showing_an_old_notice_state_is_stale_too(client, reviewer):
    r = request_in("in_review")
    seen = fresh(r)
    with_notice(r, Notice.NOT_REQUIRED)
    sign_in(client, reviewer)

    response = act(client, fresh(r), "notice_send", seen=seen)

    assert response.status_code == 409
    assert fresh(r).notice == Notice.NOT_REQUIRED


def test_a_clerk_posting_approve_gets_403_and_nothing_changes(client, clerk):
    r = asked()
    sign_in(client, clerk)

    assert act(client, r, "approve").status_code == 403
    assert fresh(r).status == Status.IN_REVIEW


def test_a_clerk_posting_a_reject_is_refused_before_the_form_is_read(client, clerk):
    r = request_in("validated")
    sign_in(client, clerk)

    response = client.post(reverse("triage:request_act", args=[r.reference, "reject"]), {})

    assert response.status_code == 403
    assert fresh(r).status == Status.VALIDATED


def test_the_person_who_asked_for_approval_cannot_approve_by_posting(client, approver):
    r = asked(by=approver)
    sign_in(client, approver)

    assert act(client, r, "approve").status_code == 403
    assert fresh(r).approved_by is None


def test_a_second_person_approves(client, approver, second_approver):
    r = asked(by=approver)
    sign_in(client, second_approver)

    shown = package_sha256(package_of(r))

    assert act(client, r, "approve", package=shown).status_code == 302
    assert fresh(r).approved_by == second_approver


def test_an_action_the_state_does_not_allow_shows_the_page_with_why(client, reviewer):
    r = approved()  # notice undecided: disclosure must wait
    sign_in(client, reviewer)

    response = act(client, r, "disclose")

    assert response.status_code == 409
    assert "cannot “disclose”" in response.text
    assert fresh(r).status == Status.APPROVED


def test_an_unknown_action_is_404(client, reviewer):
    r = request_in("received")
    sign_in(client, reviewer)

    assert act(client, r, "explode").status_code == 404


def test_actions_are_posted_never_fetched(client, reviewer):
    r = request_in("received")
    sign_in(client, reviewer)

    assert (
        client.get(reverse("triage:request_act", args=[r.reference, "validate"])).status_code == 405
    )


def test_ask_info_sends_what_is_missing(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    act(client, r, "ask_info", missing=["badge", "phone"], explanation="Please complete.")

    r = fresh(r)
    assert r.status == Status.NEEDS_INFO
    event = Event.objects.filter(request=r, action=EventKind.ASK_INFO).get()
    assert event.data["missing"] == ["badge", "phone"]


def test_ask_info_with_nothing_said_is_refused_with_the_sentence(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    response = act(client, r, "ask_info")

    assert response.status_code == 400
    assert "Say why" in response.text
    assert fresh(r).status == Status.RECEIVED


def test_reject_takes_several_reason_codes_and_an_explanation(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    act(client, r, "reject", reasons=["overbroad", "no_legal_basis"], explanation="Too wide.")

    r = fresh(r)
    assert (r.status, r.rejection_reasons) == (Status.REJECTED, ["overbroad", "no_legal_basis"])


def test_reject_without_a_code_is_invalid(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(client, r, "reject", explanation="Too wide.")

    assert response.status_code == 400
    assert fresh(r).status == Status.IN_REVIEW


def test_reject_with_an_unknown_code_is_invalid(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    assert act(client, r, "reject", reasons=["because"]).status_code == 400
    assert fresh(r).status == Status.IN_REVIEW


def test_notice_delay_asks_for_the_end_date_and_the_legal_basis(client, reviewer):
    r = request_in("in_review")
    until = timezone.localdate() + timedelta(days=90)
    sign_in(client, reviewer)

    act(client, r, "notice_delay", until=until.isoformat(), basis="18 U.S.C. 2705(b) order")

    r = fresh(r)
    assert (r.notice, r.nondisclosure_until) == (Notice.DELAYED, until)


def test_notice_delay_into_the_past_is_refused_with_the_sentence(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    response = act(client, r, "notice_delay", until="2001-01-01", basis="order")

    assert response.status_code == 400
    assert "must be in the future" in response.text
    assert fresh(r).notice == Notice.NOT_DECIDED


def test_withdrawing_an_approval_needs_a_reason(client, reviewer):
    r = approved()
    sign_in(client, reviewer)

    assert act(client, r, "withdraw_approval").status_code == 400
    assert act(client, r, "withdraw_approval", reason="The user objected.").status_code == 302
    assert fresh(r).status == Status.IN_REVIEW


def test_a_hold_is_placed_and_extended_from_the_preservations_page(client, reviewer):
    original = request_in("validated", Kind.PRESERVATION)
    sign_in(client, reviewer)
    assert act(client, original, "preserve").status_code == 302
    original = fresh(original)
    extension = validated_extension(original)

    response = act(client, original, "extend", extension=extension.reference)

    assert response.status_code == 302
    assert fresh(original).status == Status.EXTENDED
    assert fresh(extension).status == Status.CLOSED


def test_a_reviewer_assigns_the_request(client, reviewer, clerk):
    r = request_in("received")
    sign_in(client, reviewer)

    assert act(client, r, "assign", assignee=clerk.pk).status_code == 302
    assert fresh(r).assignee == clerk


def test_a_clerk_sees_the_assign_control_the_server_accepts_from_them(client, clerk, reviewer):
    r = request_in("received")
    sign_in(client, clerk)

    page = client.get(r.get_absolute_url()).text
    assert 'data-action="assign"' in page
    assert act(client, r, "assign", assignee=reviewer.pk).status_code == 302
    assert fresh(r).assignee == reviewer


def test_a_correction_of_the_fields_is_recorded_with_old_and_new_values(client, clerk):
    r = open_request(badge="")
    sign_in(client, clerk)
    form = {
        "agency": r.agency,
        "agent_name": r.agent_name,
        "badge": "FBI-9",
        "agent_email": r.agent_email,
        "agent_phone": r.agent_phone,
        "postal_address": r.postal_address,
        "country": r.country,
        "language": r.language,
        "case_number": "",
        "response_due_date": r.response_due_date.isoformat(),
        "summary": "",
    }

    assert act(client, r, "fields", **form).status_code == 302

    assert fresh(r).badge == "FBI-9"
    event = Event.objects.get(request=r, action=EventKind.FIELDS_CHANGED)
    assert event.data["changes"] == {"badge": {"from": "", "to": "FBI-9"}}
    assert event.actor_name == "clerk"


def test_a_stale_page_changes_only_what_its_user_changed(client, clerk, reviewer):
    r = open_request(badge="", case_number="")
    services.request_update_fields(
        request=r, by=reviewer, changes={"badge": "FBI-1"}, seen_status=r.status
    )
    sign_in(client, clerk)
    assert 'name="initial-badge" value="FBI-1"' in client.get(r.get_absolute_url()).text
    shown = {"badge": "", "case_number": ""}  # what the clerk's older page showed
    form = {
        **{f"initial-{name}": value for name, value in shown.items()},
        "badge": "",
        "case_number": "318-PX-1",
    }

    assert act(client, r, "fields", **form).status_code == 302

    r = fresh(r)
    assert (r.badge, r.case_number) == ("FBI-1", "318-PX-1")


def test_an_invalid_field_value_shows_the_form_again(client, clerk):
    r = open_request()
    sign_in(client, clerk)

    response = act(client, r, "fields", agent_email="not an address")

    assert response.status_code == 400
    assert fresh(r).agent_email == "dscully@fbi.gov"


def test_an_outsider_cannot_correct_fields(client, outsider):
    r = open_request()
    sign_in(client, outsider)

    assert act(client, r, "fields", badge="X").status_code == 403


def test_a_call_back_is_recorded_from_the_page(client, reviewer):
    r = open_request(Kind.EMERGENCY)
    sign_in(client, reviewer)
    called = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)

    response = act(
        client,
        r,
        "callback",
        called_at=called.isoformat(timespec="minutes"),
        number_called="+1 202 324 3000",
        number_source="fbi.gov/contact-us",
        person_reached="Duty officer J. Park",
        outcome="confirmed",
        details="SA Scully sent the request; case real.",
    )

    assert response.status_code == 302
    assert CallBack.objects.filter(request=r, recorded_by=reviewer).count() == 1
    assert "Duty officer J. Park" in client.get(r.get_absolute_url()).text


def test_a_clerk_cannot_record_a_call_back(client, clerk):
    r = open_request(Kind.EMERGENCY)
    sign_in(client, clerk)

    response = act(
        client,
        r,
        "callback",
        called_at="2026-01-01T10:00",
        number_called="1",
        number_source="x",
        person_reached="y",
        outcome="confirmed",
        details="z",
    )

    assert response.status_code == 403
    assert not CallBack.objects.exists()


def test_a_disclosure_on_an_emergency_waits_for_a_call_back(client, reviewer):
    r = approved(Kind.EMERGENCY)
    sign_in(client, reviewer)

    response = act(client, r, "disclose")

    assert response.status_code == 409
    assert "call-back" in response.text
    assert fresh(r).status == Status.APPROVED
