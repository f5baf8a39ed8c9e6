# ruff: noqa: RUF001
"""The contact officer and the targets as letters in many languages and scripts write them
(issue #17, corpusf/corpusg forms); the cases are the team's own, never copied from a corpus
document."""

import pytest

from intake.extraction import agency, badge, contact, people, postal, targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a contact officer named apart from the signer is the agent, not the signer
        (
            "Kontaktní osoba:  kpt. Mgr. Petr Novák, vyšetřovatel\n\nS pozdravem\n"
            "plk. Jan Dvořák\nředitel\n",
            "Petr Novák",
        ),
        (
            "Contactpersoon: mr. Eva de Vries, jurist\n\nMet vriendelijke groet,\nTeam X\n",
            "Eva de Vries",
        ),
        (
            "For this matter the case officer is Amira Doyle, Director. Call 020 1234.\n",
            "Amira Doyle",
        ),
        (
            "o contato é o Agente de Polícia Federal\nBruno Lima Costa, matrícula 4.120.\n",
            "Bruno Lima Costa",
        ),
        ("Sachbearbeiterin: Mag. Lena Huber\n", "Lena Huber"),
        # scripts with other capitals or none
        ("Контактна особа: старший лейтенант поліції Ігор Бондар, жетон № 12\n", "Ігор Бондар"),
        ("Με εκτίμηση,\n\nΑστυνόμος Β' Γιώργος Νικολάου\nΤμήμα\n", "Γιώργος Νικολάου"),
        ('איש קשר: רס"ב יעל כהן, מ.א. 551\n', "יעל כהן"),
        ("│連絡人　　│偵查員 王小明（編號：123）│\n", "王小明"),
        ("担当：警部補 佐藤 健（職員番号 9）\n", "佐藤 健"),
        ("مقدم الطلب: النقيب/ خالد حسن علي\n", "خالد حسن علي"),
    ],
)
def test_the_contact_officer_is_the_agent_in_many_languages_and_scripts(text, expected):
    assert people.find_agent_name(text) == expected


def test_an_office_or_a_reference_is_no_name():
    assert people.find_agent_name("担当：大阪府警察本部サイバー犯罪対策課\n") is None
    assert people.find_agent_name("Contact person: TIP Z-12345-K\n") is None


def found(text: str) -> set[tuple[str, str]]:
    return {
        (k, v)
        for t in targets.find_targets(text, excluded_emails=set(), relay_ips=set(), order="DMY")
        for k, v in t.items()
        if k != "type"
    }


@pytest.mark.parametrize(
    ("text", "user_id"),
    [
        ("  uživatelské jméno:   praha_wolf\n", "praha_wolf"),
        ("  ім'я користувача:  lviv_cat9\n", "lviv_cat9"),
        ("  - όνομα χρήστη: kriti_sun_4\n", "kriti_sun_4"),
        ("akun dengan nama pengguna bandung88;", "bandung88"),
        ("│對象│用戶帳號：moon_tw_01│\n", "moon_tw_01"),
        ("la cuenta de usuario con identificador bw-uid-1234;", "bw-uid-1234"),
    ],
)
def test_a_user_name_label_in_other_languages_names_a_user_id(text, user_id):
    assert ("user_id", user_id) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "下記の情報について削除をお願いします。\n  1. https://social.example/p/77\n",
        "Đề nghị gỡ bỏ nội dung tại:\n  1. https://social.example/p/77\n",
    ],
)
def test_a_removal_asked_in_japanese_or_vietnamese_names_its_urls(text):
    assert ("url", "https://social.example/p/77") in found(text)


