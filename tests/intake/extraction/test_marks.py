"""Whether a request is signed, on letterhead, and asks that the user not be told: read in each
language the reader supports, as DESIGN.md's reading rules and the corpus conventions say."""

import pytest

from intake.extraction import extract_document, marks, notices
from intake.extraction.document import Document, Section


@pytest.mark.parametrize(
    "text",
    [
        "Respectfully submitted,\nBy: /s/ Dana K. Whitfield, Assistant District Attorney",
        "03/14/2026  2:10 PM                     /s/ R. Okafor",
        "Signed: Insp. Hanna Lindgren",
        "Signé : Commandant Paul Mercier",
        "(signé) M.-L. Dubois, substitut",
        "Im Auftrag\n\ngez. Schneider\nKriminalhauptkommissar",
        "Fdo.: Inspectora Marta Ruiz Ortega",
        "Fdo. Marta Ruiz Ortega",
        "Il Dirigente\nF.to Dott. Luca Bianchi",
        "Assinado: Joana Carvalho Pires",
        "(assinado)\nDelegado de Polícia",
        "w.g. J. van der Berg\nofficier van justitie",
        "[signed]\nCpl. A. Tremblay",
        "(Signature of judge) \u201cM. Okonjo\u201d\nJudge of the Superior Court",
        "Firmado digitalmente por: Fiscal Ana Beltrán",
        "(firmato digitalmente)\nIl Sostituto Procuratore",
        "DOCUMENTO ASSINADO DIGITALMENTE NOS TERMOS DA LEI 11.419/2006",
        "Dieses Schreiben wurde mit einer qualifizierten elektronischen Signatur versehen.",
        "Document signé électroniquement par le Procureur de la République.",
        "Dit besluit is digitaal ondertekend door de officier van justitie.",
        "IT IS SO ORDERED.\n\nPriya N. Castellanos\nUnited States District Judge",
        "Dieses Dokument wurde amtssigniert.",
        "This document is signed with a qualified electronic signature.",
        "Original signed by\nJustice M. Okafor",
        "Firmado con firma electrónica avanzada",
        "ПРЕДСЕДАТЕЛ: (п)\nИван Петров",  # noqa: RUF001
        "Слідчий    (підпис)    Олег МЕЛЬНИЧУК",
        "Ο Εισαγγελέας\n(υπογραφή – σφραγίδα)",  # noqa: RUF001
        "(חתימה)\nרפ״ק דנה לוי",
        "(توقيع)\nالعقيد أحمد سامي",  # noqa: RUF001
        "大隊長　陳志明　【職章】",
        "（深圳市公安局印）",  # noqa: RUF001
        "부산경찰청장 (직인)",
        "JUDr. Hana Benešová v. r.",
        "(podepsáno elektronicky)",
        "Ditandatangani secara elektronik",
        "(Đã ký số)",
        "Getekend,\nmr. J. de Vries\nofficier van justitie",
        "Prokurator\n/-/ Anna Nowak",
        "담당자 김민수 (인)",
        "(签字)",
        "Dokument podpísaný elektronicky",
    ],
)
def test_an_explicit_signature_mark_in_any_language_is_signed(text):
    assert marks.find_signed(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Thanks,\nRick Alvarez\nDetective, Springfield PD",
        "Signature: ____________",
        "Signed: ____________   Date: __________",
        "Ce document est valable sans signature.",
        "Documento não assinado digitalmente; segue original por correio.",
        "Cordiali saluti\nIspettore Marco Rossi",
        "Met vriendelijke groet,\nJ. de Vries\nPolitie Amsterdam",
        "Mit freundlichen Grüßen\ni.A. Thomas Krüger, KHK",
    ],
)
def test_a_typed_name_or_a_missing_signature_is_not_signed(text):
    assert marks.find_signed(text) is False


@pytest.mark.parametrize(
    "order",
    [
        "PAR CES MOTIFS\nOrdonnons la communication.\n\nLe juge d'instruction\nClaire Fontaine",
        "Es wird angeordnet, dass die Daten herausgegeben werden.\n\nDr. Weber\n"
        "Richter am Amtsgericht",
        "DISPONGO: requerir a la empresa.\n\nEl Magistrado-Juez\nAlberto Ruiz Gallego",
        "P.Q.M.\nDISPONE l'acquisizione.\n\nIl Giudice per le indagini preliminari\n"
        "Dott.ssa Elena Conti",
        "Ante o exposto, DETERMINO a quebra.\n\nMarcos Vinícius Prado\nJuiz de Direito",
        "De rechter-commissaris BESLIST:\nvordering toegewezen.\n\nmr. J. de Vries\n"
        "rechter-commissaris",
    ],
)
def test_a_judge_named_under_an_order_signs_it_in_each_language(order):
    assert marks.find_signed(order) is True


def test_a_blank_signature_line_under_an_order_is_not_signed():
    order = "IT IS SO ORDERED.\n\n____________\nUnited States Magistrate Judge\nWestern District"
    assert marks.find_signed(order) is False


