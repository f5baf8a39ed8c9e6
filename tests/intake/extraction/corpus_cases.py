"""The labelled requests (see make_corpus.py). Every agency, person, address, number and
account here is invented; domains end in real government suffixes only so that the rules
can be exercised, and phone numbers use fictional ranges."""

# ruff: noqa: E501 - letters are quoted as written

SUBPOENA_LETTER = """MARICOPA VALLEY COUNTY SHERIFF'S OFFICE
Criminal Investigations Bureau
2450 West Jefferson Street
Phoenix, AZ 85009

March 3, 2026

Example Video Inc.
Attn: Custodian of Records / Legal Department
500 Howard Street
San Francisco, CA 94105

RE: Grand Jury Subpoena GJ-2026-0311, our case MV26-014433

Dear Custodian of Records,

Enclosed please find a grand jury subpoena issued by the Superior Court of Arizona. Pursuant to
the subpoena, please produce the basic subscriber information (name, email address, telephone,
IP address logs) for the account registered to the email address desert.fox.77@gmail.com and
all sessions from the IP address 203.0.113.45 between January 1, 2026 and February 28, 2026.

Please produce the records no later than April 10, 2026.

Pursuant to 18 U.S.C. 2705(b), the court has ordered that you not disclose the existence of this
subpoena to the subscriber for a period of 180 days.

Respectfully,

/s/ Daniel R. Whitaker
Detective Daniel R. Whitaker, Badge #7731
Maricopa Valley County Sheriff's Office
Tel: (602) 555-0187 ext. 3312
Email: dwhitaker@mvcso.az.gov
"""

PRESERVATION_BODY = """Example Video Inc. - Law Enforcement Response Team

This is a request under 18 U.S.C. 2703(f) that you preserve, for a period of 90 days, all records
and other evidence in your possession relating to the following account, pending the issuance of
legal process:

  Account number: 4410-88213-07
  Email address of account owner: k.morrow.design@outlook.com

Legal process (a search warrant) will follow. Please do not disclose this request to the account
holder, as disclosure could seriously jeopardize the investigation.

Please confirm preservation by email.

Sincerely,
/s/ SA Rebecca Tran
Special Agent Rebecca Tran
Federal Bureau of Investigation, Boston Field Office
201 Maple Street, Chelsea, MA 02150
Phone: 617-555-0122
Badge No. 40917
rtran@fbi.gov
"""

MET_LETTER = """METROPOLITAN POLICE SERVICE
Specialist Crime Command - Cyber Crime Unit
New Scotland Yard
Victoria Embankment
London SW1A 2JL

Our ref: MPS/CC/2026/00871
Date: 2 March 2026

To: Example Video Inc., Law Enforcement Response

REQUEST FOR DISCLOSURE OF COMMUNICATIONS DATA

I am Detective Constable Aisha Okonkwo of the Metropolitan Police Service. I am investigating an
offence of fraud by false representation. I request subscriber details and IP login history for
the user with the email address harry.b.fenwick@btinternet.com.

This request is made under the Crime (Overseas Production Orders) Act 2019 and the Data Access
Agreement between the United Kingdom and the United States (CLOUD Act agreement).

Please respond by 14/04/2026.

Signed: DC Aisha Okonkwo
Warrant card no. 218845
Tel: 020 7946 0153 ext 4471
Email: aisha.okonkwo@met.police.uk
"""

FR_BODY = """Objet : Réquisition judiciaire - commission rogatoire n° 26/00412

Madame, Monsieur,

Agissant en exécution de la commission rogatoire délivrée le 24 février 2026 par Mme la juge
d'instruction du tribunal judiciaire de Lyon, je vous prie de bien vouloir me communiquer les
données d'identification et les adresses IP de connexion associées au compte utilisateur
lucas.vernier@laposte.net, ainsi que les réunions organisées par ce compte.

Je vous remercie de bien vouloir ne pas informer l'utilisateur de la présente réquisition.

Merci de me faire parvenir votre réponse au plus tard le 05/05/2026.

Signé : Capitaine Élodie Marchand
Officier de police judiciaire, matricule 1187342
Direction interdépartementale de la Police nationale du Rhône
40 rue Marius Berliet
69008 Lyon
Tél. : +33 4 72 00 12 34
Courriel : elodie.marchand@interieur.gouv.fr
"""

