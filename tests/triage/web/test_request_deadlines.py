"""The request page's deadlines and header in words: what each is, when (weekday, the team's
zone), how it was computed; a paused response clock shown as paused; the agency's date kept."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import open_request, request_in
from tests.triage.services.helpers import fresh
from tests.web import sign_in
from triage import services

pytestmark = pytest.mark.django_db

PLACED = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # Mon 7 Dec 2026, 17:00 in Paris


@pytest.fixture(autouse=True)
def _paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


def _html(client, r) -> str:
    return client.get(reverse("triage:request_detail", args=[r.reference])).text


def _section(html: str, anchor: str, size: int = 5000) -> str:
    return html[html.index(anchor) :][:size]


def test_each_deadline_says_what_it_is_when_and_how_it_was_counted(client, reviewer, time_machine):
    time_machine.move_to(PLACED, tick=False)
    r = request_in("preserved", kind="preservation")
    sign_in(client, reviewer)

    deadlines = _section(_html(client, r), 'id="deadlines"')

    assert "Hold ends" in deadlines
    assert "Sun 7 Mar 2027, 17:00 CET" in deadlines
    assert "90 days after the hold was placed on Mon 7 Dec 2026" in deadlines
    assert "14 days before the hold&#x27;s end on Sun 7 Mar 2027" in deadlines
    assert "reminder moved from Sun 21 Feb to Fri 19 Feb, a weekend" in deadlines
    assert "start:" not in deadlines and "days: " not in deadlines


def test_a_paused_response_clock_shows_as_paused_and_the_header_does_not_count_down(
    client, clerk, time_machine
):
    time_machine.move_to(PLACED, tick=False)
    r = open_request(response_due_date=date(2027, 1, 8))
    time_machine.move_to(PLACED + timedelta(days=2), tick=False)
    services.request_ask_info(request=r, by=clerk, missing=["badge"])
    time_machine.move_to(PLACED + timedelta(days=5), tick=False)
    sign_in(client, clerk)

    html = _html(client, fresh(r))

    header = _section(html, 'id="due"', 800)
    assert "Fri 8 Jan 2027" in header
    assert "clock paused since Wed 9 Dec 2026, 30 days left" in header
    assert "in 2" not in header and "overdue" not in header
    deadlines = _section(html, 'id="deadlines"')
    assert "Paused since Wed 9 Dec 2026" in deadlines and "30 days left" in deadlines
    done = _section(html, "<summary>Done")
    assert "Paused while the agency was asked for information" in done
    assert "Cancelled" not in done


def test_an_answer_on_the_day_keeps_the_date_the_agency_gave(client, clerk, time_machine):
    time_machine.move_to(PLACED, tick=False)
    r = open_request(response_due_date=date(2027, 1, 8))
    r = services.request_ask_info(request=r, by=clerk, missing=["badge"])
    time_machine.move_to(PLACED + timedelta(hours=3), tick=False)
    services.request_answer(request=fresh(r), by=clerk)
    sign_in(client, clerk)

    html = _html(client, fresh(r))

    header = _section(html, 'id="due"', 800)
    assert "Fri 8 Jan 2027" in header and "in 32 days" in header
    assert "after the pause" not in header
    deadlines = _section(html, 'id="deadlines"')
    assert "Response due</strong>" in deadlines
    assert "Fri 8 Jan 2027, end of the day (CET)" in deadlines
    assert "the agency asked for an answer by Fri 8 Jan 2027" in deadlines
    assert "Sat 9 Jan" not in deadlines and "2027-01-09" not in deadlines


def test_an_answer_days_later_moves_the_date_by_the_days_the_clock_stood_still(
    client, clerk, time_machine
):
    time_machine.move_to(PLACED, tick=False)
    r = open_request(response_due_date=date(2027, 1, 8))
    r = services.request_ask_info(request=r, by=clerk, missing=["badge"])
    time_machine.move_to(PLACED + timedelta(days=3), tick=False)
    services.request_answer(request=fresh(r), by=clerk)
    sign_in(client, clerk)

    header = _section(_html(client, fresh(r)), 'id="due"', 800)

    assert "Fri 8 Jan 2027" in header
    assert "due Mon 11 Jan 2027, end of the day (CET) after the pause" in header
    assert "in 32 days" in header  # from Thu 10 Dec, not 29 to the agency's own date
