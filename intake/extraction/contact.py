"""How to reach the agent (email, phone, postal address), the country and language of the
request, and the date by which the agency wants an answer."""

import re
import unicodedata
from datetime import date, timedelta
from functools import cache

import dateparser

from intake.extraction.language import find_language  # noqa: F401 - where callers look for it
from intake.extraction.postal import find_address  # noqa: F401 - where callers look for it

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"
)
GOV_HINT = re.compile(
    r"\.(?:gov|mil|gouv\.fr|police\.uk|gov\.uk|gc\.ca|bund\.de|polizei\.[a-z.]+|europa\.eu|"
    r"justice\.fr|interieur\.gouv\.fr|fed\.us|state\.[a-z]{2}\.us)$|\.gov\.[a-z]{2}$|"
    r"(?:^|\.)(?:police|polizei|gendarmerie|rcmp-grc)\.",
    re.I,
)
_COUNTRY_WORDS = [
    (
        "GB",
        r"United Kingdom|\bEngland\b|\bScotland\b|\bWales\b|\bU\.?K\.?\b|police\.uk|\.gov\.uk|"
        r"Metropolitan Police|Constabulary|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b",
    ),
    (
        "FR",
        r"\bFrance\b|République française|gouv\.fr|Gendarmerie|\b\d{5} (?:Paris|Lyon|Marseille|"
        r"Nanterre|Lille|Bordeaux|Toulouse|Nantes|Strasbourg|Rennes)\b|Police nationale|CEDEX",
    ),
    (
        "DE",
        r"\bDeutschland\b|\bGermany\b|bund\.de|Polizei|Landeskriminalamt|Bundeskriminalamt|"
        r"Staatsanwaltschaft|\b\d{5} (?:Berlin|München|Hamburg|Köln|Frankfurt|Stuttgart)\b",
    ),
    (
        "CA",
        r"\bCanada\b|RCMP|Royal Canadian Mounted|\.gc\.ca|Ontario Provincial|\b(?:ON|QC|BC|AB|MB|"
        r"NS|NB|SK)\s+[A-Z]\d[A-Z] ?\d[A-Z]\d\b|Sûreté du Québec",
    ),
    (
        "AU",
        r"\bAustralia\b|\bAustralian\b|\b(?:NSW|VIC|QLD|TAS)\s+\d{4}\b|\(Cth\)|\.gov\.au\b",
    ),
    (
        "BR",
        r"\bBrasil\b|\bBrazil\b|São Paulo|Rio de Janeiro|Pol[ií]cia (?:Civil|Federal)|"
        r"\b\d{5}-\d{3}\b|\.gov\.br\b|Of[ií]cio n",
    ),
    (
        "IN",
        r"\bIndia\b|Bharatiya|\bCr\.?P\.?C\b|\bBNSS\b|Police Station|\bSd/-|\.gov\.in\b|"
        r"\b(?:Bengaluru|Mumbai|New Delhi|Chennai|Hyderabad|Kolkata)\b",
    ),
    ("ES", r"\bEspaña\b|\bSpain\b|Guardia Civil|Policía Nacional|Mossos"),
    ("IT", r"\bItalia\b|\bItaly\b|Carabinieri|Polizia di Stato|Guardia di Finanza"),
    ("NL", r"\bNederland\b|\bNetherlands\b|\bPolitie\b"),
    (
        "US",
        r"United States|\bU\.S\.C\.|\b[A-Z]{2} \d{5}(?:-\d{4})?\b|\.gov\b(?!\.)|Federal Bureau|"
        r"Sheriff|Department of Homeland",
    ),
]


def find_country(text: str, emails: list[str]) -> str | None:
    """The requesting authority's country (ISO 3166-1), from its domain and address."""
    for address in emails:
        tld = address.rsplit(".", 1)[-1].lower()
        if address.endswith((".gov", ".mil")) or address.endswith(".us"):
            return "US"
        if len(tld) == 2 and tld.isalpha():  # a country's domain: .uk, .fr, .br, .in, ...
            return {"uk": "GB"}.get(tld, tld.upper())
    # The letterhead and the signature block say where the agency is; a 50-page annex does not.
    ends = text if len(text) < 40_000 else text[:20_000] + "\n" + text[-20_000:]
    scores = {code: len(re.findall(p, ends)) for code, p in _COUNTRY_WORDS}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None