DE_BODY = """Sehr geehrte Damen und Herren,

im Rahmen eines Ermittlungsverfahrens wegen Betrugs (Az. 255 Js 1184/26) bitte ich im Wege der
internationalen Rechtshilfe um Auskunft über die Bestandsdaten und IP-Adressen zum Nutzerkonto
mit der E-Mail-Adresse schulz.m1984@web.de.

Bitte übersenden Sie die Daten bis zum 20.04.2026.

Mit freundlichen Grüßen

gez. KHK Thomas Brandt
Landeskriminalamt Berlin
Abteilung 7 - Cybercrime
Tempelhofer Damm 12
12101 Berlin
Dienstnummer: 45-2231
Telefon: +49 30 4664 912345
E-Mail: thomas.brandt@polizei.berlin.de
"""

RCMP_LETTER = """ROYAL CANADIAN MOUNTED POLICE
National Cybercrime Coordination Centre
73 Leikin Drive
Ottawa, ON K1A 0R2

February 27, 2026

Example Video Inc.
Attn: Legal Department

Re: Production Order, File 2026-118734

Please find enclosed a production order issued under section 487.014 of the Criminal Code by a
justice of the Ontario Court of Justice, requesting records for the meeting ID 812 3456 7890
hosted by tremblay.marc.ottawa@gmail.com on February 10, 2026 at 7:30 PM.

The order requires production no later than March 31, 2026.

Sincerely,

/s/ Cpl. Nathalie Gagnon
Corporal Nathalie Gagnon, Regimental Number 58812
Royal Canadian Mounted Police
Tel: 613-555-0148 x204
Email: nathalie.gagnon@rcmp-grc.gc.ca
"""

EDR_BODY = """EMERGENCY DISCLOSURE REQUEST - 18 U.S.C. 2702(b)(8) and (c)(4)

Requesting agency: Polk Ridge County Sheriff's Office
Requesting officer: Deputy Marcus Ellison
Badge number: 1142
Phone: (863) 555-0190
Email: mellison@polkridgesheriff.gov

Nature of the emergency: at 02:10 this morning a user in one of your meetings posted in the chat
that he would shoot students at Lakeview High School today. A screenshot of the chat was sent to
us by a parent.

Person at risk: students and staff of Lakeview High School, Polk Ridge, FL
Imminence: the user said he would act "before first period" today, March 4, 2026, 7:30 AM

Account of the user who posted: shadowrunner.fl@proton.me, user ID 88120337
Meeting ID: 845 1123 9904

The subscriber information and IP addresses will let us locate the person before he acts.

I certify in good faith that an emergency involving danger of death or serious physical injury
requires disclosure without delay.

/s/ Deputy Marcus Ellison
"""

EDR_HTML = """<html><head><style>p{font-family:Arial}</style></head><body>
<p><b>URGENT - danger to life</b></p>
<p>We request emergency disclosure under 18 U.S.C. &sect; 2702(b)(8) of the subscriber records and
recent login IP addresses for the user who connected from 2001:db8:4f2a::17 and the email
<a href="mailto:lost.kid.2011@icloud.com">lost.kid.2011@icloud.com</a>.</p>
<p>Victim: Emma Castillo, 14, missing since last night, believed to be with an adult she met online.</p>
<p>Timeframe: the adult told her they would leave the state tonight.</p>
<p>Detective Sgt. Laura Brennan<br>Missing Persons Unit<br>Cedar Falls Police Department<br>
ID No. 3318<br>Desk: 319-555-0111 ext. 12<br>lbrennan@cedarfallsiowa.gov</p>
</body></html>"""

ORDER_2703D = """UNITED STATES DISTRICT COURT
FOR THE DISTRICT OF COLORADO

IN THE MATTER OF THE APPLICATION OF THE UNITED STATES OF AMERICA FOR AN ORDER PURSUANT TO
18 U.S.C. 2703(d)

Case No. 26-sw-00417-KLM

ORDER

This matter having come before the Court pursuant to an application under 18 U.S.C. 2703(d),
the Court finds that the applicant has offered specific and articulable facts showing that there
are reasonable grounds to believe that the records sought are relevant and material to an ongoing
criminal investigation.

IT IS HEREBY ORDERED that Example Video Inc. shall disclose to the United States the records
described in Attachment A for the account with account number 7730-11294 and the user email
r.okafor.trading@yahoo.com, within fourteen days of service of this Order.

IT IS FURTHER ORDERED, pursuant to 18 U.S.C. 2705(b), that Example Video Inc. shall not disclose
the existence of the application or this Order to the subscriber or any other person until
September 30, 2026.

SO ORDERED.

/s/ Kristen L. Mayfield
United States Magistrate Judge

Date: March 2, 2026

A TRUE COPY ATTEST
Jeffrey P. Colwell, Clerk of Court
By: Sandra Ruiz, Deputy Clerk
901 19th Street, Denver, CO 80294
Phone: 303-555-0170
"""