@pytest.mark.parametrize(
    "letter",
    [
        "PARQUET DU PROCUREUR DU ROI DE LIÈGE\nSection financière\nRue de Bruxelles 2\n\nObjet:",
        "Staatsanwaltschaft Hamburg\nGorch-Fock-Wall 15\n\nSehr geehrte Damen und Herren,",
        "Home Office\nInternational Criminality Unit\n2 Marsham Street\n\nDear Sir,",
        "OFFICE OF THE DISTRICT ATTORNEY\nKINGS COUNTY\n350 Jay Street\n\nTO: Keeper of Records",
        "PODER JUDICIÁRIO\nTRIBUNAL DE JUSTIÇA DO ESTADO DO PARANÁ\n2ª VARA CRIMINAL\n\nOFÍCIO",
        "T.C.\nANKARA 4. SULH CEZA HAKİMLİĞİ\n\nKARAR",
        "CITY OF SPRINGFIELD POLICE DEPARTMENT\n1 Main St\n\nDear",
        "POLICIE ČESKÉ REPUBLIKY\nKrajské ředitelství policie\nKongresová 1666/2, Praha 4",
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA\nBADAN RESERSE KRIMINAL\nJl. Trunojoyo No. 3",
        "НАЦІОНАЛЬНА ПОЛІЦІЯ УКРАЇНИ\nДЕПАРТАМЕНТ КІБЕРПОЛІЦІЇ\nвул. Богомольця, 10",  # noqa: RUF001
        "משטרת ישראל\nאגף החקירות והמודיעין\nתאריך: 29 בנובמבר 2026",  # noqa: RUF001
        "臺北市政府警察局刑事警察大隊\n通信紀錄及通訊使用者資料查詢單",
        "GARANTE PER LA PROTEZIONE DEI DATI PERSONALI\nPiazza Venezia, 11 - 00187 Roma",
        "KOMENDA WOJEWÓDZKA POLICJI W GDAŃSKU\nWydział do walki z cyberprzestępczością",
        "สำนักงานตำรวจแห่งชาติ\nกองบังคับการปราบปรามการกระทำความผิดเกี่ยวกับอาชญากรรมทางเทคโนโลยี",
        "福岡県警察本部\nサイバー犯罪対策課",
    ],
)
def test_an_agency_or_court_letterhead_is_letterhead(letter):
    assert marks.find_letterhead([letter]) is True


@pytest.mark.parametrize(
    "letter",
    [
        "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF OREGON\n\nORDER",
        "SUPERIOR COURT OF CALIFORNIA, COUNTY OF MARIN\nSEARCH WARRANT",
        "STATE OF OHIO                      COURT OF COMMON PLEAS\nSUBPOENA",
        "Dear Sir or Madam,\nplease preserve the account below.",
    ],
)
def test_a_court_caption_or_a_plain_letter_is_not_letterhead(letter):
    assert marks.find_letterhead([letter]) is False


_HEADER = (
    "POLICE NATIONALE\nOffice anti-cybercriminalité\n101 rue des Trois Fontanot, 92000 Nanterre\n\n"
    "Madame, Monsieur,\nNous vous demandons de nous communiquer les données du compte.\n"
)


def test_a_header_typed_at_the_top_of_a_mail_body_is_not_letterhead():
    mail = Document(subject="Réquisition", sections=[Section(_HEADER, "body")])
    assert extract_document(mail).fields["letterhead"] is False


def test_the_same_header_on_an_attached_letter_is_letterhead():
    mail = Document(
        subject="Réquisition",
        sections=[
            Section("Veuillez trouver la réquisition jointe.", "body"),
            Section(_HEADER, "attachment", is_letter=True),
        ],
    )
    assert extract_document(mail).fields["letterhead"] is True


def test_an_official_document_quoted_below_a_separator_in_a_mail_is_letterhead():
    body = (
        "Dear Sir or Madam,\nplease find the authority's decision below.\n"
        "------------------------------------------------------------\n"
        "HELLENIC DATA PROTECTION AUTHORITY\nKifisias 1-3, 115 23 Athens\n"
        "Prot. No: C/EXIT/3318/2026\nDECISION 41/2026\n"
    )
    mail = Document(subject="Decision", sections=[Section(body, "body")])
    assert extract_document(mail).fields["letterhead"] is True


def test_a_header_with_a_number_typed_at_the_top_of_a_mail_is_still_not_letterhead():
    body = _HEADER.replace("\n\n", "\nNo. OAC/2026/118\n\n", 1)
    mail = Document(subject="Réquisition", sections=[Section(body, "body")])
    assert extract_document(mail).fields["letterhead"] is False


def _nd(text: str, order: str = "DMY") -> dict:
    return notices.find_nondisclosure(text, order=order, language=None)


