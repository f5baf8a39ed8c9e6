"""Each field finder on the ways real agencies write it."""

from datetime import date

import pytest

from intake.extraction import badge, contact, kind, marks, notices, people, targets


@pytest.mark.parametrize(
    ("text", "subject", "foreign", "expected"),
    [
        (
            "Please preserve the account under 18 U.S.C. 2703(f). A subpoena will follow.",
            "",
            None,
            "preservation",
        ),
        (
            "We ask you to preserve records pending the issuance of a search warrant.",
            "",
            None,
            "preservation",
        ),
        (
            "Pursuant to the attached grand jury subpoena, produce the records.",
            "",
            None,
            "subpoena",
        ),
        ("ORDER pursuant to 18 U.S.C. 2703(d). IT IS HEREBY ORDERED that", "", None, "court_order"),
        (
            "The attached search warrant, issued on probable cause, commands",
            "",
            None,
            "search_warrant",
        ),
        ("We request real-time access to the meetings of the account.", "", None, "interception"),
        (
            "Please give us a live feed of the user's meetings under the warrant.",
            "",
            None,
            "interception",
        ),
        ("We request records under 18 U.S.C. 2702(b)(8).", "", None, "emergency"),
        ("Records are needed now.", "EMERGENCY DISCLOSURE REQUEST", None, "emergency"),
        (
            "We request an extension of the preservation for a further 90 days.",
            "",
            None,
            "preservation_extension",
        ),
        (
            "Under the MLAT between our countries, please preserve the data.",
            "",
            None,
            "international",
        ),
        ("Please preserve the account data.", "", "GB", "international"),
        ("Production order under the Criminal Code.", "", "CA", "international"),
        ("Warrant card no. 1234. Please preserve the account.", "", None, "preservation"),
        (
            "This is not a request for real-time interception. Please preserve.",
            "",
            None,
            "preservation",
        ),
        ("Hello, how are you?", "", None, None),
    ],
)
def test_kind_is_the_legal_process_not_the_words(text, subject, foreign, expected):
    found, phrases = kind.classify(text, subject=subject, foreign=foreign)
    assert found == expected
    assert bool(phrases) == (expected is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Detective Jane Roe, Badge #4521", "4521"),
        ("Badge No. 40917", "40917"),
        ("ID No. 3318", "3318"),
        ("Shield 11207", "11207"),
        ("Warrant card no. 218845", "218845"),
        ("Dienstnummer: 45-2231", "45-2231"),
        ("matricule 1187342", "1187342"),
        ("Star #11825", "11825"),
        ("Case No. 2026-004512", None),
        ("Meeting ID 812 3456 7890", None),
    ],
)
def test_badge(text, expected):
    assert badge.find_badge(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sincerely,\n\n/s/ Detective Maria Lopez\nSpringfield Police", "Maria Lopez"),
        ("Requesting officer: Sgt. Paul Adams\nBadge: 12", "Paul Adams"),
        ("Regards,\nSpecial Agent Hannah Liu\nBadge 1", "Hannah Liu"),
        ("Detective Sgt. Laura Brennan\nMissing Persons Unit", "Laura Brennan"),
        ("SO ORDERED.\n/s/ Kristen Mayfield\nUnited States Magistrate Judge", None),
        ("Signé : Capitaine Élodie Marchand\nOPJ", "Élodie Marchand"),
        ("gez. KHK Thomas Brandt\nLKA Berlin", "Thomas Brandt"),
        ("A TRUE COPY\nBy: Sandra Ruiz, Deputy Clerk", "Sandra Ruiz"),
    ],
)
def test_the_agent_is_who_signs_or_is_named_not_the_judge(text, expected):
    assert people.find_agent_name(text) == expected