WARRANT_PAGE = """STATE OF OHIO, COUNTY OF FRANKLIN
IN THE FRANKLIN COUNTY MUNICIPAL COURT

SEARCH WARRANT

To any law enforcement officer of the State of Ohio: Affidavit having been made before me by
Detective Sergeant Paul Kowalski of the Columbus Division of Police, I am satisfied that there is
probable cause to believe that evidence of the offense of extortion is held by Example Video Inc.

YOU ARE THEREFORE COMMANDED to search for and seize the following records: recordings, chat logs,
transcripts and files of the meeting ID 934 5567 0012, hosted by vgrimes.consult@gmail.com,
held on 2026-02-18 19:00, including the registration list at
https://video.example.com/webinar/register/WN_8fKq2LzTQ7

Return of records on or before 04/06/2026.

/s/ Hon. Margaret Ellery
Judge, Franklin County Municipal Court
Dated: March 5, 2026
"""

WARRANT_BODY = """Good afternoon,

Attached is a signed search warrant for records of one of your meetings. Please send the records
to me at the address below.

Thank you,

Detective Sergeant Paul Kowalski
Columbus Division of Police, Cyber Crimes Unit
120 Marconi Boulevard, Columbus, OH 43215
Badge #2207
Office: 614-555-0136 ext. 7
pkowalski@columbuspolice.gov
"""

INTERCEPT_BODY = """Legal team,

We are investigating a narcotics distribution ring that coordinates through your platform. We
request real-time access to all future meetings hosted by the account elcapo.logistics@gmail.com
for 30 days, including live audio and video, as authorized by the attached order.

Please contact me to arrange the live feed.

Special Agent Victor Salas
Drug Enforcement Administration, Houston Division
1433 West Loop South, Houston, TX 77027
Badge No. 66104
Tel: 713-555-0162
victor.salas@dea.gov

/s/ Victor Salas
"""

EXTENSION_LETTER = """OFFICE OF THE ATTORNEY GENERAL OF TEXAS
Child Exploitation Unit
300 West 15th Street
Austin, TX 78701

March 1, 2026

Re: Request to extend preservation - your reference LER-2026-000114

On December 4, 2025 this office asked Example Video Inc. to preserve records for the account
tx.gamer.jules@gmail.com under 18 U.S.C. 2703(f). We request an extension of the preservation for
an additional 90-day period while we obtain a search warrant.

Sincerely,

/s/ Investigator Rosa Delgado
Investigator Rosa Delgado, ID No. 5521
Office of the Attorney General of Texas
Tel: 512-555-0199
Email: rosa.delgado@oag.texas.gov
"""

OVERBROAD_TEXT = """OHIO BUREAU OF CRIMINAL INVESTIGATION
1560 State Route 56 SW
London, OH 43140

March 2, 2026

SUBPOENA DUCES TECUM

Example Video Inc. is commanded to produce the names, email addresses and IP addresses of all
users in Ohio who attended a meeting on your platform between January 1 and January 31, 2026.

Return date: March 27, 2026

/s/ Agent Kevin Holloway
Special Agent Kevin Holloway, Badge #510
Ohio Bureau of Criminal Investigation
Phone: 740-555-0105
Email: kholloway@ohioattorneygeneral.gov
"""

PO_BOX_BODY = """To whom it may concern,

Please accept this subpoena for subscriber records of the user with the email
mia.h.carter@hotmail.com, IP 198.51.100.201 excluded as it is our own gateway test.

Please provide the records by May 1, 2026.

Regards,

Investigator Colin Park
Nevada Attorney General's Office, Bureau of Criminal Justice
P.O. Box 16130
Las Vegas, NV 89114
Badge: 3380
Tel: 702-555-0144 ext. 221
cpark@ag.nv.gov
"""

BOTH_TEXT = """MONTANA DIVISION OF CRIMINAL INVESTIGATION
2225 Eleventh Avenue
Helena, MT 59601
Mailing address: PO Box 201417, Helena, MT 59620

February 26, 2026

Re: Administrative subpoena for records of user ID ghostrider_406

This administrative subpoena requires production of subscriber records for user ID
ghostrider_406 and the account number 5519-002231.

Please respond on or before March 30, 2026.

Signed: Agent Holly Bergstrom
Agent Holly Bergstrom, Badge No. 219
Montana Division of Criminal Investigation
Phone: (406) 555-0133 ext. 45
Email: hbergstrom@mt.gov
"""