@pytest.mark.parametrize(
    "text",
    [
        "We therefore ask that you not tell anyone, including the\naccount holder.",
        "I request that you not disclose the existence of this request to the subscriber.",
        "You are prohibited from disclosing to any person that the FBI has sought\nrecords.",
        "Strict confidentiality shall be maintained regarding this direction.",
        "Nous vous demandons de ne pas porter la présente réquisition à la connaissance\n"
        "de l'utilisateur.",
        "Toute personne concourant à la mesure est tenue de garder le secret.",
        "Bitte unterrichten Sie den Kontoinhaber nicht.",
        "Sie haben gegenüber den Betroffenen Stillschweigen zu wahren.",
        "Se ruega no informen al titular de la cuenta.",
        "Les rogamos guarden la debida reserva sobre este requerimiento.",
        "Si chiede di non informare l'utente della presente richiesta.",
        "Solicita-se que o titular da conta não seja informado do presente pedido.",
        "Fica a empresa advertida do dever de sigilo.",
        "Wij verzoeken u de gebruiker niet te informeren over dit verzoek.",
        "Wir bitten, dieses Ersuchen vertraulich zu behandeln.",
        "Solicita-se que mantenham a presente requisição em sigilo.",
        "Se ruega mantengan esta solicitud en reserva.",
        "Si prega di mantenere la presente richiesta riservata.",
        "Nous vous prions de garder cette réquisition confidentielle.",
        "Wij verzoeken u dit verzoek vertrouwelijk te behandelen.",
    ],
)
def test_a_request_not_to_tell_the_user_is_read_in_each_language(text):
    assert _nd(text) == {"present": True, "days": None, "until": None}


@pytest.mark.parametrize(
    "text",
    [
        "SEGREDO DE JUSTIÇA\nClasse: Pedido de Quebra de Sigilo de Dados",
        "OFFICIAL: Sensitive\nPlease preserve the account.",
        "We will not disclose your employees' names to the suspect.",
        "There is no non-disclosure order in this matter.",
    ],
)
def test_a_marking_or_a_denial_is_not_a_non_disclosure_request(text):
    assert _nd(text)["present"] is False


def test_days_are_the_period_the_sentence_asking_states():
    text = (
        "IT IS FURTHER ORDERED under 18 U.S.C. § 2705(b) that the provider shall not\n"
        "disclose the existence of this Order to any person, for a period of one year\n"
        "from the date of this Order."
    )
    assert _nd(text, "MDY") == {"present": True, "days": 365, "until": None}
    assert _nd("Non informare l'utente per novanta (90) giorni.")["days"] == 90
    assert (
        _nd("Le titulaire ne doit pas être informé. Ne pas informer pendant 30 jours.")["days"]
        == 30
    )


def test_days_and_until_are_read_in_each_language():
    assert _nd("Solicita-se que o titular não seja informado por 90 (noventa) dias.")["days"] == 90
    assert _nd("Se ruega no informen al titular durante 60 (sesenta) días naturales.")["days"] == 60
    found = _nd("Bitte informieren Sie den Nutzer nicht bis zum 30.06.2027.")
    assert found == {"present": True, "days": None, "until": "2027-06-30"}


def test_a_follow_up_within_days_is_not_how_long_to_keep_quiet():
    text = (
        "12 Intention to submit MLA request | Yes - a request will follow within 90 days\n"
        "13 Confidentiality | Please do not notify the user."
    )
    assert _nd(text) == {"present": True, "days": None, "until": None}


def test_a_later_order_with_a_period_gives_the_days_an_earlier_mention_lacks():
    text = (
        "Attached is a warrant together with an order under 18 U.S.C. § 2705(b).\n\n"
        "ORDER (18 U.S.C. § 2705(b)): the provider shall not notify any person, including\n"
        "the subscriber, of the existence of the warrant in Case No. MJ26-0042 for a\n"
        "period of one year from the date of this Order."
    )
    assert _nd(text, "MDY")["days"] == 365


def test_until_is_read_in_the_document_language():
    found = _nd("Se ruega no informen al titular hasta el 15/07/2027.")
    assert found == {"present": True, "days": None, "until": "2027-07-15"}


def test_a_judge_signing_after_many_ordering_paragraphs_still_signs():
    order = "IT IS FURTHER ORDERED that the provider comply.\n" * 40
    order += "\nKristen L. Mayfield\nUnited States Magistrate Judge"
    assert marks.find_signed(order) is True


def test_a_silence_in_weeks_is_read_in_days():
    text = "The authority requests that the content provider not be informed for six weeks."
    assert _nd(text) == {"present": True, "days": 42, "until": None}


def test_a_silence_in_months_states_no_days():
    text = "The provider shall not inform the user for three months."
    assert _nd(text) == {"present": True, "days": None, "until": None}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("נבקש שלא ליידע את בעל החשבון על הבקשה במשך 90 יום.", 90),
        ("Prosíme, abyste uživatele neinformovali po dobu 60 dní.", 60),
        ("Прохання не повідомляти користувача протягом 30 днів.", 30),
        ("Mohon untuk tidak memberitahukan pengguna selama 90 hari.", 90),
        ("กรุณาอย่าแจ้งผู้ใช้ และเก็บเป็นความลับเป็นเวลา 90 วัน", 90),
        ("이용자에게 통지를 유예하여 주시기 바랍니다.", None),
        ("本通知书请予保密。", None),
    ],
)
def test_a_request_not_to_tell_the_user_in_other_languages(text, days):
    found = _nd(text)
    assert found["present"] is True
    assert found["days"] == days
