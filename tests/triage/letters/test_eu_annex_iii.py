"""A rejected EU order is answered with the Annex III form (Regulation (EU) 2023/1543): each
reason code, the data concerned and the explanation, in a signed letter that validates; in
French for a French certificate."""

import pytest

from tests.factories import request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signature_status,
    signing_pair,
)
from triage import services
from triage.forms import RejectForm
from triage.letters import render_letter
from triage.letters.context import letter_context
from triage.letters.eu_wording import ANNEX_III, LANGUAGES
from triage.models import Kind, Letter, LetterKind
from triage.models.choices import AnnexIIIReason, RejectionReason
from triage.services import InvalidInput

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "agency": "Staatsanwaltschaft Berlin",
    "eu_issuing_authority": "Staatsanwaltschaft Berlin",
    "eu_issuing_state": "DE",
    "eu_data_categories": ["subscriber", "traffic"],
    "eu_offence": "Computerbetrug",
    "eu_legal_basis": "§ 263a StGB",
    "targets": [{"type": "user", "email": "kim.doe@example.org"}],
}


def _answer(kind=Kind.EU_PRODUCTION_ORDER, **fields):
    status = "in_review" if kind == Kind.EU_PRODUCTION_ORDER else "validated"
    return request_in(status, kind, **{**CERTIFICATE, **fields})


@pytest.mark.parametrize("code", AnnexIIIReason.values)
def test_each_annex_iii_reason_gives_a_signed_letter_that_validates(code, settings):
    r = _answer()

    services.request_reject(
        request=r, by=None, reasons=[code], explanation="The account was closed in 2024."
    )

    letter = Letter.objects.get(request=r, kind=LetterKind.EU_ANNEX_III)
    rendered = render_letter(letter.kind, letter_context(letter))
    text = pdf_text(rendered.pdf)
    label = " ".join(ANNEX_III["en"][code][0].split())
    assert label in text
    assert "Regulation (EU) 2023/1543, Annex III" in text
    assert "Subscriber data; Traffic data" in text
    assert "kim.doe@example.org" in text
    assert "The account was closed in 2024." in text
    status = signature_status(rendered.pdf, settings.LERQ_SIGNING_CERT)
    assert status.intact and status.bottom_line, status.pretty_print_details()


def test_a_french_certificate_is_answered_in_french():
    r = _answer(Kind.EU_PRESERVATION_ORDER, language="fr", eu_issuing_state="FR")
    r = services.request_reject(request=r, by=None, reasons=[AnnexIIIReason.NOT_A_USER])

    letter = Letter.objects.get(request=r, kind=LetterKind.EU_ANNEX_III)
    text = pdf_text(render_letter(letter.kind, letter_context(letter)).pdf)

    assert "annexe III" in text
    assert "EPOC-PR" in text
    assert " ".join(ANNEX_III["fr"][AnnexIIIReason.NOT_A_USER][0].split()) in text


def test_every_annex_iii_reason_has_its_words_in_every_language():
    for language in LANGUAGES:
        assert set(ANNEX_III[language]) == set(AnnexIIIReason.values), language


def test_an_eu_order_is_rejected_with_annex_iii_reasons_only():
    r = _answer()
    with pytest.raises(InvalidInput, match="Unknown Annex III reason: overbroad"):
        services.request_reject(request=r, by=None, reasons=[RejectionReason.OVERBROAD])
    with pytest.raises(InvalidInput, match="need an explanation"):
        services.request_reject(request=r, by=None, reasons=[AnnexIIIReason.THIRD_COUNTRY_LAW])
    form = RejectForm(req=r)
    assert [c for c, _ in form.fields["reasons"].choices] == AnnexIIIReason.values
