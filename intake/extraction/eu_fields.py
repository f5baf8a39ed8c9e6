"""The labelled fields of an EU certificate (Regulation (EU) 2023/1543, Annexes I and II) in
English, French, German, Spanish, Italian, Portuguese and Dutch: the issuing authority, its type,
the validating authority, the file number, the offence and its legal basis, the issuing
authority's contact person (name, e-mail, phone) and address, and the targets as the form names
them. Pure and bounded: lines are read one at a time, each label is a fixed alternation, values
are cut to VALUE_CHARS; a field is read only where its label stands at the start of a line.

The forms put the authorities' names in section A and their details (type, representative,
file number, address, telephone, e-mail) in sections I and J, the validating authority's after
the issuing authority's: contact details are read outside the validating authority's block, so
its judge's phone is never taken for the issuing authority's."""

import re
from typing import Any

from intake.extraction import people, phone

VALUE_CHARS = 300
_WS = r"[ \t\u00a0\u202f]"
# "Label: value", "Label - value", or a form's columns as a PDF's text gives them: "Label    value".
_SEP = rf"(?:{_WS}*(?:\([^)\n]{{0,60}}\){_WS}*){{0,3}}[:\-\u2013]{_WS}*|{_WS}{{3,}}|\t{_WS}*)"
# A label may follow an item mark: "(a)", "1.", "-", "•".
_LEAD = r"^[ \t]*(?:[-•*][ \t]*|\(?[0-9a-zA-Z]{1,2}[.)][ \t]+)?"

