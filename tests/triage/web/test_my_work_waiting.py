"""My work's other sections: the disclosures awaiting my approval (a second person's, never
one I asked for) and my deadlines this week; and the count in the navigation."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import request_in
from tests.triage.services.helpers import asked
from tests.web import sign_in
from triage import services
from triage.models import Deadline, DeadlineKind, Request
from triage.selectors.my_work import (
    agency_message_list_to_send,
    deadline_list_mine_this_week,
    my_work_count,
    request_list_awaiting_my_approval,
)
from triage.services.agency_messages import agency_message_draft, agency_message_send
from triage.views import queue as queue_views

pytestmark = pytest.mark.django_db

MINE = reverse("triage:my_work")


def _section(page: str, section_id: str) -> str:
    found = re.search(rf'<section[^>]*id="{section_id}".*?</section>', page, re.S)
    assert found, f"no section {section_id}"
    return found.group(0)


def _asked(by):
    return asked(by=by)


def test_an_approver_sees_what_awaits_their_approval_but_not_what_they_asked(
    approver, second_approver, reviewer
):
    theirs = _asked(reviewer)
    own = _asked(approver)
    request_in("in_review")  # nobody asked

    assert list(request_list_awaiting_my_approval(user=approver)) == [theirs]
    assert list(request_list_awaiting_my_approval(user=second_approver)) == [theirs, own]


def test_a_reviewer_has_nothing_awaiting_their_approval(reviewer, second_reviewer):
    _asked(second_reviewer)

    assert list(request_list_awaiting_my_approval(user=reviewer)) == []


def test_an_approved_disclosure_no_longer_awaits(approver, reviewer):
    r = _asked(reviewer)
    services.request_approve(request=r, by=approver)

    assert list(request_list_awaiting_my_approval(user=approver)) == []


def test_my_deadlines_are_every_kind_due_within_a_week_on_my_requests_overdue_first(
    clerk, reviewer
):
    now = timezone.now()
    mine = request_in("in_review")
    other = request_in("in_review")
    services.request_assign(request=mine, by=clerk, assignee=reviewer)
    Deadline.objects.filter(request__in=[mine, other]).delete()
    late = Deadline.objects.create(
        request=mine, kind=DeadlineKind.RESPONSE_DUE, due_at=now - timedelta(hours=2)
    )
    notice = Deadline.objects.create(
        request=mine, kind=DeadlineKind.EMERGENCY_NOTICE, due_at=now + timedelta(days=3)
    )
    Deadline.objects.create(  # next month
        request=mine, kind=DeadlineKind.RESPONSE_REMINDER, due_at=now + timedelta(days=30)
    )
    Deadline.objects.create(  # done
        request=mine,
        kind=DeadlineKind.RESPONSE_REMINDER,
        due_at=now + timedelta(days=1),
        done_at=now,
        outcome=Deadline.Outcome.CANCELLED,
    )
    Deadline.objects.create(  # not mine
        request=other, kind=DeadlineKind.RESPONSE_DUE, due_at=now + timedelta(days=1)
    )

    assert deadline_list_mine_this_week(user=reviewer, now=now) == [late, notice]


def test_the_page_shows_the_three_sections(client, clerk, reviewer, approver):
    waiting = _asked(reviewer)
    services.request_assign(request=waiting, by=clerk, assignee=approver)
    Deadline.objects.create(
        request=waiting,
        kind=DeadlineKind.OBJECTION_WINDOW_END,
        due_at=timezone.now() + timedelta(days=2),
    )
    sign_in(client, approver)

    page = client.get(MINE).text

    awaiting = _section(page, "awaiting-approval")
    assert waiting.reference in awaiting and "asked by reviewer" in awaiting
    assert f"/requests/{waiting.reference}/#approve" in awaiting
    deadlines = _section(page, "my-deadlines")
    assert "User objection window ends" in deadlines and waiting.reference in deadlines
    assert "Assigned to me" in page


def test_the_navigation_counts_what_waits_for_me(client, clerk, reviewer, approver):
    _asked(reviewer)
    assigned = request_in("validated")
    services.request_assign(request=assigned, by=clerk, assignee=approver)
    both = _asked(reviewer)
    services.request_assign(request=both, by=clerk, assignee=approver)

    assert my_work_count(user=approver) == 3  # two awaiting, one assigned, one is both
    assert my_work_count(user=reviewer) == 0  # asked, but may not approve
    sign_in(client, approver)
    page = client.get(reverse("triage:queue")).text
    assert re.search(r"My work <span[^>]*>\(3\)</span>", page)


def test_nothing_waiting_shows_no_count(client, clerk):
    sign_in(client, clerk)

    page = client.get(reverse("triage:queue")).text

    assert "My work</a>" in page
    assert 'id="my-work-count"' not in page


def test_a_clerk_who_cannot_approve_sees_no_approval_section(client, clerk, reviewer):
    _asked(reviewer)
    sign_in(client, clerk)

    page = client.get(MINE).text

    assert 'id="awaiting-approval"' not in page
    assert 'id="my-deadlines"' in page


def test_a_long_list_shows_the_longest_waiting_with_the_total_and_a_way_to_all(
    client, reviewer, approver, monkeypatch
):
    monkeypatch.setattr(queue_views, "AWAITING_SHOWN", 2)
    waiting = [request_in("in_review") for _ in range(3)]
    for n, r in enumerate(waiting):
        Request.objects.filter(pk=r.pk).update(
            approval_requested_by=reviewer,
            approval_requested_at=timezone.now() - timedelta(hours=10 - n),
        )
    sign_in(client, approver)

    cut = _section(client.get(MINE).text, "awaiting-approval")
    assert "Awaiting my approval (3)" in cut
    assert [r.reference in cut for r in waiting] == [True, True, False]  # the longest waiting
    assert "The 2 waiting longest of 3." in cut and 'href="?all=1#awaiting-approval"' in cut

    every = _section(client.get(MINE, {"all": "1"}).text, "awaiting-approval")
    assert all(r.reference in every for r in waiting) and "Show them all" not in every


def test_a_colleague_s_message_to_the_agency_waits_in_my_work_and_in_the_count(
    client, clerk, reviewer
):
    r = request_in("validated")
    agency_message_draft(request=r, by=clerk, title="Clarification", body="Which account?")
    assert my_work_count(user=reviewer) == 1
    assert my_work_count(user=clerk) == 0  # the author may not send it, nor may a clerk

    sign_in(client, reviewer)
    section = _section(client.get(MINE).text, "to-send")
    assert "waiting for a second person (1)" in section
    assert r.reference in section and "“Clarification”" in section
    sent = agency_message_list_to_send(user=reviewer)[0]
    agency_message_send(message=sent, by=reviewer)
    assert my_work_count(user=reviewer) == 0
