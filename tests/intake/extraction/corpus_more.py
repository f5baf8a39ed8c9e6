"""More labelled requests (see make_corpus.py), written to test reading that generalises:
other countries' forms and conventions (UK day/month dates, French réquisitions, German
Auskunftsersuchen, Canadian production orders, Indian notices, Australian and Brazilian
letters), forwarded mails and replies with quoted history, charsets and transfer encodings,
HTML-only mail, PDFs signed with a real PAdES signature (one of them altered after signing),
scans, and hard negatives: a judge, a prosecutor or a forwarder is not the agent; case
numbers and agents' phone numbers are not targets; a classification marking is not a
non-disclosure request; "all users in Ohio" names no target; a letter's date is not the
response date. Every expectation was written from the text, as a lawyer reads it, before the
extractor was run on it. Every agency, person, address, number and account is invented."""

# ruff: noqa: E501, RUF001 - letters are quoted as written, dashes and all

UK_WMP_BODY = """OFFICIAL-SENSITIVE

WEST MIDLANDS POLICE
Communications Data Investigations Unit
Lloyd House
Colmore Circus Queensway
Birmingham B4 6NQ

Date: 16/03/2026
Our reference: WMP/CD/26/1187

Dear Sir or Madam,

Application for communications data - Investigatory Powers Act 2016, Part 3

I am investigating a series of distraction burglaries against elderly residents in the
Solihull area (crime reference 20/118734/26). The applicant's details and the data sought
are set out below. The application has been authorised by the Office for Communications
Data Authorisations (OCDA).

Applicant: DC 4471 Priya Sandhu
Designated senior officer: Detective Superintendent Graham Lowe

Data sought: subscriber details and IP connection history (1 January 2026 to 28 February
2026) for the account registered to the email address j.pemberton.84@hotmail.co.uk and for
connections from IP address 81.2.69.160.

We would be grateful to receive the data by 03/04/2026.

Yours faithfully,

Priya Sandhu
Detective Constable 4471
Communications Data Investigations Unit, West Midlands Police
Tel: 0121 496 0734 ext. 2210
Email: priya.sandhu@westmidlands.police.uk

OFFICIAL-SENSITIVE
"""

UK_SCOTLAND_BODY = """Police Scotland \u2013 Greater Glasgow Division
Cyber Enabled Crime Team
Dalmarnock Police Office
2 French Street
Glasgow G40 4EH

Request for personal data \u2013 Data Protection Act 2018, Schedule 2, Part 1, Paragraph 2

To the Data Protection Officer,

Police Scotland is investigating a fraud in which victims paid over \u00a340,000 to a
fictitious \u201cinvestment club\u201d promoted during online meetings. I require the personal data
set out below for the prevention and detection of crime and the apprehension or
prosecution of offenders; failure to provide it would be likely to prejudice those purposes.

Data requested: the registration details, billing details and login IP addresses for the
user with username \u201cclub_organiser_gb\u201d and for the account number 55-201-7734.

Please do not inform the account holder of this request for a period of 28 days, as doing
so may prejudice the investigation.

I would appreciate your response by 10/04/2026.

Kind regards,

PC Callum Fraser, Service Number: 71093
Cyber Enabled Crime Team
Police Scotland
Telephone: 0141 496 0321 ext 455
"""

FR_GENDARMERIE_BODY = """GENDARMERIE NATIONALE
Groupement de gendarmerie départementale des Yvelines
Brigade de recherches de Versailles
12 avenue de Paris
78000 Versailles

RÉQUISITION JUDICIAIRE
(Articles 60-1 et 60-2 du code de procédure pénale)

Nous, Adjudant-chef Sébastien Morel, officier de police judiciaire en résidence à la brigade de
recherches de Versailles, agissant en enquête de flagrance sous le contrôle de M. Julien Roux,
procureur de la République près le tribunal judiciaire de Versailles,

Requérons la société Example Video Inc. de bien vouloir nous communiquer, pour le compte
utilisateur associé à l'adresse électronique nina.leclerc78@orange.fr, les données
d'identification, la liste des adresses IP de connexion du 1er au 28 février 2026, ainsi que
les informations de facturation.

Nous vous demandons de ne pas informer le titulaire du compte de la présente réquisition.

Réponse souhaitée avant le 15 avril 2026, par courriel à l'adresse ci-dessous.

Fait à Versailles, le 10 mars 2026

L'officier de police judiciaire
Signé : Adjudant-chef Sébastien Morel
Matricule : 284 117
Tél. : 01 39 49 12 34 poste 204
Courriel : sebastien.morel@gendarmerie.interieur.gouv.fr
"""

FR_LILLE_LETTER = """POLICE NATIONALE
Commissariat central de Lille - Sûreté urbaine
19 rue de la Monnaie
59000 Lille

Lille, le 12/03/2026

Procédure n° 2026/00318 - Enquête préliminaire

RÉQUISITION
(Article 77-1-1 du code de procédure pénale)

Le Lieutenant de police Karim Benali, officier de police judiciaire, agissant sur autorisation
de Mme Claire Dubois, substitut du procureur de la République près le tribunal judiciaire de
Lille,

requiert la société Example Video Inc. de lui communiquer les informations suivantes
concernant la réunion n° 845 2210 9931 organisée par l'hôte hote.reunion59@free.fr le 02/03/2026
à 14h00 : liste des participants, adresses IP, durée de connexion.

Merci de répondre dans un délai de quinze jours.

Lieutenant de police Karim Benali
Matricule 1 204 558
Téléphone : 03 20 62 47 47 poste 318
Courriel : karim.benali@interieur.gouv.fr
Signé
"""

