"""The request kind comes from the legal basis, with the words and the part that decided it;
an emergency is recognised from the body in every language the reader supports."""

import pytest

from intake.extraction import extract_document, kind
from intake.extraction.document import Document, Section


@pytest.mark.parametrize(
    ("text", "foreign", "expected"),
    [
        # Withholding, removal and blocking are access restrictions, not interception.
        (
            "Pursuant to the court's decision, please withhold the content listed below from "
            "users in Germany.",
            "DE",
            "access_restriction",
        ),
        (
            "The Ministry of Electronics directs you to block for access by the public the URLs "
            "in the annexure within 36 hours.",
            "IN",
            "access_restriction",
        ),
        (
            "L'office central vous demande de retirer les contenus accessibles aux adresses "
            "ci-dessous, faisant l'apologie du terrorisme.",
            "FR",
            "access_restriction",
        ),
        (
            "Se ordena el bloqueo de las publicaciones indicadas en el anexo.",
            "ES",
            "access_restriction",
        ),
        (
            "Если владелец сайта не удалит запрещенную информацию, доступ будет ограничен.",
            None,
            "access_restriction",
        ),
        ("Please take the repository down as soon as possible.", None, "access_restriction"),
        # A terrorism article is not interception: the request is for stored data.
        (
            "Enquête pour provocation directe à un acte de terrorisme (article 421-2-5 du code "
            "pénal). Merci de nous communiquer l'identité du titulaire du compte.",
            "FR",
            "international",
        ),
        (
            "Ermittlungsverfahren wegen § 129a StGB: bitte teilen Sie uns die Bestandsdaten "
            "des Kontos mit.",
            None,
            "international",
        ),
        # Interception is live or prospective access, in whatever language.
        ("Solicita-se o espelhamento em tempo real das mensagens da conta.", "BR", "interception"),
        ("Nous requérons la transmission en temps réel des communications.", "FR", "interception"),
        ("We require prospective collection of the account's IP log-ins.", None, "interception"),
        # A foreign data request that also mentions removal stays international.
        (
            "Under the MLAT, please disclose the subscriber data; removal of the content is a "
            "matter for you.",
            "GB",
            "international",
        ),
        # Preserving and asking not to delete is preservation.
        (
            "Please preserve the account under 18 U.S.C. 2703(f). Please preserve its content "
            "and do not take it down or notify the user.",
            None,
            "preservation",
        ),
        # A National Security Letter is an administrative subpoena.
        (
            "Pursuant to Title 18, United States Code, Section 2709, you are directed to provide "
            "the subscriber's records.",
            None,
            "subpoena",
        ),
    ],
)
def test_the_kind_comes_from_the_legal_basis(text, foreign, expected):
    found, evidence = kind.classify(text, foreign=foreign)
    assert found == expected
    assert evidence and all(item["words"] for item in evidence)


def test_the_evidence_names_the_part_the_words_stand_in():
    doc = Document(
        subject="Request concerning account 4471",
        sections=[
            Section("Hello, please see the attached letter.", "body"),
            Section(
                "Attached is a search warrant signed by the judge. It is not a request for "
                "real-time access.",
                "attachment",
                is_letter=True,
            ),
        ],
    )
    extraction = extract_document(doc)
    assert extraction.fields["kind"] == "search_warrant"
    assert extraction.kind_evidence[0] == {"words": "search warrant", "part": "attachment 1"}
    assert extraction.kind_phrases[0] == "search warrant"


def test_removal_words_in_the_subject_are_named_as_the_subject():
    doc = Document(
        subject="Request for removal of content",
        sections=[Section("The posts at the addresses below defame our client.", "body")],
    )
    extraction = extract_document(doc)
    assert extraction.fields["kind"] == "access_restriction"
    [evidence] = extraction.kind_evidence
    assert "removal" in evidence["words"]
    assert evidence["part"] == "mail subject"


EMERGENCIES = {
    "en": "A 14-year-old girl told her friends she will end her life tonight and sent a photo "
    "of pills. Please give us the IP addresses and phone number of the account now.",
    "fr": "Une adolescente âgée de 16 ans a annoncé qu'elle allait mettre fin à ses jours "
    "cette nuit. Merci de nous communiquer les adresses IP et le numéro de téléphone du compte.",
    "de": "Ein 12-jähriges Kind wurde entführt und befindet sich in Lebensgefahr, der Täter "
    "will heute Nacht die Stadt verlassen. Bitte teilen Sie uns die IP-Adressen des Kontos mit.",
    "es": "Una menor de 13 años ha sido secuestrada y su vida corre un riesgo inminente. "
    "Solicitamos los datos de registro y las direcciones IP de la cuenta.",
    "it": "Un ragazzo di 15 anni ha minacciato il suicidio e il pericolo di vita è imminente. "
    "Vi chiediamo gli indirizzi IP e il numero di telefono dell'account.",
    "pt": "Uma criança de 9 anos foi raptada e há risco de vida iminente. Solicitamos os "
    "endereços IP e o número de telefone associados à conta.",
    "nl": "Een 16-jarige jongen dreigt vannacht zelfmoord te plegen. Wij verzoeken u ons de "
    "IP-adressen en het telefoonnummer van het account te verstrekken.",
}


@pytest.mark.parametrize("language", sorted(EMERGENCIES))
def test_an_emergency_is_recognised_from_the_body_in_every_language(language):
    doc = Document(subject="Urgent request", sections=[Section(EMERGENCIES[language], "body")])
    extraction = extract_document(doc)
    assert extraction.fields["kind"] == "emergency"
    emergency = extraction.fields["emergency"]
    assert emergency["present"] is True
    assert emergency["person_at_risk"]
    assert emergency["imminence"]
    assert all(item["part"] == "mail body" for item in extraction.kind_evidence)


