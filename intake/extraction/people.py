# ruff: noqa: RUF001 - words in the scripts and punctuation of the letters read
"""Who asks: the agent (the officer who signs or is named as requester), read from labels,
signature marks and blocks, closings and sentences; not the judge, prosecutor or clerk.
The agency is read in agency.py."""

import re

from intake.extraction.organisations import ORG_WORD
from intake.extraction.script_names import script_name, strip_titles

# Words that make a line name an organisation of government.
AGENCY_WORD = re.compile(
    r"\b(?:Police|Sheriff'?s?|Bureau|Department|Dept\.?|Constabulary|Gendarmerie|Polizei\w*|"
    r"Kriminalpolizei|\w*kriminalamt|Prosecutor'?s?|Attorney'?s? Office|Ministry|Minist[eè]re|"
    r"Agency|Homeland Security|Marshals? Service|Secret Service|Customs|Border|Commissariat|"
    r"Brigade|Direction|Directorate|Office of|Task Force|Investigations?|Royal Canadian Mounted|"
    r"RCMP|GRC|FBI|DEA|ATF|\bHSI\b|National Crime Agency|Europol|Parquet|Staatsanwaltschaft|"
    r"Pol[ií]c[ií]a|Polizia|Politie|Delegacia|Fiscal[ií]a|Procuradoria|Minist[ée]rio|"
    r"Court|Tribunal|Amtsgericht|Landgericht|Service|Division|Unit|Squad|Crime)\b",
    re.I,
)
RANKS = (
    r"Police Sergeant|Police Constable|Police Officer|Special Constable|Chief Inspector|"
    r"Detective Superintendent|Detective Chief Superintendent|Chief Superintendent|"
    r"Inspecteur|Inspector General|Special Agent|Supervisory Special Agent|"
    r"Senior Special Agent|Task Force Officer|"
    r"Detective Sergeant|Detective Constable|Detective Inspector|Detective Chief Inspector|"
    r"Detective|Det\.?|Officer|Ofc\.?|Sergeant|Sgt\.?|Lieutenant|Lt\.?|Captain|Capt\.?|Corporal|"
    r"Cpl\.?|Constable|Cst\.?|Inspector|Insp\.?|Deputy Sheriff|Deputy|Trooper|Investigator|Agent|"
    r"Inv\.|Federal Agent|Diversion Investigator|Postal Inspector|Senior Investigating Officer|"
    r"Delegad[oa](?: de Pol[ií]cia)?|Escriv[ãa]o?|Investigador(?:a)?|Comiss[áa]rio|Inspetor(?:a)?|"
    r"Agente|Subinspector|Comisario|Ispettore(?: Superiore| Capo)?|Commissario|"
    r"Dra\.?|Sra\.?|Sr\.?|Shri|Smt\.?|"
    r"Sergente?(?:-détective)?|Lieutenante?(?:-détective)?|Capitaine-détective|Enquêt(?:eur|rice)|"
    r"Agente? de police|Sargento|Cabo|Teniente|Capitán|Inspector Jefe|"
    r"Deputy U\.S\. Marshal|U\.S\. Marshal|Deputy Marshal|Marshal|Garda|"
    r"Chief|Commander|Superintendent|Sheriff|SA|TFO|DC|DS|DI|DCI|PC|Cpl|Sgt|"
    r"Capitaine|Commandant|Lieutenant de police|Brigadier(?:-chef)?|Major|Gardien de la paix|"
    r"Commissaire|Officier de police judiciaire|OPJ|Adjudant(?:-chef)?|"
    r"Kriminalhauptkommissar(?:in)?|Kriminalkommissar(?:in)?|Kriminaloberkommissar(?:in)?|"
    r"Polizeihauptkommissar(?:in)?|Polizeikommissar(?:in)?|Polizeioberkommissar(?:in)?|"
    r"(?:KHK|KOK|KK|POK|PHK)(?:['\u2019]?in)?|Commandant de police|Capitaine de police|"
    r"Sovrintendente|Vice Ispettore|Inspecteur principal|INP|"
    r"Hoofdinspecteur|Brigadier|Tpr\.?|Const\.|ADC|MDL|MDC|"
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?|M\.|Mme"
)
_RANK = re.compile(rf"^(?:(?:{RANKS})\s+)+", re.I)
_W = r"[A-ZÀ-Ý][\w'\u2019\-]+"  # a capitalised word, apostrophes and hyphens allowed
_NAME = (
    rf"(?:{_W}\.?|[A-ZÀ-Ý]\.)(?:\s+[A-ZÀ-Ý]\.?)?"
    rf"(?:\s+(?:de |da |do |dos |van |von |der |la |le )?{_W}){{1,3}}(?:\s+[A-Z]\.)?"
)
NOT_AGENT = re.compile(
    r"\bJudge\b|Magistrate|Justice|\bHon(?:ou?rable|\.)|Richter|\bjuge\b|"
    r"United States Attorney|\bAUSA\b|District Attorney|\bProsecutor|Procureur|Staatsanwalt|"
    r"Crown Counsel|Crown Prosecutor|Notary|\bA\.?D\.?A\.?\b|Assistant District Attorney|"
    r"State'?s Attorney|Staatsanw[aä]lt|Procurador|Promotor(?:a)? de Justi|substitut du procureur|"
    r"Justice of the Peace|Clerk of (?:the )?Court",
    re.I,
)
CLOSING = re.compile(
    r"^\s*(?:Sincerely|Respectfully(?: submitted)?|Regards|Best regards|Kind regards|Thank you|"
    r"Thanks|Yours (?:sincerely|faithfully|truly)|(?:Very )?truly yours|Sincerely yours|"
    r"Cordialement|Bien cordialement|Atenciosamente|Cordialmente|Respeitosamente|Saludos|"
    r"Met vriendelijke groet(?:en)?|Cordiali saluti|Mfg|Im Auftrag|"
    r"Veuillez agréer.*|Mit freundlichen Grüßen|Hochachtungsvoll|Atentamente|Distinti saluti|"
    r"Best wishes|С уважением|Saygılarımızla|Saygılarımla|"
    # el, cs/sk, uk, bg, pl, id, vi, he, ar
    r"Με εκτίμηση|Μετά τιμής|S pozdravem|S úctou|S pozdravom|З повагою|С уважение|"
    r"Z poważaniem|Hormat kami|Trân trọng|בברכה|בכבוד רב|وتفضلوا بقبول|مع خالص التحية)\b.*$",
    re.I | re.M,
)
_LABEL_AGENT = re.compile(
    r"(?:^|[ \t]{4})[ \t]*(?:Requesting (?:Officer|Agent|Investigator|Official)|"
    r"Requester|Requestor|"
    r"Person in charge(?: of the request)?|Autoridade policial respons[áa]vel|"
    r"Bearbeiter(?:in)?|Bilgi i[çc]in|Funcion[áa]rio respons[áa]vel|Agente actuante|"
    r"Officer(?: in charge)?|OIC|Investigating Officer|Investigator|Agent|Affiant|"
    r"Case Agent|Contact(?: person| officer)?|Point of contact|Name|Enquêteur|Applicant|"
    r"Requesting Investigator|Officer in Charge|Reporting Officer|Responsável|Solicitante|"
    r"Officier de police judiciaire|Sachbearbeiter(?:in)?|Ansprechpartner(?:in)?|"
    r"Ermittlungsführer(?:in)?|Nom)(?:\s*\([\w ,]{1,30}\))?\s*[:|]\s*(.+)$",
    re.I | re.M,
)
# A contact officer named apart from the signer is the agent: the person the provider
# answers to. These labels are specific enough to be read anywhere on a line ("kepada
# narahubung: AKP …") and in a table cell ("│連絡人　│偵查佐 林怡君").
_CONTACT_LABEL = re.compile(
    r"(?:^|[\s│|(])(?:Contact (?:point|person|officer)|Point of contact|Kontaktperson|"
    r"Contactpersoon|Kontaktní osoba|Kontaktná osoba|Osoba kontaktowa|Kontaktna oseba|"
    r"Personne à contacter|Persona de contacto|Persona di contatto|Pessoa de conta(?:c)?to|"
    r"Funzionario (?:istruttore|responsabile)|Responsabile del procedimento|"
    r"Ansprechpartner(?:in)?|Sachbearbeiter(?:in)?|narahubung|Kontak|"
    r"Đầu mối liên hệ|Người liên hệ|Контактна особа|Контактное лицо|Служител за контакт|"
    r"Лице за контакт|Υπεύθυνος επικοινωνίας|Αρμόδιος υπάλληλος|איש קשר|אשת קשר|"
    r"مقدم الطلب|المسؤول عن الطلب|ضابط الاتصال|連絡人|聯絡人|联系人|承辦人|承办人|担当(?:者)?|"
    r"İrtibat kişisi|Yetkili)[ \t\u3000]*[:：│|][ \t\u3000]*(.*)$",
    re.I | re.M,
)
# "the case officer for this matter is Hannah Okafor", "o contato é a Agente … Camila …",
# "puede dirigirse al instructor …, Álvaro Medina Ruiz": a contact named in a sentence.
_CONTACT_PHRASE = re.compile(
    r"\b(?:(?:the )?case officer (?:for this (?:matter|case) )?is|(?:your |the )?(?:point of "
    r")?contact (?:person |officer )?is|o contato é|o contacto é|(?:puede|pueden|podrá)n? "
    r"dirigirse al?|personne à contacter est|la persona di contatto è|"
    r"wenden Sie sich (?:bitte )?an|neem contact op met)\b",
    re.I,
)
_JUDGE = re.compile(r"\bJudge\b|Magistrate|\bJustice\b|\bHon(?:ou?rable|\.)|Richter|\bjuge\b", re.I)
_SLASH_S = re.compile(r"^\s*/s/\s*(.+)$", re.M)
_SIGNED_BY = re.compile(
    r"(?:Signed|Signé|Signature|gez\.|Sd/-|Assinado|Firmado|Fdo\.|Firmato|Getekend)\s*:?\s*(.+)$",
    re.M | re.I,
)
_SELF = re.compile(
    rf"\b(?:I,|I am|My name is|je soussigné(?:e)?,?|Je suis|Ich bin|WHEREAS,)\s+"
    rf"((?:(?:{RANKS})\s+)*{_NAME})",
)
_CLERK = re.compile(
    rf"(?:Clerk(?: of (?:the )?Court)?|Deputy Clerk|Greffier|Greffière)\s*[:,]?\s*({_NAME})|"
    rf"({_NAME}),?\s+(?:Deputy )?Clerk\b",
)


