"""The agent's telephone number as the letter prints it (a reviewer calls back what is printed),
its extension in the letter's own words, and the officer's line rather than a switchboard, a
fax or the number the request is about."""

import pytest

from bench.extract import same
from intake.extraction.phone import find_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tel: (217) 555-0143 ext. 204", "(217) 555-0143 ext. 204"),
        ("Phone: 614-555-0136 x7", "614-555-0136 x7"),
        ("Tel: 020 7946 0153 ext 4471", "020 7946 0153 ext 4471"),
        ("Tél. : 01 53 71 54 26", "01 53 71 54 26"),
        ("Tél. : +33 4 72 00 12 34", "+33 4 72 00 12 34"),
        ("Tél. : 04 78 78 41 40 poste 2317", "04 78 78 41 40 poste 2317"),
        ("Telefone: (11) 2221-7030 ramal 214", "(11) 2221-7030 ramal 214"),
        ("Telefon: 0221 229-4719 App. 2", "0221 229-4719 App. 2"),
        ("Telefon: +49 221 229 0, Durchwahl 4512", "+49 221 229 0, Durchwahl 4512"),
        ("Telefon: (0 216) 303 20 00 Dahili: 4471", "(0 216) 303 20 00 Dahili: 4471"),
        ("Tel.: +61 2 5126 0000 (ext. 48210)", "+61 2 5126 0000 (ext. 48210)"),
        ("Tel. +39 02 4386 6235 int. 12", "+39 02 4386 6235 int. 12"),
        ("Telephone number   | +31 88 662 4400 (ext. 218)", "+31 88 662 4400 (ext. 218)"),
        ("I can be reached at (412) 432-4000, extension 4417.", "(412) 432-4000, extension 4417"),
        ("Телефон: 8 (495) 987-68-00", "8 (495) 987-68-00"),
        ("T: (703) 246-7812  F: (703) 246-2199", "(703) 246-7812"),
    ],
)
def test_the_phone_is_returned_as_the_letter_prints_it(text, expected):
    assert find_phone(text) == expected


def test_an_extension_inside_a_bracket_of_words_is_kept():
    text = "Vous pouvez me joindre au 01 40 97 82 61 (permanence OFMIN, poste 3)."

    assert find_phone(text) == "01 40 97 82 61, poste 3"


@pytest.mark.parametrize(
    "text",
    [
        "Fax: 202-555-0199",
        "F: 202-555-0199",
        "Факс: +7 495 987-68-01",
        "On December 4, 2025 this office asked",
        "Case No. 2026-0412-8841 concerns the account.",
        "The relay 203.0.113.45 forwarded it.",
    ],
)
def test_what_is_not_the_agents_phone_is_not_read(text):
    assert find_phone(text) is None


def test_a_fax_on_the_same_line_is_never_the_phone():
    assert find_phone("Fax: (703) 246-2199   Tel: (703) 246-7812") == "(703) 246-7812"


def test_the_officers_line_near_their_details_wins_over_the_letterhead_switchboard():
    text = (
        "GARDA NATIONAL CYBER CRIME BUREAU\nHarcourt Square, Dublin 2\nTel: +353 1 666 3700\n\n"
        "Please preserve the account.\n\nDetective Garda Aoife Byrne\nTel: +353 1 666 3712\n"
        "aoife.byrne@garda.ie\n"
    )

    assert find_phone(text, agent=["aoife.byrne@garda.ie", "Byrne"]) == "+353 1 666 3712"


def test_a_switchboard_or_dispatch_line_loses_to_the_officers_own():
    text = (
        "You can reach me on my cruiser phone at (802) 555-0117 or through the barracks\n"
        "dispatch, (802) 878-7111, around the clock.\n\nTrooper Dana Kell\n"
    )

    assert find_phone(text, agent=["Kell"]) == "(802) 555-0117"


def test_the_desk_line_with_its_extension_wins_over_a_cell():
    text = "Sgt. Omar Haddad\nDesk: 480-555-0182 ext 7\nCell: 480-555-0199\nohaddad@mesaaz.gov\n"

    assert find_phone(text, agent=["ohaddad@mesaaz.gov"]) == "480-555-0182 ext 7"


def test_the_number_the_request_is_about_is_not_the_agents():
    text = (
        "Records of the Signal account registered to telephone number (408) 555-0163.\n\n"
        "Det. A. Solano, 2180 Walsh Avenue, Santa Clara, CA 95050, (408) 615-4812\n"
    )

    assert find_phone(text, not_numbers=["(408) 555-0163"]) == "(408) 615-4812"


@pytest.mark.parametrize(
    ("label", "read", "right"),
    [
        ("(213) 555-0142 ext. 31", "+1 213-555-0142 ext. 31", True),
        ("01 53 71 54 26", "+33 1 53 71 54 26", True),
        ("(0 216) 303 20 00 Dahili: 4471", "+90 216 303 20 00 ext. 4471", True),
        ("01 53 71 54 26", "01 53 71 54 27", False),
        ("(213) 555-0142 ext. 31", "(213) 555-0142", False),
    ],
)
def test_the_bench_counts_one_number_however_it_is_printed(label, read, right):
    assert same("phone", label, read) is right
