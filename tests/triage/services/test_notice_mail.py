"""The user notice email: one per recipient, to the affected user's address, with the reference
in the subject (so intake routes the reply back), a copy of the request where allowed, the
objection window and how to object; its Message-ID kept on the recipient."""

from datetime import UTC, datetime

import pytest

from tests.factories import notice_send, request_in
from tests.triage.services.helpers import (
    approved,
    called_back,
    fresh,
    last_seq,
    the_one_event_since,
)
from triage import services
from triage.models import Kind, NoticeRecipient, OutboundMail, Status

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def notice_mails(r):
    return list(OutboundMail.objects.filter(request=r, template="user_notice").order_by("pk"))


@pytest.mark.time_machine(NOW, tick=False)
def test_the_user_gets_the_notice_with_the_reference_window_and_how_to_object(reviewer):
    r = request_in(
        "in_review",
        summary="Subscriber records and login IPs for March 2026.",
        case_number="FBI-26-0042",
    )
    services.notice_draft(request=r, by=reviewer)
    since = last_seq()

    notice_send(request=r, by=reviewer)

    (mail,) = notice_mails(r)
    assert mail.to == ["target@example.com"]
    assert mail.subject == f"[{r.reference}] Notice of a legal request for data about your account"
    assert "Subscriber records and login IPs for March 2026." in mail.body_text
    assert "Federal Bureau of Investigation (US)" in mail.body_text
    assert "FBI-26-0042" in mail.body_text
    assert "reply to this email by 8 June 2026, 10:00 CEST (7 days)" in mail.body_text
    assert f'Keep "{r.reference}" in the subject' in mail.body_text
    assert "Subscriber records" in mail.body_html
    recipient = NoticeRecipient.objects.get(request=r)
    assert (recipient.email, recipient.notified_at) == ("target@example.com", NOW)
    assert recipient.notice_message_id == mail.message_id
    assert recipient.target == r.targets.get()
    assert the_one_event_since(since).data["recipients"] == ["target@example.com"]


def test_without_a_copy_the_mail_says_nothing_of_the_request(reviewer):
    r = request_in("in_review", summary="Secret investigative detail.", case_number="X-1")

    notice_send(request=r, by=reviewer, include_copy=False)

    (mail,) = notice_mails(r)
    assert "Secret investigative detail." not in mail.body_text + mail.body_html
    assert "X-1" not in mail.body_text
    assert r.reference in mail.subject


def test_each_user_gets_their_own_mail(reviewer):
    r = request_in(
        "in_review",
        targets=[
            {"type": "user", "email": "one@example.com"},
            {"type": "account", "email": "two@example.com"},
            {"type": "meeting", "meeting_id": "123", "host_email": "host@example.com"},
        ],
    )

    notice_send(request=r, by=reviewer)

    assert [m.to for m in notice_mails(r)] == [
        ["one@example.com"],
        ["two@example.com"],
        ["host@example.com"],
    ]
    assert len({m.message_id for m in notice_mails(r)}) == 3


def test_addresses_the_team_entered_replace_those_of_the_targets(reviewer):
    r = request_in("in_review")
    services.notice_recipient_add(
        request=r, by=reviewer, email="real.owner@example.org", name="Robin Owner"
    )

    notice_send(request=fresh(r), by=reviewer)

    (mail,) = notice_mails(r)
    assert mail.to == ["real.owner@example.org"]
    assert mail.body_text.startswith("Dear Robin Owner,")


def test_after_an_emergency_disclosure_the_mail_says_so_and_opens_no_window(reviewer):
    r = services.request_disclose(request=called_back(approved(Kind.EMERGENCY)), by=reviewer)

    notice_send(request=fresh(r), by=reviewer)

    (mail,) = notice_mails(r)
    assert fresh(r).status == Status.DISCLOSED
    assert "the emergency has passed" in mail.body_text
    assert "reply to this email by" not in mail.body_text


def test_html_in_the_request_is_escaped_in_the_html_part(reviewer):
    r = request_in("in_review", summary="<script>alert(1)</script>")

    notice_send(request=r, by=reviewer)

    (mail,) = notice_mails(r)
    assert "<script>" not in mail.body_html
    assert "&lt;script&gt;" in mail.body_html