def test_a_prosecutor_on_a_form_is_not_the_agent():
    text = (
        "Assistant United States Attorney Jonathan Pierce, jonathan.pierce@usdoj.gov\n"
        "Case Agent: Special Agent Maya Fischer, IRS-CI\nBadge No. 7718\n"
    )
    assert people.find_agent_name(text) == "Maya Fischer"


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        ("/s/ Jane Roe", True),
        ("Signed: DC Aisha Okonkwo", True),
        ("Signé : Capitaine Marchand", True),
        ("gez. KHK Brandt", True),
        ("Sd/- Inspector R. Kumar", True),
        ("IT IS SO ORDERED.\n\nKristen L. Mayfield\nUnited States Magistrate Judge", True),
        ("Signature: ____________", False),
        ("Thanks,\nRick", False),
    ],
)
def test_signed(text, signed):
    assert marks.find_signed(text) is signed


def test_letterhead_is_an_agency_header_not_a_court_caption():
    assert marks.find_letterhead(["CITY OF SPRINGFIELD POLICE DEPARTMENT\n1 Main St\n\nDear"])
    assert not marks.find_letterhead(["IN THE FRANKLIN COUNTY MUNICIPAL COURT\nSEARCH WARRANT"])
    assert not marks.find_letterhead(["Dear Sir,\nplease preserve the account."])


def test_a_po_box_is_not_a_street_address():
    text = "Investigator Colin Park\nP.O. Box 16130\nLas Vegas, NV 89114\n"
    assert contact.find_address(text) == (None, "P.O. Box 16130, Las Vegas, NV 89114")


def test_the_street_address_wins_when_both_are_given():
    text = (
        "2225 Eleventh Avenue\nHelena, MT 59601\nMailing address: PO Box 201417, Helena, MT 59620"
    )
    street, box = contact.find_address(text)
    assert street == "2225 Eleventh Avenue, Helena, MT 59601"
    assert box == "PO Box 201417, Helena, MT 59620"


def test_our_own_address_in_the_recipient_block_is_not_the_agency_s():
    text = (
        "Example Video Inc.\nAttn: Custodian of Records\n500 Howard Street\n"
        "San Francisco, CA 94105\n"
    )
    assert contact.find_address(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("Please respond no later than March 30, 2026.", "MDY", date(2026, 3, 30)),
        ("Please respond by 04/03/2026.", "MDY", date(2026, 4, 3)),
        ("Please respond by 04/03/2026.", "DMY", date(2026, 3, 4)),
        ("Please respond by 14/04/2026.", "DMY", date(2026, 4, 14)),
        ("Return date: 2026-05-01", "MDY", date(2026, 5, 1)),
        ("au plus tard le 5 mai 2026", "DMY", date(2026, 5, 5)),
        ("bis zum 20.04.2026", "DMY", date(2026, 4, 20)),
        ("March 2, 2026\n\nPlease preserve the account.", "MDY", None),
        ("Please respond within 14 days of receipt.", "MDY", None),
    ],
)
def test_response_date_is_the_date_asked_for_in_the_document_s_convention(text, order, expected):
    assert contact.find_response_date(text, order=order, language=None) == expected


def test_date_order_follows_the_country():
    assert contact.date_order("US", "en") == "MDY"
    assert contact.date_order("GB", "en") == "DMY"
    assert contact.date_order(None, "fr") == "DMY"


def test_targets_are_identifiers_the_policy_accepts():
    text = (
        "Records for the account of suspect@gmail.com, account number 7730-11294, user ID "
        "bad_actor99, IP 203.0.113.45 and 2001:db8::1, meeting ID 812 3456 7890 hosted by "
        "host@example.org, registration https://video.example.com/webinar/register/WN_1.\n"
        "Tel: 202-555-0143. Case No. 2026-00451. Email me at agent@city.gov.\n"
    )
    found = targets.find_targets(
        text, excluded_emails={"agent@city.gov"}, relay_ips={"192.0.2.9"}, order="MDY"
    )
    ids = {(k, v) for t in found for k, v in t.items() if k != "type"}
    assert ("email", "suspect@gmail.com") in ids
    assert ("account_number", "7730-11294") in ids
    assert ("user_id", "bad_actor99") in ids
    assert ("ip", "203.0.113.45") in ids
    assert ("ip", "2001:db8::1") in ids
    assert ("meeting_id", "812 3456 7890") in ids
    assert ("host_email", "host@example.org") in ids
    assert ("url", "https://video.example.com/webinar/register/WN_1") in ids
    values = {v for _, v in ids}
    assert "agent@city.gov" not in values
    assert not any("555" in v or "2026-00451" in v for v in values)