ISSUER = (
    r"(?:name of (?:the )?)?issuing authority(?: and (?:of )?its representative)?|"
    r"(?:nom de l['\u2019])?autorit[ée] d['\u2019][ée]mission(?: et (?:de )?son repr[ée]sentant)?|"
    r"(?:Name der )?Anordnungsbeh[öo]rde(?: und (?:ihres |ihr )?Vertreters?)?|"
    r"(?:nombre de la )?autoridad (?:de emisi[óo]n|emisora)(?: y (?:de )?su representante)?|"
    r"(?:nome dell['\u2019])?autorit[àa] di emissione(?: e (?:del )?suo rappresentante)?|"
    r"(?:nome da )?autoridade de emiss[ãa]o(?: e (?:do )?seu representante)?|"
    r"(?:naam van de )?uitvaardigende autoriteit(?: en (?:haar|zijn) vertegenwoordiger)?"
)
VALIDATOR = (
    r"(?:name of (?:the )?)?validating authority|(?:nom de l['\u2019])?autorit[ée] de validation|"
    r"(?:Name der )?Validierungsbeh[öo]rde|(?:nombre de la )?autoridad de validaci[óo]n|"
    r"(?:nome dell['\u2019])?autorit[àa] di convalida|(?:nome da )?autoridade de valida[çc][ãa]o|"
    r"(?:naam van de )?validerende autoriteit"
)
_TYPE_LABEL = (
    r"type of (?:the )?issuing authority|type d['\u2019]autorit[ée] d['\u2019][ée]mission|"
    r"Art der Anordnungsbeh[öo]rde|tipo de autoridad de emisi[óo]n|"
    r"tipo di autorit[àa] di emissione|tipo de autoridade de emiss[ãa]o|"
    r"soort uitvaardigende autoriteit"
)
# The issuing authority's file number first: the validating authority's has its own.
FILE_OF_ISSUER = (
    r"file (?:number|no\.?|reference) of the issuing authority|"
    r"num[ée]ro de dossier de l['\u2019]autorit[ée] d['\u2019][ée]mission|"
    r"Aktenzeichen der Anordnungsbeh[öo]rde|"
    r"n[úu]mero de expediente de la autoridad de emisi[óo]n|"
    r"numero di fascicolo dell['\u2019]autorit[àa] di emissione|"
    r"n[úu]mero (?:de|do) processo da autoridade de emiss[ãa]o|"
    r"dossiernummer van de uitvaardigende autoriteit"
)
FILE = (
    r"file (?:number|no\.?|reference)|reference|"
    r"num[ée]ro de dossier|n[°º] de dossier|r[ée]f[ée]rence|"
    r"Aktenzeichen|Gesch[äa]ftszeichen|"
    r"n[úu]mero de expediente|n\.[ºo] de expediente|referencia|"
    r"numero di fascicolo|n\. (?:di )?fascicolo|riferimento|"
    r"n[úu]mero (?:de|do) processo|refer[êe]ncia|"
    r"dossiernummer|zaaknummer|referentie|kenmerk"
)
OFFENCE = (
    r"(?:nature and legal classification of the )?(?:criminal )?offen[cs]es?|"
    r"(?:nature et qualification juridique de l['\u2019])?infractions?|"
    r"(?:Art und rechtliche W[üu]rdigung der )?Straftat(?:en)?|"
    r"(?:naturaleza y tipificaci[óo]n jur[íi]dica de la )?(?:infracci[óo]n|infracciones|delitos?)|"
    r"(?:natura e qualificazione giuridica del )?reat[oi]|"
    r"(?:natureza e qualifica[çc][ãa]o jur[íi]dica da )?(?:infra[çc][ãa]o|infra[çc][õo]es|crimes?)|"
    r"(?:aard en wettelijke kwalificatie van het )?strafbare? feit(?:en)?"
)
LEGAL_BASIS = (
    r"legal basis|(?:applicable )?(?:statutory |legal )?provisions?(?: of (?:national |criminal )"
    r"law)?(?: applicable)?|"
    r"base (?:juridique|l[ée]gale)|fondement juridique|dispositions? (?:l[ée]gales?|p[ée]nales?)"
    r"(?: applicables?)?|"
    r"Rechtsgrundlage|(?:anwendbare )?(?:gesetzliche )?(?:Bestimmung|Vorschrift)(?:en)?|"
    r"Strafvorschrift(?:en)?|"
    r"base jur[íi]dica|fundamento jur[íi]dico|disposici[óo]n(?:es)? (?:legal(?:es)?|aplicables?)|"
    r"disposizion[ei] (?:di legge )?applicabil[ei]|norm[ae] applicabil[ei]|"
    r"disposi[çc](?:[ãa]o|[õo]es) (?:lega(?:l|is)|aplic[áa]ve(?:l|is))|"
    r"rechtsgrond(?:slag)?|toepasselijke (?:wettelijke )?bepaling(?:en)?"
)
CONTACT = (
    r"contact person|contact|(?:name of the )?representative|"
    r"personne (?:[àa] contacter|de contact)|repr[ée]sentant(?:e)?|"
    r"Kontaktperson|Ansprechpartner(?:in)?|Kontakt|Vertreter(?:in)?|"
    r"persona de contacto|contacto|representante|"
    r"persona di contatto|referente|contatto|rappresentante|"
    r"pessoa de conta(?:c)?to|conta(?:c)?to|"
    r"contactpersoon|vertegenwoordiger"
)
EMAIL = (
    r"e-?mail(?: address)?|courriel|adresse [ée]lectronique|E-Mail(?:-Adresse)?|"
    r"correo electr[óo]nico|posta elettronica|correio eletr[óo]nico|e-?mailadres"
)
PHONE = (
    r"tel(?:ephone|\.)?(?: ?(?:no\.?|number))?|phone|t[ée]l[ée]phone|t[ée]l\.?|Telefon(?:nummer)?|"
    r"tel[ée]fono|telefone|telefoon(?:nummer)?"
)
ADDRESS = (
    r"(?:postal )?address|adresse(?: postale)?|Anschrift|direcci[óo]n(?: postal)?|indirizzo|"
    r"endere[çc]o|morada|adres"
)
_USER_ID = (
    r"user (?:id|identifier)|identifiant(?: de l['\u2019]utilisateur)?|"
    r"Benutzerkennung|Nutzerkennung|"
    r"(?:id|identificador) de usuario|identificativo(?: dell['\u2019]utente)?|"
    r"(?:id|identificador) do utilizador|gebruikers-?id"
)
_ACCOUNT = (
    r"(?:account|compte|Konto|Nutzerkonto|cuenta|conta|gebruikersaccount)"
    r"(?: (?:number|no\.?|id|num[ée]ro|nummer|n[úu]mero))?"
)
_IP = r"IP address|adresse IP|IP-Adresse|direcci[óo]n IP|indirizzo IP|endere[çc]o IP|IP-adres"