def find_emails(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for m in EMAIL.finditer(text):
        seen.setdefault(m.group(0).lower().rstrip("."), None)
    return list(seen)


def _forwarded_sender(text: str) -> str | None:
    m = re.search(
        r"(?:Forwarded message|Original Message|Begin forwarded message|Message transféré|"
        r"Weitergeleitete Nachricht)[\s\S]{0,400}?"
        r"^\s*(?:From|De|Von)\s*:\s*.*?([\w.%+-]+@[\w.-]+\.\w+)",
        text,
        re.I | re.M,
    )
    return m.group(1).lower() if m else None


# A word that says an address follows: a label ("E-mail:", "E:") or a sentence giving where
# to answer ("ao e-mail", "a la casilla oficial", "correo electrónico").
_EMAIL_WORD = re.compile(
    r"(?:(?:\bE-?mail|Courriel|\bMail|E-Mail-Adresse|Correo(?: electr[óo]nico)?|\bE)"
    r"(?:\s+address)?\s*:|"
    r"\b(?:to|ao|à|al|a la|an)\s+(?:the\s+|l['\u2019])?(?:e-?mail|courriel|correo|casilla|"
    r"adresse|address|endere[çc]o)(?:\s+(?:oficial|électronique|electr[óo]nico|eletr[ôo]nico))?"
    r")\s*<?$",
    re.I,
)
# ... unless it is the account's address: "Account e-mail:", "Conta de e-mail:".
_ACCOUNT_WORD = re.compile(
    r"Account|Conta|Cuenta|Compte|Konto|Benutzer|\bUser|Usuario|Utilisateur|Target|"
    r"Subscriber|Registered|Registration|Abonn|Titular|Host|Inhaber|Associated|Linked|Vinculad",
    re.I,
)


def _labelled_emails(text: str) -> list[str]:
    found = []
    for m in EMAIL.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        line = before.split("\n")[-1] if before.split("\n")[-1].strip() else before
        listed = re.match(r"\s*(?:[-*\u2022]|\d{1,2}[.)])\s", line)  # an item of the account's data
        if _EMAIL_WORD.search(before.rstrip(" \t\n(")) and not (
            _ACCOUNT_WORD.search(line) or listed
        ):
            found.append(m.group(0).lower().rstrip("."))
    return found


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_agent_email(
    text: str, *, sender: str | None, ours: set[str], agent_name: str | None
) -> str | None:
    """The agent's own address: labelled in the letter, else the (original) sender."""
    candidates = [
        e
        for e in find_emails(text)
        if e not in ours and e.split("@")[-1] not in {o.split("@")[-1] for o in ours}
    ]
    labelled = [e for e in _labelled_emails(text) if e in candidates]
    if agent_name and candidates:
        # any part of the name, accents aside: "camila.crn@" for Camila Rocha Nunes,
        # "amedinar@" for Álvaro Medina Ruiz (a Spanish first surname), "tomas.kratochvil@"
        words = [_fold(w) for w in agent_name.split() if len(w) >= 3]
        surname = words[-1:] if words else []
        for part in (surname, words):
            named = [e for e in candidates if any(w in _fold(e.split("@")[0]) for w in part)]
            if named:
                return named[0]
        # a name in another script: the address in the agent's own block, just after the name
        at = text.find(agent_name) if not re.search(r"[A-Za-z]", agent_name) else -1
        if at >= 0:
            near = [e for e in find_emails(text[at : at + 300]) if e in candidates]
            if near:
                return near[0]
    gov = [e for e in labelled if GOV_HINT.search(e.split("@")[-1])]
    if gov or labelled:
        return (gov or labelled)[0]
    forwarded = _forwarded_sender(text)
    if forwarded and forwarded not in ours:
        return forwarded
    if sender and sender not in ours:
        return sender
    return None


# Phrases that ask for an answer by a date; the date may come a few words later.
_DEADLINE = re.compile(
    (
        r"(?:no later than|not later than|on or before|respond(?:ed)? by|reply by|"
        r"response (?:date|deadline|due)|return date|deadline|due (?:date|by|on)|"
        r"(?:records|response|production|information|data) (?:is |are )?due|"
        r"date (?:and time )?(?:of|for) (?:production|compliance|response)|Date and Time\s*:|"
        r"by close of business(?: on)?|au plus tard le|d'ici le|date limite|"
        r"réponse attendue (?:pour |avant )?le|"
        r"in lieu of appearing on|bis (?:zum|spätestens)|spätestens (?:am|bis)|Frist|hasta el|"
        r"entro il)\s*[:\-]?\s*"
    ).replace(" ", r"\s+"),  # a phrase may be broken over two lines
    re.I,
)
# Short words that ask for a date only when the date follows at once ("by April 3, 2026").
_DEADLINE_WORD = re.compile(
    r"\b(?:by|before|avant le|bis|até(?: o dia)?|hasta el|antes del?|a más tardar el|entro il|"
    r"uiterlijk(?: op)?)\s+(?=\S)",
    re.I,
)
# A subpoena's command: "commanded to produce ... on April 14, 2026".
_COMMANDED = re.compile(
    r"\b(?:commanded|required|directed|ordered)\s+to\s+(?:produce|appear|provide)\b|"
    r"\bto\s+be\s+and\s+appear\s+before\b",
    re.I,
)
# "within ten days of the date of this Order": a date once the order's own date is known.
_WITHIN_DAYS_OF_ORDER = re.compile(
    r"\bwithin\s+(\w+)\s+(?:\(\d+\)\s+)?(?:calendar\s+)?days\s+(?:of|from|after)\s+"
    r"(?:the\s+)?date\s+of\s+(?:this|the)\s+Order\b",
    re.I,
)
# The line an order is dated on: "DATED this 11th day of June, 2020.", "Date: December 14, 2010".
_ORDER_DATED = re.compile(
    r"^[ \t]*(?:(?:SO\s+)?ORDERED|DATED|Dated|Date|Entered|ENTERED)\b([^\n]{0,60})", re.M
)
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "sixty": 60, "ninety": 90}


