"""Finders on the ways other countries and agencies write: each rule added for them, with a
case that must not fire."""

from datetime import date

import pytest

from intake.extraction import agency, badge, contact, extension, kind, notices, people, targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Signed: Senior Investigating Officer Mark Delaney\nTel: 1", "Mark Delaney"),
        ("Sd/-\n   (Suresh Gowda N.)\n   Inspector of Police", "Suresh Gowda N."),
        ("Contact:\nDetective Constable Ryan Cho #8842\nPhone: 1", "Ryan Cho"),
        ("Thanks\nJ. Alvarez\n512-555-0108", "J. Alvarez"),
        (
            "Atentamente,\n\nEl Instructor\nSargento Javier Morales Ruiz\nTIP: R-1",
            "Javier Morales Ruiz",
        ),
        ("Regards\n\nRobert Haines\nInvestigator, Boise Police Department", "Robert Haines"),
        (
            "Issued by: Assistant Statewide Prosecutor Daniel Ybarra\n\n"
            "Special Agent Monica Reyes, FDLE\n\n/s/ Daniel Ybarra",
            "Monica Reyes",
        ),
        (
            "/s/ Michael Saperstein, Assistant District Attorney\n\n"
            "Det. Luis Ortega, Shield No. 4471",
            "Luis Ortega",
        ),
        ("Upon the application of Detective Constable Ryan Cho, a peace officer,", "Ryan Cho"),
    ],
)
def test_the_agent_is_the_officer_not_a_title_a_judge_or_a_prosecutor(text, expected):
    assert people.find_agent_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Matricule : 284 117", "284 117"),
        ("Matricule 1 204 558\nTéléphone", "1 204 558"),
        ("Member No. 51234", "51234"),
        ("Commission Book No. 1187", "1187"),
        ("KGID No. 1844920", "1844920"),
        ("Matrícula 338.551-2", "338.551-2"),
        ("Applicant: DC 4471 Priya Sandhu", "4471"),
        ("Detective Constable Ryan Cho #8842", "8842"),
        ("Reg. No. 71184D", "71184D"),
        ("TIP: R-48213-K", "R-48213-K"),
        ("for the period 01/02/2026 to 28/02/2026", None),
        ("333 North Mark Stall Place, Boise, ID 83704", None),
        ("Agent Brandon Keller, ID No. 3307", "3307"),
    ],
)
def test_badges_as_agencies_number_their_officers(text, expected):
    assert badge.find_badge(text) == expected


@pytest.mark.parametrize(
    ("text", "agent", "expected"),
    [
        (
            "WEST MIDLANDS POLICE\nUnit\n\nPriya Sandhu\nData Unit, West Midlands Police",
            "Priya Sandhu",
            "WEST MIDLANDS POLICE",
        ),
        ("Hello\n\nDana Whitlock\nSpringfield Police Department\nSVU", "Dana Whitlock", None),
        ("Law Enforcement Response Team,\n\nThe Marshals are asking.", None, None),
        ("CYBER CRIME POLICE STATION, BENGALURU\nOffice of the Inspector of Police", None, None),
    ],
)
def test_the_agency_is_the_organisation_printed_at_the_top_or_signing(text, agent, expected):
    found = agency.find_agency(text, [], agent, (text,))
    if expected is None and "Springfield" in text:
        assert found == "Springfield Police Department"
    elif expected is None and "BENGALURU" in text:
        assert found == "CYBER CRIME POLICE STATION, BENGALURU"
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("emails", "text", "expected"),
    [
        (["fernanda@policiacivil.sp.gov.br"], "", "BR"),
        (["x@ksp.gov.in"], "", "IN"),
        (["x@afp.gov.au"], "", "AU"),
        (["x@dps.ohio.gov"], "", "US"),
        ([], "Sd/- Inspector of Police, Cyber Crime Police Station, Bengaluru", "IN"),
        ([], "110 Goulburn Street\nSydney NSW 2000", "AU"),
    ],
)
def test_the_requesting_country_comes_from_domains_and_wording(emails, text, expected):
    assert contact.find_country(text, emails) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("110 Goulburn Street\nSydney NSW 2000", "110 Goulburn Street, Sydney NSW 2000"),
        (
            "Avenida Zack Narchi, 152 - Carandiru\nSão Paulo - SP, 02029-000",
            "Avenida Zack Narchi, 152 - Carandiru, São Paulo - SP, 02029-000",
        ),
        (
            "No. 1, Infantry Road, Bengaluru - 560001",
            "No. 1, Infantry Road, Bengaluru - 560001",
        ),
        ("Badge 6120\n130 North Robson, Mesa, AZ 85201", "130 North Robson, Mesa, AZ 85201"),
        (
            "Lloyd House\nColmore Circus Queensway\nBirmingham B4 6NQ",
            "Colmore Circus Queensway, Birmingham B4 6NQ",
        ),
        ("Harcourt Square\nDublin 2, D02 DH42", "Harcourt Square, Dublin 2, D02 DH42"),
        (
            "Mailing address: 321 East Chestnut Expressway, Springfield, MO 65802",
            "321 East Chestnut Expressway, Springfield, MO 65802",
        ),
    ],
)
def test_street_addresses_as_each_country_writes_them(text, expected):
    assert contact.find_address(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "order", "language", "expected"),
    [
        ("YOU ARE COMMANDED to produce before the Grand Jury, 350 Jay Street, Brooklyn, NY "
         "11201, on April 14, 2026 at 10:00 AM, all records", "MDY", "en", date(2026, 4, 14)),
        ("Solicito que as informações sejam encaminhadas até 31/03/2026.", "DMY", "pt",
         date(2026, 3, 31)),
        ("Se ruega remitan la información antes del 20 de abril de 2026.", "DMY", "es",
         date(2026, 4, 20)),
        ("Please respond by 03/04/2026.", "DMY", "en", date(2026, 4, 3)),
        ("Served on March 30, 2026. This letter is dated April 1, 2026.", "MDY", "en", None),
    ],
)  # fmt: skip
def test_the_response_date_is_the_one_asked_for(text, order, language, expected):
    assert contact.find_response_date(text, order=order, language=language) == expected


