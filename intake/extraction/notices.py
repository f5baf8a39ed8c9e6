"""Whether the user may be told (non-disclosure), and the emergency a request describes."""

import re
from datetime import date

from intake.extraction.contact import parse_date

# Asking or ordering that the user not be told, in each language the reader supports
# (en fr de es it pt nl). Matched on the text with its line breaks flattened, since a sentence
# wraps across lines. A classification marking ("LAW ENFORCEMENT SENSITIVE", "SEGREDO DE
# JUSTIÇA") is not such a request, and "Quebra de Sigilo" is the lifting of a secrecy.
_NDO = re.compile(
    r"2705\s*\(b\)|non-?disclosure (?:order|request|provision|requirement)|"
    r"\bnot (?:to )?(?:notify|inform|disclose|tell|alert|advise|reveal)\b|"
    r"not (?:be )?(?:notified|informed|told|alerted|advised)\b|"
    r"no (?:notice|notification) (?:shall|should|may|will) be (?:given|provided|sent)|"
    r"refrain from (?:notifying|disclosing|informing)|"
    r"(?:prohibited|prohibits|precluded|barred) (?:\w+ ){0,6}?from disclosing|"
    r"from disclosing (?:to any person|this letter|the existence|that)|"
    r"(?:delay|withhold)(?:ing)? (?:any )?(?:notice|notification)|"
    r"without (?:notifying|informing|alerting) the (?:user|subscriber|customer|account)|"
    r"confidentiality shall be (?:maintained|kept)|"
    r"(?:maintain|keep) (?:strict )?confidentiality|"
    r"ne pas (?:porter|informer|avertir|aviser|notifier|divulguer|révéler)|"
    r"n'(?:en )?(?:informez|avisez|avertissez) pas|sans (?:en )?(?:informer|avertir)|"
    r"(?:garder|conserver) le secret|tenue? au secret|"
    r"nicht (?:zu )?(?:informieren|benachrichtigen|unterrichten|mitzuteilen|offenzulegen)|"
    r"(?:informieren|benachrichtigen|unterrichten) Sie (?:\S+ ){0,4}?nicht\b|"
    r"keine (?:Benachrichtigung|Information)|Stillschweigen|Verschwiegenheit|"
    r"\bno (?:informen|informar|informe|notifiquen|notificar|notifique|comuniquen|comunicar|"
    r"revelen|revelar|divulguen|divulgar|avisen|avisar|alertar)\b|"
    r"(?:guardar|mantener|guarden|mantengan|guarde|mantenga) "
    r"(?:el |la )?(?:debida |máxima |estricta )?(?:secreto|reserva|confidencialidad)|"
    r"sin (?:informar|notificar|comunicar|avisar)|"
    r"\bnon (?:informare|informi|informino|notificare|comunicare|divulgare|rivelare|avvisare)|"
    r"(?:mantenere|mantenga|mantengano|osservare) (?:il |la )?(?:segreto|riserbo|riservatezza)|"
    r"senza (?:informare|avvisare|notificare)|"
    r"não (?:seja|sejam) (?:comunicad|informad|notificad|avisad|cientificad)\w*|"
    r"não (?:informar|informem|comunicar|comuniquem|notificar|divulgar|revelar|avisar)|"
    r"dever de sigilo|(?:manter|mantenha|mantenham|guardar|guarde) (?:o )?sigilo|"
    r"sem (?:informar|notificar|comunicar|avisar)|"
    r"niet (?:te )?(?:informeren|inlichten|verwittigen|waarschuwen|op de hoogte (?:te )?stellen|"
    r"in kennis (?:te )?stellen)|(?:informeer|verwittig) (?:\S+ ){0,3}?niet\b|geheimhouding|"
    # Keeping the request itself secret: "em sigilo", "en reserva", "vertraulich zu behandeln".
    r"(?:manter|mantenha|mantenham|guardar|guarde) (?:\S+ ){0,4}?(?:em|sob) sigilo|"
    r"(?:mantener|mantengan|mantenga|guardar|guarden) (?:\S+ ){0,4}?en (?:secreto|reserva)|"
    r"(?:mantenere|mantenga|mantengano) (?:\S+ ){0,4}?(?:riservat[oa]|segret[oa])|"
    r"(?:garder|tenir) (?:\S+ ){0,4}?(?:secr[eè]te?|confidentiel(?:le)?)\b|"
    r"(?:geheim|vertraulich) (?:zu )?(?:halten|behandeln)|"
    r"(?:geheim|vertrouwelijk) (?:te )?(?:houden|behandelen)|"
    # The other languages requests come in: cs pl uk ru bg el tr id vi he ar zh ja ko.
    r"neinform\w*|nesdělujte|zachova\w* mlčenlivost|"
    r"nie informowa\w*|zachowani\w* w tajemnicy|"
    r"не повідомля\w*|нерозголошен\w*|не розголошува\w*|не уведомля\w*|неразглашени\w*|"
    r"да не (?:се )?уведомява\w*|неразгласяван\w*|"  # noqa: RUF001
    r"να μην ενημερ\w*|μη γνωστοποίησ\w*|"  # noqa: RUF001
    r"bilgilendirilmemesi|gizli tutulmas\u0131|"
    r"tidak memberitahukan|tidak memberitahu|merahasiakan|"
    r"không (?:được )?thông báo cho|giữ bí mật|"
    r"(?:של)?לא ליידע|לא להודיע|נאסר על [^.]{0,40}לגלות|"
    r"عدم (?:إخطار|إبلاغ|إعلام)|"
    r"nesdělova\w*|nie ujawnia\w*|nieujawniani\w*|nie zawiadamia\w*|bilgi verilmemesi|"
    r"не сообща\w* (?:пользовател|абонент|владельц|клиент)\w*|"
    r"ไม่แจ้ง(?:ให้)?|เก็บ(?:เป็น)?ความลับ|ห้ามเปิดเผย|"
    r"不得(?:告知|透露|通知|泄露)|请勿告知|請勿告知|[请請]予保密|予以保密|注意保密|"
    r"通知しない|知らせない|口外しない|秘密を保持|통지하지|알리지|통지를? 유예",
    re.I,
)
# Said of its absence: "no non-disclosure order", "we will not disclose".
_NDO_DENIED = re.compile(
    r"\b(?:no|not|is not|without|there is no)\s+(?:a\s+)?$|\bwe (?:will|may|do)\s+$", re.I
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
    "dreißig": 30,
    "sechzig": 60,
    "neunzig": 90,
    "treinta": 30,
    "trinta": 30,
    "trenta": 30,
    "sesenta": 60,
    "sessenta": 60,
    "sessanta": 60,
    "noventa": 90,
    "novanta": 90,
    "dertig": 30,
    "zestig": 60,
    "negentig": 90,
}
_DAYS = re.compile(
    r"(?<!within )(?<!dans les )(?<!binnen )(?<!dentro de )(?<!entro )"
    r"(\d{1,4}|"
    + "|".join(_NUMBER_WORDS)
    + r")(?:\s*\((?:\d{1,4}|[^\W\d]+(?:[ -][^\W\d]+)?)\))?[- ]?(?:calendar |naturales |corridos )?"
    r"(?:days|jours|Tage[n]?|días|dias|giorni|dagen|dn[íůi]|днів|дні|дней|дни|дена|ημέρ\w*|"
    r"gün|hari|ngày|יום|ימים|يوما?|أيام|วัน|日間|일간|일 동안)(?!\w)",
    re.I,
)
# Weeks are a fixed number of days (six weeks: 42), so a period in weeks is read in days;
# months and years in months are not (their length varies): the contract's `days` is only
# what the document states.
_WEEK_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12}
_WEEKS = re.compile(
    r"(?<!within )(\d{1,3}|" + "|".join(_WEEK_NUMBERS) + r")[- ]?"
    r"(?:weeks?|semaines?|Wochen|semanas|settimane|weken)\b",
    re.I,
)
_A_YEAR = re.compile(
    r"(?<!within )(?:period of |for )(?:one|1) year|"
    r"(?:pendant|durant) (?:un|1) an\b|(?:für|für die Dauer von) (?:ein|1) Jahr|"
    r"(?:durante|por) (?:un|um|1) año|(?:durante|por) (?:um|1) ano\b|per (?:un|1) anno|"
    r"gedurende (?:een|1) jaar",
    re.I,
)
_UNTIL = re.compile(
    r"(?:until|through|jusqu'au|bis zum|bis|hasta el|até|fino al|tot)\s+"
    r"((?:[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})|"
    r"\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?[A-Za-zéû]+\s+(?:de\s+)?\d{4}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})",
    re.I,
)
# A full stop that ends a sentence, not one of "U.S.C.", "Case No.", "art.", "n.º"; or a cell.
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Za-z])(?<!\bNo)(?<!\bNr)(?<!\bno)(?<!\bnr)(?<!\bart)(?<!\bArt)(?<!\bSec)"
    r"\.(?:\s|$)|\|"
)


