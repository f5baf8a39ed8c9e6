"""The record reads like a file note (issue #18): each entry says who did what to what, in
one sentence, with its full data behind a disclosure triangle; a kind with no sentence keeps
the generic line."""

import html
import re

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import open_request
from tests.triage.services.helpers import asked, fresh
from tests.triage.web.test_request_actions import act
from tests.web import sign_in
from triage import services
from triage.audit import event_append
from triage.models import Event, EventKind, Letter
from triage.package import package_of, package_sha256
from triage.selectors.record import event_sentences

pytestmark = pytest.mark.django_db


def _record(client, r) -> str:
    page = client.get(r.get_absolute_url()).text
    found = re.search(r'<section class="timeline".*?</section>', page, re.S)
    assert found
    return html.unescape(found.group(0))


def _sentence(r, action) -> str:
    (event,) = event_sentences(list(Event.objects.filter(request=r, action=action)))
    return event.sentence


def test_an_assignment_says_to_whom_and_from_whom(clerk, reviewer, second_reviewer):
    r = open_request()
    services.request_assign(request=r, by=clerk, assignee=reviewer)
    services.request_assign(request=fresh(r), by=clerk, assignee=second_reviewer)
    services.request_assign(request=fresh(r), by=clerk, assignee=None)

    sentences = [
        e.sentence
        for e in event_sentences(
            list(Event.objects.filter(request=r, action=EventKind.ASSIGNED).order_by("seq"))
        )
    ]

    assert sentences == [
        "clerk assigned the request to reviewer",
        "clerk assigned the request to reviewer2 (it was reviewer's)",
        "clerk gave the request back to the team (it was reviewer2's)",
    ]


def test_a_correction_says_which_field_from_what_to_what(client, clerk):
    r = open_request()
    services.request_update_fields(
        request=r,
        by=clerk,
        changes={"case_number": "2026-XYZ-9", "agent_name": "Fox Mulder"},
        seen_status=r.status,
    )

    sentence = _sentence(r, EventKind.FIELDS_CHANGED)

    assert "clerk corrected " in sentence
    assert "case number from (empty) to “2026-XYZ-9”" in sentence
    assert f"agent name from “{r.agent_name}” to “Fox Mulder”" in sentence


def test_a_letter_sent_says_which_letter_to_which_address():
    r = open_request()
    letter = Letter.objects.filter(request=r).first()
    if letter is None:
        pytest.fail("open_request issues no letter: the test needs one to name")
    with transaction.atomic():
        event_append(
            request=r,
            actor=None,
            action=EventKind.LETTER_SENT,
            at=timezone.now(),
            data={"letter": letter.pk, "message_id": "<x@y>", "to": ["dscully@fbi.gov"]},
        )

    sentence = _sentence(r, EventKind.LETTER_SENT)

    kind = letter.get_kind_display().lower()
    assert sentence == f"lerq sent the {kind} (no. {letter.sequence}) to dscully@fbi.gov"


def test_the_approval_shows_its_package_takes_a_memo_and_the_record_says_it(
    client, reviewer, second_approver
):
    r = asked(by=reviewer)
    sign_in(client, second_approver)
    page = client.get(r.get_absolute_url()).text
    approve = page[page.index('id="approve"') :]
    approve = approve[: approve.index("</details>")]
    digest = package_sha256(package_of(r))
    assert digest in approve and "dscully@fbi.gov" in approve
    assert "Nothing is produced" in approve  # the reviewer's no-data decision is the package
    assert 'name="note"' in approve and 'maxlength="2000"' in approve

    response = act(client, r, "approve", package=digest, note="Checked scope & destination.")

    assert response.status_code == 302
    event = Event.objects.get(request=r, action=EventKind.APPROVE)
    assert event.reason == "Checked scope & destination."
    record = _record(client, r)
    assert f"approver2 approved the disclosure package {digest[:12]}…" in record
    assert "asked by reviewer." in record
    assert "Memo: Checked scope & destination." in record
    assert '"package_sha256": "' + digest + '"' in record  # the full data, disclosed


def test_a_memo_longer_than_two_thousand_characters_approves_nothing(
    client, reviewer, second_approver
):
    r = asked(by=reviewer)
    sign_in(client, second_approver)

    response = act(client, r, "approve", package=package_sha256(package_of(r)), note="x" * 2001)

    assert response.status_code == 400
    assert fresh(r).approved_by is None


def test_a_kind_without_a_sentence_keeps_the_generic_line(client, reviewer):
    r = open_request()
    sign_in(client, reviewer)

    record = _record(client, r)

    opened = record[record.index('data-action="opened"') :]
    assert '<span class="what">Opened</span>' in opened
    assert "<summary>Full data" in opened
