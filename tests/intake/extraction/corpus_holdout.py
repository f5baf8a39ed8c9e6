"""Held-out labelled requests: written after the finders were tuned on corpus_cases.py and
corpus_more.py, and never tuned on, to measure how reading generalises (`python -m
bench.extract` reports them apart). Every agency, person, address, number and account is
invented."""

ES_GUARDIA_CIVIL = """GUARDIA CIVIL
Jefatura de Información - Grupo de Delitos Telemáticos
Calle de Guzmán el Bueno, 110
28003 Madrid

Madrid, 19 de marzo de 2026

Asunto: Solicitud de datos de abonado - Diligencias Previas 1187/2026

Muy señores míos:

En el marco de las diligencias arriba indicadas, instruidas por el Juzgado de Instrucción
n.º 4 de Madrid, se solicita la identificación del titular y el historial de direcciones IP
de la cuenta asociada al correo electrónico marta.quintero.85@hotmail.es.

Se ruega remitan la información antes del 20 de abril de 2026.

Atentamente,

El Instructor
Sargento Javier Morales Ruiz
TIP: R-48213-K
Teléfono: +34 915 146 000 ext. 4410
Correo: jmoralesr@guardiacivil.es
"""

US_MARSHALS_EDR = """Law Enforcement Response Team,

The U.S. Marshals Service is seeking emergency disclosure under 18 U.S.C. 2702(c)(4).

A fugitive wanted for homicide, Derek Vance, has sent messages through your platform to his
former partner, Alicia Moreno, saying he will kill her when she leaves work tonight at 6 PM.
He uses the account with username dvance_1979 and last connected from 198.51.100.214.

We need the IP addresses and location data for the last 48 hours to locate him before he
reaches her.

Deputy U.S. Marshal Kevin O'Brien
Badge 24-1187
U.S. Marshals Service, Central District of California
350 West 1st Street, Los Angeles, CA 90012
Phone: (213) 555-0142 x 31
kevin.obrien@usdoj.gov
"""

IE_GARDA = """AN GARDA SÍOCHÁNA
Garda National Cyber Crime Bureau
Harcourt Square
Dublin 2, D02 DH42

Date: 01/04/2026
Our ref: GNCCB/2026/0418

Re: Request for subscriber information

An Garda Síochána is investigating an offence of harassment contrary to section 10 of the
Non-Fatal Offences Against the Person Act 1997. I request the subscriber details and login IP
addresses for the user ID 4471093385 for the period 01/02/2026 to 28/02/2026.

Please do not notify the account holder of this request for a period of 60 days.

I would be grateful for a reply by 05/05/2026.

Signed: Sergeant Ciarán Walsh
Reg. No. 71184D
Tel: +353 1 666 3700 ext. 218
Email: ciaran.walsh@garda.ie
"""

US_OUTLOOK_FWD = """Forwarding from Det. Kim - please process.

Sandra Lowell | Records Unit
Tulsa Police Department

________________________________
From: Kim, Joon <jkim@tulsapolice.org>
Sent: Monday, March 16, 2026 2:47 PM
To: Lowell, Sandra <slowell@tulsapolice.org>
Subject: subpoena for Example Video

Sandra - can you send this on to Example Video's legal team?

Pursuant to the attached Tulsa County District Court subpoena, Example Video Inc. is commanded
to produce the subscriber records for the email address route66.reseller@gmail.com on or before
April 22, 2026.

Det. Joon Kim #1452
Tulsa Police Department - Cyber Crimes Unit
600 Civic Center, Tulsa, OK 74103
Desk 918-555-0127 ext. 3
"""

US_PRESERVE_NO_SIG = """Hello,

Under 18 U.S.C. 2703(f), please preserve all records for the accounts that connected from the
IP address 203.0.113.9 (port 443) and the email johnny.r.blaze@gmail.com for 90 days. A search
warrant will follow. Please confirm within 14 days.

Robert Haines
Investigator, Boise Police Department
333 North Mark Stall Place, Boise, ID 83704
208-555-0116
"""