def clean_name(raw: str) -> str | None:
    """A person's name from a signature or label line, without rank and trailing titles."""
    raw = raw.strip().strip("()").strip()
    raw = re.split(r"\s{2,}|,|\t| - | \u2013 |\(|\||;|#", raw)[0].strip()
    raw = re.sub(r"^(?:PC|PS|DC|DS|DI|Sgt|Cst)\.?\s*\d{2,6}\s+", "", raw)  # collar number
    raw = re.sub(r"^\(|\)$", "", raw).strip()
    if other := script_name(raw):
        return other
    raw = strip_titles(raw)
    bare = _RANK.sub("", raw).strip()
    if not re.match(rf"^{_NAME}$", bare):
        after_rank = re.search(rf"\b(?:{RANKS})\s+({_NAME})$", raw)
        bare = after_rank.group(1) if after_rank else bare
    # Spanish courtesy before a given name and two surnames: "D. Álvaro Cuesta Ferrer".
    raw = re.sub(r"^(?:Dña\.?|Dª|Don|Doña|D\.(?=(?:\s+[A-ZÀ-Ý][\w-]+){3}$))\s+", "", bare)
    m = re.match(rf"^{_NAME}$", raw)
    if not m or AGENCY_WORD.search(raw) or ORG_WORD.search(raw) or len(raw) > 60:
        return None
    if re.search(r"\d", raw):  # a reference ("TIP Z-47119-K"), not a name
        return None
    words = raw.split()
    if any(w.lower() in {"the", "of", "and", "for", "request", "data", "to"} for w in words):
        return None
    if {w.lower() for w in words} & {"auftrag", "vertretung", "orden", "délégation"}:
        return None  # "Im Auftrag", "In Vertretung", "Por orden": on behalf of, not a name
    if words[0].lower() in _ARTICLES or re.match(r"[LD]'", words[0]):
        return None  # a function, not a person: "El Instructor", "Le Commandant"
    if _FUNCTION.fullmatch(words[-1]):
        return None  # "Station House Officer", "Nodal Officer": a post, not a name
    return raw