DE_KOELN_BODY = """Polizeipräsidium Köln
Kriminalinspektion 3 – Cybercrime
Walter-Pauli-Ring 2-6
51103 Köln

Köln, 16.03.2026

Auskunftsersuchen gemäß § 100j StPO (Bestandsdatenauskunft)
Ermittlungsverfahren der Staatsanwaltschaft Köln, Az. 121 Js 442/26, zuständige
Staatsanwältin: Dr. Miriam Kessler

Sehr geehrte Damen und Herren,

in dem oben genannten Ermittlungsverfahren wegen Computerbetrugs bitte ich um Auskunft über
die Bestandsdaten (Name, Anschrift, E-Mail-Adresse, Zahlungsdaten) des Nutzers mit dem
Nutzernamen "hansa_deals_22" sowie des Inhabers der IP-Adresse 2a02:8108:1cc0:5e00::2f am
02.03.2026 um 21:14 Uhr MEZ.

Ich bitte Sie, den Betroffenen nicht zu informieren, da dies den Untersuchungszweck gefährden
würde.

Bitte übermitteln Sie die Auskunft bis spätestens 30. April 2026.

Mit freundlichen Grüßen
Im Auftrag

gez. Jana Weber
Kriminaloberkommissarin
Dienstnummer: 330 718
Telefon: +49 221 229 0, Durchwahl 4512
E-Mail: jana.weber@polizei.nrw.de
"""

DE_LKA_HTML = """<html><body style="font-family: DejaVu Sans; font-size: 10pt">
<h1 style="font-size: 14pt">Landeskriminalamt Baden-Württemberg</h1>
<p>Abteilung 5 – Cybercrime/Digitale Spuren<br>Taubenheimstraße 85<br>70372 Stuttgart</p>
<p>Stuttgart, 05.03.2026</p>
<p><b>Ersuchen um Sicherung von Daten (Quick Freeze) – Az. LKA 5-2026-0091</b></p>
<p>Sehr geehrte Damen und Herren,</p>
<p>im Rahmen eines Ermittlungsverfahrens wegen Verbreitung kinderpornographischer Inhalte
ersuche ich um umgehende Sicherung sämtlicher Bestands- und Verkehrsdaten zu dem Nutzerkonto
mit der E-Mail-Adresse schwarzwald.kurier@gmx.de für 90 Tage. Ein förmliches
Rechtshilfeersuchen folgt.</p>
<p>Um Bestätigung wird bis zum 12.03.2026 gebeten.</p>
<p>Mit freundlichen Grüßen</p>
<p>gez. KHK Markus Vogel<br>Kriminalhauptkommissar<br>Dienstnummer 41-7720<br>
Telefon +49 711 5401 3360<br>E-Mail markus.vogel@polizei.bwl.de</p>
</body></html>
"""

CA_TPS_ORDER = """TORONTO POLICE SERVICE
Intelligence Services - Computer Cyber Crime Section
40 College Street
Toronto, ON M5G 2J3

March 12, 2026

PRODUCTION ORDER
Section 487.014 of the Criminal Code

ONTARIO COURT OF JUSTICE

Upon the application of Detective Constable Ryan Cho, a peace officer, and on reading the
Information to Obtain sworn March 11, 2026, I am satisfied that there are reasonable grounds
to believe that an offence under section 163.1 of the Criminal Code has been committed.

IT IS ORDERED that Example Video Inc. produce the subscriber information and IP address logs
for the account with user ID 5512098834 for the period February 1, 2026 to March 10, 2026,
within 30 days of service of this order.

Justice of the Peace A. Moreau
Signature: /s/ A. Moreau
Ontario Court of Justice, Toronto Region

Contact for production:
Detective Constable Ryan Cho #8842
Toronto Police Service, Computer Cyber Crime Section
Phone: 416-808-7255 x2204
Email: ryan.cho@torontopolice.on.ca
"""

IN_NOTICE_BODY = """CYBER CRIME POLICE STATION, BENGALURU CITY
Office of the Inspector of Police
No. 1, Infantry Road, Bengaluru - 560001

No. CCPS/BLR/NTC/412/2026                                  Date: 09.03.2026

To,
The Nodal Officer,
Example Video Inc.

Sub: Notice under Section 94 of the Bharatiya Nagarik Suraksha Sanhita, 2023 - furnishing of information - reg.

Ref: Cr. No. 118/2026 u/s 318(4) BNS and 66D IT Act

Sir/Madam,

The above case is under investigation. It is requested to furnish the registration details,
login IP addresses with timestamps and payment details pertaining to the account registered
with email id ravi.k.traders@gmail.com, on or before 24.03.2026.

                                                           Sd/-
                                                  (Suresh Gowda N.)
                                                  Inspector of Police
                                                  Cyber Crime PS, Bengaluru City
                                                  KGID No. 1844920
                                                  Ph: +91 80 2294 3345 Ext. 21
                                                  Email: suresh.gowda@ksp.gov.in
"""

AU_AFP_LETTER = """AUSTRALIAN FEDERAL POLICE
Cybercrime Operations - Sydney Office
110 Goulburn Street
Sydney NSW 2000

Our reference: CRM 2026/0412
18 March 2026

Request for stored historical data

The AFP is investigating offences against section 474.17 of the Criminal Code Act 1995 (Cth).
This request is made to a foreign provider for voluntary disclosure of historical, stored
subscriber records only; no interception or live access is sought. It does not rely on the
Telecommunications (Interception and Access) Act 1979.

Please provide the subscriber details and login IP addresses for the account with email
address outback.trader.au@outlook.com and for the account number 9931-4402-AU.

We would appreciate a response by 17/04/2026.

Yours sincerely,

/s/ Sarah Nguyen
Federal Agent Sarah Nguyen
Member No. 51234
Australian Federal Police
Phone: +61 2 5550 3412 ext. 118
Email: sarah.nguyen@afp.gov.au
"""

