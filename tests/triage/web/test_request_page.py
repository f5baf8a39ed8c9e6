"""The request page: every section, the missing fields highlighted, user-controlled text
escaped, the buttons each person may press, and a bounded number of queries."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.triage.letters.records import CSV
from tests.triage.services.helpers import asked, called_back, fresh
from tests.web import sign_in
from triage import services
from triage.models import (
    Deadline,
    DeadlineKind,
    Event,
    FieldProposal,
    Kind,
    Letter,
    Objection,
    ProposedField,
    Request,
)

pytestmark = pytest.mark.django_db


def page(client, req: Request):
    return client.get(reverse("triage:request_detail", args=[req.reference]))


def buttons(html: str) -> set[str]:
    return set(re.findall(r'<button type="submit"(?: name="go")? data-action="([a-z_]+)"', html))


def test_the_page_shows_every_section_of_a_request(client, reviewer):
    due = timezone.localdate() + timedelta(days=30)  # the team's today, not UTC's
    r = request_in("in_review", case_number="CASE-77", response_due_date=due)
    sign_in(client, reviewer)

    html = page(client, r).text

    for section in (
        'id="header"',
        'id="actions"',
        'id="fields"',
        'id="targets"',
        'id="linked"',
        'id="deadlines"',
        'id="letters"',
        'id="timeline"',
    ):
        assert section in html, section
    assert f'hx-get="/intake/requests/{r.reference}/messages/"' in html
    assert 'hx-trigger="load"' in html
    assert "CASE-77" in html
    assert '<span class="identifier" title="email">target@example.com</span>' in html
    assert "None" not in html[html.index('id="targets"') :][:400]
    assert "Response due" in html and "in 30 days" in html
    assert "lerq/request.css" in html and "lerq/request.js" in html


def test_the_record_is_shown_newest_first_with_who_and_from_to(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    html = page(client, r).text

    timeline = html[html.index('id="timeline"') :]
    assert timeline.index('data-action="start_review"') < timeline.index('data-action="opened"')
    assert "validated → in_review" in timeline


def test_an_overdue_response_says_so(client, reviewer, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False)
    r = request_in("in_review", response_due_date=date(2026, 3, 31))
    time_machine.move_to(datetime(2026, 4, 2, 10, 0, tzinfo=UTC), tick=False)
    sign_in(client, reviewer)

    assert "overdue by 2 days" in page(client, r).text


def test_the_fields_the_kind_requires_and_lacks_are_highlighted(client, clerk):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    sign_in(client, clerk)

    html = page(client, r).text

    missing = set(re.findall(r'<tr class="field missing" data-field="([a-z_]+)"', html))
    assert missing == {"badge", "agent_phone"}
    assert "The requesting officer&#x27;s badge or ID number is missing." in html


def test_a_preservation_does_not_require_a_badge(client, clerk):
    r = open_request(Kind.PRESERVATION, badge="")

    sign_in(client, clerk)
    html = page(client, r).text

    assert 'class="field missing"' not in html


def test_text_from_the_agency_is_escaped(client, clerk):
    r = open_request(agency="<script>alert(1)</script>", summary="<img src=x onerror=alert(2)>")
    sign_in(client, clerk)

    html = page(client, r).text

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_text_on_the_record_is_escaped_too(client, clerk):
    r = open_request()
    services.request_update_fields(
        request=r, by=clerk, changes={"case_number": "<b onmouseover=x>1</b>"}, seen_status=r.status
    )
    services.request_ask_info(
        request=fresh(r), by=clerk, missing=[], explanation="<script>y</script>"
    )
    sign_in(client, clerk)

    html = page(client, r).text

    assert "<script>y</script>" not in html and "&lt;script&gt;y&lt;/script&gt;" in html
    assert "<b onmouseover" not in html


def test_a_clerk_sees_the_intake_buttons_and_no_approve(client, clerk):
    r = request_in("received")
    sign_in(client, clerk)

    # Before review a clerk corrects every reading: the details, the kind, the targets; and
    # assigns the request, which request_assign allows the clerk.
    assert buttons(page(client, r).text) == {
        "assign",
        "validate",
        "ask_info",
        "fields",
        "kind",
        "target",
        "target_remove",
        "target_add",
    }


def test_once_in_review_a_clerk_no_longer_corrects_kind_or_targets(client, clerk):
    r = request_in("in_review")
    sign_in(client, clerk)

    shown = buttons(page(client, r).text)

    assert "fields" in shown
    assert not {"kind", "target", "target_remove", "target_add"} & shown


def test_the_person_who_asked_for_approval_is_shown_and_sees_no_approve_button(
    client, approver, second_approver
):
    r = asked(by=approver)
    sign_in(client, approver)

    html = page(client, r).text

    assert "asked by <strong>approver</strong>" in html
    assert "approve" not in buttons(html)
    client.logout()
    sign_in(client, second_approver)
    assert "approve" in buttons(page(client, r).text)


def test_notice_decisions_are_buttons_beside_the_status_ones(client, reviewer):
    r = request_in("in_review")
    sign_in(client, reviewer)

    shown = buttons(page(client, r).text)

    assert {"notice_send", "notice_delay", "notice_forbid", "notice_waive"} <= shown
    assert {"ask_info", "submit_for_approval", "reject"} <= shown


def test_a_finished_request_cannot_be_edited(client, reviewer):
    r = request_in("rejected")
    sign_in(client, reviewer)

    assert 'data-action="fields"' not in page(client, r).text


def test_linked_requests_of_the_same_matter_are_links(client, reviewer):
    original = request_in("preserved", Kind.PRESERVATION)
    extension = open_request(Kind.PRESERVATION_EXTENSION, original=original)
    sign_in(client, reviewer)

    html = page(client, extension).text

    assert f'href="/requests/{original.reference}/"' in html
    assert "the preservation this extends" in html


def test_an_emergency_shows_its_deadlines_and_asks_for_a_call_back(client, reviewer):
    r = open_request(Kind.EMERGENCY, received_at=timezone.now() - timedelta(minutes=5))
    sign_in(client, reviewer)

    html = page(client, r).text

    header = html[html.index('id="next-deadlines"') :][:1000]
    assert 'data-kind="emergency_ack"' in header
    assert 'data-kind="emergency_escalation"' in header
    assert "Emergency to acknowledge" in html
    assert 'id="callbacks"' in html
    assert 'data-action="callback"' in html


def test_an_unknown_reference_is_404(client, clerk):
    sign_in(client, clerk)
    assert client.get("/requests/LER-2020-999999/").status_code == 404


def test_someone_outside_the_team_is_refused(client, outsider):
    r = open_request()
    sign_in(client, outsider)
    assert page(client, r).status_code == 403


def _long_record(reviewer) -> Request:
    """An emergency with many targets, events, deadlines, call-backs and linked requests."""
    r = request_in(
        "in_review",
        Kind.EMERGENCY,
        targets=[{"type": "user", "user_id": f"u{i}"} for i in range(30)],
    )
    for i in range(40):
        services.request_assign(request=fresh(r), by=None, assignee=reviewer if i % 2 else None)
    for _ in range(10):
        called_back(fresh(r), by=reviewer)
    for i in range(30):
        Deadline.objects.create(
            request=r,
            kind=DeadlineKind.EMERGENCY_ESCALATION,
            due_at=timezone.now() + timedelta(minutes=30 * i),
            done_at=timezone.now() if i % 2 else None,
            basis={"rule": f"escalation {i}"},
        )
    for _ in range(5):
        services.request_link(request=fresh(r), other=open_request(), by=None)
    # The records sections: letters, a production's records, who is told, orders, objections.
    first = Letter.objects.get(request=r)
    for i in range(8):
        services.letter_reissue(letter=first, by=reviewer, reason=f"Lost {i}.")
    for i in range(10):
        services.production_file_add(
            request=fresh(r),
            by=reviewer,
            upload=io.BytesIO(CSV),
            name=f"records-{i}.csv",
            description="Subscriber information",
            category="subscriber",
            confirmed_needed=True,
        )
    for i in range(10):
        services.notice_recipient_add(request=fresh(r), by=reviewer, email=f"user{i}@example.net")
    for i in range(5):
        services.nondisclosure_record(request=fresh(r), by=reviewer, basis=f"Order {i}")
    for i in range(5):
        Objection.objects.create(
            request=r, text=f"No {i}.", received_at=timezone.now(), recorded_at=timezone.now()
        )
    # What an agency's answers proposed, waiting beside the current values.
    for name in ProposedField.values:
        value = [{"type": "user", "user_id": "u99"}] if name == "targets" else f"{name} 2"
        FieldProposal.objects.create(
            request=r, field=name, value=value, source_sha256="a" * 64, found_at=timezone.now()
        )
    return fresh(r)


def test_the_page_takes_a_bounded_number_of_queries_however_long_its_record(
    client, reviewer, django_assert_max_num_queries
):
    r = _long_record(reviewer)
    sign_in(client, reviewer)
    page(client, r)  # warm the session and permission caches

    # 23: the call-back form reads the directory of the agency's published numbers; 24: the
    # details the agency's answers proposed; 25: the navigation's count of my work; 26: the
    # letters the record's sentences name; 27: the notes (the Notes section shows them all, not
    # only those among the record's newest events).
    with django_assert_max_num_queries(27):
        response = page(client, r)

    assert response.status_code == 200
    assert response.text.count('class="event ') == Event.objects.filter(request=r).count() == 90
    assert response.text.count('class="callback"') == 10
    assert response.text.count('class="target"') == 30
    assert response.text.count('class="letter ') == 9
    assert response.text.count('class="production-file"') == 10
    assert response.text.count('class="recipient"') == 10
    assert response.text.count('class="order deficient"') == 5
    assert response.text.count('class="objection open"') == 5
    assert response.text.count('<tr class="proposal"') == len(ProposedField.values)


def test_the_deficiency_notice_form_starts_from_what_is_missing(client, clerk):
    r = open_request(Kind.SUBPOENA, badge="")
    sign_in(client, clerk)

    html = page(client, r).text

    form = html[html.index('details class="act" data-action="ask_info"') :]
    form = form[: form.index("</details>")]
    assert re.search(r'value="badge"[^>]*checked', form)
    assert not re.search(r'value="agency"[^>]*checked', form)