_FUNCTION = re.compile(
    r"Officer|Inspector|Investigator|Constable|Sergeant|Superintendent|Commander|Clerk|"
    r"Director|Manager|Secretary|Head|Chief|Commissioner|Registrar",
    re.I,
)
_ARTICLES = frozenset(
    ["el", "la", "le", "les", "los", "las", "der", "die", "das", "il", "lo", "o", "a"]
)


def _after_closing(text: str) -> str | None:
    for m in reversed(list(CLOSING.finditer(text))):
        for line in text[m.end() :].splitlines()[:6]:
            line = line.strip()
            if not line or line.startswith(("/s/", "Signed", "Signé", "gez.", "Sd/-")):
                line = re.sub(r"^(?:/s/|Signed:?|Signé:?|gez\.|Sd/-)\s*", "", line)
                if not line:
                    continue
            name = clean_name(line)
            if name:
                return name
            if NOT_AGENT.search(line):
                break
    return None


_RANK_LINE = re.compile(
    rf"^[ \t]*((?:(?:{RANKS})[ \t]+)+{_NAME})[ \t]*(?:,[^\n]*|#[ \t]*\d+[^\n]*|\(\d+\))?$", re.M
)
# Typed-signature marks that may stand alone, the name on the next line ("Sd/-" over "(Name)").
_MARK_ALONE = re.compile(
    r"^[ \t]*(?:/s/|Signed:?|Signé:?|Sign[ée]d? by:?|gez\.|Sd/-|"
    r"(?:Firmado|Assinado|Signé|Signed|Firmato)[ \t]+(?:digitalmente|électroniquement|"
    r"electronically|digitally)?[ \t]*(?:por|par|by|da):?)[ \t]*$",
    re.M | re.I,
)
# A label alone on its line, the person on the next: "Enquêteur chargé du dossier :",
# "PART C - APPROPRIATE OFFICER".
_LABEL_ALONE = re.compile(
    r"^[ \t]*(?:[^\n]{0,20}[-\u2013][ \t]*)?"
    r"(?:(?:Appropriate|Requesting|Investigating|Case|Contact)"
    r"[ \t]+(?:Officer|Agent|Investigator|Person)|Enquêteur(?: chargé du dossier)?|"
    r"Investigador(?:a)? (?:responsable|a cargo)|Sachbearbeiter(?:in)?|Ansprechpartner(?:in)?|"
    r"Officer in charge|Point of contact)[ \t]*:?[ \t]*$",
    re.M | re.I,
)
_NAME_OVER_TITLE = re.compile(rf"^[ \t]*({_NAME})[ \t]*\n[ \t]*(?:{RANKS})\b", re.M)
_APPLICATION = re.compile(
    rf"\b(?:upon|on) the (?:ex parte )?application of\s+((?:(?:{RANKS})\s+)+{_NAME})", re.I
)


