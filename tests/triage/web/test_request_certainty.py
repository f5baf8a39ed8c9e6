"""The request page says how sure lerq was of each field it read (issue 17): the uncertain
ones are highlighted with a Confirm button; confirming (or correcting) a field records who
confirmed what and removes the highlight; the kind shows the words it was decided by. Who may
confirm is who may correct the field (triage/services/readings.py)."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import open_request, request_in
from tests.triage.services.helpers import fresh
from tests.web import sign_in
from triage import services
from triage.models import Event, EventKind, Kind, Request

pytestmark = pytest.mark.django_db

READ = {"kind": 0.70, "badge": 0.62, "agency": 0.97, "targets": 0.95, "agent_phone": 0.93}
EVIDENCE = [{"words": "grand jury subpoena", "part": "attachment subpoena.pdf"}]


def read_request(status: str = "received", **fields) -> Request:
    values = {"reading_confidence": READ, "kind_evidence": EVIDENCE, **fields}
    if status == "received":
        return open_request(Kind.SUBPOENA, **values)
    return request_in(status, Kind.SUBPOENA, **values)


def act(client, r: Request, action: str, **data):
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def page(client, r: Request) -> str:
    return html.unescape(client.get(r.get_absolute_url()).text)


def row(text: str, field: str) -> str:
    found = re.search(rf'<tr class="field[^"]*" data-field="{field}">.*?</tr>', text, re.S)
    assert found, f"no row for {field}"
    return found[0]


def test_each_read_field_says_how_sure_and_the_kind_says_why(client, clerk):
    r = read_request()
    sign_in(client, clerk)

    text = page(client, r)

    badge = row(text, "badge")
    assert 'class="field check"' in badge and "read · check this" in badge
    assert 'data-action="confirm" data-field="badge"' in badge
    agency = row(text, "agency")
    assert "read · sure" in agency and 'data-action="confirm"' not in agency
    because = "because \u2018grand jury subpoena\u2019 in attachment subpoena.pdf"
    assert f"Kind: subpoena — {because}" in text
    assert 'data-field="kind">Confirm' in text
    # Not read by lerq (no confidence): nothing said of it.
    assert "read ·" not in row(text, "case_number")
    assert "Confirm all shown (2)" in text  # kind and badge; the rest is above 0.9


def test_the_threshold_is_the_teams(client, clerk, settings):
    settings.LERQ_CONFIRM_BELOW = 0.96
    r = read_request()
    sign_in(client, clerk)

    text = page(client, r)

    assert "read · check this" in row(text, "agent_phone")
    assert "read · sure" in row(text, "agency")


def test_a_clerk_confirms_a_field_on_the_record_and_its_highlight_goes(client, clerk):
    r = read_request()
    sign_in(client, clerk)

    response = act(client, r, "confirm", name="badge")

    assert response.status_code == 302
    assert fresh(r).reading_confirmed == ["badge"]
    event = Event.objects.get(request=r, action=EventKind.READING_CONFIRMED)
    assert event.actor == clerk and event.data == {"confirmed": {"badge": 0.62}}
    badge = row(page(client, r), "badge")
    assert "read · confirmed" in badge and "check" not in badge


def test_confirm_all_shown_confirms_every_highlighted_field_and_no_other(client, clerk):
    r = read_request()
    sign_in(client, clerk)

    assert act(client, r, "confirm").status_code == 302

    assert sorted(fresh(r).reading_confirmed) == ["badge", "kind"]
    event = Event.objects.get(request=r, action=EventKind.READING_CONFIRMED)
    assert event.data == {"confirmed": {"kind": 0.70, "badge": 0.62}}
    text = page(client, r)
    assert "read · check this" not in text and "Confirm all shown" not in text


def test_correcting_a_field_confirms_it(client, clerk):
    r = read_request()

    services.request_update_fields(
        request=r, by=clerk, changes={"badge": "FBI-4472"}, seen_status=r.status
    )
    services.request_kind_correct(
        request=fresh(r), by=clerk, kind=Kind.COURT_ORDER, seen_status=r.status
    )

    assert sorted(fresh(r).reading_confirmed) == ["badge", "kind"]
    sign_in(client, clerk)
    assert "read · check this" not in page(client, r)


def test_a_field_lerq_did_not_read_cannot_be_confirmed(client, clerk):
    r = read_request()
    sign_in(client, clerk)

    response = act(client, r, "confirm", name="case_number")

    assert response.status_code == 400
    assert fresh(r).reading_confirmed == []


def test_someone_in_no_role_may_not_confirm(client, outsider):
    r = read_request()
    sign_in(client, outsider)

    response = act(client, r, "confirm", name="badge")

    assert response.status_code == 403
    assert fresh(r).reading_confirmed == []


def test_once_in_review_only_a_reviewer_confirms_the_kind(client, clerk, reviewer):
    r = read_request("in_review")
    sign_in(client, clerk)

    assert act(client, r, "confirm", name="kind").status_code == 403
    assert 'data-field="kind">Confirm' not in page(client, r)
    # The details stay a clerk's to confirm, as to correct, until the request is finished.
    assert act(client, r, "confirm", name="badge").status_code == 302

    sign_in(client, reviewer)
    assert act(client, r, "confirm", name="kind").status_code == 302
    assert sorted(fresh(r).reading_confirmed) == ["badge", "kind"]
