"""The date the agency asks for an answer, in the further ways orders, subpoenas and French
requisitions write it; the letter's own date is never it."""

from datetime import date

import pytest

from intake.extraction import contact


@pytest.mark.parametrize(
    ("text", "order", "language", "expected"),
    [
        ("Réponse attendue pour le 20 octobre 2017 à : enqueteur@interieur.gouv.fr", "DMY", "fr",
         date(2017, 10, 20)),
        ("Please provide the records no\nlater than October 14, 2016. Records may be sent by "
         "e-mail.", "MDY", "en", date(2016, 10, 14)),
        ("YOU ARE HEREBY COMMANDED to be and appear before the Grand Jury, 1201 Franklin "
         "Street, Houston, Texas 77002, on the 18th day of September, 2023, at 9:00 o'clock A.M.",
         "MDY", "en", date(2023, 9, 18)),
        ("In lieu of appearing on June 30, 2025 you may send the records to me.", "MDY", "en",
         date(2025, 6, 30)),
        ("Halyard shall, within ten days of the date of this Order, disclose the records.\n\n"
         "DATED this 11th day of June, 2020.\n", "MDY", "en", date(2020, 6, 21)),
        ("Twitter will, within three days of the date of this Order, turn over the records.\n"
         "Date: December 14, 2010\n", "MDY", "en", date(2010, 12, 17)),
        ("Within ten days of service of this subpoena produce the records.\nDated: March 3, "
         "2026\n", "MDY", "en", None),
    ],
)  # fmt: skip
def test_the_response_date_in_the_ways_orders_and_requisitions_write_it(
    text, order, language, expected
):
    assert contact.find_response_date(text, order=order, language=language) == expected


@pytest.mark.parametrize(
    ("country", "language", "order"),
    [("US", "en", "MDY"), (None, "en", "MDY"), ("GB", "en", "DMY"), ("US", "es", "DMY"),
     ("FR", "fr", "DMY")],
)  # fmt: skip
def test_a_letter_not_in_english_writes_the_day_first_even_with_a_us_address_in_it(
    country, language, order
):
    assert contact.date_order(country, language) == order