def _days_after_order(text: str, *, order: str, language: str | None) -> date | None:
    """The date N days after the order's own date, where the order says "within N days of the
    date of this Order" (an order served later does not move it)."""
    m = _WITHIN_DAYS_OF_ORDER.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    days = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    if days is None:
        return None
    dated: list[tuple[int, date]] = []
    for line in _ORDER_DATED.finditer(text):
        found = _DATE_TEXT.search(line.group(1))
        parsed = parse_date(found.group(0), order=order, language=language) if found else None
        if parsed:
            dated.append((line.start(), parsed))
    if not dated:
        return None
    # The order's date is where it is signed, after its clauses; else the last one before.
    after = [d for at, d in dated if at > m.start()]
    signed = after[0] if after else dated[-1][1]
    return signed + timedelta(days=days)


_DATE_TEXT = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    # "the 18th day of September, 2023", as orders and subpoenas write it
    r"(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+day\s+of\s+[A-Z][a-z]+,?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|"
    r"\d{1,2}\s+de\s+[a-zç]+\s+de\s+\d{4}|"
    r"\d{1,2}(?:st|nd|rd|th|er)?\.?\s+[A-Za-zéûäèç]{3,}\.?,?\s+\d{4}|[A-Z][a-zé]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})",
)


def date_order(country: str | None, language: str | None) -> str:
    """How a numeric date is written: month first only in an English document from the US (or
    from an unknown or Canadian sender). A letter in Spanish, French or German writes the day
    first wherever it was sent from (a US ZIP code in it is often our own address)."""
    if language in (None, "en") and country in ("US", None, "CA"):
        return "MDY"
    return "DMY"


@cache
def _parse_settings(order: str) -> tuple:
    return (
        ("DATE_ORDER", order),
        ("PREFER_DAY_OF_MONTH", "first"),
        ("REQUIRE_PARTS", ["day", "month", "year"]),
    )


# English month names and their usual abbreviations: most dates in requests are written so,
# and reading them here is 100 times faster than dateparser (which reads everything else).
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _plain_date(value: str, order: str) -> date | None:
    """The date of a value written in one of the plain forms, or None (then dateparser reads
    it): ISO, "December 18, 2026", "18 Dec 2026", and numeric dates in ``order``."""
    try:
        if m := _ISO.fullmatch(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _MONTH_FIRST.fullmatch(value)) and m[1].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
        if (m := _DAY_FIRST.fullmatch(value)) and m[2].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        if (m := _NUMERIC.fullmatch(value)) and order in ("MDY", "DMY"):
            first, second = int(m[1]), int(m[3])
            month, day = (first, second) if order == "MDY" else (second, first)
            return date(int(m[4]), month, day)
    except ValueError:  # no such day: dateparser has the last word
        return None
    return None


def parse_date(value: str, *, order: str, language: str | None = None) -> date | None:
    value = re.sub(r"(\d)(?:st|nd|rd|th|er)\b", r"\1", value)
    value = re.sub(r"^(?:the\s+)?(\d{1,2})\s+day\s+of\s+", r"\1 ", value.strip())
    plain = _plain_date(value.strip(), order)
    if plain is not None:
        return plain
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        order = "YMD"
    languages = list(dict.fromkeys([language or "en", "en", "fr", "de"]))
    parsed = dateparser.parse(value, languages=languages, settings=dict(_parse_settings(order)))
    return parsed.date() if parsed else None


def find_response_date(text: str, *, order: str, language: str | None) -> date | None:
    for m in _DEADLINE.finditer(text):
        window = text[m.end() : m.end() + 80]
        d = _DATE_TEXT.search(window)
        if d and not re.search(r"[.;]\s", window[: d.start()]):
            parsed = parse_date(d.group(0), order=order, language=language)
            if parsed:
                return parsed
    for m in _COMMANDED.finditer(text):
        window = re.split(r"[.;]\s", text[m.end() : m.end() + 300])[0]
        for when in re.finditer(r"\b(?:on|by|before|no later than)\s+", window):
            d = _DATE_TEXT.match(window, when.end())
            parsed = parse_date(d.group(0), order=order, language=language) if d else None
            if parsed:
                return parsed
    after_order = _days_after_order(text, order=order, language=language)
    if after_order:
        return after_order
    for m in _DEADLINE_WORD.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if re.search(r"(?:signed|dated|issued|sent|made|received|ordered)\s*$", before, re.I):
            continue
        d = _DATE_TEXT.match(text, m.end())
        if d:
            parsed = parse_date(d.group(0), order=order, language=language)
            if parsed:
                return parsed
    return None