@pytest.mark.parametrize(
    "text",
    [
        # A threat in the past, investigated at leisure.
        "We are investigating a threat to kill made in March 2024. Please produce the "
        "subscriber records under the attached subpoena by May 1, 2026.",
        # Content about suicide to be removed: a restriction, not an emergency.
        "The page at the address below promotes suicide; please remove the content.",
    ],
)
def test_danger_words_alone_are_not_an_emergency(text):
    extraction = extract_document(Document(sections=[Section(text, "body")]))
    assert extraction.fields["kind"] != "emergency"
    assert extraction.fields["emergency"]["present"] is False


@pytest.mark.parametrize(
    ("text", "foreign", "expected"),
    [
        # A 2703(d) order for records that mentions removal is still the order.
        (
            "IT IS HEREBY ORDERED under 18 U.S.C. 2703(d) that the provider disclose the "
            "records, including those of content that was taken down.",
            None,
            "court_order",
        ),
        # Asked not to delete, in French: a preservation under French law, so international.
        (
            "Nous vous demandons de conserver les données et de ne pas supprimer le compte, "
            "conformément au code de procédure pénale.",
            None,
            "international",
        ),
        # Messages that were deleted are data asked for, not a removal.
        (
            "Please provide all messages of the account, including messages that have been "
            "deleted.",
            "GB",
            "international",
        ),
        ("The offending posts must be removed within 24 hours.", "TR", "access_restriction"),
        # Removal as a word of the story, and Russian "remote", ask for no removal.
        (
            "Before the removal, the user sent threats; please provide the subscriber data.",
            "GB",
            "international",
        ),
        ("Просим предоставить данные об удаленном доступе к аккаунту.", "RU", "international"),  # noqa: RUF001
        # What the user already removed is history, not a request to remove.
        (
            "The content has been removed by the user; please provide the subscriber data.",
            "GB",
            "international",
        ),
    ],
)
def test_removal_words_do_not_outweigh_a_request_for_data(text, foreign, expected):
    assert kind.classify(text, foreign=foreign)[0] == expected


def test_imminence_said_of_something_else_is_not_an_emergency():
    text = (
        "This grand jury investigates a kidnapping that took place in 2019. "
        + "The records are described in the attachment. " * 10
        + "We would be grateful to receive them tonight."
    )
    extraction = extract_document(Document(sections=[Section(text, "body")]))
    assert extraction.fields["kind"] == "subpoena"
    assert extraction.fields["emergency"]["present"] is False


def test_an_overdose_reported_now_is_an_emergency_with_who_and_how_soon():
    text = (
        "The account holder wrote to a friend that she has already taken an overdose of her "
        "medication. We need her registered phone number and last IP address to send help."
    )
    extraction = extract_document(Document(sections=[Section(text, "body")]))
    assert extraction.fields["kind"] == "emergency"
    emergency = extraction.fields["emergency"]
    assert "account holder" in emergency["person_at_risk"]
    assert "already taken" in emergency["imminence"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Foreign procedure names the requesting state even when the sender's country is unknown.
        (
            "Réquisition judiciaire (article 60-1 du code de procédure pénale): veuillez nous "
            "communiquer l'identité de l'abonné.",
            "international",
        ),
        ("Rechtsgrundlage: § 100j StPO. Bitte übermitteln Sie die Bestandsdaten.", "international"),
        (
            "Al amparo del art. 588 ter m se solicita la identificación del titular.",
            "international",
        ),
        # Live access in the reader's languages is interception, wherever it comes from.
        ("El juez acuerda la intervención de las comunicaciones de la cuenta.", "interception"),
        ("Angeordnet ist die Überwachung der Telekommunikation des Anschlusses.", "interception"),
        ("The attached pen/trap order requires prospective location data.", "interception"),
    ],
)
def test_foreign_procedure_and_live_access_in_other_languages(text, expected):
    assert kind.classify(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our department suggests that your company delete the Falungong content at once.",
        "Orders the company, under Article 58(2) GDPR, to erase the following items.",
        "ingiunge di rimuovere o comunque rendere non accessibili le registrazioni",
        "да ограничи достъпа от територията на Република България до следните интерфейси",
        "下記の情報について送信防止措置（削除）等を講じていただきますようお願いします。",  # noqa: RUF001
        "Đề nghị Quý Công ty ngăn chặn, gỡ bỏ các nội dung nêu trên trong vòng 24 giờ.",
        "请删除以下链接。",
    ],
)
def test_removal_and_blocking_words_in_other_languages_are_access_restriction(text):
    assert kind.classify(text, foreign="XX")[0] == "access_restriction"


def test_a_request_in_another_language_than_english_is_international():
    text = "Žádáme o poskytnutí údajů o uživateli účtu uvedeného níže."
    found, evidence = kind.classify(text, language="cs")
    assert found == "international"
    assert evidence == [{"words": "request written in cs", "part": "the document"}]


def test_an_english_request_from_nowhere_known_is_not_international():
    assert kind.classify("Please provide the subscriber records.", language="en")[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "请提供该账号已删除的聊天记录。",
        "削除されたメッセージの記録を提供してください。",
        "삭제된 게시물의 기록을 제공하여 주시기 바랍니다.",
        "Prosimy o przekazanie danych, w tym usunięte wiadomości użytkownika.",
        "Просимо надати видалені повідомлення користувача.",
    ],
)
def test_deleted_messages_asked_for_are_not_a_removal(text):
    assert kind.classify(text, foreign="XX")[0] == "international"
