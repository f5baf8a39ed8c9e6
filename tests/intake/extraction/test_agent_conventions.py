"""The agent in signature and contact conventions of several countries."""

import pytest

from intake.extraction import people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Firmado digitalmente por:\nDR. ANDRÉS TOMÁS VILLAR\nFiscal\n", "ANDRÉS TOMÁS VILLAR"),
        (
            "Enquêteur chargé du dossier :\nINP Luc Verhaegen (matricule 2411)\nTél. : 02 743\n",
            "Luc Verhaegen",
        ),
        ("PART C - APPROPRIATE OFFICER\nDS 2289 Nia OKAFOR, Regional Unit\n", "Nia OKAFOR"),
        ("Fdo.: Subinspector D. Álvaro Ruiz Ferrer\n", "Álvaro Ruiz Ferrer"),
        ("Ankara            Bilgi için: Deniz KAYA, Uzman\n", "Deniz KAYA"),
    ],
)
def test_the_agent_is_read_from_labels_and_marks_of_many_countries(text, expected):
    assert people.find_agent_name(text) == expected


def test_a_post_is_not_a_name():
    assert (
        people.find_agent_name("Yours faithfully,\nStation House Officer\nCyber Police Station\n")
        is None
    )


def test_a_judge_whose_title_stands_under_a_rule_does_not_sign_as_agent():
    text = (
        "It is so ordered.\n\n"
        + " " * 36
        + "/s/ Ruth A. Calder\n"
        + " " * 36
        + "_" * 32
        + "\n"
        + " " * 36
        + "United States Magistrate Judge\n"
    )

    assert people.find_agent_name(text) is None
