"""Targets as real requests write them (issue #17): the cases are the team's own, written in
the forms the real-document corpus showed, never copied from it."""

import pytest

from intake.extraction import targets


def found(text: str, excluded: set[str] | None = None) -> set[tuple[str, str]]:
    """The identifiers found, as the lawyer searches them (type and grouping aside)."""
    return {
        (k, v)
        for t in targets.find_targets(
            text, excluded_emails=excluded or set(), relay_ips=set(), order="DMY"
        )
        for k, v in t.items()
        if k != "type"
    }


@pytest.mark.parametrize(
    ("text", "user_id"),
    [
        ("la cuenta con ID de usuario 4410928371.", "4410928371"),
        ("  - ID de usuário: 7781230045\n", "7781230045"),
        ("  - ID de utilizador: 551902837\n", "551902837"),
        ("  - identifiant utilisateur : 6620193384\n", "6620193384"),
        ("  - Usuario: @pinar_norte_12\n", "@pinar_norte_12"),
        ("(nom d'utilisateur : loire_vendeur_44)", "loire_vendeur_44"),
        ("Benutzername: nachtfalke_77\n", "nachtfalke_77"),
        ("Earlier tonight the user ridge_runner_9 sent her a threat.", "ridge_runner_9"),
    ],
)
def test_a_user_id_after_its_label_in_any_language(text, user_id):
    assert ("user_id", user_id) in found(text)


def test_an_ordinary_word_after_a_label_is_no_user_id():
    assert (
        found("Le titulaire est l'usuario investigado; the user who posted it is unknown.") == set()
    )


def test_a_fediverse_handle_is_a_user_id_not_an_address():
    text = "identifier l'utilisateur du compte @nuit_rouge@social.exemple.org, notamment"
    assert found(text) == {("user_id", "@nuit_rouge@social.exemple.org")}


def test_account_numbers_written_the_ways_abroad_write_them():
    text = (
        "pour le compte identifié par le numéro 5566778899001122334 (nom d'utilisateur : x_y_z)\n"
        "  - Número de cuenta: 71-2291-55012\n"
    )
    numbers = {v for k, v in found(text) if k == "account_number"}
    assert numbers == {"5566778899001122334", "71-2291-55012"}


def test_a_list_of_handles_after_associated_with():
    text = (
        "information for each account registered to or associated with harbor_gull; "
        "mossline; and peat_fire_3 for the time period January 1, 2024 to present"
    )
    assert {v for k, v in found(text) if k == "user_id"} == {
        "harbor_gull",
        "mossline",
        "peat_fire_3",
    }


def test_a_sentence_after_associated_with_is_no_list_of_handles():
    assert found("records for the account associated with the suspect in this case") == set()


def test_phone_numbers_named_as_the_accounts_but_never_the_agents():
    text = (
        "records associated with the account registered to telephone number (415) 555-0199.\n"
        "Telephone numbers:\n\n     1.  (707) 555-0101\n     2.  (707) 555-0102\n\n"
        "Contact Detective Ames at (415) 555-0123.\n"
    )
    phones = {v for k, v in found(text) if k == "user_id"}
    assert phones == {"(415) 555-0199", "(707) 555-0101", "(707) 555-0102"}


@pytest.mark.parametrize(
    "signature",
    [
        "Contact the officer in charge, Sgt. Ana Ruiz, teléfono +34 91 000 1122, correo\n"
        "electrónico anaruiz@guardia.example.es.",
        "Fdo.: Subinspector Luis Mora\nTel.: 963 00 11 22 ext. 31\nluis.mora@cuerpo.example.es",
        "   Telephone number   | +31 88 000 1100\n   E-mail address     | p.bakker@team.example.nl",
        "Sent by e-mail to lawenforcement@provider.example.com",
    ],
)
def test_the_agents_own_address_is_never_a_target(signature):
    text = "Please preserve the account of pine.cone.88@gmail.com.\n\n" + signature
    assert found(text) == {("email", "pine.cone.88@gmail.com")}


def test_an_account_address_claimed_elsewhere_is_still_the_accounts():
    """Another finder may take the account's address for the agent's: labelled as the
    account's, it stays a target."""
    text = "following account:\n    Account e-mail: dune.walker@icloud.com\n"
    assert found(text, excluded={"dune.walker@icloud.com"}) == {("email", "dune.walker@icloud.com")}


def test_ips_asked_for_with_their_time_not_ips_in_the_story():
    asked = "the account that used IP address 198.51.100.7 on 02/03/2026 at 14:07 UTC"
    story = (
        "The school's logs show the messages were sent from 203.0.113.9.\n\n"
        "Produce the subscriber records."
    )
    assert found(asked) == {("ip", "198.51.100.7")}
    assert found(story) == set()


def test_a_takedown_names_the_urls_of_the_content_only():
    text = (
        "Следует удалить информацию / please remove the content at\n"
        "  1. https[:]//codehost[.]example/ember-fox/tools/blob/main/kit.md\n"
        "  2. https://ember-fox.pages.example/leaflet/\n"
        "The register is at http://registry.agency.gov.ru/en/ and our app at\n"
        "https://play.google.com/store/apps/details?id=org.agency.app\n"
    )
    urls = {v for k, v in found(text) if k == "url"}
    assert urls == {
        "https://codehost.example/ember-fox/tools/blob/main/kit.md",
        "https://ember-fox.pages.example/leaflet/",
    }


def test_a_request_for_data_names_no_url_of_content():
    text = "Please provide subscriber data; see https://codehost.example/ember-fox for context."
    assert {k for k, _ in found(text)} == set()


