"""An EU certificate's labelled fields (Annex I and II of Regulation (EU) 2023/1543) are read in
the certificate's own language: the issuing authority as written (the request's agency), its
type, the validating authority, the file number, the offence and its legal basis, the contact
person (the request's agent) with e-mail, phone and address, and the targets it names. The
certificates are invented, in the form's structure."""

from pathlib import Path

import pytest

from intake.extraction import eu_certificate, extract_path

EN = """EUROPEAN PRODUCTION ORDER CERTIFICATE (EPOC)
Regulation (EU) 2023/1543, Annex I

Addressee: Example Services Ltd, designated establishment
File number of the issuing authority: 2026/INV/4471
File number of the validating authority: VAL-88/26

SECTION A: Issuing/validating authority
Issuing State: Ireland
Issuing authority: Garda National Cyber Crime Bureau
Validating authority: District Court of Dublin, Judge Mary Kelly

SECTION C: Emergency case
[ ] Emergency case

SECTION F: Data to be produced
[x] subscriber data
[x] traffic data
User ID: u-55120
IP address: 203.0.113.77

SECTION G: Information on the underlying conditions
Nature and legal classification of the offence(s): fraud by abuse of position
Applicable statutory provision: Section 6 of the Criminal Justice (Theft and Fraud) Act 2001

SECTION I: Details of the issuing authority
Type of issuing authority: other competent authority
Contact person: Detective Sergeant Aoife Byrne
Address: Harcourt Square, Dublin 2, D02 XK75
Tel. No. (country code) (area/city code): +353 1 666 3500 ext. 214
E-mail: aoife.byrne@garda.ie

SECTION J: Details of the validating authority
Name of the validating authority and its representative:
Judge Mary Kelly, District Court of Dublin
Address: Criminal Courts of Justice, Parkgate Street, Dublin 8
Tel. No.: +353 1 888 6000
E-mail: dc.dublin@courts.ie

Signed: Aoife Byrne
"""

FR = """CERTIFICAT D'INJONCTION EUROPÉENNE DE PRODUCTION (EPOC)
Règlement (UE) 2023/1543, annexe I

Numéro de dossier de l'autorité d'émission : JI 26/204/0311

SECTION A : Autorité d'émission / de validation
État d'émission : France
Autorité d'émission : Tribunal judiciaire de Lyon, cabinet de Mme la juge d'instruction
Autorité de validation : sans objet

SECTION F : Données demandées
[x] données relatives aux abonnés
Compte : jean.martin.44@example.fr

SECTION G : Conditions
Infraction : escroquerie en bande organisée
Dispositions légales applicables : articles 313-1 et 313-2 du code pénal

SECTION I : Coordonnées de l'autorité d'émission
Type d'autorité d'émission : [x] juge, juridiction ou juge d'instruction  [ ] procureur
Personne à contacter : Mme Hélène Dubois, greffière
Adresse : 67 rue Servient, 69003 Lyon
Téléphone : +33 4 72 60 70 12
Courriel : helene.dubois@justice.fr

Signé : Hélène Dubois
"""

DE = """ZERTIFIKAT ÜBER EINE EUROPÄISCHE HERAUSGABEANORDNUNG (EPOC)
Verordnung (EU) 2023/1543, Anhang I

Aktenzeichen der Anordnungsbehörde: 402 Js 1187/26

ABSCHNITT A: Anordnungs-/Validierungsbehörde
Anordnungsstaat: Deutschland
Anordnungsbehörde: Staatsanwaltschaft Köln
Validierungsbehörde: Amtsgericht Köln, Ermittlungsrichter

ABSCHNITT F: Herauszugebende Daten
[x] Teilnehmerdaten
[x] Verkehrsdaten
IP-Adresse: 198.51.100.23

ABSCHNITT G: Angaben zu den zugrunde liegenden Voraussetzungen
Straftat: Computerbetrug (§ 263a StGB)

ABSCHNITT I: Angaben zur Anordnungsbehörde
Art der Anordnungsbehörde: Staatsanwaltschaft
Kontaktperson: Oberstaatsanwältin Dr. Katrin Weber
Anschrift: Am Justizzentrum 13, 50939 Köln
Telefon: +49 221 477 4711
E-Mail: katrin.weber@sta-koeln.nrw.de

ABSCHNITT J: Angaben zur Validierungsbehörde
Anschrift: Luxemburger Straße 101, 50939 Köln
Telefon: +49 221 477 0
E-Mail: poststelle@ag-koeln.nrw.de

gez. Dr. Katrin Weber
"""

