"""Outgoing mail: written to the outbox table in the transaction of what it reports, then sent
through the configured backend. The subject carries the reference and never a line break; each
mail is sent once however often the sender runs; a mail the server refused stays unsent with
its error and goes out on a later run."""

import smtplib
from datetime import date

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import open_request
from tests.triage.timers.helpers import at, events_since, last_seq, paris, sweep_at
from triage import services
from triage.models import Deadline, DeadlineKind, EventKind, OutboundMail
from triage.notices import mail_queue, mail_send_pending, one_line

OPENED = paris(2026, 5, 4, 10, 0)
DOWN = "tests.triage.timers.test_outbound_mail.MailServerDown"


class MailServerDown(BaseEmailBackend):
    """A backend whose server hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def queued(n: int = 1, **context) -> list[OutboundMail]:
    context = {"title": "Hold ending soon", "reference": "LER-2026-000042", **context}
    return [
        mail_queue(template="timer", to=["lawyer@legal.example"], context=context) for _ in range(n)
    ]


@pytest.mark.django_db
def test_a_timer_mail_has_the_reference_in_its_subject_and_a_link_to_the_request(
    reviewer, mailoutbox
):
    with at(OPENED):
        r = open_request(response_due_date=date(2026, 6, 15))

    sweep_at(paris(2026, 6, 8, 23, 59, 59, 999999))

    (mail,) = mailoutbox
    assert mail.subject.startswith(f"[{r.reference}] ")
    assert mail.extra_headers["Message-ID"] == OutboundMail.objects.get().message_id
    assert f"Open the request: https://lerq.example/requests/{r.reference}/" in (mail.body)
    html = dict((mime, body) for body, mime in mail.alternatives)["text/html"]
    assert f'href="https://lerq.example/requests/{r.reference}/"' in html


@pytest.mark.django_db
def test_a_subject_never_carries_a_line_break_even_from_what_it_is_built_of(mailoutbox):
    (mail,) = queued(title="Hold ending soon\r\nBcc: everyone@example.com", reference="LER\n1")

    assert "\r" not in mail.subject
    assert "\n" not in mail.subject
    assert mail.subject == "[LER 1] Hold ending soon Bcc: everyone@example.com"
    assert mail_send_pending() == 1
    assert mailoutbox[0].subject == mail.subject
    assert "everyone@example.com" not in mailoutbox[0].recipients()


@given(st.text())
def test_one_line_leaves_no_line_break_in_any_text(text):
    line = one_line(text)

    assert "\r" not in line
    assert "\n" not in line
    assert len(line) <= 900


@pytest.mark.django_db
def test_sending_twice_sends_each_mail_once(mailoutbox):
    first, second = queued(2)

    assert mail_send_pending() == 2
    assert mail_send_pending() == 0

    assert len(mailoutbox) == 2
    for mail in (first, second):
        mail.refresh_from_db()
        assert mail.sent_at is not None
        assert mail.attempts == 1


@pytest.mark.django_db
def test_a_mail_the_server_refuses_stays_unsent_with_its_error(settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    (mail,) = queued()

    assert mail_send_pending() == 0

    mail.refresh_from_db()
    assert mail.sent_at is None
    assert mail.attempts == 1
    assert mail.last_error == "Connection unexpectedly closed"


@pytest.mark.django_db
def test_a_refused_mail_goes_out_on_a_later_run_once_the_server_is_back(settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    with at(paris(2026, 6, 1, 9, 0)):
        (mail,) = queued()
        mail_send_pending()  # attempt 1; the next waits a minute
    with at(paris(2026, 6, 1, 9, 1)):
        mail_send_pending()  # attempt 2; the next waits two minutes
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with at(paris(2026, 6, 1, 9, 2)):
        assert mail_send_pending() == 0  # not yet: it backs off
    with at(paris(2026, 6, 1, 9, 3)):
        assert mail_send_pending() == 1
        assert mail_send_pending() == 0

    mail.refresh_from_db()
    assert mail.sent_at is not None
    assert mail.attempts == 3
    assert [m.extra_headers["Message-ID"] for m in mailoutbox] == [mail.message_id]


@pytest.mark.django_db
def test_a_mail_server_down_for_a_while_does_not_use_up_the_attempts(settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    with at(paris(2026, 6, 1, 9, 0)):
        (mail,) = queued()
        for _ in range(20):  # every sweep and beat tick of that minute
            mail_send_pending()

    mail.refresh_from_db()
    assert mail.attempts == 1
    assert mail.last_error
    assert mail.next_attempt_at == paris(2026, 6, 1, 9, 1)


@pytest.mark.django_db
def test_a_mail_refused_too_often_is_no_longer_tried(settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    settings.LERQ_MAIL_MAX_ATTEMPTS = 2
    with at(paris(2026, 6, 1, 9, 0)):
        (mail,) = queued()
        mail_send_pending()
    with at(paris(2026, 6, 1, 9, 1)):
        mail_send_pending()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with at(paris(2026, 6, 2, 9, 0)):
        assert mail_send_pending() == 0

    mail.refresh_from_db()
    assert (mail.sent_at, mail.attempts) == (None, 2)
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_undo_the_reminder(settings, reviewer, mailoutbox):
    with at(OPENED):
        r = open_request(response_due_date=date(2026, 6, 15))
    settings.EMAIL_BACKEND = DOWN
    since = last_seq()

    report = sweep_at(paris(2026, 6, 9, 9, 0))

    assert (report.acted, report.mails_sent) == (1, 0)
    reminder = Deadline.objects.filter(request=r, kind=DeadlineKind.RESPONSE_REMINDER).first()
    assert reminder.outcome == Deadline.Outcome.ACTED
    (event,) = events_since(since)
    assert event.action == EventKind.REMINDED
    (mail,) = OutboundMail.objects.filter(request=r)
    assert mail.sent_at is None
    assert event.data["mail"] == mail.message_id

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail_send_pending() == 1
    assert [m.subject for m in mailoutbox] == [mail.subject]


@pytest.mark.django_db
def test_the_plain_text_of_a_mail_shows_names_as_written(reviewer):
    with at(OPENED):
        r = open_request(
            agency="Bureau of Alcohol, Tobacco, Firearms & Explosives",
            agent_name="Dana O'Brien",
            response_due_date=date(2026, 6, 15),
        )

    sweep_at(paris(2026, 6, 9, 9, 0))

    (mail,) = OutboundMail.objects.filter(request=r)
    assert "from Bureau of Alcohol, Tobacco, Firearms & Explosives" in mail.body_text
    assert "&amp;" not in mail.body_text


@pytest.mark.django_db
def test_the_final_notice_to_the_agency_greets_the_agent_by_name_as_written(reviewer):
    with at(OPENED):
        r = open_request(agent_name="Dana O'Brien")
        r = services.request_ask_info(request=r, by=None, missing=["badge"])

    sweep_at(paris(2026, 6, 3, 10, 0))

    (mail,) = OutboundMail.objects.filter(request=r, template="final_notice")
    assert mail.body_text.startswith("Dear Dana O'Brien,\n")
