"""Whether the user may be told (non-disclosure), and the emergency a request describes."""

import re
from datetime import date

from intake.extraction.contact import parse_date

_NDO = re.compile(
    r"2705\s*\(b\)|non-?disclosure (?:order|request|provision)|"
    r"(?:do|shall|will|should|must) not (?:notify|inform|disclose|tell|alert|advise)|"
    r"not to (?:notify|inform|disclose|tell|alert|advise)|"
    r"not (?:be )?(?:notified|informed|told|alerted|advised)\b|"
    r"no (?:notice|notification) (?:shall|should|may|will) be (?:given|provided|sent)|"
    r"refrain from (?:notifying|disclosing|informing)|"
    r"(?:delay|withhold)(?:ing)? (?:any )?(?:notice|notification)|"
    r"without (?:notifying|informing|alerting) the (?:user|subscriber|customer|account)|"
    r"ne pas (?:informer|avertir|notifier|divulguer)|sans (?:en )?informer|"
    r"nicht (?:zu )?(?:informieren|benachrichtigen|unterrichten)|"
    r"keine (?:Benachrichtigung|Information)",
    re.I,
)
_NUMBER_WORDS = {
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
    "one hundred eighty": 180,
    "one hundred and eighty": 180,
    "trente": 30,
    "soixante": 60,
    "quatre-vingt-dix": 90,
    "neunzig": 90,
}
_DAYS = re.compile(
    r"(\d{1,4}|"
    + "|".join(_NUMBER_WORDS)
    + r")(?:\s*\(\d{1,4}\))?[- ]?(?:calendar )?(?:days|jours|Tage)",
    re.I,
)
_UNTIL = re.compile(
    r"(?:until|through|jusqu'au|bis zum|bis)\s+((?:[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})|"
    r"\d{1,2}(?:st|nd|rd|th|er)?\.?\s+[A-Za-zéû]+\s+\d{4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4})",
    re.I,
)


def find_nondisclosure(text: str, *, order: str, language: str | None) -> dict:
    found = {"present": False, "days": None, "until": None}
    for m in _NDO.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        if re.search(
            r"\b(?:no|not|is not|without)\s+(?:a\s+)?$|we (?:will|may) not$", before, re.I
        ):
            continue
        found["present"] = True
        start = text.rfind(".", 0, m.start()) + 1
        end = text.find(".\n", m.end())
        sentence = text[start : (end if end > 0 else len(text))][:600]
        sentence_end = m.end() + 400
        window = text[start:sentence_end]
        days = _DAYS.search(window)
        if days:
            raw = days.group(1).lower()
            found["days"] = _NUMBER_WORDS.get(raw) or int(raw)
        until = _UNTIL.search(window)
        if until:
            parsed: date | None = parse_date(until.group(1), order=order, language=language)
            found["until"] = parsed.isoformat() if parsed else None
        del sentence
        break
    return found


# A danger to someone's life or body, in each language the reader supports (en fr de es it pt nl).
_DANGER = re.compile(
    r"danger of death|risk (?:to|of) (?:life|death)|threat to (?:life|kill)|"
    r"(?:life|lives) (?:is |are )?(?:in danger|at risk)|serious (?:physical|bodily) injury|"
    r"suicid\w*|self-harm|end (?:his|her|their) (?:own )?life|kill (?:him|her|them)sel(?:f|ves)|"
    r"kidnapp\w*|abduct\w*|hostage|missing (?:child|minor|juvenile|girl|boy)|"
    r"child (?:is )?(?:at risk|in danger)|overdose|life-threatening|death threats?|"
    r"(?:immediate|grave) (?:danger|threat|risk) (?:to|of)|"
    r"menaces? de mort|péril imminent|surdose|Überdosis|Todesdrohung\w*|amenazas? de muerte|"
    r"sobredosis|minacc\w* di morte|ameaças? de morte|overdosis|doodsbedreiging\w*|"
    r"threat\w* (?:\w+ ){0,3}(?:with a (?:rifle|gun|knife|firearm|weapon)|to (?:kill|shoot|stab))|"
    r"danger de mort|risque (?:vital|de mort|suicidaire)|blessures? graves?|"
    r"mettre fin à (?:ses jours|sa vie)|enlèvement|mineure? en danger|atteinte à la vie|"
    r"Lebensgefahr|Gefahr für (?:Leib und )?Leben|Suizid\w*|Selbstmord\w*|Entführ\w*|"
    r"Kindeswohlgefährdung|schwere(?:n)? Verletzung|"
    r"peligro de muerte|riesgo (?:\w+ ){0,3}para (?:la|su) vida|vida e integridad|"
    r"secuestr\w*|menor desaparecid[oa]|lesiones graves|"
    r"pericolo (?:di|per la) vita|rapiment\w*|minore scompars[oa]|lesioni gravi|"
    r"risco de vida|perigo de (?:vida|morte)|suicíd\w*|rapt(?:o|ad[oa])|lesões graves|"
    r"levensgevaar|zelfmoord\w*|suïcid\w*|ontvoer\w*|ernstig (?:lichamelijk )?letsel",
    re.I,
)
# That the harm may come soon: hours, tonight, "imminent".
_SOON = re.compile(
    r"\bimminent\w*|\btonight\b|\bright now\b|as fast as possible|"
    r"within (?:the next )?(?:\d+|few|a few) (?:hours|minutes)|"
    r"before (?:he|she|they) (?:reach|harm|kill)|"
    r"already (?:taken|swallowed|ingested)|immediate (?:danger|threat|risk)|"
    r"cette nuit|\bce soir\b|au plus vite|en urgence|danger immédiat|"
    r"unmittelbar\w*|heute (?:Nacht|Abend)|akute\w*|Gefahr im Verzug|"
    r"inminente|esta noche|con carácter urgente|"
    r"imminente|stanotte|stasera|"
    r"iminente|esta noite|"
    r"vannacht|vanavond|acuut",
    re.I,
)


