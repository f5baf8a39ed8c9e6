"""EU certificates (Regulation (EU) 2023/1543) are recognised by their titles in seven
languages as European Production or Preservation Orders, and their issuing State, data
categories, emergency and notification of the enforcing authority are read."""

import pytest

from intake.extraction import eu_certificate
from intake.extraction.kind import classify

TITLES = [
    ("en", "EUROPEAN PRODUCTION ORDER CERTIFICATE (EPOC)", "eu_production_order"),
    ("en", "EUROPEAN PRESERVATION ORDER CERTIFICATE (EPOC-PR)", "eu_preservation_order"),
    ("fr", "CERTIFICAT D'INJONCTION EUROPÉENNE DE PRODUCTION (EPOC)", "eu_production_order"),
    ("fr", "CERTIFICAT D'INJONCTION EUROPÉENNE DE CONSERVATION (EPOC-PR)", "eu_preservation_order"),
    ("de", "ZERTIFIKAT ÜBER EINE EUROPÄISCHE HERAUSGABEANORDNUNG (EPOC)", "eu_production_order"),
    (
        "de",
        "ZERTIFIKAT ÜBER EINE EUROPÄISCHE SICHERUNGSANORDNUNG (EPOC-PR)",
        "eu_preservation_order",
    ),
    ("es", "CERTIFICADO DE ORDEN EUROPEA DE PRODUCCIÓN (EPOC)", "eu_production_order"),
    ("es", "CERTIFICADO DE ORDEN EUROPEA DE CONSERVACIÓN (EPOC-PR)", "eu_preservation_order"),
    ("it", "CERTIFICATO DI ORDINE EUROPEO DI PRODUZIONE (EPOC)", "eu_production_order"),
    ("it", "CERTIFICATO DI ORDINE EUROPEO DI CONSERVAZIONE (EPOC-PR)", "eu_preservation_order"),
    ("pt", "CERTIFICADO DE INJUNÇÃO EUROPEIA DE PRODUÇÃO (EPOC)", "eu_production_order"),
    ("pt", "CERTIFICADO DE INJUNÇÃO EUROPEIA DE CONSERVAÇÃO (EPOC-PR)", "eu_preservation_order"),
    ("nl", "CERTIFICAAT VOOR EEN EUROPEES VERSTREKKINGSBEVEL (EPOC)", "eu_production_order"),
    ("nl", "CERTIFICAAT VOOR EEN EUROPEES BEWARINGSBEVEL (EPOC-PR)", "eu_preservation_order"),
]


@pytest.mark.parametrize(("language", "title", "kind"), TITLES)
def test_a_certificate_is_recognised_by_its_title(language, title, kind):
    text = f"{title}\n\nSection A: Issuing authority ...\nTarget: kim.doe@example.org\n"

    found, evidence = classify(text)

    assert found == kind, language
    assert evidence[0]["words"] in title


def test_the_regulation_with_an_orders_name_is_enough():
    text = (
        "Pursuant to Regulation (EU) 2023/1543, this European Production Order requires you "
        "to produce the subscriber data of kim.doe@example.org."
    )
    assert classify(text)[0] == "eu_production_order"


def test_a_preservation_that_announces_a_production_order_is_a_preservation():
    text = (
        "EUROPEAN PRESERVATION ORDER CERTIFICATE (EPOC-PR)\n"
        "A European Production Order will follow. Regulation (EU) 2023/1543."
    )
    assert classify(text)[0] == "eu_preservation_order"


def test_an_emergency_certificate_stays_an_eu_order_not_an_emergency_request():
    text = (
        "EUROPEAN PRODUCTION ORDER CERTIFICATE (EPOC)\n"
        "[x] Emergency case: imminent threat to the life of a person.\n"
    )
    assert classify(text)[0] == "eu_production_order"


def test_a_us_subpoena_is_not_an_eu_order():
    text = "GRAND JURY SUBPOENA. You are commanded to produce the records of the account."
    assert classify(text)[0] == "subpoena"


def test_the_issuing_state_categories_emergency_and_notification_are_read():
    text = (
        "EUROPEAN PRODUCTION ORDER CERTIFICATE (EPOC)\n"
        "Issuing State: France\n"
        "[x] subscriber data\n[ ] data requested for the sole purpose of identifying the user\n"
        "[x] traffic data\n[ ] content data\n"
        "☒ Emergency case\n"
        "[x] The enforcing authority has been notified\n"
    )

    read = eu_certificate.read(text, kind="eu_production_order")

    assert {
        k: read[k] for k in ("issuing_state", "data_categories", "emergency", "enforcing_notified")
    } == {
        "issuing_state": "FR",
        "data_categories": ["subscriber", "traffic"],
        "emergency": True,
        "enforcing_notified": True,
    }


def test_nothing_is_read_off_another_kind_and_unticked_boxes_say_nothing():
    assert eu_certificate.read("Issuing State: France", kind="subpoena") is None
    read = eu_certificate.read(
        "EPOC\nÉtat d'émission : Allemagne\n[ ] Emergency case\n[ ] content data",
        kind="eu_production_order",
    )
    assert {
        k: read[k] for k in ("issuing_state", "data_categories", "emergency", "enforcing_notified")
    } == {
        "issuing_state": "DE",
        "data_categories": [],
        "emergency": False,
        "enforcing_notified": False,
    }