def test_quoted_user_names_in_a_takedown():
    text = "the two users 'moth-lamp' and 'quiet-orchard' publish it. Please delete the links."
    assert {v for k, v in found(text) if k == "user_id"} == {"moth-lamp", "quiet-orchard"}


def test_a_user_id_beside_a_meeting_word_is_not_a_meeting_id():
    text = "obscene content shown in video meetings; produce data for the user ID 4401239987:"
    assert found(text) == {("user_id", "4401239987")}


def test_a_meeting_with_its_host_and_time_in_spanish_and_in_a_table():
    spanish = (
        "    ID de reunión: 812 3301 4477 (anfitrión: luna.rio@gmail.com, 11/02/2027 a\n"
        "    las 22:00 CET)"
    )
    table = (
        "   |   meeting ID: 934 1100 2200, hosted by\n"
        "   |   quiet.forge@tutanota.com on 04/11/2026 21:00 CET"
    )
    assert found(spanish) >= {
        ("meeting_id", "812 3301 4477"),
        ("host_email", "luna.rio@gmail.com"),
        ("meeting_time", "2027-02-11T22:00"),
    }
    assert ("host_email", "quiet.forge@tutanota.com") in found(table)


def test_a_registration_url_keeps_its_host():
    text = (
        "registration page https://meet.example/webinar/register/WN_x1 - host e-mail\n"
        "  h.m@proton.me"
    )
    assert found(text) == {
        ("url", "https://meet.example/webinar/register/WN_x1"),
        ("host_email", "h.m@proton.me"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Provide the names of every user of the chat room who joined in May.",
        "facilitar los datos de todos los usuarios conectados desde Madrid",
        "fornire i dati di tutti gli utenti della piattaforma",
    ],
)
def test_an_overbroad_request_is_recognised(text):
    assert targets.is_overbroad(text)


@pytest.mark.parametrize(
    ("text", "user_id"),
    [
        ("identify the holder of the account @harbor_lights_7 since March", "@harbor_lights_7"),
        ("la titular de la cuenta @sol_de_tarde publicó", "@sol_de_tarde"),
        ("the account mill_pond_22 was opened in 2025", "mill_pond_22"),
    ],
)
def test_a_handle_beside_an_account_word(text, user_id):
    assert ("user_id", user_id) in found(text)


def test_a_preservation_letter_that_says_do_not_delete_names_no_url():
    text = (
        "Please preserve and do not delete the records of user ID 7712093344.\n"
        "Website: https://sheriff-county.example.org/cyber\n"
    )
    assert found(text) == {("user_id", "7712093344")}


def test_the_senders_own_site_is_not_content_to_remove():
    text = (
        "Please remove https://paste.example.net/raw/Qw12 at once.\n"
        "Cyber Unit, https://cyber-unit.example.org/contact\n"
    )
    urls = {v for k, v in found(text, excluded={"duty@cyber-unit.example.org"}) if k == "url"}
    assert urls == {"https://paste.example.net/raw/Qw12"}


@pytest.mark.parametrize(
    "signature",
    [
        "Kind regards,\n\nInspector Tomas Berg\nCyber Unit\nt.berg@cyberunit.example.se",
        "Detective Jane Roe\njroe@cityx-police.example.org",
    ],
)
def test_the_address_in_a_signature_or_under_the_agents_name_is_not_a_target(signature):
    text = "Please preserve the account of pine.cone.88@gmail.com.\n\n" + signature
    assert found(text) == {("email", "pine.cone.88@gmail.com")}


def test_an_account_address_below_a_name_stays_a_target():
    text = "Subscriber: Mary Lee\nAccount: marylee77@gmail.com\n"
    assert found(text) == {("email", "marylee77@gmail.com")}


@pytest.mark.parametrize(
    "text",
    [
        "This geofence warrant covers location history in the area below.",
        "Identify all accounts that searched for the victim's address, and devices that were "
        "located within 150 meters.",
    ],
)
def test_geofence_and_keyword_requests_are_overbroad(text):
    assert targets.is_overbroad(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Kundennummer: KD-4471209 (Vertrag seit 2024)", "KD-4471209"),
        ("numéro de client : 88120455", "88120455"),
        ("número de cliente 3301-7782", "3301-7782"),
        ("Account ID:     55120448", "55120448"),
    ],
)
def test_customer_and_account_numbers_abroad(text, number):
    assert ("account_number", number) in found(text)


def test_a_meeting_with_an_organiser_in_french():
    text = "ID de réunion : 845 2210 9931, organisateur : ete.bleu@gmail.com, le 03/04/2026 à 20h30"
    assert found(text) >= {
        ("meeting_id", "845 2210 9931"),
        ("host_email", "ete.bleu@gmail.com"),
        ("meeting_time", "2026-04-03T20:30"),
    }


def test_urls_defanged_the_ways_threat_reports_write_them_are_targets_in_usable_form():
    text = (
        "Please remove the malicious content hosted at:\n"
        "- hxxps[://]codehost[dot]example/lamp-owl/dropper/raw/main/run.ps1\n"
        "- hxxp://files(.)example/lamp-owl/payload.zip\n"
        "- h**ps://cdn{.}example/lamp-owl/\n"
    )
    urls = {v for k, v in found(text) if k == "url"}
    assert urls == {
        "https://codehost.example/lamp-owl/dropper/raw/main/run.ps1",
        "http://files.example/lamp-owl/payload.zip",
        "https://cdn.example/lamp-owl/",
    }
