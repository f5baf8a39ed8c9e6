"""The answer to an EU order goes by the order's channel (triage/channels.py). E-mail is the
outbox; e-CODEX (Regulation (EU) 2023/1543, Article 19) is not connected, and says so by name
instead of pretending to send."""

import pytest

from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    signing_pair,
)
from tests.triage.services.helpers import approved, fresh, refused, walk_reviewer
from triage import channels, services
from triage.channels import ERR_ECODEX, ERR_ECODEX_ENABLED, EcodexNotConnected, channel_for
from triage.models import Kind, Letter, Request, Status
from triage.models.choices import AnnexIIIReason
from triage.services.letters import letter_deliver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "eu_issuing_authority": "Openbaar Ministerie, Amsterdam",
    "eu_issuing_state": "NL",
    "eu_data_categories": ["subscriber"],
    "eu_offence": "Oplichting",
    "eu_legal_basis": "Art. 326 Sr",
}


def by_ecodex(request: Request) -> Request:
    # What intake will set once certificates arrive by e-CODEX; nothing sets it today.
    Request.objects.filter(pk=request.pk).update(eu_channel="ecodex")
    return fresh(request)


def test_answers_go_by_e_mail_unless_an_eu_order_came_by_e_codex():
    subpoena = approved(Kind.SUBPOENA)
    epoc = approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)

    assert channel_for(subpoena) is channels.EMAIL
    assert channel_for(epoc) is channels.EMAIL
    assert channel_for(by_ecodex(epoc)) is channels.ECODEX


def test_an_epoc_that_came_by_e_codex_is_not_disclosed_and_the_person_is_told_why():
    r = by_ecodex(approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE))

    refused(
        lambda: services.request_disclose(request=r, by=walk_reviewer()),
        error=EcodexNotConnected,
        message=ERR_ECODEX,
    )
    assert fresh(r).status == Status.APPROVED


def test_switching_e_codex_on_does_not_make_a_connector_appear(settings):
    settings.LERQ_ECODEX_ENABLED = True
    r = by_ecodex(approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE))

    refused(
        lambda: services.request_reject(
            request=r, by=walk_reviewer(), reasons=[AnnexIIIReason.NO_DATA]
        ),
        error=EcodexNotConnected,
        message=ERR_ECODEX_ENABLED,
    )


def test_a_letter_to_an_e_codex_order_fails_by_name_and_is_not_retried_on_a_clock():
    r = approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)
    services.request_withdraw_approval(request=r, by=walk_reviewer(), reason="No data after all")
    services.request_reject(request=fresh(r), by=walk_reviewer(), reasons=[AnnexIIIReason.NO_DATA])
    letter = Letter.objects.get(request=r, kind="eu_annex_iii")
    services.letter_send(letter=letter, by=walk_reviewer())
    by_ecodex(r)  # the channel changed before a worker rendered the answer

    letter = letter_deliver(letter_id=letter.pk)

    letter.refresh_from_db()
    assert letter.status == "failed"
    assert letter.mail is None
    assert letter.error == f"EcodexNotConnected: {ERR_ECODEX}"
    assert letter.next_attempt_at is None


def test_a_person_sending_a_drafted_answer_by_e_codex_is_told_to_send_it_otherwise():
    r = approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE)
    services.request_withdraw_approval(request=r, by=walk_reviewer(), reason="No data after all")
    services.request_reject(request=fresh(r), by=walk_reviewer(), reasons=[AnnexIIIReason.NO_DATA])
    letter = Letter.objects.get(request=r, kind="eu_annex_iii")
    by_ecodex(r)

    refused(
        lambda: services.letter_send(letter=letter, by=walk_reviewer()),
        error=EcodexNotConnected,
        message=ERR_ECODEX,
    )
    letter.refresh_from_db()
    assert letter.status == "draft"


def test_once_a_person_answers_by_e_mail_the_disclosure_goes_out():
    r = by_ecodex(approved(Kind.EU_PRODUCTION_ORDER, **CERTIFICATE))

    services.request_update_fields(
        request=r, by=walk_reviewer(), changes={"eu_channel": "email"}, seen_status=r.status
    )

    assert services.request_disclose(request=fresh(r), by=walk_reviewer()).status == (
        Status.DISCLOSED
    )
