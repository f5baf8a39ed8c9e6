# ruff: noqa: RUF001 - Cyrillic quoted as written
"""The agency is recognised by organisation words in many languages (a dictionary, not names),
and, in a mail that names no organisation elsewhere, by the From display name."""

from intake.extraction import agency, people


def test_a_prosecution_office_letterhead_is_the_agency_not_a_prosecutors_title():
    letter = "Staatsanwaltschaft Talstadt\nAbteilung Cybercrime\n\nSehr geehrte Damen und Herren,\n"

    assert agency.find_agency(letter, [letter]) == "Staatsanwaltschaft Talstadt"


def test_a_regulators_name_under_a_russian_closing_is_the_agency():
    text = (
        "Настоящим направляем уведомление.\n\nС уважением,\n"
        "ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ СВЯЗИ, ИНФОРМАЦИОННЫХ ТЕХНОЛОГИЙ И МАССОВЫХ "
        "КОММУНИКАЦИЙ.\n"
    )

    assert agency.find_agency(text, [], None, (text,)) == (
        "ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ СВЯЗИ, ИНФОРМАЦИОННЫХ ТЕХНОЛОГИЙ И МАССОВЫХ "
        "КОММУНИКАЦИЙ"
    )


def test_an_association_signing_a_mail_is_the_agency_and_not_the_agent():
    text = "Please delete the links.\nThanks,\nNorthgate Internet Industry Association\n"

    assert agency.find_agency(text, [], None, (text,)) == (
        "Northgate Internet Industry Association"
    )
    assert people.find_agent_name(text) is None


def test_the_from_display_name_of_an_organisation_is_the_agency_when_nothing_else_names_one():
    text = "Dear team,\nplease remove the content below.\nRegards\n"

    assert agency.find_agency(text, [], None, (text,), sender_name="NorthCERT") == "NorthCERT"
    assert agency.find_agency(text, [], None, (text,), sender_name="Dana Holt") is None


def test_a_unit_under_the_agents_name_gives_way_to_the_agencys_letterhead():
    letter = (
        "LAKEVIEW COUNTY SHERIFF'S OFFICE\nCriminal Investigations\n\nPlease preserve.\n\n"
        "Detective Dana R. Holt, ID #1206\nCriminal Investigations Division\n"
    )

    assert agency.find_agency(letter, [letter], "Dana R. Holt") == (
        "LAKEVIEW COUNTY SHERIFF'S OFFICE"
    )


def test_a_courts_caption_wrapped_over_two_lines_is_read_whole_without_in_the():
    order = (
        "IN THE UNITED STATES DISTRICT COURT FOR THE\nNORTHERN DISTRICT OF TALSTADT\n\n"
        "ORDER\n\nIt is ordered that the provider disclose the records.\n"
    )

    assert agency.find_agency(order, [order]) == (
        "UNITED STATES DISTRICT COURT FOR THE NORTHERN DISTRICT OF TALSTADT"
    )


def test_a_label_and_a_title_before_the_organisation_are_not_part_of_it():
    text = "Requerente: Delegado de Polícia - DEIC Talstadt\n"

    assert agency.find_agency(text, [text]) == "DEIC Talstadt"
