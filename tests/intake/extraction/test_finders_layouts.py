"""The agent and agency on layouts unlike the team's own letters: labels in other languages and
table cells, a contact sentence, a recital in a warrant, "on behalf of" closings."""

import pytest

from intake.extraction import agency, badge, contact, people


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

    assert agency.find_agency(text, [], "Mira Halvorsen") == "Northgate Police Service"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inspector Jefe, Carné profesional n.º 204.118\n", "204.118"),
        ("Ispettore Sara Villa (matricola 558213), tel. 02 1234\n", "558213"),
        ("   Staff number                      | 7730415\n", "7730415"),
        ("(Rita Gomes Prata - n.º mecanográfico 38810)\n", "38810"),
        ("Delegado de Polícia - RG 22.918.340-7\n", "22.918.340-7"),
        ("Applicant:      DC 2290KM Aled Pryce, Metropolitan Police Service\n", "2290KM"),
        ("Staff ID: EUR-CT-0098\n", "EUR-CT-0098"),
    ],
)
def test_the_badge_is_read_under_the_names_other_services_give_it(text, expected):
    assert badge.find_badge(text) == expected


def test_a_header_printed_in_columns_gives_the_agency_column():
    letter = "Polizeidirektion Talstadt                      SACHSEN\nKriminalinspektion\n"

    assert agency.find_agency(letter, [letter]) == "Polizeidirektion Talstadt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jefatura\nC/ Mayor de Triana, 14 - 41010 Sevilla\n",
            "C/ Mayor de Triana, 14 - 41010 Sevilla",
        ),
        ("Comisaría\nAvda. del Puerto, 9, 46023 Valencia\n", "Avda. del Puerto, 9, 46023 Valencia"),
        ("Parquet\nRue des Tanneurs 18B, 1000 Bruxelles\n", "Rue des Tanneurs 18B, 1000 Bruxelles"),
        ("Politie\nKanaalkade 12, 1012 AB Amsterdam\n", "Kanaalkade 12, 1012 AB Amsterdam"),
        (
            "Kurum\nAkasya Sokak No:7 06500 Çankaya/Ankara        Bilgi için: Ece Tan\n",
            "Akasya Sokak No:7 06500 Çankaya/Ankara",
        ),
        (
            "Hôtel de Police \u2013 12, rue Garibaldi \u2013 69003 LYON\n",
            "Hôtel de Police \u2013 12, rue Garibaldi \u2013 69003 LYON",
        ),
    ],
)
def test_street_addresses_are_read_as_other_countries_write_them(text, expected):
    assert contact.find_address(text)[0] == expected


def test_a_prosecutors_office_in_the_agents_block_is_the_agency():
    text = (
        "coordinate with:\n\n     Investigator Dana R. Holt, Badge No. 4127\n"
        "     Brazos County District Attorney's Office, Special Crimes Bureau\n"
        "     (555) 274-5800\n"
    )

    assert agency.find_agency(text, [], "Dana R. Holt") == (
        "Brazos County District Attorney's Office, Special Crimes Bureau"
    )


def test_a_signature_with_an_initial_takes_the_first_name_printed_for_the_same_person():
    text = "Signed: R. Adeyemi\nDC 2290KM Rotimi ADEYEMI\n"

    assert people.find_agent_name(text) == "Rotimi Adeyemi"


def test_the_agency_follows_the_agents_name_even_where_the_name_wraps_a_line():
    text = (
        "Records may be delivered to Detective Marisol K.\n"
        "Ferreira, Lakeview Police Department, 12 Shore Road, Lakeview, CA\n95001.\n"
    )

    assert agency.find_agency(text, [], "Marisol K. Ferreira") == "Lakeview Police Department"