# Where a value says there is none.
_NONE = re.compile(
    r"^(?:n/?a|none|not applicable|-+|sans objet|n[ée]ant|entf[äa]llt|nicht zutreffend|"
    r"no procede|no aplicable|non applicabile|n[ãa]o aplic[áa]vel|niet van toepassing)\.?$",
    re.I,
)
# A heading that opens a section: "Section I", "Abschnitt J", "Sección B".
_SECTION = re.compile(
    r"^[ \t]*(?:Section|Secci[óo]n|Sezione|Sec[çc][ãa]o|Se[çc][ãa]o|Abschnitt|Afdeling|Deel|"
    r"Rubrique|Partie|Parte|Teil)[ \t]+[A-Z]\b",
    re.I | re.M,
)
# The authority's types, ticked or written after the type's label (Annex I section I).
_TYPES = {
    "judge": r"(?:investigating )?judge|court|juge(?: d['\u2019]instruction)?|juridiction|"
    r"tribunal|(?:Ermittlungs)?Richter(?:in)?|Gericht|juez(?: de instrucci[óo]n)?|"
    r"[óo]rgano jurisdiccional|giudice(?: per le indagini preliminari)?|organo giurisdizionale|"
    r"tribunale|juiz(?: de instru[çc][ãa]o)?|[óo]rg[ãa]o jurisdicional|(?:onderzoeks)?rechter|"
    r"rechtbank",
    "prosecutor": r"(?:public )?prosecutor|procureur|minist[èe]re public|Staatsanwalt(?:schaft)?|"
    r"ministerio fiscal|fiscal|pubblico ministero|procuratore|minist[ée]rio p[úu]blico|"
    r"procurador|officier van justitie|openbaar ministerie",
    "other": r"other competent authority|autre autorit[ée] comp[ée]tente|andere zust[äa]ndige "
    r"Beh[öo]rde|otra autoridad competente|altra autorit[àa] competente|outra autoridade "
    r"competente|andere bevoegde autoriteit",
}
_TICK = r"(?:\[\s*[xX✓✔]\s*\]|[☒☑✓✔■]|\(\s*[xX]\s*\))[ \t]*"
# A magistrate's title before the name (a person's ranks are people.RANKS).
_TITLE = re.compile(
    r"^(?:(?:Magistrate|Judge|Prosecutor|Public Prosecutor|Investigating Judge|Magistrat(?:e)?|"
    r"Juge(?: d['\u2019]instruction)?|Procureur(?:e)?(?: de la R[ée]publique)?|"
    r"Vice-procureur(?:e)?|Substitut(?:e)?|Staatsanw[äa]lt(?:in)?|Oberstaatsanw[äa]lt(?:in)?|"
    r"Richter(?:in)?|Fiscal|Juez|Jueza|Magistrad[oa]|Pubblico Ministero|Sostituto Procuratore|"
    r"Procuratore|Giudice|Procurador(?:a)?|Juiz(?:a)?|Officier van Justitie|Rechter|"
    r"Dott\.(?:ssa)?|Mevr\.|Dhr\.|Herr|Frau|Sr\.|Sra\.)\s+)+",
    re.I,
)
_EMAIL_IN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PROVISION = re.compile(
    r"\b(?:articles?|art\.|artikel|articolo|art[íi]culo|artigo|section|sec\.)|§", re.I
)


def _label(words: str) -> re.Pattern[str]:
    return re.compile(rf"{_LEAD}(?:{words}){_SEP}(.*)$", re.I | re.M)


def _heading(words: str) -> re.Pattern[str]:
    """A line that names the words with no value after them: a block's heading."""
    return re.compile(rf"^[^\n]{{0,40}}?\b(?:{words})\b[^\n:]{{0,40}}:?[ \t]*$", re.I | re.M)


_LABELS = {
    name: _label(words)
    for name, words in {
        "issuer": ISSUER,
        "validator": VALIDATOR,
        "type": _TYPE_LABEL,
        "file_of_issuer": FILE_OF_ISSUER,
        "file": FILE,
        "offence": OFFENCE,
        "legal_basis": LEGAL_BASIS,
        "contact": CONTACT,
        "email": EMAIL,
        "phone": PHONE,
        "address": ADDRESS,
        "user_id": _USER_ID,
        "account": _ACCOUNT,
        "ip": _IP,
    }.items()
}
_VALIDATOR_HEADING = _heading(VALIDATOR)
# "Section A: Issuing/validating authority" names both: not the validating authority's block.
_ISSUING_STEM = re.compile(r"issuing|[ée]mission|Anordnung|emisi[óo]n|emiss[ãa]o|uitvaardig", re.I)
_ISSUER_HEADING = _heading(ISSUER)
_ANY_LABEL = re.compile(rf"{_LEAD}[^\n:]{{1,60}}:")


def _clean(value: str) -> str | None:
    value = " ".join(value.split())[:VALUE_CHARS].strip(" .;,")
    return None if not value or _NONE.match(value) else value