# "contact Detective Jane Roe", "contattare l'Ispettore Superiore Marco Colombo".
_CONTACT_PERSON = re.compile(
    rf"\b(?i:contact|contactar|contattare|contacter|kontaktieren Sie|contate)\s+"
    rf"(?:(?:the|l['\u2019]|le|la|el|o|a|den|die)\s*)?((?:(?:{RANKS})\s+)+{_NAME})"
)


def _non_agents(text: str) -> set[str]:
    """Surnames of people named as judge, prosecutor or court clerk (not the agent)."""
    found: set[str] = set()
    if len(text) > 40_000:  # captions and signature blocks, not a long annex
        text = text[:20_000] + "\n" + text[-20_000:]
    for m in NOT_AGENT.finditer(text):
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)][:60]
        after = re.match(rf"[ \t]*(?:(?:{RANKS}|of the Peace|Prosecutor)[ \t]+)*({_NAME})", rest)
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = re.search(rf"({_NAME}),?[ \t]+(?:an? |the )?$", text[line_start : m.start()])
        for found_name in (after and after.group(1), before and before.group(1)):
            if found_name and not AGENCY_WORD.search(found_name):
                found.add(found_name.split()[-1].lower())
    return found


_DEPUTY_CLERK = re.compile(rf"\bBy:?\s+({_NAME}),?\s+Deputy Clerk\b")