FIELDS = (
    "issuing_authority",
    "issuing_authority_type",
    "validating_authority",
    "file_number",
    "offence",
    "legal_basis",
    "contact_name",
    "contact_email",
    "contact_phone",
    "address",
    "targets",
)


def read(text: str) -> dict:
    found = eu_certificate.read(text, kind="eu_production_order")
    return {name: found[name] for name in FIELDS}


def test_an_english_certificate_gives_its_authorities_offence_contact_and_targets():
    assert read(EN) == {
        "issuing_authority": "Garda National Cyber Crime Bureau",
        "issuing_authority_type": "other",
        "validating_authority": "District Court of Dublin, Judge Mary Kelly",
        "file_number": "2026/INV/4471",
        "offence": "fraud by abuse of position",
        "legal_basis": "Section 6 of the Criminal Justice (Theft and Fraud) Act 2001",
        "contact_name": "Aoife Byrne",
        "contact_email": "aoife.byrne@garda.ie",
        "contact_phone": "+353 1 666 3500 ext. 214",
        "address": "Harcourt Square, Dublin 2, D02 XK75",
        "targets": [{"type": "user", "user_id": "u-55120"}, {"type": "user", "ip": "203.0.113.77"}],
    }


def test_a_french_certificate_is_read_in_french_and_no_validation_is_none():
    assert read(FR) == {
        "issuing_authority": "Tribunal judiciaire de Lyon, cabinet de Mme la juge d'instruction",
        "issuing_authority_type": "judge",
        "validating_authority": None,
        "file_number": "JI 26/204/0311",
        "offence": "escroquerie en bande organisée",
        "legal_basis": "articles 313-1 et 313-2 du code pénal",
        "contact_name": "Hélène Dubois",
        "contact_email": "helene.dubois@justice.fr",
        "contact_phone": "+33 4 72 60 70 12",
        "address": "67 rue Servient, 69003 Lyon",
        "targets": [{"type": "account", "email": "jean.martin.44@example.fr"}],
    }


def test_a_german_certificate_takes_the_legal_basis_cited_with_the_offence():
    assert read(DE) == {
        "issuing_authority": "Staatsanwaltschaft Köln",
        "issuing_authority_type": "prosecutor",
        "validating_authority": "Amtsgericht Köln, Ermittlungsrichter",
        "file_number": "402 Js 1187/26",
        "offence": "Computerbetrug (§ 263a StGB)",
        "legal_basis": "§ 263a StGB",
        "contact_name": "Katrin Weber",
        "contact_email": "katrin.weber@sta-koeln.nrw.de",
        "contact_phone": "+49 221 477 4711",
        "address": "Am Justizzentrum 13, 50939 Köln",
        "targets": [{"type": "user", "ip": "198.51.100.23"}],
    }


def test_the_validating_authoritys_own_details_are_never_the_issuers():
    # Only the validating authority gives an address, a phone and an e-mail.
    text = EN.replace("Address: Harcourt Square, Dublin 2, D02 XK75\n", "")
    text = text.replace("Tel. No. (country code) (area/city code): +353 1 666 3500 ext. 214\n", "")
    text = text.replace("E-mail: aoife.byrne@garda.ie\n", "")

    found = read(text)

    assert (found["address"], found["contact_phone"], found["contact_email"]) == (None, None, None)