def _sentence(flat: str, start: int, end: int) -> str:
    """The sentence (or a form's cell) that a match stands in."""
    before = flat[:start]
    opened = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    closed = _SENTENCE_END.search(flat, end)
    return flat[opened : closed.start() if closed else len(flat)][:600]


def find_nondisclosure(text: str, *, order: str, language: str | None) -> dict:
    """Whether the document asks or orders that the user not be told, and for how long: the
    days or the end date only where the sentence asking says so ("within 90 days" is when a
    follow-up comes, not how long to keep quiet)."""
    found: dict = {"present": False, "days": None, "until": None}
    flat = re.sub(r"\s+", " ", text)
    for m in _NDO.finditer(flat):
        if _NDO_DENIED.search(flat[max(0, m.start() - 60) : m.start()]):
            continue
        found["present"] = True
        sentence = _sentence(flat, m.start(), m.end())
        days = _DAYS.search(sentence)
        year = _A_YEAR.search(sentence)
        until = _UNTIL.search(sentence)
        weeks = _WEEKS.search(sentence)
        if days:
            raw = days.group(1).lower()
            found["days"] = _NUMBER_WORDS.get(raw) or int(raw)
        elif weeks:
            raw = weeks.group(1).lower()
            found["days"] = 7 * (_WEEK_NUMBERS.get(raw) or int(raw))
        elif year:
            found["days"] = 365
        if until:
            parsed: date | None = parse_date(until.group(1), order=order, language=language)
            found["until"] = parsed.isoformat() if parsed else None
        if found["days"] or found["until"]:
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
