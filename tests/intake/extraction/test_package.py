"""Packages: a cover letter, the form or order it encloses, its attachment and a consent form in
one text. The agent is whoever the package names as requester with contact details."""

from intake.extraction import extract_document, package
from intake.extraction.document import read_text

PROSECUTOR_COVER = """\
                    Office of the District Attorney
                    Greyfield County

Nadia K. Voss
Deputy District Attorney
Phone: (555) 201-4400
E-mail: nvoss@greyfieldda.example.gov

March 3, 2026

Dear Custodian of Records:

Enclosed is a subpoena for the records listed in Attachment A. Please send the records to
the investigating officer:

     Detective Sergeant Paulo Mendes-Ribeiro
     Greyfield County Sheriff's Office
     44 Orchard Lane, Greyfield, OH 45001
     Tel. (555) 202-9188 ext. 17
     pmendes@greyfieldso.example.gov

Very truly yours,

/s/ Nadia K. Voss
Deputy District Attorney
for the District Attorney


                    SUBPOENA DUCES TECUM

To: Custodian of Records

You are commanded to produce the records described in Attachment A.

                                        /s/ R. Okafor
                                        Deputy Clerk


                    ATTACHMENT A

Records of the account rivercrow77.
"""

CONSENT_PACKAGE = """\
                    HARLOW CITY POLICE

Law Enforcement Response Team

The account holder has signed the enclosed consent form. Please release her records to me.

Sincerely,

Ilse Brandvold
Harlow City Police, Cyber Unit
ibrandvold@harlowpd.example.gov


                    CONSENT TO DISCLOSE ACCOUNT RECORDS

I, Theodora M. Quillfeather, am the owner of the account named below and consent to its
records being disclosed to the Harlow City Police.

Account e-mail: tquill@webmail.example
Account holder signature: /s/ Theodora M. Quillfeather
"""

PLAIN_LETTER = """\
                    Dunmore Police Department

Please preserve the account records of user 88120473 for 90 days.

Sincerely,

Officer Wendell Okoro
Badge 4471
(555) 310-2200
wokoro@dunmorepd.example.gov
"""


def _fields(text: str) -> dict:
    return extract_document(read_text(text.encode())).fields


def test_a_package_is_split_into_its_documents_by_their_headings():
    parts = package.split_parts(PROSECUTOR_COVER)

    assert [p.kind for p in parts] == ["letter", "form", "attachment"]
    assert parts[1].text.strip().startswith("SUBPOENA DUCES TECUM")
    assert "rivercrow77" in parts[2].text


def test_a_heading_word_inside_a_sentence_does_not_split_the_letter():
    text = "Dear Sir,\n\nThe court order enclosed asks for records.\n\nSincerely,\nA. Officer\n"

    assert [p.kind for p in package.split_parts(text)] == ["letter"]


def test_the_agent_of_a_package_is_the_officer_named_with_contact_details_not_the_prosecutor():
    fields = _fields(PROSECUTOR_COVER)

    assert fields["agent_name"] == "Paulo Mendes-Ribeiro"
    assert fields["agent_email"] == "pmendes@greyfieldso.example.gov"
    assert fields["phone"] == "(555) 202-9188 ext. 17"
    assert fields["agency"] == "Greyfield County Sheriff's Office"
    assert fields["address"] == "44 Orchard Lane, Greyfield, OH 45001"


def test_the_clerk_who_signs_an_enclosed_form_is_not_the_agent():
    requester = package.requester(PROSECUTOR_COVER)

    assert requester is not None
    assert requester.name != "R. Okafor"


def test_the_user_who_signs_a_consent_form_is_not_the_agent():
    assert package.consent_users(CONSENT_PACKAGE) == {"quillfeather"}
    assert _fields(CONSENT_PACKAGE)["agent_name"] == "Ilse Brandvold"


def test_a_single_letter_is_not_read_as_a_package():
    assert package.split_parts(PLAIN_LETTER)[0].kind == "letter"
    assert len(package.split_parts(PLAIN_LETTER)) == 1
    assert package.requester(PLAIN_LETTER) is None
    assert _fields(PLAIN_LETTER)["agent_name"] == "Wendell Okoro"


ORDER_PACKAGE = """\
                    APPLICATION FOR AN ORDER UNDER 18 U.S.C. 2703(d)

The applicant asks the Court to order the provider to disclose the records of user 5518820.
Records are to be sent to:

     Special Agent Corinne B. Laszlo
     Homeland Security Investigations
     800 Harbor Drive, Suite 40, Port Ellis, WA 98001
     (555) 410-7733
     corinne.laszlo@hsi.example.gov


                    ORDER

IT IS HEREBY ORDERED that the provider disclose the records.

/s/ Evelyn M. Straub
United States Magistrate Judge
"""


def test_the_agent_of_an_order_package_is_the_applicant_named_for_the_records_not_the_judge():
    assert [p.kind for p in package.split_parts(ORDER_PACKAGE)] == ["letter", "order"]

    fields = _fields(ORDER_PACKAGE)

    assert fields["agent_name"] == "Corinne B. Laszlo"
    assert fields["agency"] == "Homeland Security Investigations"
    assert fields["agent_email"] == "corinne.laszlo@hsi.example.gov"