def test_the_certificate_fills_the_contract_as_its_agency_and_agent(tmp_path: Path):
    path = tmp_path / "epoc.txt"
    path.write_text(DE, encoding="utf-8")

    fields = extract_path(path).fields

    assert fields["kind"] == "eu_production_order"
    assert fields["agency"] == "Staatsanwaltschaft Köln"
    assert fields["agent_name"] == "Katrin Weber"
    assert fields["agent_email"] == "katrin.weber@sta-koeln.nrw.de"
    assert fields["phone"] == "+49 221 477 4711"
    assert fields["address"] == "Am Justizzentrum 13, 50939 Köln"
    assert {"ip": "198.51.100.23"}.items() <= next(
        t for t in fields["targets"] if t.get("ip")
    ).items()


def test_another_kind_gets_nothing_from_the_certificate_reader():
    assert eu_certificate.read(EN, kind="subpoena") is None
    assert eu_certificate.contract_fields(None, {"agency": "FBI"}) == {}


# The other languages of the reader, one certificate each, the IT one as a PDF's columns.
OTHERS = {
    "es": (
        "CERTIFICADO DE ORDEN EUROPEA DE PRODUCCIÓN (EPOC)\n"
        "Número de expediente de la autoridad de emisión: DP 412/2026\n"
        "Autoridad de emisión: Juzgado de Instrucción n.º 3 de Sevilla\n"
        "Infracción: estafa (artículo 248 del Código Penal)\n"
        "Persona de contacto: D. Álvaro Cuesta Ferrer\n"
        "Correo electrónico: alvaro.cuesta@justicia.es\n",
        "Juzgado de Instrucción n.º 3 de Sevilla",
        "artículo 248 del Código Penal",
        "Álvaro Cuesta Ferrer",
    ),
    "it": (
        "CERTIFICATO DI ORDINE EUROPEO DI PRODUZIONE (EPOC)\n"
        "Autorità di emissione      Procura della Repubblica di Milano\n"
        "Reato                      truffa aggravata\n"
        "Disposizioni applicabili   art. 640, comma 2, c.p.\n"
        "Persona di contatto        Dott.ssa Giulia Romano\n",
        "Procura della Repubblica di Milano",
        "art. 640, comma 2, c.p",
        "Giulia Romano",
    ),
    "pt": (
        "CERTIFICADO DE INJUNÇÃO EUROPEIA DE PRODUÇÃO (EPOC)\n"
        "Autoridade de emissão: Ministério Público, DIAP de Lisboa\n"
        "Infração: burla informática\n"
        "Base jurídica: artigo 221.º do Código Penal\n"
        "Pessoa de contacto: Ana Sofia Marques\n",
        "Ministério Público, DIAP de Lisboa",
        "artigo 221.º do Código Penal",
        "Ana Sofia Marques",
    ),
    "nl": (
        "CERTIFICAAT VOOR EEN EUROPEES VERSTREKKINGSBEVEL (EPOC)\n"
        "Uitvaardigende autoriteit: Openbaar Ministerie, Arrondissementsparket Rotterdam\n"
        "Strafbaar feit: oplichting\n"
        "Toepasselijke wettelijke bepaling: artikel 326 Wetboek van Strafrecht\n"
        "Contactpersoon: Mevr. Sanne de Vries\n",
        "Openbaar Ministerie, Arrondissementsparket Rotterdam",
        "artikel 326 Wetboek van Strafrecht",
        "Sanne de Vries",
    ),
}


@pytest.mark.parametrize("language", sorted(OTHERS))
def test_the_other_languages_give_the_authority_legal_basis_and_contact(language):
    text, authority, basis, contact = OTHERS[language]

    found = read(text)

    assert (found["issuing_authority"], found["legal_basis"], found["contact_name"]) == (
        authority,
        basis,
        contact,
    )