BR_OFICIO = """POLÍCIA CIVIL DO ESTADO DE SÃO PAULO
Delegacia de Repressão a Crimes Cibernéticos - DCCIBER
Avenida Zack Narchi, 152 - Carandiru
São Paulo - SP, 02029-000

Ofício nº 0217/2026 - DCCIBER
São Paulo, 11 de março de 2026

À Example Video Inc.
Departamento Jurídico

Assunto: Requisição de dados cadastrais - Inquérito Policial nº 2026.0044

Senhor(a) Responsável,

Com fundamento no artigo 10, § 3º, da Lei nº 12.965/2014 (Marco Civil da Internet) e no
artigo 17-B da Lei nº 9.613/1998, requisito os dados cadastrais (nome, endereço, e-mail) e os
registros de acesso (endereços IP, data e hora) do usuário vinculado ao e-mail
golpe.pix.sp@gmail.com, no período de 01/02/2026 a 28/02/2026.

Solicito que as informações sejam encaminhadas até 31/03/2026.

Atenciosamente,

Dra. Fernanda Lima Carvalho
Delegada de Polícia
Matrícula 338.551-2
Telefone: +55 11 5555-0147 ramal 32
E-mail: fernanda.carvalho@policiacivil.sp.gov.br
"""

US_FWD_DA_BODY = """Please see below. ADA Michael Saperstein asked me to forward this to your compliance team.
Direct any questions to the detective.

Tara Jennings
Paralegal, Rackets Division
Kings County District Attorney's Office

---------- Forwarded message ---------
From: Det. Luis Ortega <lortega@nypd.nyc.gov>
Date: Tue, Mar 10, 2026 at 4:12 PM
Subject: Subpoena duces tecum - People v. John Doe - Ind. 04471-2026
To: Tara Jennings <tjennings@da.kingscountyny.gov>

Tara,

Here is the text of the subpoena for Example Video. Can you send it over to them today?

SUBPOENA DUCES TECUM
THE PEOPLE OF THE STATE OF NEW YORK
TO: Custodian of Records, Example Video Inc.

YOU ARE COMMANDED to produce before the Grand Jury of the County of Kings, 350 Jay Street,
Brooklyn, NY 11201, on April 14, 2026 at 10:00 AM, all subscriber information and login IP
history for the user ID bk_hustle_718 and the email address stoopkid718@gmail.com.

/s/ Michael Saperstein, Assistant District Attorney

Det. Luis Ortega, Shield No. 4471
NYPD Detective Bureau - Brooklyn North Narcotics
179 Wilson Avenue, Brooklyn, NY 11237
Tel: (718) 555-0163
"""

US_REPLY_BODY = """Good morning,

Per your notice, here is the missing information for our subpoena (LER-2026-000231):

Badge: 2290
Phone: 417-555-0148 x204
Mailing address: 321 East Chestnut Expressway, Springfield, MO 65802

Thank you,

Officer Dana Whitlock
Springfield Police Department
Special Victims Unit

-----Original Message-----
From: Law Enforcement Response <lawenforcement@lerq.example>
Sent: Wednesday, March 11, 2026 9:02 AM
To: Dana Whitlock <dwhitlock@springfieldmo.gov>
Subject: LER-2026-000231 - information needed

Dear Officer Whitlock,

We received your subpoena concerning the account ozark.mike.55@yahoo.com. Before we can
process it we need: your badge number, your direct phone number with extension, and the
agency's street address (we cannot accept a PO box).

Law Enforcement Response Team
Example Video Inc., 500 Howard Street, San Francisco, CA 94105
Phone: +1 415-555-0100
"""

US_2703D_COVER = """Custodian of Records,

Attached is a court order issued under 18 U.S.C. 2703(d) for records of the account listed in
the order. Please produce the records by April 20, 2026.

Special Agent Kevin Marsh
Federal Bureau of Investigation - Kansas City Division
1300 Summit Street, Kansas City, MO 64105
Office: (816) 555-0139
Badge/ID: 27718
"""

US_2703D_ORDER = """UNITED STATES DISTRICT COURT
FOR THE WESTERN DISTRICT OF MISSOURI

IN THE MATTER OF THE APPLICATION OF THE UNITED STATES FOR AN ORDER PURSUANT TO
18 U.S.C. 2703(d)
Case No. 26-MJ-00187-WBG

ORDER

This matter comes before the Court on the application of the United States, by Assistant
United States Attorney Rachel Stein, for an order under 18 U.S.C. 2703(d).

IT IS HEREBY ORDERED that Example Video Inc. shall disclose to the Federal Bureau of
Investigation the non-content records described in Attachment A for the account with account
number 40-7718-2290 and the email address heartland.hvac.kc@gmail.com.

IT IS FURTHER ORDERED under 18 U.S.C. 2705(b) that Example Video Inc. shall not notify any
person of the existence of this Order for a period of 180 days.

SO ORDERED.

March 9, 2026

/s/ William B. Garrett
UNITED STATES MAGISTRATE JUDGE
"""

US_EXIGENT_BODY = """EMERGENCY DISCLOSURE REQUEST - 18 U.S.C. 2702(b)(8)

Mesa Police Department, Crimes Against Persons Unit
130 North Robson, Mesa, AZ 85201

At 02:10 today a 9-year-old girl, Lily Tran, was taken from her home by a non-custodial
parent who has threatened on video calls to harm her. The suspect joined a meeting from the
account mesa.dad.1987@gmail.com at 01:55 from IP 198.51.100.77. We believe the child is in
danger of serious bodily injury; the suspect said he will "be gone across the border before
sunrise".

Person at risk: Lily Tran, 9 years old
Imminence: the suspect intends to cross the border before sunrise today (approx. 06:30 local)

We need the subscriber information and the most recent login IP addresses for this account
immediately.

Sgt. Omar Haddad
Badge 6120
Mesa Police Department
Desk: 480-555-0182 ext 7
Cell: 480-555-0199
ohaddad@mesaaz.gov
"""

