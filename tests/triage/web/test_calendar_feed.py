"""A person's deadlines as an iCalendar feed: a secret, revocable link (kept hashed), no
session needed, only reference, kind and deadline words in it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import open_request, request_in
from tests.web import sign_in
from triage import services
from triage.models import CalendarFeed, Event, EventKind, Request
from triage.services import ActionNotPermitted

pytestmark = pytest.mark.django_db

LINK = reverse("triage:calendar_link")


def _feed_path(key: str, secret: str) -> str:
    return reverse("triage:calendar_feed", args=[key, secret])


def _make_link(client, user) -> str:
    sign_in(client, user)
    html = client.post(LINK, {"action": "new"}).text
    start = html.index('id="calendar-url"')
    url = html[start:].split('value="', 1)[1].split('"', 1)[0]
    client.logout()
    return url[url.index("/calendar/") :]


def test_a_member_makes_a_link_and_a_calendar_reads_it_without_signing_in(client, reviewer):
    mine = open_request()
    services.request_assign(request=mine, by=reviewer, assignee=reviewer)
    theirs = open_request()

    path = _make_link(client, reviewer)
    response = client.get(path)  # no session

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode().replace("\r\n ", "")  # unfolded
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert f"SUMMARY:{mine.reference}: Response due\r\n" in text
    assert "The date the agency asked for: until the end of" in text
    assert theirs.reference not in text


def test_the_secret_is_kept_only_as_its_hash_and_the_record_never_holds_it(client, reviewer):
    path = _make_link(client, reviewer)
    key, secret = path.removesuffix(".ics").split("/")[-2:]

    feed = CalendarFeed.objects.get(user=reviewer)

    assert feed.key == key and secret not in feed.secret_sha256
    event = Event.objects.filter(action=EventKind.CALENDAR_LINK_MADE).latest("seq")
    assert secret not in str(event.data) and secret not in event.reason


def test_a_new_link_revokes_the_old_one(client, reviewer):
    old = _make_link(client, reviewer)
    new = _make_link(client, reviewer)

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_revoked_link_and_a_wrong_secret_show_nothing(client, reviewer):
    path = _make_link(client, reviewer)
    key, secret = path.removesuffix(".ics").split("/")[-2:]
    wrong = ("A" if secret[0] != "A" else "B") + secret[1:]

    assert client.get(_feed_path(key, wrong)).status_code == 404
    assert client.get(_feed_path("0" * 16, secret)).status_code == 404
    sign_in(client, reviewer)
    client.post(LINK, {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404
    assert not CalendarFeed.objects.filter(user=reviewer).exists()


def test_a_link_stops_working_when_its_owner_leaves_the_team(client, reviewer):
    path = _make_link(client, reviewer)
    reviewer.is_active = False
    reviewer.save()

    assert client.get(path).status_code == 404


def test_the_feed_holds_no_personal_data_of_targets_nor_the_agencys_people(client, reviewer):
    r = open_request(
        targets=[{"type": "user", "email": "victim@example.com", "user_id": "U-991"}],
        agent_name="Dana Scully",
    )
    services.request_assign(request=r, by=reviewer, assignee=reviewer)

    text = client.get(_make_link(client, reviewer)).content.decode()

    assert r.reference in text and "Subpoena" in text
    for private in ("victim@example.com", "U-991", "Dana Scully", "dscully@fbi.gov", "Federal"):
        assert private not in text


def test_an_approver_sees_the_deadlines_of_requests_waiting_for_approval(
    client, approver, reviewer
):
    waiting = request_in("in_review")
    Request.objects.filter(pk=waiting.pk).update(approval_requested_by=reviewer)
    not_asked = request_in("in_review")

    text = client.get(_make_link(client, approver)).content.decode()

    assert waiting.reference in text
    assert not_asked.reference not in text


def test_someone_outside_the_team_gets_no_link(client, outsider):
    with pytest.raises(ActionNotPermitted):
        services.calendar_feed_renew(user=outsider)
    sign_in(client, outsider)
    assert client.post(LINK, {"action": "new"}).status_code == 403


def test_the_link_page_needs_a_signed_in_member(client):
    response = client.get(LINK)
    assert response.status_code == 302


def test_a_feed_fetched_again_within_the_minute_is_answered_429_and_then_again_200(
    client, reviewer, settings
):
    settings.LERQ_CALENDAR_MIN_POLL_SECONDS = 60
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False) as traveller:
        path = _make_link(client, reviewer)
        assert client.get(path).status_code == 200

        traveller.shift(timedelta(seconds=20))
        again = client.get(path)
        assert again.status_code == 429
        assert again["Retry-After"] == "41"

        traveller.shift(timedelta(seconds=41))
        assert client.get(path).status_code == 200


def test_the_link_page_says_when_the_calendar_last_fetched_it(client, reviewer):
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False):
        path = _make_link(client, reviewer)
        sign_in(client, reviewer)
        assert "never fetched yet" in client.get(LINK).text
        client.logout()
        client.get(path)
        sign_in(client, reviewer)
        assert "last fetched Mon 7 Dec 2026" in client.get(LINK).text