def test_relay_ips_are_not_targets():
    found = targets.find_targets(
        "seen from 192.0.2.9", excluded_emails=set(), relay_ips={"192.0.2.9"}, order="MDY"
    )
    assert found == []


def test_an_overbroad_request_has_no_targets():
    text = "Produce the names of all users in Ohio who attended a meeting in January."
    assert targets.find_targets(text, excluded_emails=set(), relay_ips=set(), order="MDY") == []
    assert targets.is_overbroad(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pursuant to 18 U.S.C. 2705(b), do not disclose this subpoena for 180 days.",
            {"present": True, "days": 180, "until": None},
        ),
        (
            "Please do not notify the subscriber for ninety (90) days.",
            {"present": True, "days": 90, "until": None},
        ),
        (
            "shall not disclose the existence of this Order until September 30, 2026.",
            {"present": True, "days": None, "until": "2026-09-30"},
        ),
        (
            "LAW ENFORCEMENT SENSITIVE\nPlease produce the records.",
            {"present": False, "days": None, "until": None},
        ),
        (
            "Je vous prie de ne pas informer l'utilisateur.",
            {"present": True, "days": None, "until": None},
        ),
    ],
)
def test_nondisclosure(text, expected):
    assert notices.find_nondisclosure(text, order="MDY", language="en") == expected


def test_emergency_person_and_imminence():
    text = (
        "EMERGENCY DISCLOSURE REQUEST\nPerson at risk: a 15-year-old girl, Jane\n"
        "Imminence: he said he would act tonight at 9 PM\n"
    )
    found = notices.find_emergency(text, kind="emergency")
    assert found == {
        "present": True,
        "person_at_risk": "a 15-year-old girl, Jane",
        "imminence": "he said he would act tonight at 9 PM",
    }
    assert notices.find_emergency("Please preserve.", kind="preservation")["present"] is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Urgent: preserve all records of the account described below for ninety days.", "en"),
        ("Nous vous prions de bien vouloir conserver les données de ce compte utilisateur.", "fr"),
        ("Bitte übersenden Sie uns die Bestandsdaten zu dem folgenden Nutzerkonto.", "de"),
        ("Subject: request\n請提供下列帳號之資料。", "zh"),
        ("Subject: request\n下記の投稿を削除してください。", "ja"),
        ("Просимо надати відомості про користувача облікового запису, зазначеного нижче.", "uk"),
        ("Παρακαλούμε να μας χορηγήσετε τα στοιχεία του λογαριασμού που αναφέρεται.", "el"),  # noqa: RUF001
        ("Žádáme o poskytnutí údajů o uživateli účtu uvedeného níže v tomto dopise.", "cs"),
        ("Kami meminta bantuan Saudara untuk memberikan data pengguna akun berikut ini.", "id"),
    ],
)
def test_language(text, expected):
    assert contact.find_language(text) == expected


def test_the_agent_email_is_the_forwarded_officer_s_not_the_forwarder_s():
    text = (
        "FYI\n---------- Forwarded message ---------\n"
        "From: Officer James Mercer <james.mercer@austintexas.gov>\nPlease see below.\n"
    )
    found = contact.find_agent_email(
        text, sender="clerk@county.gov", ours={"lawenforcement@lerq.example"}, agent_name=None
    )
    assert found == "james.mercer@austintexas.gov"