US_OVERBROAD_OHIO = """OHIO DEPARTMENT OF PUBLIC SAFETY
Ohio Investigative Unit
1970 West Broad Street
Columbus, OH 43223

March 16, 2026

Re: Administrative subpoena, Case No. 2026-OIU-004412

To Example Video Inc.:

Pursuant to the attached administrative subpoena, produce the names, email addresses and IP
addresses of all users in Ohio who attended any meeting with "crypto" in its title between
January 1 and March 1, 2026, no later than April 17, 2026.

/s/ Brandon Keller
Agent Brandon Keller, ID No. 3307
Ohio Investigative Unit
Phone: 614-555-0121 ext. 45
Email: bkeller@dps.ohio.gov
"""

US_MEETING_BODY = """Example Video Legal,

Please find the subpoena text below (Marion County Grand Jury, cause no. 49G01-2603-F3-000812).

Produce all records for meeting ID 812 3456 7890 hosted by host.indy.events@gmail.com and held
on March 2, 2026 at 3:15 PM EST, including participant names, emails and IP addresses.

Records are due by April 24, 2026.

/s/ Rachel Boyd
Investigator Rachel Boyd, Badge 4120
Indianapolis Metropolitan Police Department, Cyber Crimes
50 North Alabama Street, Indianapolis, IN 46204
Office: 317-555-0134 ext. 812
"""

US_NO_AGENCY_BODY = """Hi,

Can you tell me who owns the account lonestar.deals@yahoo.com? It's for an ongoing case.
Please send what you have by Friday.

Thanks
J. Alvarez
512-555-0108
"""

US_FDLE_SUBPOENA = """FLORIDA DEPARTMENT OF LAW ENFORCEMENT
Tampa Bay Regional Operations Center
4211 North Lois Avenue
Tampa, FL 33614

April 1, 2026

INVESTIGATIVE SUBPOENA DUCES TECUM

Served on Example Video Inc. on March 30, 2026.

You are hereby commanded to produce on or before May 4, 2026 the following records:
subscriber information, billing records and session IP logs for account number FL-77120-3
and the user with email address gulfcoast.vendor@aol.com.

Issued by: Assistant Statewide Prosecutor Daniel Ybarra

For questions contact the case agent:
Special Agent Monica Reyes, FDLE
Employee ID: 88213
Telephone: (813) 555-0126, extension 3301
Email: monicareyes@fdle.state.fl.us

/s/ Daniel Ybarra
"""

US_HTML_TABLE = """<html><head><style>td { padding: 2px }</style></head><body>
<table><tr><td><b>Metropolitan Nashville Police Department</b></td></tr>
<tr><td>Specialized Investigations Division</td></tr>
<tr><td>400 Myatt Drive, Madison, TN 37115</td></tr></table>
<p>To the custodian of records,</p>
<p>Below are the details of a court order signed by Judge Alicia Warren of the Davidson County
Criminal Court directing production of the records listed.</p>
<table border="1">
<tr><th>Item</th><th>Value</th></tr>
<tr><td>Target email</td><td>music.row.promo@gmail.com</td></tr>
<tr><td>Target IP</td><td>2001:db8:aa10::4c</td></tr>
<tr><td>Response requested by</td><td>04/15/2026</td></tr>
</table>
<p>The order directs that the subscriber not be notified of this request until June 30, 2026.</p>
<p>Respectfully,<br>/s/ Hannah Price<br>Detective Hannah Price, Badge 5127<br>
Phone: 615-555-0193 x3<br>Email: hprice@nashville.gov</p>
</body></html>
"""

US_USSS_LETTER = """UNITED STATES SECRET SERVICE
Cleveland Field Office
6100 Rockside Woods Boulevard, Suite 440
Independence, OH 44131

March 13, 2026

PRESERVATION REQUEST - 18 U.S.C. 2703(f)

Example Video Inc. is requested to preserve for 90 days all records associated with the
account registered to the email address cle.giftcards@protonmail.com, including IP logs and
meeting records, pending further legal process.

Special Agent Thomas Kowalski
Commission Book No. 1187
Telephone: 216-555-0117 ext. 22
Email: thomas.kowalski@usss.dhs.gov
(This letter carries a digital signature.)
"""

US_DEA_LETTER = """DRUG ENFORCEMENT ADMINISTRATION
Miami Field Division
2100 North Commerce Parkway
Weston, FL 33326

March 14, 2026

ADMINISTRATIVE SUBPOENA - 21 U.S.C. 876

Produce subscriber records and IP logs for the user ID 77120045 by April 30, 2026.

Diversion Investigator Paul Sanchez
Badge 30411
Phone: 954-555-0160
Email: paul.sanchez@dea.gov
"""

UK_NCA_BODY = """NATIONAL CRIME AGENCY
Child Sexual Abuse Referrals Bureau
Units 1-6 Citadel Place
Tinworth Street
London SE11 5EF

Date: 04/03/2026
Reference: NCA/CSARB/26/00931

OFFICIAL

Preservation request

The National Crime Agency requests that you preserve all data held for the account with user
ID 993310447 and the email address sweetdreams.uk@yahoo.co.uk for 90 days, pending a formal
Mutual Legal Assistance request, which will follow.

Please acknowledge receipt by 11/03/2026.

Signed: Senior Investigating Officer Mark Delaney
NCA Officer ID: 90314
Tel: +44 20 7946 0822 ext 118
Email: mark.delaney@nca.gov.uk
"""

