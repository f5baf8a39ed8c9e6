"""The agent's e-mail: the officer's labelled address or the mailbox the answer is to go to,
never the account's address listed among the data asked for."""

from intake.extraction.contact import find_agent_email


def test_an_accounts_labelled_address_is_not_the_agents():
    text = (
        "Account e-mail: some.user@icloud.com\n\n"
        "Det. Sgt Simon Holloway\nE: hollsim@police.example.gov.au\n"
    )

    found = find_agent_email(
        text, sender="hollsim@police.example.gov.au", ours=set(), agent_name="Simon Holloway"
    )

    assert found == "hollsim@police.example.gov.au"


def test_the_mailbox_the_answer_goes_to_is_the_agents_address():
    text = (
        "      - Conta de e-mail: consorcio.teste@gmail.com\n\n"
        "As informações deverão ser encaminhadas ao e-mail cyber.unit@policia.example.gov.br.\n"
    )

    assert find_agent_email(text, sender=None, ours=set(), agent_name=None) == (
        "cyber.unit@policia.example.gov.br"
    )


def test_an_address_in_a_list_of_the_accounts_data_is_not_a_label():
    text = "Datos de la cuenta:\n  - Correo electrónico: cuenta.falsa@hotmail.es\n"

    assert find_agent_email(text, sender=None, ours=set(), agent_name=None) is None
