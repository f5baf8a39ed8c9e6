"""Beside the actions, the request page says why each transition of the request's current state
that the person cannot take is not offered: the conditions' own sentences, the role it needs,
and the moment in the team's time zone that will change it (issue 16, "Say why not")."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from tests.factories import UserFactory, request_in
from tests.triage.services.helpers import (
    approved,
    asked,
    called_back,
    fresh,
    preserved,
    with_notice,
)
from tests.web import sign_in
from triage import roles
from triage.models import Kind, Notice, Request
from triage.models import conditions as c

pytestmark = pytest.mark.django_db

# 08:00 UTC is 09:00 in the team's zone (Europe/Paris in winter).
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def page(client, r: Request) -> str:
    response = client.get(reverse("triage:request_detail", args=[r.reference]))
    assert response.status_code == 200
    return response.text


def buttons(html: str) -> set[str]:
    return set(re.findall(r'<button type="submit"(?: name="go")? data-action="([a-z_]+)"', html))


def not_now(html: str) -> dict[str, str]:
    """Each transition listed as not available, with the text a person reads beside it."""
    if 'id="not-now"' not in html:
        return {}
    section = html[html.index('id="not-now"') :]
    section = section[: section.index("</section>")]
    items = re.findall(r'<li class="blocked" data-blocked="([a-z_]+)">(.*?)</li>', section, re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", "", text).split()) for name, text in items}


def test_disclose_waits_for_the_objection_window_and_says_until_when(
    client, reviewer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    r = with_notice(approved(), Notice.SENT)  # the window is 7 days: it ends 14 Dec 09:00
    sign_in(client, reviewer)

    html = page(client, r)

    assert "disclose" not in buttons(html)
    why = not_now(html)["disclose"]
    assert why.startswith("Disclose:")
    assert escape(c.notice_allows_disclosure.message) in why
    assert "waits for the objection window ending 14 Dec 09:00" in why
    time_machine.move_to(NOW + timedelta(days=7), tick=False)
    sign_in(client, reviewer)  # a week later: a new session
    html = page(client, r)
    assert "disclose" in buttons(html) and "disclose" not in not_now(html)


def test_approve_is_not_offered_to_the_person_who_asked_and_says_why(
    client, approver, second_approver
):
    r = asked(by=approver)
    sign_in(client, approver)

    html = page(client, r)

    assert "approve" not in buttons(html)
    assert not_now(html)["approve"] == f"Approve disclosure: {c.WHY_OTHER_APPROVER}"
    client.logout()
    sign_in(client, second_approver)
    html = page(client, r)
    assert "approve" in buttons(html) and "approve" not in not_now(html)


def test_a_clerk_sees_that_approve_needs_the_approver_role(client, clerk):
    r = asked()
    sign_in(client, clerk)

    why = not_now(page(client, r))

    assert why["approve"] == f"Approve disclosure: {c.ROLE_NEEDED[c.APPROVE]}"
    assert why["reject"] == f"Reject: {c.ROLE_NEEDED[c.REVIEW]}"


def test_an_emergency_disclose_says_the_call_back_is_missing(client, reviewer):
    r = with_notice(approved(Kind.EMERGENCY), Notice.NOT_DECIDED)
    sign_in(client, reviewer)

    why = not_now(page(client, r))

    assert why["disclose"] == f"Disclose: {escape(c.callback_recorded.message)}"
    called_back(fresh(r), by=reviewer)
    html = page(client, r)
    assert "disclose" in buttons(html) and "disclose" not in not_now(html)


def test_only_the_current_states_transitions_are_listed(client, clerk, reviewer):
    r = request_in("received")
    sign_in(client, reviewer)

    # A reviewer may do all but start the review of a request not yet validated.
    assert not_now(page(client, r)) == {"start_review": f"Start review: {c.reviewable.message}"}
    client.logout()
    sign_in(client, clerk)
    assert set(not_now(page(client, r))) == {
        "start_review",
        "reject",
        "notice_send",
        "notice_delay",
        "notice_forbid",
        "notice_waive",
    }


def test_a_transition_never_open_to_this_kind_of_request_is_not_listed(client, reviewer):
    r = request_in("validated", Kind.SUBPOENA)
    sign_in(client, reviewer)

    why = not_now(page(client, r))

    assert "preserve" not in why  # only a preservation places a hold: not something it awaits
    assert "start_review" not in why and "start_review" in buttons(page(client, r))


def test_a_hold_says_when_lerq_expires_it(client, reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = preserved()  # held 90 days: to 7 Mar 2027, 09:00 in the team's zone
    sign_in(client, reviewer)

    why = not_now(page(client, r))["expire"]

    assert why == (
        f"Expire hold: {c.ROLE_NEEDED[c.RUN_TIMERS]}; {c.hold_ended.message} "
        "(waits for the hold ending 7 Mar 2027 09:00)"
    )


def test_a_new_approver_sees_when_their_cooling_off_ends(client, reviewer, time_machine):
    time_machine.move_to(NOW, tick=False)
    r = asked(by=reviewer)
    newcomer = UserFactory(username="newcomer")
    newcomer.groups.add(Group.objects.get(name=roles.APPROVER))
    sign_in(client, newcomer)

    why = not_now(page(client, r))["approve"]

    assert why == (
        f"Approve disclosure: {c.WHY_APPROVER_COOLING} "
        f"(waits for {c.WAITS_FOR_COOLING} 8 Dec 09:00)"
    )


def test_the_reasons_are_text_on_the_page_not_tooltips(client, clerk):
    r = asked()
    sign_in(client, clerk)

    html = page(client, r)

    section = html[html.index('id="not-now"') :]
    section = section[: section.index("</section>")]
    assert "title=" not in section and "<details" not in section
    assert c.ROLE_NEEDED[c.APPROVE] in section


def test_saying_why_costs_no_query_more_than_the_buttons_did(
    client, reviewer, django_assert_max_num_queries
):
    # Approved, notice sent: Disclose's six conditions are all asked, its package ones too.
    r = with_notice(approved(), Notice.SENT)
    sign_in(client, reviewer)
    page(client, r)  # warm the session and permission caches

    # 21: what this page took before the list (its package conditions read the prefetch),
    # + 1 for the proposals of the agency's answer shown beside the fields, + 1 for the
    # navigation's count of my work, + 1 for the internal notes (the Notes section).
    with django_assert_max_num_queries(24):
        html = page(client, r)

    assert "disclose" in not_now(html)