def find_agent_name(text: str, *, not_agents: frozenset[str] = frozenset()) -> str | None:
    """`not_agents`: surnames known from elsewhere not to be the agent (a consenting user)."""
    name = _find_agent_name(text, _non_agents(text) | not_agents)
    return _fuller(name, text) if name else None


def _fuller(name: str, text: str) -> str:
    """ "T. Okonjo" signed, "DC 4471BX Temitope OKONJO" printed under it: the first name the
    text gives the same person, when the signature has only an initial."""
    if len(name.split()) != 2:
        return name  # a Chinese name is one word
    initial, surname = name.split()
    if not re.fullmatch(r"[A-ZÀ-Ý]\.", initial):
        return name
    m = re.search(rf"\b({initial[0]}[a-zà-ÿ]+)\s+(?i:{re.escape(surname)})\b", text)
    return f"{m.group(1)} {surname}" if m else name


def _agent(raw: str, others: set[str]) -> str | None:
    name = clean_name(raw)
    if name and name.split()[-1].lower() not in others:
        return name
    return None


def _contact(text: str, others: set[str]) -> str | None:
    """The contact officer, labelled or named in a sentence, when the letter names one."""
    for m in _CONTACT_LABEL.finditer(text):
        following = text[m.end() :].lstrip("\n").split("\n", 1)[0]
        for raw in (m.group(1), following):  # the function may fill the label's line
            name = _agent(raw, others) if raw.strip() else None
            if name:
                return name
    for m in _CONTACT_PHRASE.finditer(text):
        window = re.split(r"\n\s*\n|\.\s", text[m.end() : m.end() + 200])[0]
        for piece in re.split(r"[,;\n]", window):
            name = _agent(piece, others)
            if name:
                return name
    return None


def _find_agent_name(text: str, others: set[str]) -> str | None:
    if name := _contact(text, others):
        return name
    for m in _LABEL_AGENT.finditer(text):
        if not NOT_AGENT.search(m.group(0)):
            name = _agent(m.group(1), others)
            if name:
                return name
    for m in [*_LABEL_ALONE.finditer(text), *_MARK_ALONE.finditer(text)]:
        following = [ln for ln in text[m.end() :].splitlines()[1:4] if ln.strip()]
        if following and not NOT_AGENT.search(following[0]):
            name = _agent(following[0], others)
            if name:
                return name
    for pattern in (_SLASH_S, _SIGNED_BY):
        for m in pattern.finditer(text):
            line_end = text.find("\n", m.end())
            context = text[m.start() : (line_end if line_end > 0 else len(text)) + 120]
            # A judge's title may stand lines below, past a rule ("____") and indentation.
            under = "\n".join([ln for ln in text[m.start() :].splitlines()[:5] if ln.strip()][:4])
            if NOT_AGENT.search(context.split("\n\n")[0]) or _JUDGE.search(under):
                continue
            name = _agent(m.group(1), others)
            if name:
                return name
    name = _after_closing(text)
    if name and name.split()[-1].lower() not in others:
        return name
    for m in _RANK_LINE.finditer(text):  # a signature block: "Detective Sgt. Laura Brennan"
        if not re.match(r"\s*(?:Mr|Mrs|Ms|Dr|M|Mme)\b", m.group(1)):
            name = _agent(m.group(1), others)
            if name:
                return name
    for m in _NAME_OVER_TITLE.finditer(text):
        name = _agent(m.group(1), others)
        if name:
            return name
    for pattern in (_SELF, _APPLICATION, _CONTACT_PERSON):
        for m in pattern.finditer(text):
            name = _agent(m.group(1), others)
            if name and not NOT_AGENT.search(text[m.start() : m.end() + 60]):
                return name
    for m in _DEPUTY_CLERK.finditer(text):  # the clerk who attests, for the Clerk of Court
        name = clean_name(m.group(1))
        if name:
            return name
    for m in _CLERK.finditer(text):
        name = clean_name(m.group(1) or m.group(2))
        if name:
            return name
    return None