US_EXTENSION_BODY = """METROPOLITAN POLICE DEPARTMENT
Criminal Investigations Division - Financial Crimes and Fraud Unit
300 Indiana Avenue NW
Washington, DC 20001

March 18, 2026

Re: Extension of preservation request
Your reference: LER-2026-000342
Our original request: MPD preservation request 25-PR-0931 dated December 22, 2025

Pursuant to 18 U.S.C. 2703(f)(2), the Metropolitan Police Department requests a further
90-day extension of the preservation of records for the account with email address
capitol.flips@gmail.com. A search warrant is being prepared.

/s/ Andre Colvin
Lieutenant Andre Colvin
Badge No. 0917
Phone: (202) 555-0174 ext. 5
Email: acolvin@mpdc.dc.gov
"""

US_EXTENSION_AGENCY_REF = """Sheriff's Office of Pinellas County
Economic Crimes Section
10750 Ulmerton Road
Largo, FL 33778

March 20, 2026

Subject: Request to extend preservation

On December 29, 2025 this office asked Example Video Inc. to preserve the records of the
account with account number 7712-0098 (our reference PCSO 25-118204). We request an
extension of that preservation for an additional 90 days while a search warrant is obtained.

/s/ Nora Lindqvist
Detective Nora Lindqvist, Badge 2881
Phone: 727-555-0152 ext. 14
Email: nlindqvist@pcsonet.gov
"""