def test_the_australian_interception_and_access_act_is_not_interception():
    text = (
        "Historical stored records only. It does not rely on the Telecommunications "
        "(Interception and Access) Act 1979."
    )
    assert kind.classify(text, foreign="AU")[0] == "international"
    assert kind.classify("We ask you to intercept the user's meetings.")[0] == "interception"


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("The order directs that the subscriber not be notified until June 30, 2026.", True),
        ("No notice shall be given to the account holder.", True),
        ("This request is marked OFFICIAL-SENSITIVE.", False),
    ],
)
def test_a_passive_request_not_to_notify_is_a_non_disclosure_request(text, present):
    found = notices.find_nondisclosure(text, order="MDY", language="en")
    assert found["present"] is present


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('des Nutzers mit dem Nutzernamen "hansa_deals_22" sowie', "hansa_deals_22"),
        ("nom d'utilisateur : loup_gris75", "loup_gris75"),
        ("nome de usuário: pix_master", "pix_master"),
    ],
)
def test_user_ids_labelled_in_other_languages(text, expected):
    found = targets.find_targets(text, excluded_emails=set(), relay_ips=set(), order="DMY")
    assert {"type": "user", "user_id": expected} in found


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("la réunion n° 845 2210 9931 organisée le 02/03/2026\nà 14h00 : participants", "DMY",
         "2026-03-02T14:00"),
        ("meeting ID 812 3456 7890 held on March 2, 2026 at 3:15 PM EST", "MDY",
         "2026-03-02T15:15"),
        ("Besprechung 845 2210 9931 am 02.03.2026 um 21:14 Uhr", "DMY", "2026-03-02T21:14"),
        ("meeting 845 2210 9931 on 2026-03-02", "MDY", "2026-03-02"),
    ],
)  # fmt: skip
def test_meeting_times_in_each_way_of_writing_them(text, order, expected):
    [meeting] = targets.find_targets(text, excluded_emails=set(), relay_ips=set(), order=order)
    assert meeting["meeting_time"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Your reference: LER-2026-000342\nOur original request: MPD preservation request "
            "25-PR-0931 dated December 22, 2025\n",
            {"reference": "LER-2026-000342", "agency_reference": "25-PR-0931",
             "date": "2025-12-22"},
        ),
        (
            "On December 29, 2025 this office asked you to preserve the records (our reference "
            "PCSO 25-118204). We request an extension.",
            {"reference": None, "agency_reference": "PCSO 25-118204", "date": "2025-12-29"},
        ),
        ("We request an extension of the preservation.", None),
    ],
)  # fmt: skip
def test_an_extension_names_the_preservation_it_extends(text, expected):
    found = extension.find_original(text, kind="preservation_extension", order="MDY")
    assert found == expected


def test_only_an_extension_names_an_original():
    text = "Your reference: LER-2026-000342"
    assert extension.find_original(text, kind="subpoena", order="MDY") is None
