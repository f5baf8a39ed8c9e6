"""Recording a call-back from the request page (issue 15 point 5): the walk's 1990 call-back to
the number printed in the mail is refused, the directory of published numbers is offered, and a
"not confirmed" call-back flags the request on its page and at the top of the queue."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from intake.models import InboundMessage, Outcome
from tests.factories import open_request
from tests.triage.services.helpers import approved, fresh
from tests.web import sign_in
from triage.forms import ERR_ENTRY_AND_NUMBER
from triage.models import AgencyNumber, CallBack, Kind, Request, Status
from triage.services.callbacks import ERR_BEFORE_RECEIPT, ERR_NUMBER_FROM_REQUEST

pytestmark = pytest.mark.django_db

MAIL = Path(__file__).resolve().parents[2] / "data" / "mail" / "ingest" / "emergency.eml"
# Printed in emergency.eml as "Phone: (202) 555-0177".
MAILS_NUMBER = "+1 202-555-0177"
PUBLISHED = "+1 202 324 3000"


def with_its_mail(r: Request) -> Request:
    """``r`` with emergency.eml stored as the mail that opened it, as intake stores it."""
    raw = MAIL.read_bytes()
    InboundMessage.objects.create(
        raw=raw,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=f"<edr-{r.pk}@fbi.gov>",
        received_at=r.received_at,
        outcome=Outcome.CREATED,
        request=r,
    )
    return r


def act(client, r: Request, action: str, **data):
    post = {"seen_status": r.status, "seen_notice": r.notice, **data}
    return client.post(reverse("triage:request_act", args=[r.reference, action]), post)


def a_call(**over):
    called = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    return {
        "called_at": called.isoformat(timespec="minutes"),
        "number_called": PUBLISHED,
        "number_source": "fbi.gov/contact-us",
        "person_reached": "Duty officer J. Park",
        "outcome": "confirmed",
        "details": "SA Whitfield sent the request; the risk is real.",
        **over,
    }


def test_the_1990_call_back_to_the_mails_own_number_does_not_unlock_the_disclosure(
    client, reviewer
):
    """As the walk did it: the form posted with a 1990 date, the number printed in the mail,
    and the denial typed where the confirmation goes; then disclose."""
    r = with_its_mail(approved(Kind.EMERGENCY, agent_phone=""))
    sign_in(client, reviewer)
    denial = "NOT CONFIRMED - agency denies sending this"

    in_1990 = act(
        client,
        r,
        "callback",
        **a_call(called_at="1990-01-01T10:00", number_called="(202) 555-0177", details=denial),
        confirmed=denial,  # the field the form had before issue 15
    )
    from_the_mail = act(
        client, r, "callback", **a_call(number_called="(202) 555-0177"), confirmed=denial
    )
    disclosed = act(client, fresh(r), "disclose")

    assert in_1990.status_code == 400
    received = timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M")
    assert (
        escape(ERR_BEFORE_RECEIPT.format(reference=r.reference, received=received)) in in_1990.text
    )
    assert from_the_mail.status_code == 400
    refusal = ERR_NUMBER_FROM_REQUEST.format(number="(202) 555-0177", reference=r.reference)
    assert escape(refusal) in from_the_mail.text
    assert not CallBack.objects.exists()
    assert disclosed.status_code == 409
    assert fresh(r).status == Status.APPROVED


def test_a_confirmed_call_back_from_the_page_unlocks_disclose(client, reviewer):
    r = with_its_mail(approved(Kind.EMERGENCY))
    sign_in(client, reviewer)

    recorded = act(client, r, "callback", **a_call())
    disclosed = act(client, fresh(r), "disclose")

    assert recorded.status_code == 302
    assert disclosed.status_code == 302
    assert fresh(r).status == Status.DISCLOSED


def test_a_not_confirmed_call_back_flags_the_request_and_tops_the_queue(client, reviewer):
    older = open_request(Kind.EMERGENCY, received_at=timezone.now() - timedelta(hours=3))
    r = approved(Kind.EMERGENCY)
    sign_in(client, reviewer)

    act(client, r, "callback", **a_call(outcome="not_confirmed", details="They deny it."))
    request_page = client.get(r.get_absolute_url()).text
    queue = client.get(reverse("triage:queue")).text
    disclosed = act(client, fresh(r), "disclose")

    assert 'id="callback-warning"' in request_page
    assert "Not confirmed: the agency did not confirm it" in request_page
    assert queue.index(r.reference) < queue.index(older.reference)
    assert "Not confirmed on call-back" in queue
    assert disclosed.status_code == 409


def test_the_form_offers_the_directory_numbers_of_the_requests_agency(client, reviewer, admin_user):
    fbi = AgencyNumber.objects.create(
        agency="Federal Bureau of Investigation",
        number=PUBLISHED,
        source="https://www.fbi.gov/contact-us/field-offices/washingtondc",
        added_by=admin_user,
    )
    AgencyNumber.objects.create(
        agency="Police Scotland", number="+44 141 496 0100", source="scotland.police.uk"
    )
    r = with_its_mail(approved(Kind.EMERGENCY))
    sign_in(client, reviewer)

    form = client.get(r.get_absolute_url()).text
    recorded = act(
        client, r, "callback", **a_call(number_called="", number_source="", directory_entry=fbi.pk)
    )

    assert "https://www.fbi.gov/contact-us/field-offices/washingtondc" in form
    assert "+44 141 496 0100" not in form
    assert recorded.status_code == 302
    callback = CallBack.objects.get()
    assert (callback.number_called, callback.directory_entry) == (PUBLISHED, fbi)
    assert callback.number_source.startswith(fbi.source)


def test_a_directory_number_printed_in_the_requests_mail_is_still_refused(client, reviewer):
    hijacked = AgencyNumber.objects.create(
        agency="Federal Bureau of Investigation", number=MAILS_NUMBER, source="an old letter"
    )
    r = with_its_mail(approved(Kind.EMERGENCY))
    sign_in(client, reviewer)

    response = act(
        client,
        r,
        "callback",
        **a_call(number_called="", number_source="", directory_entry=hijacked.pk),
    )

    assert response.status_code == 400
    refusal = ERR_NUMBER_FROM_REQUEST.format(number=MAILS_NUMBER, reference=r.reference)
    assert escape(refusal) in response.text
    assert not CallBack.objects.exists()


def test_a_directory_entry_and_a_different_typed_number_are_refused(client, reviewer):
    entry = AgencyNumber.objects.create(
        agency="Federal Bureau of Investigation", number=PUBLISHED, source="fbi.gov"
    )
    r = approved(Kind.EMERGENCY)
    sign_in(client, reviewer)

    response = act(
        client, r, "callback", **a_call(number_called="+1 202 555 9999", directory_entry=entry.pk)
    )

    assert response.status_code == 400
    assert escape(ERR_ENTRY_AND_NUMBER) in response.text
    assert not CallBack.objects.exists()