SCAN_BODY = """Please see the attached subpoena for the account owned by j.ramirez.sd@gmail.com.

Det. Luis Ortega
San Diego Police Department
Badge 4410
619-555-0151
"""

DIGSIG_PAGE = """UNITED STATES DEPARTMENT OF HOMELAND SECURITY
Homeland Security Investigations
Office of the Special Agent in Charge, Seattle
1000 Second Avenue, Seattle, WA 98104

March 4, 2026

ADMINISTRATIVE SUBPOENA (DHS Form 3115 equivalent)

Example Video Inc. is required to produce subscriber information for the user with email
cargo.manifest.22@protonmail.com by April 3, 2026.

Special Agent Hannah Liu
Badge No. HSI-20917
Tel: 206-555-0175
Email: hannah.liu@hsi.dhs.gov
"""

FORWARD_BODY = """FYI - forwarding the officer's request below to the right mailbox.

--\u0020
Kelly Nguyen, Records Clerk
Travis County District Attorney

---------- Forwarded message ---------
From: Officer James Mercer <james.mercer@austintexas.gov>
Date: Mon, Mar 2, 2026 at 9:14 AM
Subject: Subpoena - records request
To: Kelly Nguyen <kelly.nguyen@traviscountytx.gov>

Please forward to Example Video the attached grand jury subpoena for the account
user email bluebonnet.seller@gmail.com. Records are due by April 6, 2026.

/s/ Officer James Mercer
Austin Police Department, Financial Crimes
715 East 8th Street, Austin, TX 78701
Badge #9034
Phone: 512-555-0177
"""

LES_BODY = """LAW ENFORCEMENT SENSITIVE

Subject: Subpoena for subscriber records

Please find below a subpoena issued by the Cook County grand jury for the subscriber of the
account with account number 3318-40021 and the IP address 192.0.2.77.

Records are due no later than April 20, 2026.

Sincerely,

/s/ Detective Angela Russo
Detective Angela Russo, Star #11825
Chicago Police Department, Bureau of Detectives
3510 South Michigan Avenue, Chicago, IL 60653
Phone: 312-555-0166
Email: angela.russo@chicagopolice.gov
"""

REGISTRATION_BODY = """Good morning,

Pursuant to the attached subpoena, please produce the registrant list and IP addresses for the
webinar at https://video.example.com/webinar/register/WN_Ab12Cd34Ef and its host.

Response date: 2026-05-01

Respectfully,

/s/ Inspector Grace Whitfield
Inspector Grace Whitfield
U.S. Postal Inspection Service
433 West Harrison Street, Chicago, IL 60699
Inspector ID 31877
Tel: 312-555-0188
gwhitfield@uspis.gov
"""

UNSIGNED_BODY = """hi

i am a police officer and need the info on the account of tommy.v.gates@gmail.com asap because
he is harassing my sister. please send it to this address.

thanks
Rick
"""

AUSA_FORM = """UNITED STATES DISTRICT COURT
for the
Eastern District of Virginia

SUBPOENA TO PRODUCE DOCUMENTS, INFORMATION, OR OBJECTS

To: Example Video Inc., Custodian of Records

YOU ARE COMMANDED to produce at the time, date, and place set forth below the following
documents: subscriber information, login IP addresses and meeting metadata for the account
associated with the email address novak.trading.llc@gmail.com.

Place: U.S. Attorney's Office, 2100 Jamieson Avenue, Alexandria, VA 22314
Date and Time: 04/17/2026 10:00 am

The name, address, email and telephone number of the attorney representing the United States,
who issues or requests this subpoena, are:
Assistant United States Attorney Jonathan Pierce, 2100 Jamieson Avenue, Alexandria, VA 22314,
jonathan.pierce@usdoj.gov, 703-555-0101

Case Agent: Special Agent Maya Fischer, Internal Revenue Service - Criminal Investigation
Badge No. 7718
Phone: 703-555-0129 ext. 301
Email: maya.fischer@ci.irs.gov
Address: 1500 Pennsylvania Avenue NW, Washington, DC 20220

Date: March 6, 2026
CLERK OF COURT
/s/ Fernando Galindo
Signature of Clerk or Deputy Clerk
"""