MORE = [
    {
        "name": "uk_wmp_ipa_dmy_marking",
        "from": '"Sandhu, Priya (DC 4471)" <priya.sandhu@westmidlands.police.uk>',
        "subject": "Communications data request - ref WMP/CD/26/1187",
        "received": "Mon, 16 Mar 2026 09:14:00 +0000",
        "body": UK_WMP_BODY,
        "expected": {
            "kind": "international",
            "agency": "West Midlands Police",
            "agent_name": "Priya Sandhu",
            "badge": "4471",
            "agent_email": "priya.sandhu@westmidlands.police.uk",
            "phone": "0121 496 0734 ext. 2210",
            "address": "Colmore Circus Queensway, Birmingham B4 6NQ",
            "response_date": "2026-04-03",
            "targets": [
                {"type": "account", "email": "j.pemberton.84@hotmail.co.uk"},
                {"type": "user", "ip": "81.2.69.160"},
            ],
        },
    },
    {
        "name": "uk_scotland_dpa_cp1252_qp",
        "from": "PC Callum Fraser <callum.fraser@scotland.police.uk>",
        "subject": "Data Protection Act 2018 - Schedule 2 request \u2013 PS/DPA/2026/4410",
        "received": "Tue, 17 Mar 2026 11:30:00 +0000",
        "body": UK_SCOTLAND_BODY,
        "charset": "windows-1252",
        "cte": "quoted-printable",
        "expected": {
            "kind": "international",
            "agency": "Police Scotland",
            "agent_name": "Callum Fraser",
            "badge": "71093",
            "agent_email": "callum.fraser@scotland.police.uk",
            "phone": "0141 496 0321 ext 455",
            "address": "2 French Street, Glasgow G40 4EH",
            "response_date": "2026-04-10",
            "targets": [
                {"type": "user", "user_id": "club_organiser_gb"},
                {"type": "account", "account_number": "55-201-7734"},
            ],
            "nondisclosure": {"present": True, "days": 28, "until": None},
        },
    },
    {
        "name": "fr_gendarmerie_601_iso885915_b64",
        "from": "BR Versailles <br.versailles@gendarmerie.interieur.gouv.fr>",
        "subject": "Réquisition judiciaire \u2013 art. 60-1 CPP \u2013 PV n° 01234/2026",
        "received": "Tue, 10 Mar 2026 15:20:00 +0100",
        "body": FR_GENDARMERIE_BODY,
        "charset": "iso-8859-15",
        "cte": "base64",
        "expected": {
            "kind": "international",
            "agency": "GENDARMERIE NATIONALE",
            "agent_name": "Sébastien Morel",
            "badge": "284 117",
            "agent_email": "sebastien.morel@gendarmerie.interieur.gouv.fr",
            "phone": "01 39 49 12 34 poste 204",
            "address": "12 avenue de Paris, 78000 Versailles",
            "response_date": "2026-04-15",
            "targets": [{"type": "user", "email": "nina.leclerc78@orange.fr"}],
            "nondisclosure": {"present": True, "days": None, "until": None},
            "language": "fr",
            "signed": True,
        },
    },
    {
        "name": "fr_police_771_meeting_pdf",
        "from": "Karim Benali <karim.benali@interieur.gouv.fr>",
        "subject": "Réquisition - enquête préliminaire 2026/00318",
        "received": "Thu, 12 Mar 2026 10:05:00 +0100",
        "body": "Bonjour,\n\nVeuillez trouver ci-joint une réquisition judiciaire.\n\nCordialement,\nLt Karim Benali\n",
        "pdfs": [("requisition.pdf", {"pages": [FR_LILLE_LETTER]})],
        "expected": {
            "kind": "international",
            "agency": "POLICE NATIONALE",
            "agent_name": "Karim Benali",
            "badge": "1 204 558",
            "agent_email": "karim.benali@interieur.gouv.fr",
            "phone": "03 20 62 47 47 poste 318",
            "address": "19 rue de la Monnaie, 59000 Lille",
            "targets": [
                {
                    "type": "meeting",
                    "meeting_id": "845 2210 9931",
                    "host_email": "hote.reunion59@free.fr",
                    "meeting_time": "2026-03-02T14:00",
                }
            ],
            "language": "fr",
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "de_koeln_100j_latin1_qp",
        "from": '"Weber, Jana" <jana.weber@polizei.nrw.de>',
        "subject": "Auskunftsersuchen gem. § 100j StPO \u2013 Az. 121 Js 442/26",
        "received": "Mon, 16 Mar 2026 13:45:00 +0100",
        "body": DE_KOELN_BODY.replace("\u2013", "-"),
        "charset": "iso-8859-1",
        "cte": "quoted-printable",
        "expected": {
            "kind": "international",
            "agency": "Polizeipräsidium Köln",
            "agent_name": "Jana Weber",
            "badge": "330 718",
            "agent_email": "jana.weber@polizei.nrw.de",
            "phone": "+49 221 229 0, Durchwahl 4512",
            "address": "Walter-Pauli-Ring 2-6, 51103 Köln",
            "response_date": "2026-04-30",
            "targets": [
                {"type": "user", "user_id": "hansa_deals_22"},
                {"type": "user", "ip": "2a02:8108:1cc0:5e00::2f"},
            ],
            "nondisclosure": {"present": True, "days": None, "until": None},
            "language": "de",
            "signed": True,
        },
    },
    {
        "name": "de_lka_quick_freeze_weasyprint",
        "from": "Poststelle LKA BW <poststelle@lka.bwl.de>",
        "subject": "Ersuchen um Datensicherung - Az. LKA 5-2026-0091",
        "received": "Thu, 5 Mar 2026 08:10:00 +0100",
        "body": "Sehr geehrte Damen und Herren,\n\nanbei übersenden wir ein Ersuchen des Landeskriminalamts Baden-Württemberg.\n\nMit freundlichen Grüßen\nPoststelle LKA BW\n",
        "pdfs": [("ersuchen.pdf", {"html": DE_LKA_HTML})],
        "expected": {
            "kind": "international",
            "agency": "Landeskriminalamt Baden-Württemberg",
            "agent_name": "Markus Vogel",
            "badge": "41-7720",
            "agent_email": "markus.vogel@polizei.bwl.de",
            "phone": "+49 711 5401 3360",
            "address": "Taubenheimstraße 85, 70372 Stuttgart",
            "response_date": "2026-03-12",
            "targets": [{"type": "user", "email": "schwarzwald.kurier@gmx.de"}],
            "language": "de",
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "ca_tps_production_order_jp",
        "text": CA_TPS_ORDER,
        "expected": {
            "kind": "international",
            "agency": "TORONTO POLICE SERVICE",
            "agent_name": "Ryan Cho",
            "badge": "8842",
            "agent_email": "ryan.cho@torontopolice.on.ca",
            "phone": "416-808-7255 x2204",
            "address": "40 College Street, Toronto, ON M5G 2J3",
            "targets": [{"type": "user", "user_id": "5512098834"}],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "in_bnss_notice_sd",
        "from": "Cyber Crime PS Bengaluru <cybercrimeps-blr@ksp.gov.in>",
        "subject": "Notice u/s 94 BNSS - Cr. No. 118/2026",
        "received": "Mon, 9 Mar 2026 06:40:00 +0000",
        "body": IN_NOTICE_BODY,
        "expected": {
            "kind": "international",
            "agency": "CYBER CRIME POLICE STATION, BENGALURU CITY",
            "agent_name": "Suresh Gowda N.",
            "badge": "1844920",
            "agent_email": "suresh.gowda@ksp.gov.in",
            "phone": "+91 80 2294 3345 Ext. 21",
            "address": "No. 1, Infantry Road, Bengaluru - 560001",
            "response_date": "2026-03-24",
            "targets": [{"type": "account", "email": "ravi.k.traders@gmail.com"}],
            "signed": True,
        },
    },
    {
        "name": "au_afp_not_interception_pdf",
        "from": '"Nguyen, Sarah" <sarah.nguyen@afp.gov.au>',
        "subject": "AFP request - CRM 2026/0412",
        "received": "Wed, 18 Mar 2026 01:15:00 +0000",
        "body": "Hello,\n\nPlease find attached a request from the AFP.\n\nRegards,\nSarah\n",
        "pdfs": [("afp-request.pdf", {"pages": [AU_AFP_LETTER]})],
        "expected": {
            "kind": "international",
            "agency": "AUSTRALIAN FEDERAL POLICE",
            "agent_name": "Sarah Nguyen",
            "badge": "51234",
            "agent_email": "sarah.nguyen@afp.gov.au",
            "phone": "+61 2 5550 3412 ext. 118",
            "address": "110 Goulburn Street, Sydney NSW 2000",
            "response_date": "2026-04-17",
            "targets": [
                {"type": "account", "email": "outback.trader.au@outlook.com"},
                {"type": "account", "account_number": "9931-4402-AU"},
            ],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "br_oficio_pades_signed",
        "from": "Cartório DCCIBER <dcciber@policiacivil.sp.gov.br>",
        "subject": "Ofício nº 0217/2026 \u2013 DCCIBER \u2013 requisição de dados",
        "received": "Wed, 11 Mar 2026 17:00:00 -0300",
        "body": "Prezados,\n\nSegue anexo o Ofício nº 0217/2026, assinado digitalmente.\n\nAtenciosamente,\nCartório da DCCIBER\n",
        "pdfs": [("oficio-0217-2026.pdf", {"pages": [BR_OFICIO], "pades": True})],
        "expected": {
            "kind": "international",
            "agency": "POLÍCIA CIVIL DO ESTADO DE SÃO PAULO",
            "agent_name": "Fernanda Lima Carvalho",
            "badge": "338.551-2",
            "agent_email": "fernanda.carvalho@policiacivil.sp.gov.br",
            "phone": "+55 11 5555-0147 ramal 32",
            "address": "Avenida Zack Narchi, 152 - Carandiru, São Paulo - SP, 02029-000",
            "response_date": "2026-03-31",
            "targets": [{"type": "user", "email": "golpe.pix.sp@gmail.com"}],
            "language": "pt",
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "us_forwarded_by_da_paralegal",
        "from": "Tara Jennings <tjennings@da.kingscountyny.gov>",
        "subject": "Fwd: Subpoena duces tecum - People v. John Doe - Ind. 04471-2026",
        "received": "Wed, 11 Mar 2026 14:02:00 +0000",
        "body": US_FWD_DA_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "NYPD Detective Bureau - Brooklyn North Narcotics",
            "agent_name": "Luis Ortega",
            "badge": "4471",
            "agent_email": "lortega@nypd.nyc.gov",
            "phone": "(718) 555-0163",
            "address": "179 Wilson Avenue, Brooklyn, NY 11237",
            "response_date": "2026-04-14",
            "targets": [
                {"type": "user", "user_id": "bk_hustle_718"},
                {"type": "user", "email": "stoopkid718@gmail.com"},
            ],
            "signed": True,
        },
    },
    {
        "name": "us_reply_with_quoted_history",
        "from": "Ofc. Dana Whitlock <dwhitlock@springfieldmo.gov>",
        "subject": "RE: LER-2026-000231 - information needed",
        "received": "Thu, 12 Mar 2026 13:20:00 +0000",
        "body": US_REPLY_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "Springfield Police Department",
            "agent_name": "Dana Whitlock",
            "badge": "2290",
            "agent_email": "dwhitlock@springfieldmo.gov",
            "phone": "417-555-0148 x204",
            "address": "321 East Chestnut Expressway, Springfield, MO 65802",
            "targets": [{"type": "account", "email": "ozark.mike.55@yahoo.com"}],
        },
    },
    {
        "name": "us_2703d_order_sent_by_agent",
        "from": "SA Kevin Marsh <kmarsh@fbi.gov>",
        "subject": "2703(d) Order - Case 26-MJ-00187",
        "received": "Tue, 10 Mar 2026 16:00:00 +0000",
        "body": US_2703D_COVER,
        "pdfs": [("order.pdf", {"pages": [US_2703D_ORDER]})],
        "expected": {
            "kind": "court_order",
            "agency": "Federal Bureau of Investigation - Kansas City Division",
            "agent_name": "Kevin Marsh",
            "badge": "27718",
            "agent_email": "kmarsh@fbi.gov",
            "phone": "(816) 555-0139",
            "address": "1300 Summit Street, Kansas City, MO 64105",
            "response_date": "2026-04-20",
            "targets": [
                {"type": "account", "account_number": "40-7718-2290"},
                {"type": "account", "email": "heartland.hvac.kc@gmail.com"},
            ],
            "nondisclosure": {"present": True, "days": 180, "until": None},
            "signed": True,
        },
    },
    {
        "name": "us_exigent_kidnapping",
        "from": "Sgt. Omar Haddad <ohaddad@mesaaz.gov>",
        "subject": "Exigent request - child abduction",
        "received": "Sat, 14 Mar 2026 09:25:00 +0000",
        "body": US_EXIGENT_BODY,
        "expected": {
            "kind": "emergency",
            "agency": "Mesa Police Department",
            "agent_name": "Omar Haddad",
            "badge": "6120",
            "agent_email": "ohaddad@mesaaz.gov",
            "phone": "480-555-0182 ext 7",
            "address": "130 North Robson, Mesa, AZ 85201",
            "targets": [
                {"type": "account", "email": "mesa.dad.1987@gmail.com"},
                {"type": "user", "ip": "198.51.100.77"},
            ],
            "emergency": {
                "present": True,
                "person_at_risk": "Lily Tran, 9 years old",
                "imminence": "the suspect intends to cross the border before sunrise today (approx. 06:30 local)",
            },
        },
    },
    {
        "name": "us_overbroad_all_users_in_ohio",
        "text": US_OVERBROAD_OHIO,
        "expected": {
            "kind": "subpoena",
            "agency": "OHIO DEPARTMENT OF PUBLIC SAFETY",
            "agent_name": "Brandon Keller",
            "badge": "3307",
            "agent_email": "bkeller@dps.ohio.gov",
            "phone": "614-555-0121 ext. 45",
            "address": "1970 West Broad Street, Columbus, OH 43223",
            "response_date": "2026-04-17",
            "targets": [],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "us_meeting_host_time_agent_phone",
        "from": "Inv. Rachel Boyd <rboyd@indy.gov>",
        "subject": "Subpoena - meeting records",
        "received": "Fri, 13 Mar 2026 15:00:00 +0000",
        "body": US_MEETING_BODY,
        "expected": {
            "kind": "subpoena",
            "agency": "Indianapolis Metropolitan Police Department, Cyber Crimes",
            "agent_name": "Rachel Boyd",
            "badge": "4120",
            "agent_email": "rboyd@indy.gov",
            "phone": "317-555-0134 ext. 812",
            "address": "50 North Alabama Street, Indianapolis, IN 46204",
            "response_date": "2026-04-24",
            "targets": [
                {
                    "type": "meeting",
                    "meeting_id": "812 3456 7890",
                    "host_email": "host.indy.events@gmail.com",
                    "meeting_time": "2026-03-02T15:15",
                }
            ],
            "signed": True,
        },
    },
    {
        "name": "us_gov_domain_no_agency_written",
        "from": "J. Alvarez <jalvarez@dps.texas.gov>",
        "subject": "account info",
        "received": "Mon, 16 Mar 2026 20:00:00 +0000",
        "body": US_NO_AGENCY_BODY,
        "expected": {
            "agent_name": "J. Alvarez",
            "agent_email": "jalvarez@dps.texas.gov",
            "phone": "512-555-0108",
            "targets": [{"type": "account", "email": "lonestar.deals@yahoo.com"}],
        },
    },
    {
        "name": "us_fdle_letter_date_not_response",
        "text": US_FDLE_SUBPOENA,
        "expected": {
            "kind": "subpoena",
            "agency": "FLORIDA DEPARTMENT OF LAW ENFORCEMENT",
            "agent_name": "Monica Reyes",
            "badge": "88213",
            "agent_email": "monicareyes@fdle.state.fl.us",
            "phone": "(813) 555-0126, extension 3301",
            "address": "4211 North Lois Avenue, Tampa, FL 33614",
            "response_date": "2026-05-04",
            "targets": [
                {"type": "account", "account_number": "FL-77120-3"},
                {"type": "user", "email": "gulfcoast.vendor@aol.com"},
            ],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "us_html_table_ndo_until",
        "from": "Det. Hannah Price <hprice@nashville.gov>",
        "subject": "Court order - records request",
        "received": "Fri, 13 Mar 2026 18:30:00 +0000",
        "html_only": True,
        "cte": "base64",
        "body": US_HTML_TABLE,
        "expected": {
            "kind": "court_order",
            "agency": "Metropolitan Nashville Police Department",
            "agent_name": "Hannah Price",
            "badge": "5127",
            "agent_email": "hprice@nashville.gov",
            "phone": "615-555-0193 x3",
            "address": "400 Myatt Drive, Madison, TN 37115",
            "response_date": "2026-04-15",
            "targets": [
                {"type": "user", "email": "music.row.promo@gmail.com"},
                {"type": "user", "ip": "2001:db8:aa10::4c"},
            ],
            "nondisclosure": {"present": True, "days": None, "until": "2026-06-30"},
            "signed": True,
        },
    },
    {
        "name": "us_usss_pades_signed_letter",
        "pdf": {"pages": [US_USSS_LETTER], "pades": True},
        "expected": {
            "kind": "preservation",
            "agency": "UNITED STATES SECRET SERVICE",
            "agent_name": "Thomas Kowalski",
            "badge": "1187",
            "agent_email": "thomas.kowalski@usss.dhs.gov",
            "phone": "216-555-0117 ext. 22",
            "address": "6100 Rockside Woods Boulevard, Suite 440, Independence, OH 44131",
            "targets": [{"type": "account", "email": "cle.giftcards@protonmail.com"}],
            "signed": True,
            "letterhead": True,
        },
    },
    {
        "name": "us_dea_signature_broken",
        "pdf": {
            "pages": [US_DEA_LETTER],
            "pades": True,
            "tamper": ("March 14, 2026", "March 15, 2026"),
        },
        "expected": {
            "kind": "subpoena",
            "agency": "DRUG ENFORCEMENT ADMINISTRATION",
            "agent_name": "Paul Sanchez",
            "badge": "30411",
            "agent_email": "paul.sanchez@dea.gov",
            "phone": "954-555-0160",
            "address": "2100 North Commerce Parkway, Weston, FL 33326",
            "response_date": "2026-04-30",
            "targets": [{"type": "user", "user_id": "77120045"}],
            "signed": False,
            "letterhead": True,
        },
    },
    {
        "name": "scan_only_pdf",
        "pdf": "SCAN",
        "expected": {"language": None, "signed": False},
    },
    {
        "name": "uk_nca_preservation_mlat_follows",
        "from": "Mark Delaney <mark.delaney@nca.gov.uk>",
        "subject": "Preservation request NCA/CSARB/26/00931",
        "received": "Wed, 4 Mar 2026 10:00:00 +0000",
        "body": UK_NCA_BODY,
        "html": "<html><body><pre>" + UK_NCA_BODY + "</pre></body></html>",
        "expected": {
            "kind": "international",
            "agency": "NATIONAL CRIME AGENCY",
            "agent_name": "Mark Delaney",
            "badge": "90314",
            "agent_email": "mark.delaney@nca.gov.uk",
            "phone": "+44 20 7946 0822 ext 118",
            "address": "Tinworth Street, London SE11 5EF",
            "response_date": "2026-03-11",
            "targets": [
                {"type": "user", "user_id": "993310447"},
                {"type": "user", "email": "sweetdreams.uk@yahoo.co.uk"},
            ],
            "signed": True,
        },
    },
    {
        "name": "us_extension_quotes_ler_reference",
        "from": "Lt. Andre Colvin <acolvin@mpdc.dc.gov>",
        "subject": "Request to extend preservation - your ref LER-2026-000342",
        "received": "Wed, 18 Mar 2026 14:00:00 +0000",
        "body": US_EXTENSION_BODY,
        "expected": {
            "kind": "preservation_extension",
            "agency": "METROPOLITAN POLICE DEPARTMENT",
            "agent_name": "Andre Colvin",
            "badge": "0917",
            "agent_email": "acolvin@mpdc.dc.gov",
            "phone": "(202) 555-0174 ext. 5",
            "address": "300 Indiana Avenue NW, Washington, DC 20001",
            "targets": [{"type": "account", "email": "capitol.flips@gmail.com"}],
            "signed": True,
            "original_preservation": {
                "reference": "LER-2026-000342",
                "agency_reference": "25-PR-0931",
                "date": "2025-12-22",
            },
        },
    },
    {
        "name": "us_extension_agency_reference_pdf",
        "from": "Nora Lindqvist <nlindqvist@pcsonet.gov>",
        "subject": "Preservation extension request",
        "received": "Fri, 20 Mar 2026 12:00:00 +0000",
        "body": "Please see the attached request.\n",
        "pdfs": [("extension.pdf", {"pages": [US_EXTENSION_AGENCY_REF]})],
        "expected": {
            "kind": "preservation_extension",
            "agency": "Sheriff's Office of Pinellas County",
            "agent_name": "Nora Lindqvist",
            "badge": "2881",
            "agent_email": "nlindqvist@pcsonet.gov",
            "phone": "727-555-0152 ext. 14",
            "address": "10750 Ulmerton Road, Largo, FL 33778",
            "targets": [{"type": "account", "account_number": "7712-0098"}],
            "signed": True,
            "letterhead": True,
            "original_preservation": {
                "reference": None,
                "agency_reference": "PCSO 25-118204",
                "date": "2025-12-29",
            },
        },
    },
]
