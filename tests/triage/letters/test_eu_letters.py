"""An EU order's preservation is confirmed, and its production covered, by letters in the
Regulation's words (Regulation (EU) 2023/1543, Articles 10, 11 and 13): signed, valid, with
the certificate's reference, issuing authority and State; the preservation's 60 days, or 90
after Annex VI, or until production after Annex V; the production's hashes; in French for a
French certificate."""

import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from tests.factories import request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signature_status,
    signing_pair,
)
from tests.triage.services.helpers import approved, fresh, walk_reviewer
from triage import services
from triage.letters import render_letter
from triage.letters.context import letter_context, render_kind
from triage.letters.eu_wording import DATA_CATEGORIES, LANGUAGES, ORDER_TITLES, RECORD_CATEGORIES
from triage.models import Kind, Letter, LetterKind, RecordCategory
from triage.models.choices import DataCategory
from triage.services.eu_orders import eu_preservation_extend, eu_production_confirm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

CERTIFICATE = {
    "badge": "",
    "response_due_date": None,
    "case_number": "276 Js 1184/26",
    "agency": "Staatsanwaltschaft Berlin",
    "eu_issuing_authority": "Staatsanwaltschaft Berlin",
    "eu_issuing_state": "DE",
    "eu_data_categories": ["subscriber", "traffic"],
    "eu_offence": "Computerbetrug",
    "eu_legal_basis": "§ 263a StGB",
    "targets": [{"type": "user", "email": "kim.doe@example.org"}],
}
FRENCH = {
    "language": "fr",
    "agency": "Parquet de Paris",
    "eu_issuing_authority": "Parquet de Paris",
    "eu_issuing_state": "FR",
    "case_number": "PR 26/204/0117",
}


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y")


def _rendered(letter: Letter):
    return render_letter(render_kind(letter), letter_context(letter))


def _preservation_letters(r) -> list[Letter]:
    return list(Letter.objects.filter(request=r, kind=LetterKind.PRESERVATION).order_by("pk"))


def test_an_epoc_pr_is_confirmed_preserved_for_60_days_in_a_signed_letter(settings):
    r = request_in("preserved", Kind.EU_PRESERVATION_ORDER, **CERTIFICATE)
    [letter] = _preservation_letters(r)

    rendered = _rendered(letter)
    text = pdf_text(rendered.pdf)

    assert render_kind(letter) == "eu_preservation"
    assert "Regulation (EU) 2023/1543, Article 11: confirmation of preservation" in text
    assert "European Preservation Order Certificate (EPOC-PR)" in text
    assert "276 Js 1184/26" in text and "Staatsanwaltschaft Berlin (DE)" in text
    assert "Subscriber data; Traffic data" in text and "kim.doe@example.org" in text
    assert f"Preserved from {_day(r.hold.placed_at)}" in text
    assert _day(r.received_at + timedelta(days=60)) == _day(r.hold.ends_at)
    assert f"{_day(r.hold.ends_at)}: 60 days (Article 11(1))" in text
    assert "Annex VI" in text  # it may still be extended
    assert "Article 13(4)" in text
    status = signature_status(rendered.pdf, settings.LERQ_SIGNING_CERT)
    assert status.intact and status.bottom_line, status.pretty_print_details()


def test_a_confirmation_sent_again_after_annex_vi_says_90_days_and_the_first_still_says_60():
    r = request_in("preserved", Kind.EU_PRESERVATION_ORDER, **CERTIFICATE)
    [first] = _preservation_letters(r)
    first_end = fresh(r).hold.ends_at
    services.letter_send(letter=first, by=walk_reviewer())

    hold = eu_preservation_extend(request=fresh(r), by=walk_reviewer())
    again = services.letter_reissue(
        letter=Letter.objects.get(pk=first.pk), by=walk_reviewer(), reason="extended"
    )

    text = pdf_text(_rendered(again).pdf)
    assert hold.ends_at == first_end + timedelta(days=30)
    assert f"{_day(hold.ends_at)}: 60 days, extended by 30 days" in text
    assert f"the 60 days ended on {_day(first_end)}" in text
    assert "Annex VI, Article 11(1)" in text
    earlier = pdf_text(_rendered(Letter.objects.get(pk=first.pk)).pdf)
    assert f"{_day(first_end)}: 60 days (Article 11(1))" in earlier
    assert "extended by 30 days" not in earlier