CA_SQ_ORDONNANCE = """SÛRETÉ DU QUÉBEC
Service des enquêtes sur la cybercriminalité
1701, rue Parthenais
Montréal (Québec) H2K 3S7

Le 17 mars 2026

Objet : Ordonnance de communication - article 487.014 du Code criminel - dossier 026-118-442

Madame, Monsieur,

Veuillez trouver ci-dessous le résumé de l'ordonnance de communication rendue par la
juge Isabelle Tremblay de la Cour du Québec. Elle vous enjoint de communiquer les données
d'abonné et les adresses IP de connexion du compte associé à l'adresse
p.gagnon.qc@videotron.ca, au plus tard le 30 avril 2026.

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

Sergente-détective Mélanie Roy, matricule 8821
Sûreté du Québec
Téléphone : 514 598-4141, poste 2231
Courriel : melanie.roy@surete.qc.ca
"""

UK_CONSTAB_TXT = """NORTH YORKSHIRE POLICE
Digital Investigation Unit
Alverton Court
Crosby Road
Northallerton DL6 1BF

Date: 10/03/2026

Dear Sir/Madam,

Request for communications data - crime ref. 12260041885

I am investigating a report of blackmail. I request the registration details and IP history
for the account number 88-1044-2716 and the email address moorside.lad@gmail.com.

Please respond by 05/06/2026.

Yours faithfully,

/s/ DS 1190 Helen Marsh
Detective Sergeant Helen Marsh
Tel: 01609 789 123 ext 4471
Email: helen.marsh@northyorkshire.police.uk
"""