_NEAR = 300  # characters: the imminence must be said of this danger, not of something else
_DENIED = re.compile(r"\b(?:not|no|nor|pas|nicht|keine?n?|non|não|niet)\b[^.]{0,30}$", re.I)


def emergency_words(text: str) -> list[str]:
    """The words that make a request an emergency from its body alone — a danger to life or
    body and its imminence — or [] when either is missing (a threat in the past or a crime
    investigated at leisure is not an emergency)."""
    for danger in _DANGER.finditer(text):
        before = text[max(0, danger.start() - 40) : danger.start()]
        if _DENIED.search(before):
            continue
        near = max(0, danger.start() - _NEAR)
        soon = _SOON.search(text, near, danger.end() + _NEAR)
        if soon:
            return [" ".join(m.group(0).split()) for m in (danger, soon)]
    return []


_EMERGENCY = re.compile(
    r"EMERGENCY DISCLOSURE|2702\s*\(b\)\s*\(8\)|2702\s*\(c\)\s*\(4\)|danger of death|"
    r"serious (?:physical|bodily) injury|imminent (?:threat|danger|risk|harm)|"
    r"risque (?:imminent|de mort)|Lebensgefahr|threat to life",
    re.I,
)
_AT_RISK = re.compile(
    r"(?:person(?:s)?|individual|victim|child|minor)?\s*(?:at risk|in danger|endangered)"
    r"\s*[:\-]\s*(.+)|"
    r"(?:victim|person at risk|who is at risk|personne en danger|persona en peligro|"
    r"gefährdete Person|persona a rischio|pessoa em risco|persoon in gevaar)\s*[:\-]\s*(.+)",
    re.I,
)
_IMMINENCE = re.compile(
    r"(?:imminence|how imminent|timeframe|time frame|expected (?:time|date) of harm|urgency|"
    r"imminence du danger|urgencia|Dringlichkeit|urgenza|urgência|urgentie)"
    r"\s*[:\-]\s*(.+)",
    re.I,
)
_IMMINENT_SENTENCE = re.compile(
    r"[^.\n]*(?:\bwithin (?:the next )?\d+ (?:hours|minutes)|\btonight\b|\btoday\b|"
    r"\bimminent(?:ly)?\b|"
    r"\bplans? to\b[^.\n]*\b(?:on|at|by)\b|\bscheduled for\b|"
    r"cette nuit|\bce soir\b|inminente|esta noche|unmittelbar|heute Nacht|imminente|stanotte|"
    r"iminente|esta noite|vannacht|vanavond)[^.\n]*",
    re.I,
)
# Who: a person described ("a 17 year old male", "the victim is ...") before a threat sentence.
_WHO_SENTENCE = re.compile(
    r"[^.\n]*\b(?:\d{1,2}[- ]years?[- ]old|ages? \d{1,2}\b|"
    r"(?:victim|child|minor|girl|boy) (?:is|was|named)|"
    r"âgée? de \d{1,2} ans|\d{1,2} ans\b|de \d{1,2} años|\d{1,2} Jahre alt|\d{1,2}-jährige|"
    r"di \d{1,2} anni|de \d{1,2} anos|\d{1,2}[- ]jarige?)"
    r"[^.\n]*",
    re.I,
)
_AT_RISK_SENTENCE = re.compile(
    r"[^.\n]*\b(?:threat(?:ened|ening)? to (?:kill|harm|shoot)|suicid\w*|self-harm|kidnapp\w*|"
    r"(?:will|would|going to|plans? to) (?:kill|harm|hurt|shoot|stab|attack)|"
    r"abduct\w*|missing (?:child|person|juvenile)|hostage|at risk|"
    r"end (?:his|her|their) (?:own )?life|mettre fin à ses jours|disparue?|enlev\w*|"
    r"desaparecid\w*|secuestr\w*|vermisst\w*|entführ\w*|scompars\w*|rapit\w*|"
    r"sequestrad\w*|vermist\w*|ontvoerd\w*)[^.\n]*",
    re.I,
)


def _sentence_of(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The sentence a pattern's first match stands in (who is at risk, or how soon, is said
    there when no form field names it)."""
    m = pattern.search(text)
    if not m:
        return None
    start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    return re.compile(r"[^.\n]+").search(text, start)


def find_emergency(text: str, *, kind: str | None) -> dict:
    present = kind == "emergency" or bool(_EMERGENCY.search(text) and kind in (None, "emergency"))
    if not present:
        return {"present": False, "person_at_risk": None, "imminence": None}
    risk = _AT_RISK.search(text)
    person = (risk.group(1) or risk.group(2)).strip() if risk else None
    flat = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # a sentence may wrap across lines
    if not person:
        sentence = (
            _WHO_SENTENCE.search(flat)
            or _AT_RISK_SENTENCE.search(flat)
            or _sentence_of(_DANGER, flat)
        )
        person = sentence.group(0).strip() if sentence else None
    soon = _IMMINENCE.search(text)
    imminence = soon.group(1).strip() if soon else None
    if not imminence:
        sentence = _IMMINENT_SENTENCE.search(flat) or _sentence_of(_SOON, flat)
        imminence = sentence.group(0).strip() if sentence else None
    return {
        "present": True,
        "person_at_risk": person[:300] if person else None,
        "imminence": imminence[:300] if imminence else None,
    }