def test_a_confirmation_sent_after_annex_v_keeps_the_data_until_production():
    r = request_in("preserved", Kind.EU_PRESERVATION_ORDER, **CERTIFICATE)
    [first] = _preservation_letters(r)
    services.letter_send(letter=first, by=walk_reviewer())

    confirmed = eu_production_confirm(request=fresh(r), by=walk_reviewer())
    again = services.letter_reissue(
        letter=Letter.objects.get(pk=first.pk), by=walk_reviewer(), reason="Annex V received"
    )

    text = pdf_text(_rendered(again).pdf)
    assert "Preserved until the data are produced" in text
    assert f"you confirmed on {_day(confirmed.eu_production_confirmed_at)}" in text
    assert "Annex V, Article 11(2)" in text
    assert "ceases on" not in text


def test_a_french_epoc_pr_is_confirmed_in_french():
    r = request_in("preserved", Kind.EU_PRESERVATION_ORDER, **{**CERTIFICATE, **FRENCH})
    [letter] = _preservation_letters(r)

    text = pdf_text(_rendered(letter).pdf)

    assert "Règlement (UE) 2023/1543, article 11 : confirmation de la conservation" in text
    assert "certificat d'injonction européenne de conservation (EPOC-PR)" in text
    assert "Données relatives aux abonnés ; Données relatives au trafic" in text
    end = timezone.localtime(fresh(r).hold.ends_at).date()
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
    months += ["septembre", "octobre", "novembre", "décembre"]
    assert f"{end.day} {months[end.month - 1]} {end.year} : 60 jours" in text
    assert "PR 26/204/0117" in text and "Parquet de Paris (FR)" in text


def test_a_disclosed_epoc_is_covered_by_the_article_10_letter_with_its_hashes(settings):
    r = approved(Kind.EU_PRODUCTION_ORDER, produced=True, **CERTIFICATE)
    r = services.request_disclose(request=r, by=walk_reviewer())
    letter = Letter.objects.get(request=r, kind=LetterKind.DISCLOSURE)

    rendered = _rendered(letter)
    text = pdf_text(rendered.pdf)

    assert render_kind(letter) == "eu_disclosure"
    assert "Regulation (EU) 2023/1543, Article 10: production of the data requested" in text
    assert "European Production Order Certificate (EPOC)" in text
    assert f"received on {_day(r.received_at)}" in text
    assert "276 Js 1184/26" in text and "Staatsanwaltschaft Berlin (DE)" in text
    assert "Subscriber data; Traffic data" in text
    [record] = letter.production.manifest
    assert record["name"] in text and record["sha256"][:32] in text.replace(" ", "")
    assert "Article 13(4)" in text and "keep the order and the data produced confidential" in text
    assert "Federal Rules of Evidence" not in text  # not the US certificate
    status = signature_status(rendered.pdf, settings.LERQ_SIGNING_CERT)
    assert status.intact and status.bottom_line, status.pretty_print_details()


def test_an_epocs_production_package_carries_the_article_10_letter():
    r = approved(Kind.EU_PRODUCTION_ORDER, produced=True, **{**CERTIFICATE, **FRENCH})
    production = r.productions.get()

    with default_storage.open(production.zip.name) as f, zipfile.ZipFile(f) as package:
        text = pdf_text(package.read("certificate.pdf"))

    assert "Règlement (UE) 2023/1543, article 10 : production des données demandées" in text
    assert "certificat d'injonction européenne de production (EPOC)" in text
    assert "Données relatives aux abonnés" in text  # the record's category, in French
    assert production.manifest[0]["sha256"][:32] in text.replace(" ", "")


def test_every_word_of_the_eu_letters_is_there_in_every_language():
    for language in LANGUAGES:
        assert set(DATA_CATEGORIES[language]) == set(DataCategory.values), language
        assert set(ORDER_TITLES[language]) == {"EPOC", "EPOC-PR"}, language
    for language, words in RECORD_CATEGORIES.items():
        assert set(words) == set(RecordCategory.values), language


def test_a_subpoenas_letters_stay_the_us_ones():
    r = request_in("preserved", Kind.PRESERVATION)
    [letter] = _preservation_letters(r)

    assert render_kind(letter) == "preservation"
    assert "Regulation (EU)" not in pdf_text(_rendered(letter).pdf)


@pytest.mark.parametrize("kind", ["eu_preservation", "eu_disclosure"])
def test_letter_preview_renders_the_eu_letters(kind, tmp_path):
    out = tmp_path / f"{kind}.pdf"
    stdout = StringIO()

    call_command("letter_preview", kind, str(out), stdout=stdout)

    assert "Regulation (EU) 2023/1543" in pdf_text(out.read_bytes())