HOLDOUT = [
    {
        "name": "holdout_es_guardia_civil",
        "from": "Javier Morales <jmoralesr@guardiacivil.es>",
        "subject": "Solicitud de datos - DP 1187/2026",
        "received": "Thu, 19 Mar 2026 10:00:00 +0100",
        "body": ES_GUARDIA_CIVIL,
        "charset": "iso-8859-1",
        "cte": "quoted-printable",
        "expected": {
            "kind": "international",
            "agency": "GUARDIA CIVIL",
            "agent_name": "Javier Morales Ruiz",
            "badge": "R-48213-K",
            "agent_email": "jmoralesr@guardiacivil.es",
            "phone": "+34 915 146 000 ext. 4410",
            "address": "Calle de Guzmán el Bueno, 110, 28003 Madrid",
            "response_date": "2026-04-20",
            "targets": [{"type": "account", "email": "marta.quintero.85@hotmail.es"}],
            "language": "es",
        },
    },
    {
        "name": "holdout_us_marshals_edr",
        "from": "Kevin O'Brien <kevin.obrien@usdoj.gov>",
        "subject": "EMERGENCY DISCLOSURE REQUEST",
        "received": "Fri, 20 Mar 2026 19:05:00 +0000",
        "body": US_MARSHALS_EDR,
        "expected": {
            "kind": "emergency",
            "agency": "U.S. Marshals Service, Central District of California",
            "agent_name": "Kevin O'Brien",
            "badge": "24-1187",
            "agent_email": "kevin.obrien@usdoj.gov",
            "phone": "+1 213-555-0142 ext. 31",
            "address": "350 West 1st Street, Los Angeles, CA 90012",
            "targets": [
                {"type": "user", "user_id": "dvance_1979"},
                {"type": "user", "ip": "198.51.100.214"},
            ],
            "emergency": {
                "present": True,
                "person_at_risk": "Alicia Moreno, the fugitive's former partner",
                "imminence": "he will kill her when she leaves work tonight at 6 PM",
            },
        },
    },
    {
        "name": "holdout_ie_garda_dmy",
        "from": "Ciarán Walsh <ciaran.walsh@garda.ie>",
        "subject": "GNCCB/2026/0418 - request for subscriber information",
        "received": "Wed, 1 Apr 2026 09:30:00 +0100",
        "body": IE_GARDA,
        "expected": {
            "kind": "international",
            "agency": "AN GARDA SÍOCHÁNA",
            "agent_name": "Ciarán Walsh",
            "badge": "71184D",
            "agent_email": "ciaran.walsh@garda.ie",
            "phone": "+353 1 666 3700 ext. 218",
            "address": "Harcourt Square, Dublin 2, D02 DH42",
            "response_date": "2026-05-05",
            "targets": [{"type": "user", "user_id": "4471093385"}],
            "nondisclosure": {"present": True, "days": 60, "until": None},
            "signed": True,
        },
    },
    {
        "name": "holdout_us_outlook_forward",
        "from": "Lowell, Sandra <slowell@tulsapolice.org>",
        "subject": "FW: subpoena for Example Video",
        "received": "Mon, 16 Mar 2026 21:00:00 +0000",
        "body": US_OUTLOOK_FWD,
        "expected": {
            "kind": "subpoena",
            "agency": "Tulsa Police Department - Cyber Crimes Unit",
            "agent_name": "Joon Kim",
            "badge": "1452",
            "agent_email": "jkim@tulsapolice.org",
            "phone": "+1 918-555-0127 ext. 3",
            "address": "600 Civic Center, Tulsa, OK 74103",
            "response_date": "2026-04-22",
            "targets": [{"type": "user", "email": "route66.reseller@gmail.com"}],
        },
        # The body's top line is the forwarder's signature, the same department without the
        # unit: a careful reader could name either.
        "unchecked": ["agency"],
    },
    {
        "name": "holdout_us_preservation_unsigned",
        "from": "Robert Haines <rhaines@cityofboise.org>",
        "subject": "Preservation request",
        "received": "Tue, 17 Mar 2026 16:00:00 +0000",
        "body": US_PRESERVE_NO_SIG,
        "expected": {
            "kind": "preservation",
            "agency": "Boise Police Department",
            "agent_name": "Robert Haines",
            "agent_email": "rhaines@cityofboise.org",
            "phone": "+1 208-555-0116",
            "address": "333 North Mark Stall Place, Boise, ID 83704",
            "targets": [
                {"type": "user", "ip": "203.0.113.9"},
                {"type": "user", "email": "johnny.r.blaze@gmail.com"},
            ],
        },
    },
    {
        "name": "holdout_ca_surete_quebec_fr",
        "from": "Mélanie Roy <melanie.roy@surete.qc.ca>",
        "subject": "Ordonnance de communication - dossier 026-118-442",
        "received": "Tue, 17 Mar 2026 15:00:00 -0400",
        "body": CA_SQ_ORDONNANCE,
        "charset": "windows-1252",
        "cte": "base64",
        "expected": {
            "kind": "international",
            "agency": "SÛRETÉ DU QUÉBEC",
            "agent_name": "Mélanie Roy",
            "badge": "8821",
            "agent_email": "melanie.roy@surete.qc.ca",
            "phone": "+1 514-598-4141 ext. 2231",
            "address": "1701, rue Parthenais, Montréal (Québec) H2K 3S7",
            "response_date": "2026-04-30",
            "targets": [{"type": "user", "email": "p.gagnon.qc@videotron.ca"}],
            "language": "fr",
        },
    },
    {
        "name": "holdout_uk_constabulary_txt_dmy",
        "text": UK_CONSTAB_TXT,
        "expected": {
            "kind": "international",
            "agency": "NORTH YORKSHIRE POLICE",
            "agent_name": "Helen Marsh",
            "badge": "1190",
            "agent_email": "helen.marsh@northyorkshire.police.uk",
            "phone": "+44 1609 789123 ext. 4471",
            "address": "Crosby Road, Northallerton DL6 1BF",
            "response_date": "2026-06-05",
            "targets": [
                {"type": "account", "account_number": "88-1044-2716"},
                {"type": "account", "email": "moorside.lad@gmail.com"},
            ],
            "signed": True,
            "letterhead": True,
        },
    },
]
