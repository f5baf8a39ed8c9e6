"""The dashboard: overdue, due this week, holds ending, emergencies open, load per person."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.web import sign_in
from triage import deadlines as dl
from triage import selectors, services
from triage.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("triage:dashboard")


def _later(days: int):
    return timezone.localdate() + timedelta(days=days)


def test_it_counts_and_lists_what_needs_attention(client, clerk, reviewer):
    late = open_request(response_due_date=_later(1))
    soon = open_request(response_due_date=_later(5))
    open_request(response_due_date=_later(20))
    held = request_in("preserved", kind="preservation")
    emergency = open_request(kind="emergency", response_due_date=None)
    request_in("rejected", kind="emergency")  # decided: no longer an open emergency
    services.request_assign(request=late, by=clerk, assignee=reviewer)

    with time_machine.travel(timezone.now() + timedelta(days=78)):
        # 78 days on: both response dates passed, the hold (90 days) ends within 14 days.
        board = selectors.dashboard_for_team(now=timezone.now())
        sign_in(client, clerk)
        page = client.get(DASHBOARD).text

    assert [h.request.reference for h in board.holds_ending.rows] == [held.reference]
    assert late.reference in [r.reference for r in board.overdue.rows]
    assert soon.reference in [r.reference for r in board.overdue.rows]
    assert [r.reference for r in board.emergencies.rows] == [emergency.reference]
    assert held.reference in page and emergency.reference in page


def test_due_this_week_runs_to_the_end_of_the_seventh_day_in_the_team_zone(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    today = timezone.localdate()
    inside = open_request(response_due_date=today + timedelta(days=7))
    outside = open_request(response_due_date=today + timedelta(days=8))
    past = open_request(response_due_date=today - timedelta(days=1))

    board = selectors.dashboard_for_team(now=timezone.now())

    week = [d.request.reference for d in board.due_this_week.rows if d.kind == "response_due"]
    assert inside.reference in week
    assert outside.reference not in week and past.reference not in week
    assert board.week_ends.tzinfo is not None
    assert timezone.localtime(board.week_ends).date() == today + timedelta(days=7)


def test_load_per_person_counts_open_and_overdue_and_the_unassigned(clerk, reviewer):
    for due, who in ((_later(1), reviewer), (_later(30), reviewer), (_later(1), None)):
        r = open_request(response_due_date=due)
        if who is not None:
            services.request_assign(request=r, by=clerk, assignee=who)
    open_request(response_due_date=_later(30))
    request_in("rejected")  # finished: nobody's load

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        load = selectors.dashboard_for_team(now=timezone.now()).load

    assert [(p.name, p.open, p.overdue) for p in load] == [
        ("Unassigned", 2, 1),
        ("reviewer", 2, 1),
    ]


def test_the_page_shows_the_counts_and_links_to_the_filtered_queue(client, clerk, reviewer):
    r = open_request(kind="emergency")
    services.request_assign(request=r, by=clerk, assignee=reviewer)
    sign_in(client, clerk)

    page = client.get(DASHBOARD).text

    assert 'href="/?kind=emergency"' in page
    assert 'href="/?overdue=on"' in page
    assert f'href="/?assignee={reviewer.pk}"' in page
    assert "emergencies open" in page
    assert "Load per person" in page


def test_outsiders_are_refused(client, outsider):
    sign_in(client, outsider)
    assert client.get(DASHBOARD).status_code == 403


def test_the_dashboard_costs_a_constant_number_of_queries(
    client, clerk, reviewer, django_assert_max_num_queries
):
    def fill(n):
        for i in range(n):
            kind = "emergency" if i % 3 == 0 else "subpoena"
            r = open_request(kind=kind, response_due_date=_later(i % 9 - 2))  # some overdue
            services.request_assign(request=r, by=clerk, assignee=[clerk, reviewer][i % 2])
            if i % 5 == 0:
                request_in("preserved", kind="preservation")

    fill(2)
    sign_in(client, clerk)
    # 22: one for the user notices owed (an ended order's notice waits for a reviewer), one
    # for the navigation's count of my work.
    with django_assert_max_num_queries(22) as few:
        client.get(DASHBOARD)
    fill(25)
    with django_assert_max_num_queries(22) as many:
        page = client.get(DASHBOARD)

    assert len(many) == len(few)
    assert page.context["board"].overdue.count > 0


def test_due_this_week_lists_every_kind_of_deadline_in_words(client, clerk, settings):
    """The user notice 3 days away, an objection window, a hold's end and its reminder are
    all in the week, each with what it is, when, and how it was counted."""
    settings.TIME_ZONE = "Europe/Paris"
    zone = ZoneInfo("Europe/Paris")
    now = timezone.now()
    r = request_in("in_review", kind="emergency")
    notice, notice_basis = dl.add_calendar_days(
        now - timedelta(days=4),
        7,
        zone,
        "user notice after an emergency disclosure (LERQ_EMERGENCY_NOTICE_DAYS)",
    )
    Deadline.objects.create(
        request=r, kind=DeadlineKind.EMERGENCY_NOTICE, due_at=notice, basis=notice_basis
    )
    held = request_in("preserved", kind="preservation")
    Deadline.objects.filter(request=held).update(due_at=now + timedelta(days=2))
    objected = open_request()
    Deadline.objects.create(
        request=objected,
        kind=DeadlineKind.OBJECTION_WINDOW_END,
        due_at=now + timedelta(days=5),
        basis={
            "rule": "user objection window (LERQ_OBJECTION_WINDOW_DAYS)",
            "days": 14,
            "start": (now - timedelta(days=9)).isoformat(),
            "unit": "calendar days",
        },
    )
    far = open_request()
    Deadline.objects.create(
        request=far, kind=DeadlineKind.OBJECTION_WINDOW_END, due_at=now + timedelta(days=9)
    )

    board = selectors.dashboard_for_team(now=now)
    sign_in(client, clerk)
    html = client.get(DASHBOARD).text

    kinds = {(d.request.reference, d.kind) for d in board.due_this_week.rows}
    assert (r.reference, DeadlineKind.EMERGENCY_NOTICE) in kinds
    assert (objected.reference, DeadlineKind.OBJECTION_WINDOW_END) in kinds
    assert (held.reference, DeadlineKind.HOLD_END) in kinds
    assert (held.reference, DeadlineKind.HOLD_REMINDER) in kinds
    assert far.reference not in {ref for ref, _ in kinds}
    section = html[html.index('id="due-this-week"') :][:6000]
    assert "User notice due after an emergency" in section
    started = timezone.localtime(now - timedelta(days=4), zone).date()
    assert f"7 days after the emergency disclosure on {started:%a} {started.day}" in section
    assert "14 days after the user notice was sent on" in section
    assert "start:" not in section