CASES = [
    {
        "name": "us_sheriff_subpoena_pdf",
        "from": "Daniel Whitaker <dwhitaker@mvcso.az.gov>",
        "subject": "Grand Jury Subpoena GJ-2026-0311",
        "received": "Tue, 3 Mar 2026 16:02:11 +0000",
        "body": "Please see the attached subpoena.\n\nDet. Daniel Whitaker\n",
        "pdfs": [("subpoena.pdf", {"pages": [SUBPOENA_LETTER]})],
        "expected": {
            "kind": "subpoena",
            "agency": "MARICOPA VALLEY COUNTY SHERIFF'S OFFICE",
            "agent_name": "Daniel R. Whitaker",
            "badge": "7731",
            "agent_email": "dwhitaker@mvcso.az.gov",
            "phone": "(602) 555-0187 ext. 3312",
            "address": "2450 West Jefferson Street, Phoenix, AZ 85009",
            "response_date": "2026-04-10",
            "targets": [
                {"type": "account", "email": "desert.fox.77@gmail.com"},
                {"type": "user", "ip": "203.0.113.45"},
            ],
            "nondisclosure": {"present": True, "days": 180, "until": None},
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "fbi_preservation_qp",
        "from": '"Tran, Rebecca (BS) (FBI)" <rtran@fbi.gov>',
        "subject": "Preservation Request - 18 U.S.C. 2703(f)",
        "received": "Wed, 4 Mar 2026 13:45:00 -0500",
        "cte": "quoted-printable",
        "body": PRESERVATION_BODY,
        "expected": {
            "kind": "preservation",
            "agency": "Federal Bureau of Investigation, Boston Field Office",
            "agent_name": "Rebecca Tran",
            "badge": "40917",
            "agent_email": "rtran@fbi.gov",
            "phone": "617-555-0122",
            "address": "201 Maple Street, Chelsea, MA 02150",
            "targets": [
                {"type": "account", "account_number": "4410-88213-07"},
                {"type": "account", "email": "k.morrow.design@outlook.com"},
            ],
            "nondisclosure": {"present": True, "days": None, "until": None},
            "signed": True,
        },
    },
    {
        "name": "uk_met_letter",
        "text": MET_LETTER,
        "expected": {
            "kind": "international",
            "agency": "METROPOLITAN POLICE SERVICE",
            "agent_name": "Aisha Okonkwo",
            "badge": "218845",
            "agent_email": "aisha.okonkwo@met.police.uk",
            "phone": "020 7946 0153 ext 4471",
            "address": "Victoria Embankment, London SW1A 2JL",
            "response_date": "2026-04-14",
            "targets": [{"type": "user", "email": "harry.b.fenwick@btinternet.com"}],
            "signed": True,
            "letterhead": True,
        },
        "unchecked": ["address"],
    },
    {
        "name": "fr_police_latin1",
        "from": "Elodie Marchand <elodie.marchand@interieur.gouv.fr>",
        "subject": "Réquisition judiciaire - CR 26/00412",
        "received": "Thu, 5 Mar 2026 09:12:40 +0100",
        "charset": "latin-1",
        "cte": "quoted-printable",
        "body": FR_BODY,
        "expected": {
            "kind": "international",
            "agency": "Direction interdépartementale de la Police nationale du Rhône",
            "agent_name": "Élodie Marchand",
            "badge": "1187342",
            "agent_email": "elodie.marchand@interieur.gouv.fr",
            "phone": "+33 4 72 00 12 34",
            "address": "40 rue Marius Berliet, 69008 Lyon",
            "response_date": "2026-05-05",
            "targets": [{"type": "account", "email": "lucas.vernier@laposte.net"}],
            "nondisclosure": {"present": True, "days": None, "until": None},
            "language": "fr",
            "signed": True,
        },
    },
    {
        "name": "de_lka_base64",
        "from": "Thomas Brandt <thomas.brandt@polizei.berlin.de>",
        "subject": "Auskunftsersuchen Az. 255 Js 1184/26",
        "received": "Fri, 6 Mar 2026 10:00:00 +0100",
        "cte": "base64",
        "body": DE_BODY,
        "expected": {
            "kind": "international",
            "agency": "Landeskriminalamt Berlin",
            "agent_name": "Thomas Brandt",
            "badge": "45-2231",
            "agent_email": "thomas.brandt@polizei.berlin.de",
            "phone": "+49 30 4664 912345",
            "address": "Tempelhofer Damm 12, 12101 Berlin",
            "response_date": "2026-04-20",
            "targets": [{"type": "account", "email": "schulz.m1984@web.de"}],
            "language": "de",
            "signed": True,
        },
    },
    {
        "name": "ca_rcmp_production_order_pdf",
        "from": "nathalie.gagnon@rcmp-grc.gc.ca",
        "subject": "Production Order - File 2026-118734",
        "received": "Fri, 27 Feb 2026 20:15:00 +0000",
        "body": "Bonjour / Hello,\n\nPlease find the production order attached.\n\nCpl. N. Gagnon\n",
        "pdfs": [("production_order.pdf", {"pages": [RCMP_LETTER]})],
        "expected": {
            "kind": "international",
            "agency": "ROYAL CANADIAN MOUNTED POLICE",
            "agent_name": "Nathalie Gagnon",
            "badge": "58812",
            "agent_email": "nathalie.gagnon@rcmp-grc.gc.ca",
            "phone": "613-555-0148 x204",
            "address": "73 Leikin Drive, Ottawa, ON K1A 0R2",
            "response_date": "2026-03-31",
            "targets": [
                {
                    "type": "meeting",
                    "meeting_id": "812 3456 7890",
                    "host_email": "tremblay.marc.ottawa@gmail.com",
                    "meeting_time": "2026-02-10T19:30",
                }
            ],
            "signed": True,
            "letterhead": True,
        },
        "unchecked": ["badge"],
    },
    {
        "name": "us_edr_plain",
        "from": "Marcus Ellison <mellison@polkridgesheriff.gov>",
        "subject": "EMERGENCY DISCLOSURE REQUEST",
        "received": "Wed, 4 Mar 2026 07:02:00 -0500",
        "body": EDR_BODY,
        "expected": {
            "kind": "emergency",
            "agency": "Polk Ridge County Sheriff's Office",
            "agent_name": "Marcus Ellison",
            "badge": "1142",
            "agent_email": "mellison@polkridgesheriff.gov",
            "phone": "(863) 555-0190",
            "targets": [
                {"type": "account", "email": "shadowrunner.fl@proton.me"},
                {"type": "user", "user_id": "88120337"},
                {"type": "meeting", "meeting_id": "845 1123 9904"},
            ],
            "emergency": {
                "present": True,
                "person_at_risk": "students and staff of Lakeview High School, Polk Ridge, FL",
                "imminence": 'the user said he would act "before first period" today, March 4, 2026, 7:30 AM',
            },
            "signed": True,
        },
    },
    {
        "name": "us_edr_html_only",
        "from": "Laura Brennan <lbrennan@cedarfallsiowa.gov>",
        "subject": "URGENT: missing child - emergency request",
        "received": "Thu, 5 Mar 2026 03:40:00 -0600",
        "html_only": True,
        "body": EDR_HTML,
        "expected": {
            "kind": "emergency",
            "agency": "Cedar Falls Police Department",
            "agent_name": "Laura Brennan",
            "badge": "3318",
            "agent_email": "lbrennan@cedarfallsiowa.gov",
            "phone": "319-555-0111 ext. 12",
            "targets": [
                {"type": "user", "email": "lost.kid.2011@icloud.com"},
                {"type": "user", "ip": "2001:db8:4f2a::17"},
            ],
            "emergency": {
                "present": True,
                "person_at_risk": "Emma Castillo, 14, missing since last night, believed to be with an adult she met online.",
                "imminence": "the adult told her they would leave the state tonight.",
            },
        },
    },
    {
        "name": "us_2703d_order_from_court",
        "text": ORDER_2703D,
        "expected": {
            "kind": "court_order",
            "agency": "UNITED STATES DISTRICT COURT",
            "agent_name": "Sandra Ruiz",
            "phone": "303-555-0170",
            "address": "901 19th Street, Denver, CO 80294",
            "targets": [
                {"type": "account", "account_number": "7730-11294"},
                {"type": "user", "email": "r.okafor.trading@yahoo.com"},
            ],
            "nondisclosure": {"present": True, "days": None, "until": "2026-09-30"},
            "signed": True,
            "letterhead": False,
        },
    },
    {
        "name": "us_search_warrant_pdf",
        "from": "Paul Kowalski <pkowalski@columbuspolice.gov>",
        "subject": "Search warrant - meeting records",
        "received": "Thu, 5 Mar 2026 19:22:00 +0000",
        "body": WARRANT_BODY,
        "pdfs": [("warrant.pdf", {"pages": [WARRANT_PAGE]})],
        "expected": {
            "kind": "search_warrant",
            "agency": "Columbus Division of Police, Cyber Crimes Unit",
            "agent_name": "Paul Kowalski",
            "badge": "2207",
            "agent_email": "pkowalski@columbuspolice.gov",
            "phone": "614-555-0136 ext. 7",
            "address": "120 Marconi Boulevard, Columbus, OH 43215",
            "response_date": "2026-04-06",
            "targets": [
                {
                    "type": "meeting",
                    "meeting_id": "934 5567 0012",
                    "host_email": "vgrimes.consult@gmail.com",
                    "meeting_time": "2026-02-18T19:00",
                },
                {
                    "type": "meeting",
                    "url": "https://video.example.com/webinar/register/WN_8fKq2LzTQ7",
                },
            ],
            "signed": True,
        },
    },
    {
        "name": "us_dea_interception",
        "from": "Victor Salas <victor.salas@dea.gov>",
        "subject": "Request for assistance - live access",
        "received": "Mon, 2 Mar 2026 15:00:00 +0000",
        "body": INTERCEPT_BODY,
        "expected": {
            "kind": "interception",
            "agency": "Drug Enforcement Administration, Houston Division",
            "agent_name": "Victor Salas",
            "badge": "66104",
            "agent_email": "victor.salas@dea.gov",
            "phone": "713-555-0162",
            "address": "1433 West Loop South, Houston, TX 77027",
            "targets": [{"type": "account", "email": "elcapo.logistics@gmail.com"}],
            "signed": True,
        },
    },
    {
        "name": "us_preservation_extension_pdf",
        "from": "Rosa Delgado <rosa.delgado@oag.texas.gov>",
        "subject": "Extension of preservation - LER-2026-000114",
        "received": "Sun, 1 Mar 2026 18:00:00 +0000",
        "body": "Please see the attached letter.\n",
        "pdfs": [("extension.pdf", {"pages": [EXTENSION_LETTER]})],
        "expected": {
            "kind": "preservation_extension",
            "agency": "OFFICE OF THE ATTORNEY GENERAL OF TEXAS",
            "agent_name": "Rosa Delgado",
            "badge": "5521",
            "agent_email": "rosa.delgado@oag.texas.gov",
            "phone": "512-555-0199",
            "address": "300 West 15th Street, Austin, TX 78701",
            "targets": [{"type": "account", "email": "tx.gamer.jules@gmail.com"}],
            "signed": True,
            "letterhead": True,
            "original_preservation": {
                "reference": "LER-2026-000114",
                "agency_reference": None,
                "date": "2025-12-04",
            },
        },
    },
    {
        "name": "us_overbroad_subpoena",
        "text": OVERBROAD_TEXT,
        "expected": {
            "kind": "subpoena",
            "agency": "OHIO BUREAU OF CRIMINAL INVESTIGATION",
            "agent_name": "Kevin Holloway",
            "badge": "510",
            "agent_email": "kholloway@ohioattorneygeneral.gov",
            "phone": "740-555-0105",
            "address": "1560 State Route 56 SW, London, OH 43140",
            "response_date": "2026-03-27",
            "targets": [],
            "signed": True,
            "letterhead": True,
        },
        "unchecked": ["address"],
    },
    {
        "name": "us_po_box_only",
        "from": "Colin Park <cpark@ag.nv.gov>",
        "subject": "Subpoena for subscriber records",
        "received": "Mon, 9 Mar 2026 17:30:00 +0000",
        "body": PO_BOX_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "Nevada Attorney General's Office, Bureau of Criminal Justice",
            "agent_name": "Colin Park",
            "badge": "3380",
            "agent_email": "cpark@ag.nv.gov",
            "phone": "702-555-0144 ext. 221",
            "po_box": "P.O. Box 16130, Las Vegas, NV 89114",
            "response_date": "2026-05-01",
            "targets": [
                {"type": "user", "email": "mia.h.carter@hotmail.com"},
                {"type": "user", "ip": "198.51.100.201"},
            ],
        },
        "unchecked": ["targets"],
    },
    {
        "name": "us_street_and_po_box",
        "text": BOTH_TEXT,
        "expected": {
            "kind": "subpoena",
            "agency": "MONTANA DIVISION OF CRIMINAL INVESTIGATION",
            "agent_name": "Holly Bergstrom",
            "badge": "219",
            "agent_email": "hbergstrom@mt.gov",
            "phone": "(406) 555-0133 ext. 45",
            "address": "2225 Eleventh Avenue, Helena, MT 59601",
            "po_box": "PO Box 201417, Helena, MT 59620",
            "response_date": "2026-03-30",
            "targets": [
                {"type": "user", "user_id": "ghostrider_406"},
                {"type": "account", "account_number": "5519-002231"},
            ],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "us_scanned_pdf",
        "from": "Luis Ortega <lortega@pd.sandiego.gov>",
        "subject": "subpoena",
        "received": "Tue, 10 Mar 2026 22:05:00 +0000",
        "body": SCAN_BODY,
        "pdfs": [("scan0001.pdf", "SCAN")],
        "expected": {
            "agency": "San Diego Police Department",
            "agent_name": "Luis Ortega",
            "badge": "4410",
            "agent_email": "lortega@pd.sandiego.gov",
            "phone": "619-555-0151",
            "kind": "subpoena",
            "targets": [{"type": "account", "email": "j.ramirez.sd@gmail.com"}],
            "signed": False,
        },
        "unchecked": ["phone"],
    },
    {
        "name": "us_hsi_digital_signature",
        "from": "Hannah Liu <hannah.liu@hsi.dhs.gov>",
        "subject": "Administrative subpoena",
        "received": "Wed, 4 Mar 2026 21:00:00 +0000",
        "body": "Attached: administrative subpoena (digitally signed).\n",
        "pdfs": [("subpoena_signed.pdf", {"pages": [DIGSIG_PAGE], "pades": True})],
        "expected": {
            "kind": "subpoena",
            "agency": "UNITED STATES DEPARTMENT OF HOMELAND SECURITY",
            "agent_name": "Hannah Liu",
            "badge": "HSI-20917",
            "agent_email": "hannah.liu@hsi.dhs.gov",
            "phone": "206-555-0175",
            "address": "1000 Second Avenue, Seattle, WA 98104",
            "response_date": "2026-04-03",
            "targets": [{"type": "user", "email": "cargo.manifest.22@protonmail.com"}],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "us_forwarded_by_clerk",
        "from": "Kelly Nguyen <kelly.nguyen@traviscountytx.gov>",
        "subject": "Fwd: Subpoena - records request",
        "received": "Mon, 2 Mar 2026 16:40:00 +0000",
        "body": FORWARD_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "Austin Police Department, Financial Crimes",
            "agent_name": "James Mercer",
            "badge": "9034",
            "agent_email": "james.mercer@austintexas.gov",
            "phone": "512-555-0177",
            "address": "715 East 8th Street, Austin, TX 78701",
            "response_date": "2026-04-06",
            "targets": [{"type": "account", "email": "bluebonnet.seller@gmail.com"}],
            "signed": True,
        },
    },
    {
        "name": "us_les_marking_not_ndo",
        "from": "Angela Russo <angela.russo@chicagopolice.gov>",
        "subject": "LAW ENFORCEMENT SENSITIVE - subpoena",
        "received": "Fri, 6 Mar 2026 14:10:00 +0000",
        "body": LES_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "Chicago Police Department, Bureau of Detectives",
            "agent_name": "Angela Russo",
            "badge": "11825",
            "agent_email": "angela.russo@chicagopolice.gov",
            "phone": "312-555-0166",
            "address": "3510 South Michigan Avenue, Chicago, IL 60653",
            "response_date": "2026-04-20",
            "targets": [
                {"type": "account", "account_number": "3318-40021"},
                {"type": "user", "ip": "192.0.2.77"},
            ],
            "signed": True,
        },
    },
    {
        "name": "us_webinar_registration",
        "from": "Grace Whitfield <gwhitfield@uspis.gov>",
        "subject": "Subpoena - webinar registrants",
        "received": "Mon, 9 Mar 2026 12:00:00 +0000",
        "body": REGISTRATION_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "U.S. Postal Inspection Service",
            "agent_name": "Grace Whitfield",
            "badge": "31877",
            "agent_email": "gwhitfield@uspis.gov",
            "phone": "312-555-0188",
            "address": "433 West Harrison Street, Chicago, IL 60699",
            "response_date": "2026-05-01",
            "targets": [
                {
                    "type": "meeting",
                    "url": "https://video.example.com/webinar/register/WN_Ab12Cd34Ef",
                }
            ],
            "signed": True,
        },
    },
    {
        "name": "informal_unsigned_gmail",
        "from": "Rick V <rickv1979@gmail.com>",
        "subject": "need info asap",
        "received": "Sat, 7 Mar 2026 23:59:00 +0000",
        "body": UNSIGNED_BODY,
        "expected": {
            "agent_email": "rickv1979@gmail.com",
            "targets": [{"type": "account", "email": "tommy.v.gates@gmail.com"}],
        },
    },
    {
        "name": "us_subpoena_form_ausa",
        "text": AUSA_FORM,
        "expected": {
            "kind": "subpoena",
            "agency": "Internal Revenue Service - Criminal Investigation",
            "agent_name": "Maya Fischer",
            "badge": "7718",
            "agent_email": "maya.fischer@ci.irs.gov",
            "phone": "703-555-0129 ext. 301",
            "address": "1500 Pennsylvania Avenue NW, Washington, DC 20220",
            "response_date": "2026-04-17",
            "targets": [{"type": "account", "email": "novak.trading.llc@gmail.com"}],
            "signed": True,
            "letterhead": False,
        },
    },
]