def test_the_providers_point_of_contact_is_not_a_target():
    text = (
        "Provider: Example Hosting, Inc.\nPoint of contact: dsa@hosting.example\n"
        "Remove https://hosting.example/v/1 within one hour.\n"
    )
    assert ("email", "dsa@hosting.example") not in found(text)
    assert ("url", "https://hosting.example/v/1") in found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("npor. Jan Novák, služební číslo 204817\n", "204817"),
        ("Ігор Бондар, спеціальний жетон № 0112233\n", "0112233"),
        ("Αστυνόμος Γιώργος Νικολάου\nΑ.Μ. 301122\n", "301122"),
        ('רס"ב יעל כהן, מ.א. 7654321\n', "7654321"),
        ("偵查員 王小明（員警編號：0812345）\n", "0812345"),
        ("担当：警部補 佐藤 健（職員番号 K-20411）\n", "K-20411"),
        ("رقم القيد: 55120\n", "55120"),
        ("Signé : ADC Paul MARTIN – NIGEND 301455\n", "301455"),
        ("Matricule RIO 2201 884\n", "2201 884"),
        ("Personalnr.:  55102\n", "55102"),
    ],
)
def test_the_officers_number_under_the_names_services_abroad_give_it(text, expected):
    assert badge.find_badge(text) == expected


def test_an_office_reference_ending_in_id_letters_is_no_badge():
    assert badge.find_badge("Oficio FGJCDMX/FIDC/2291/2026\n") is None


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "Podpis: Jan Dvořák, dvorak.j@example.cz\nKontaktní osoba: Tomáš Krejčí, "
            "tomas.krejci@example.cz\n",
            "Tomáš Krejčí",
            "tomas.krejci@example.cz",
        ),
        (
            "firma: jefe@example.es\ncontacto: Álvaro Medina Ruiz, amedinar@example.es\n",
            "Álvaro Medina Ruiz",
            "amedinar@example.es",
        ),
        (
            "簽核：chief@example.tw\n連絡人：王小明\n電子郵件：xm.wang@example.tw\n",
            "王小明",
            "xm.wang@example.tw",
        ),
    ],
)
def test_the_agents_email_is_the_one_written_with_their_name(text, name, expected):
    assert contact.find_agent_email(text, sender=None, ours=set(), agent_name=name) == expected


@pytest.mark.parametrize(
    ("letter", "expected"),
    [
        ("משטרת ישראל\nתאריך: 1.12.2026\n\nלכבוד\n", "משטרת ישראל"),
        ("東京都警察本部\n\n御中\n", "東京都警察本部"),
        ("KOMISE PRO OCHRANU\nMINISTERSTVO VNITRA\nNad Štolou 3\n", "MINISTERSTVO VNITRA"),
        ("KEPOLISIAN DAERAH JAWA BARAT\nJl. Soekarno-Hatta 748\n", "KEPOLISIAN DAERAH JAWA BARAT"),
    ],
)
def test_the_letterhead_agency_in_other_languages_and_scripts(letter, expected):
    assert agency.find_agency(letter, [letter]) == expected


def test_a_signers_post_for_the_head_is_not_the_agency():
    letter = "Hormat kami,\na.n. KEPALA DIREKTORAT SIBER\nBudi Santoso\n"
    assert agency.find_agency(letter, [letter]) is None


@pytest.mark.parametrize(
    ("text", "street", "box"),
    [
        ("Adresa: Bartolomějská 14, 110 00 Praha 1\n", "Bartolomějská 14, 110 00 Praha 1", None),
        ("כתובת: רחוב יפו 12, ירושלים\n", "רחוב יפו 12, ירושלים", None),
        (
            "Địa chỉ: 25 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội\n",
            "25 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội",
            None,
        ),
        ("Postbus 16950, 2500 BZ Den Haag\n", None, "Postbus 16950, 2500 BZ Den Haag"),
        ("GPO Box 9, Sydney NSW 2001\n", None, "GPO Box 9, Sydney NSW 2001"),
        ("Address: Pärnu mnt 139, 15169 Tallinn, Estonia\n", "Pärnu mnt 139, 15169 Tallinn", None),
    ],
)
def test_addresses_and_boxes_as_other_countries_write_them(text, street, box):
    assert postal.find_address(text) == (street, box)


def test_a_sentence_in_a_script_without_capitals_is_no_agency():
    letter = "平素より警察行政にご理解とご協力を賜り、厚く御礼申し上げます。\n"
    assert agency.find_agency(letter, [letter]) is None
