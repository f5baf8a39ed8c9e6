"""The agent and agency on layouts unlike the team's own letters: labels in other languages and
table cells, a contact sentence, a recital in a warrant, "on behalf of" closings."""

import pytest

from intake.extraction import people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Aktenzeichen: 12/34\n   Bearbeiterin: KOK'in Johanna Feldberg\n\nText.\n\n"
            "Mit freundlichen Grüßen\nIm Auftrag\n\ngez. Feldberg\n",
            "Johanna Feldberg",
        ),
        ("Mit freundlichen Grüßen\nIm Auftrag\n\nKriminalpolizei Talstadt\n", None),
        (
            "Requesting officer (name and title): Lorna T. Whitcombe, Detective\n",
            "Lorna T. Whitcombe",
        ),
        (
            "   Person in charge of the request   | Inspector Piet van Dommelen\n",
            "Piet van Dommelen",
        ),
        ("Solicitamos a preservação.\n\nAssinado: Joana Lobo Trindade\n", "Joana Lobo Trindade"),
        (
            "Per ogni chiarimento è possibile contattare l'Ispettore Superiore Luca Benvenuti "
            "al numero indicato.",
            "Luca Benvenuti",
        ),
        (
            "WHEREAS, Detective Harold P. Quist, Badge 0412, of the Lakeside Police Department, "
            "has applied for a warrant,",
            "Harold P. Quist",
        ),
        ("Signé : Commandant de police Odile FERRAND\n", "Odile FERRAND"),
    ],
)
def test_the_agent_is_read_from_labels_sentences_and_signatures_of_other_layouts(text, expected):
    assert people.find_agent_name(text) == expected


def test_the_agency_beside_the_agents_name_is_the_organisation_without_its_preposition():
    text = (
        "Constable Mira Halvorsen of the Northgate Police Service, 40 Carden Street, Northgate, "
        "on or before the date below.\n"
    )

    assert people.find_agency(text, [], "Mira Halvorsen") == "Northgate Police Service"