def _value(text: str, name: str) -> str | None:
    """The first value written after the label ``name``; where the label ends its line, the
    next line's, unless that line is a label of its own."""
    for m in _LABELS[name].finditer(text):
        value = m.group(1)
        if not value.strip():
            rest = text[m.end() + 1 : m.end() + 1 + VALUE_CHARS + 1].split("\n", 1)[0]
            value = "" if _ANY_LABEL.match(rest) or _SECTION.match(rest) else rest
        cleaned = _clean(value)
        if cleaned:
            return cleaned
        if _NONE.match(" ".join(value.split()).strip(" .")):
            return None  # written as none: not to be read from another line
    return None


def _without_validator(text: str) -> str:
    """The text less the validating authority's block(s): from its heading to the next
    section, where its own address, telephone and e-mail stand."""
    out, at = [], 0
    for m in _VALIDATOR_HEADING.finditer(text):
        if m.start() < at or _ISSUING_STEM.search(m.group(0)):
            continue
        out.append(text[at : m.start()])
        ends = [
            e.start()
            for e in (_SECTION.search(text, m.end()), _ISSUER_HEADING.search(text, m.end()))
            if e
        ]
        at = min(ends, default=len(text))
    out.append(text[at:])
    return "".join(out)


def _type(text: str) -> str | None:
    """judge (a judge, a court, an investigating judge), prosecutor, or other: written after
    the label, or ticked."""
    written = _value(text, "type")
    if written and not re.search(_TICK, written):
        named = [(m.start(), code) for code, words in _TYPES.items()
                 for m in [re.search(rf"\b(?:{words})\b", written, re.I)] if m]  # fmt: skip
        if named:
            return min(named)[1]
    ticked = [(m.start(), code) for code, words in _TYPES.items()
              for m in [re.search(rf"{_TICK}(?:{words})\b", text, re.I)] if m]  # fmt: skip
    return min(ticked)[1] if ticked else None


def _person(value: str | None) -> str | None:
    if not value:
        return None
    first = re.split(r",|;|\(|<| - | \u2013 |\t| {2,}", _EMAIL_IN.sub("", value))[0]
    return people.clean_name(_TITLE.sub("", first.strip()))


def _provisions(offence: str | None) -> str | None:
    """The provisions an offence line cites in brackets: "theft (article 311-1 du code
    pénal)"."""
    for inner in re.findall(r"\(([^()]{3,200})\)", offence or ""):
        if _PROVISION.search(inner):
            return _clean(inner)
    return None


def _targets(text: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    user_id = _value(text, "user_id")
    if user_id:
        email = _EMAIL_IN.search(user_id)
        found.append({"type": "user", **({"email": email[0]} if email else {"user_id": user_id})})
    ip = _value(text, "ip")
    ip_found = re.search(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b",
                         ip or "", re.I)  # fmt: skip
    if ip_found:
        found.append({"type": "user", "ip": ip_found[0]})
    account = _value(text, "account")
    if account:
        email = _EMAIL_IN.search(account)
        number = re.search(r"\b[\w-]*\d[\w-]*\b", account)
        if email:
            found.append({"type": "account", "email": email[0]})
        elif number:
            found.append({"type": "account", "account_number": number[0]})
    return found


_LABEL_ONLY = re.compile(rf"(?:{ISSUER}|{VALIDATOR})", re.I)


def is_label(value: str | None) -> bool:
    """Whether a value is only the form's label for an authority ("Issuing authority"), as a
    general reader may take a section's heading for the agency."""
    return bool(value and _LABEL_ONLY.fullmatch(" ".join(value.split()).strip(" .:")))


def read_fields(text: str) -> dict[str, Any]:
    """The certificate's labelled fields; None where the certificate does not give one."""
    offence = _value(text, "offence")
    own = _without_validator(text)
    contact = _value(own, "contact")
    email = _value(own, "email")
    email_found = _EMAIL_IN.search(email or "") or _EMAIL_IN.search(contact or "")
    phone_value = _value(own, "phone")
    return {
        "issuing_authority": _value(text, "issuer"),
        "issuing_authority_type": _type(text),
        "validating_authority": _value(text, "validator"),
        "file_number": _value(text, "file_of_issuer") or _value(own, "file"),
        "offence": offence,
        "legal_basis": _value(text, "legal_basis") or _provisions(offence),
        "contact_name": _person(contact),
        "contact_email": email_found[0].lower() if email_found else None,
        "contact_phone": phone.find_phone(phone_value) if phone_value else None,
        "address": _value(own, "address"),
        "targets": _targets(text),
    }
