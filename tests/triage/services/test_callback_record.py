"""callback_record: before an emergency disclosure, a lawyer calls the agency back on a number
it published and records who was reached and how the call ended (issue #8 "Emergencies");
issue 15 point 5: only a real, confirmed, latest call-back unlocks the disclosure."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import open_request
from tests.triage.services.helpers import (
    approved,
    fresh,
    last_seq,
    refused,
    the_one_event_since,
    walk_to,
)
from triage import services, sources
from triage.models import CallBack, CallBackOutcome, Kind, OutboundMail, Request, Status
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.callbacks import (
    ERR_BEFORE_RECEIPT,
    ERR_FINISHED,
    ERR_FUTURE,
    ERR_NOT_EMERGENCY,
    ERR_NUMBER_FROM_REQUEST,
    ERR_NUMBER_SHORT,
    ERR_OUTCOME,
    ERR_PERSON_ONLY,
)

pytestmark = pytest.mark.django_db


def call(r, by, **over):
    given = {
        "called_at": timezone.now() - timedelta(minutes=3),
        "number_called": "+1 202 324 3000",
        "number_source": "fbi.gov, field office contact page",
        "person_reached": "Duty supervisor R. Diaz",
        "outcome": CallBackOutcome.CONFIRMED,
        "details": "SA Scully sent it; the threat is being worked now.",
        **over,
    }
    return services.callback_record(request=r, by=by, **given)


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_a_lawyer_records_a_call_back_and_it_goes_on_the_record(request, role):
    user = request.getfixturevalue(role)
    r = open_request(Kind.EMERGENCY)
    since = last_seq()

    callback = call(r, user)

    assert CallBack.objects.get() == callback
    assert (callback.recorded_by, callback.person_reached) == (user, "Duty supervisor R. Diaz")
    event = the_one_event_since(since)
    assert (event.action, event.actor_name) == ("callback", user.get_username())
    assert event.data["number_source"] == "fbi.gov, field office contact page"
    assert event.data["outcome"] == "confirmed"
    assert event.reason == (
        "Confirmed: the agency sent it and the emergency is real. "
        "SA Scully sent it; the threat is being worked now."
    )


def test_the_call_back_is_what_lets_an_approved_emergency_be_disclosed(reviewer):
    r = approved(Kind.EMERGENCY)
    refused(lambda: services.request_disclose(request=r, by=reviewer))

    call(r, reviewer)
    services.request_disclose(request=fresh(r), by=reviewer)

    assert fresh(r).status == Status.DISCLOSED


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_records_a_call_back(request, role):
    user = request.getfixturevalue(role)
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, user), ActionNotPermitted)


def test_lerq_itself_makes_no_calls(db):
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, None), InvalidInput, ERR_PERSON_ONLY)


def test_a_call_back_is_for_emergencies(reviewer):
    r = open_request(Kind.SUBPOENA)

    refused(
        lambda: call(r, reviewer), InvalidInput, ERR_NOT_EMERGENCY.format(reference=r.reference)
    )


@pytest.mark.parametrize("field", ["number_called", "number_source", "person_reached", "details"])
def test_every_part_of_the_call_must_be_said(reviewer, field):
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, reviewer, **{field: "  "}), InvalidInput)


def test_a_call_in_the_future_is_refused(reviewer):
    r = open_request(Kind.EMERGENCY)

    refused(
        lambda: call(r, reviewer, called_at=timezone.now() + timedelta(hours=1)),
        InvalidInput,
        ERR_FUTURE,
    )


def test_no_call_back_is_recorded_once_the_emergency_is_decided(reviewer):
    r = walk_to(Status.REJECTED, Kind.EMERGENCY)

    refused(
        lambda: call(r, reviewer),
        TransitionRefused,
        ERR_FINISHED.format(reference=r.reference, state="rejected"),
    )


# --- issue 15 point 5: a real call-back ------------------------------------------------------
@pytest.fixture
def mail_says():
    """The request's own mail, as intake's provider would give it (tests/intake has the real
    provider on a stored message): here, a text the test chooses."""
    texts: dict[int, list[str]] = {}

    def provider(request):
        return texts.get(request.pk, [])

    sources.register(provider)
    yield texts
    sources.unregister(provider)


def test_the_1990_call_back_to_the_mails_own_number_saying_not_confirmed_unlocks_nothing(
    reviewer, mail_says
):
    """The walk of issue 15: dated 1990-01-01, to the number printed in the emergency mail,
    with "NOT CONFIRMED" typed as what was confirmed. Every part of it is refused now."""
    r = approved(Kind.EMERGENCY, agent_phone="")
    mail_says[r.pk] = ["EMERGENCY. Call me back: +1 (555) 010-2000. SA Whitfield"]
    denial = "NOT CONFIRMED - agency denies sending this"
    in_1990 = datetime(1990, 1, 1, 12, tzinfo=UTC)

    refused(
        lambda: call(r, reviewer, called_at=in_1990, number_called="555.010.2000", details=denial),
        InvalidInput,
        ERR_BEFORE_RECEIPT.format(
            reference=r.reference,
            received=timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
        ),
    )
    refused(
        lambda: call(r, reviewer, number_called="555.010.2000", details=denial),
        InvalidInput,
        ERR_NUMBER_FROM_REQUEST.format(number="555.010.2000", reference=r.reference),
    )
    call(r, reviewer, details=denial, outcome=CallBackOutcome.NOT_CONFIRMED)

    refused(lambda: services.request_disclose(request=fresh(r), by=reviewer))
    assert fresh(r).status == Status.APPROVED


@pytest.mark.parametrize(
    "printed", ["+1 (555) 010-2000", "555.010.2000", "1-555-010-2000", "(555) 010 2000 ext. 7"]
)
def test_a_number_printed_in_the_requests_mail_is_refused_in_any_format(
    reviewer, mail_says, printed
):
    r = open_request(Kind.EMERGENCY)
    mail_says[r.pk] = ["From the agency", f"Phone: {printed}\nBadge 55120"]

    refused(
        lambda: call(r, reviewer, number_called="+1 555 010 2000"),
        InvalidInput,
        ERR_NUMBER_FROM_REQUEST.format(number="+1 555 010 2000", reference=r.reference),
    )


def test_the_requesters_own_phone_field_is_refused_too(reviewer):
    r = open_request(Kind.EMERGENCY, agent_phone="+1 202 555 0134 ext. 204")

    refused(
        lambda: call(r, reviewer, number_called="(202) 555-0134"),
        InvalidInput,
        ERR_NUMBER_FROM_REQUEST.format(number="(202) 555-0134", reference=r.reference),
    )


def test_a_number_not_in_the_mail_is_accepted(reviewer, mail_says):
    r = open_request(Kind.EMERGENCY)
    mail_says[r.pk] = ["Phone: +1 (555) 010-2000"]

    assert call(r, reviewer, number_called="+1 202 324 3000").number_called == "+1 202 324 3000"


def test_a_fragment_of_a_number_is_refused(reviewer):
    r = open_request(Kind.EMERGENCY)

    refused(
        lambda: call(r, reviewer, number_called="911"),
        InvalidInput,
        ERR_NUMBER_SHORT.format(number="911"),
    )


def test_a_call_before_the_request_arrived_is_refused(reviewer):
    r = open_request(Kind.EMERGENCY)

    refused(
        lambda: call(r, reviewer, called_at=r.received_at - timedelta(minutes=1)),
        InvalidInput,
        ERR_BEFORE_RECEIPT.format(
            reference=r.reference,
            received=timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
        ),
    )


def test_the_outcome_is_one_of_the_three(reviewer):
    r = open_request(Kind.EMERGENCY)

    refused(lambda: call(r, reviewer, outcome="probably fine"), InvalidInput, ERR_OUTCOME)


def test_no_answer_needs_nobody_reached_and_unlocks_nothing(reviewer):
    r = approved(Kind.EMERGENCY)

    call(r, reviewer, outcome=CallBackOutcome.NO_ANSWER, person_reached="", details="")

    refused(lambda: services.request_disclose(request=fresh(r), by=reviewer))
    assert not fresh(r).callback_unconfirmed


def test_not_confirmed_raises_the_request_and_mails_the_team(
    reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    r = open_request(Kind.EMERGENCY)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        call(r, reviewer, outcome=CallBackOutcome.NOT_CONFIRMED, details="They deny sending it.")

    assert fresh(r).callback_unconfirmed
    mail = OutboundMail.objects.get(template="callback_unconfirmed")
    assert mail.request_id == r.pk
    assert set(mail.to) == {reviewer.email, second_reviewer.email}
    assert "NOT confirmed" in mail.subject and r.reference in mail.subject
    assert "They deny sending it." in mail.body_text
    assert queued, "the mail is sent once the call-back is committed"


def test_a_later_not_confirmed_outweighs_an_earlier_confirmation(reviewer):
    r = approved(Kind.EMERGENCY)
    call(r, reviewer, called_at=timezone.now() - timedelta(minutes=30))
    call(
        r,
        reviewer,
        called_at=timezone.now() - timedelta(minutes=5),
        outcome=CallBackOutcome.NOT_CONFIRMED,
    )

    refused(lambda: services.request_disclose(request=fresh(r), by=reviewer))
    assert fresh(r).callback_unconfirmed


def test_a_back_dated_confirmation_cannot_cover_a_later_denial(reviewer):
    r = approved(Kind.EMERGENCY)
    call(r, reviewer, outcome=CallBackOutcome.NOT_CONFIRMED)
    call(r, reviewer, called_at=timezone.now() - timedelta(minutes=20))

    refused(lambda: services.request_disclose(request=fresh(r), by=reviewer))
    assert fresh(r).callback_unconfirmed


def test_a_confirmation_after_a_denial_unlocks_and_lifts_the_warning(reviewer):
    r = approved(Kind.EMERGENCY)
    call(r, reviewer, called_at=timezone.now() - timedelta(minutes=30), outcome="not_confirmed")

    call(r, reviewer)
    services.request_disclose(request=fresh(r), by=reviewer)

    assert fresh(r).status == Status.DISCLOSED
    assert not fresh(r).callback_unconfirmed


def test_an_unconfirmed_emergency_is_first_in_the_queue(reviewer):
    from triage.selectors import request_list_for_queue

    older = open_request(Kind.EMERGENCY, received_at=timezone.now() - timedelta(hours=5))
    denied = open_request(Kind.EMERGENCY)
    call(denied, reviewer, outcome=CallBackOutcome.NOT_CONFIRMED)

    queue = list(request_list_for_queue())

    assert [q.pk for q in queue[:2]] == [denied.pk, older.pk]
    assert isinstance(queue[0], Request) and queue[0].urgency == -1
