"""The agency's postal address and PO box, in the formats of many countries: house number
before or after the street, postcode before or after the city ("PLZ", "CEP", "Cedex", PIN,
Eircode), on one line or several; never the recipient's (our) address."""

import re

from intake.extraction.organisations import ORG_WORD

_ADDRESS_LABEL = (
    r"(?:(?:(?:Mailing|Postal|Street|Office|Physical|Business|(?:Requesting )?Agency|"
    r"Department)[ \t]+)?[Aa]ddress|Adresse|"
    r"Anschrift|Endereço|Dirección|Indirizzo|Adres|Dienstgebäude|Dienstsitz|"
    # cs/sk/sl/hr, uk/ru/bg, he, vi, id/ms, ar, zh, ja
    r"Adresa|Naslov|Адреса|Адрес|כתובת|Địa chỉ|Alamat|العنوان|地址|住所|所在地)"
)
_PO_BOX = re.compile(
    r"\b(?:P\.?\s?O\.?\s*Box|Post Office Box|PO Box|B\.?P\.?|Boîte postale|Postfach|"
    r"Case postale|Apartado(?: de correos)?|G\.?P\.?O\.?\s*Box|Postbus|Postboks|"
    r"ص\.\s?ب\.?|Skrytka pocztowa|P\.\s?O\.\s?Box)\s*\d+[^\n]*",
    re.I,
)
_STREET = re.compile(
    rf"^[ \t]*(?:{_ADDRESS_LABEL}[ \t]*[:|][ \t]*)?"
    r"(?:[A-Z][^\n,]{0,40}(?:,|[ \t][-\u2013][ \t])[ \t]*)?"
    r"(?:(?:No\.?[ \t]*)?\d+[A-Za-z]?(?:-\d+)?,?[ \t]+(?:[A-Z0-9][\w.'\u2019-]*[ \t]+){0,5}"
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Place|"
    r"Pl\.?|Court|Ct\.?|Plaza|Square|Parkway|Pkwy\.?|Highway|Hwy\.?|Circle|Terrace|Row|Embankment|"
    r"Crescent|Gate|Walk|Mall|Route|Loop|Pike|Trail|Turnpike|Center|Centre|Broadway|Expressway|"
    r"Freeway|Causeway|Alley|Quay|Esplanade|Promenade|Parade|Close|Gardens|Green|Circus|Marg)\b"
    r"|\d+(?:[ \t]?(?:bis|ter))?,?[ \t]+(?:rue|avenue|boulevard|bd|place|quai|allée|chemin|impasse|"
    r"cours|route)\b"
    r"|[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|ring|damm|gasse|ufer|straat|"
    r"laan|plein|kade|gracht|steenweg)[ \t]+\d+[a-z]?"
    r"|(?:Avenida|Av\.|Avda\.|C/|Rua|Calle|Carrera|Via|Viale|Piazza|Corso|Praça|Alameda|Travessa|"
    r"Rodovia|Estrada|Paseo|Plaza|Camino|Largo|Rue|Chauss[ée]e)[ \t]+[^\n,]{2,40},?[ \t]*"
    r"(?:n[º°o]\.?[ \t]*)?\d+"
    r"|(?:[A-ZÇĞİÖŞÜ][\wçğ\u0131öşü.]*[ \t]+){1,4}(?:Sokak|Sok\.|Caddesi|Cad\.|Bulvar\u0131)"
    r"[ \t]+No[:.]?[ \t]*\d+)"
    r"[^\n]*",
    re.I | re.M,
)
# A line with a postcode: US ZIP, UK, Canadian, Australian state + 4 digits, Brazilian CEP,
# Indian PIN, or a European one before the city.
_CITY_LINE = re.compile(
    r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|"
    r"^\s*(?:[A-Z]-)?\d{4,5}\s+\w|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|"
    r"^\s*\d{3}\s\d{2}\s+[^\W\d]|"  # Czech, Slovak, Greek, Swedish: "140 21 Praha 4"
    r"\b[A-Z]\d{4}[A-Z]{3}\b|"  # Argentine CPA
    r"\b(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT)\s+\d{4}\b|\b\d{5}-\d{3}\b|"
    r"[-\u2013]\s*\d{3}\s?\d{3}\b|\bPIN\s*:?\s*\d{6}\b|"
    r"\b[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?,?[ \t]+\d{5}(?:-\d{4})?[ \t]*$|"  # a US state in full
    r"\b[AC-FHKNPRTV-Y]\d[0-9W] ?[0-9AC-FHKNPRTV-Y]{4}\b"
)
# "130 North Robson, Mesa, AZ 85201": a numbered line whose postcode follows a comma.
_NUMBERED_LINE = re.compile(
    rf"^[ \t]*(?:{_ADDRESS_LABEL}[ \t]*:[ \t]*)?"
    r"(\d+[A-Za-z]?[ \t]+[A-Z][^\n,@]{2,40},[^\n@]{4,60})$",
    re.M,
)
_STREET_WORD = re.compile(
    r"(?:street|road|avenue|square|lane|way|circus|embankment|place|gardens|terrace|crescent|"
    r"drive|close|row|hill|parade|walk|gate|quay|court|boulevard|straße|strasse|weg|platz|allee|"
    r"ring|damm|gasse|rue|quai|avenida|rua|calle|via|marg)\b",
    re.I,
)
_RECIPIENT = re.compile(
    r"Custodian|Legal (?:Department|Dept)|Law Enforcement (?:Response|Relations)|Attn|Attention|"
    r"^\s*To\s*:|Compliance|Subpoena Compliance|\bInc\.?\b|\bLLC\b|\bLtd\b|Video|"
    r"^\s*Records\b|Records (?:Department|Division|Custodian)",
    re.I | re.M,
)


def find_address(text: str, anchor: int | None = None) -> tuple[str | None, str | None]:
    """(street address, PO box) of the agency; the recipient's (our) address is left out.
    Of several, the one nearest `anchor` (where the agent's contact details are) wins."""
    boxes = [
        (m.start(), _with_city(m.group(0).strip(), text, m.end()))
        for m in _PO_BOX.finditer(text)
        if not _near_recipient(text, m.start())
    ]
    streets = []
    for m in _STREET.finditer(text):
        # A letter printed in columns: the address column only.
        line = re.sub(rf"^(?:{_ADDRESS_LABEL})\s*[:|]\s*", "", m.group(0).strip())
        line = re.split(r"\s{4,}|\t", line)[0]
        recipient = _near_recipient(text, m.start()) or _RECIPIENT.search(line)
        if recipient or _PO_BOX.search(line) or len(line) > 120:
            continue
        streets.append((m.start(), _with_city(_without_agency(line), text, m.end())))
    streets += _labelled(text)
    if not streets:
        streets = [
            (m.start(), m.group(1).strip())
            for m in _NUMBERED_LINE.finditer(text)
            if _CITY_LINE.search(m.group(1).split(",", 1)[1])
            and not _PO_BOX.search(m.group(1))
            and not _near_recipient(text, m.start())
        ]
    if not streets:
        streets = _in_sentences(text) or _before_city_lines(text) or _one_line(text)
    return _without_country(_nearest(streets, anchor)), _without_country(_nearest(boxes, anchor))


# The country after the city is the envelope's, not the address the agency gives ("…, 10142
# Tallinn, Estonia"): the corpus conventions keep the address to the city.
_COUNTRY = re.compile(
    r",\s*(?:The Netherlands|Netherlands|Nederland|Estonia|Eesti|Greece|Hellas|Germany|"
    r"Deutschland|France|Belgium|Belgique|België|Austria|Österreich|Switzerland|Schweiz|Suisse|"
    r"Italy|Italia|Spain|España|Portugal|Poland|Polska|Czech Republic|Czechia|Česká republika|"
    r"Slovakia|Slovenia|Slovenija|Croatia|Hrvatska|Hungary|Romania|România|Bulgaria|Ireland|"
    r"Denmark|Danmark|Sweden|Sverige|Norway|Norge|Finland|Suomi|Lithuania|Latvia|Luxembourg|"
    r"Ukraine|Україна|Turkey|Türkiye|Israel|Brazil|Brasil|Argentina|Mexico|México|India|"
    r"Indonesia|Japan|Australia|Canada|United Kingdom|UK)\.?\s*$",
    re.I,
)


def _without_country(value: str | None) -> str | None:
    return _COUNTRY.sub("", value) if value else value


# An agency's name before its address on one line: "LKA BW, Taubenheimstraße 85" (an acronym
# leads), not a building's ("Harcourt Square, Harcourt Street").
_AGENCY_FIRST = re.compile(r"^(?:[A-Z]{2,}\b[^,\d]{0,30}),[ \t]*(?=\S*\d|\w+[ \t]+\d|[A-Z])")


def _without_agency(line: str) -> str:
    rest = _AGENCY_FIRST.sub("", line)
    return rest if rest != line and re.search(r"\d", rest) else line


# "Dienstgebäude: Am Justizzentrum 13, 50939 Köln", "Address | Hoofdstraat 54, 3972 LB ...":
# a labelled value with a number and a postcode is an address whatever its street's name.
_LABELLED = re.compile(rf"^[ \t]*{_ADDRESS_LABEL}[ \t]*[:|][ \t]*([^\n]+)$", re.M)


def _labelled(text: str) -> list[tuple[int, str]]:
    found = []
    for m in _LABELLED.finditer(text):
        value = re.split(r"\s{4,}|\t", m.group(1).strip())[0].rstrip(" ,.")
        parts = value.split(",")
        postcode = any(_CITY_LINE.search(part.strip()) for part in parts)
        # countries whose addresses carry no postcode (Israel, Vietnam, much of Asia): a
        # number, a street and at least one place after it
        unposted = len(parts) >= 2 and re.search(r"\d", parts[0]) and not re.search(r"\d{5}", value)
        plausible = re.search(r"\d", value) and (postcode or unposted) and "@" not in value
        if plausible and not _PO_BOX.search(value) and not _near_recipient(text, m.start()):
            found.append((m.start(), value))
    return found


# "... Edina Police Department, 4801 West 50th Street, Edina, MN 55424, telephone ...": a US
# address inside a sentence, possibly wrapped; a city, state and ZIP make it one.
_IN_SENTENCE = re.compile(
    r"\b\d{1,6}[ \t\n]+[A-Z][\w.' \t\n-]{2,40}?,[ \t\n]+(?:Suite[^,]{1,10},[ \t\n]+)?"
    r"[A-Z][A-Za-z. \t\n]{2,30},[ \t\n]+[A-Z]{2}[ \t\n]+\d{5}(?:-\d{4})?\b"
)


def _in_sentences(text: str) -> list[tuple[int, str]]:
    return [
        (m.start(), " ".join(m.group(0).split()))
        for m in _IN_SENTENCE.finditer(text)
        if not _near_recipient(text, m.start())
        and not _RECIPIENT.search(text[max(0, m.start() - 60) : m.start()])
        and not _PO_BOX.search(m.group(0))
    ]


def _one_line(text: str) -> list[tuple[int, str]]:
    """A letterhead's address on one line with no house number first: "Harcourt Square,
    Harcourt Street, Dublin 2, D02 DH42", "Kadavanthra, Kochi - 682 020"."""
    found = []
    pos = 0
    previous = ""
    for line in text.splitlines(keepends=True):
        bare = line.strip()
        parts = [part.strip() for part in bare.split(",")]
        # Not the city line under a street or PO box, nor a return address ("Agency, City").
        under = _PO_BOX.search(previous) or re.search(r"\d", previous)
        if (
            len(parts) >= 2
            and not under
            and not ORG_WORD.search(bare)
            and not _RECIPIENT.search(bare)
            and len(bare) < 110
            and any(_CITY_LINE.search(part) for part in parts[1:])
            and not re.search(r"[@:]|\b(?:19|20)\d\d\b", bare)
            and not _PO_BOX.search(bare)
            and not _near_recipient(text, pos)
        ):
            found.append((pos, bare))
        pos += len(line)
        previous = bare or previous
    return found


def _nearest(found: list[tuple[int, str]], anchor: int | None) -> str | None:
    if not found:
        return None
    if anchor is None:
        return found[0][1]
    return min(found, key=lambda item: abs(item[0] - anchor))[1]


def _before_city_lines(text: str) -> list[tuple[int, str]]:
    """Addresses without a house number first ("Victoria Embankment / London SW1A 2JL") or
    with it last ("Tempelhofer Damm 12 / 12101 Berlin"): the line before a postcode line."""
    found = []
    lines = text.splitlines(keepends=True)
    pos = 0
    previous = ""
    for line in lines:
        bare = line.strip()
        if bare and _CITY_LINE.search(bare) and len(bare) < 60 and previous:
            street = previous.strip()
            streetlike = re.search(r"\d", street) or _STREET_WORD.search(street)
            if (
                streetlike
                and not _PO_BOX.search(street)
                and len(street) < 60
                and not re.search(r"[@:]|\b(?:19|20)\d\d\b", street)
                and not _near_recipient(text, pos)
            ):
                found.append((pos, f"{street}, {bare}"))
        if bare:
            previous = bare
        pos += len(line)
    return found


def _with_city(line: str, text: str, end: int) -> str:
    if "," in line and _CITY_LINE.search(line.split(",", 1)[1]):
        return line.rstrip(" ,")
    following = [ln.strip() for ln in text[end:].splitlines()[1:3]]
    for nxt in following:
        if nxt and _CITY_LINE.search(nxt) and len(nxt) < 80:
            return f"{line.rstrip(' ,')}, {nxt}"
        if nxt:
            break
    return line.rstrip(" ,")


def _near_recipient(text: str, pos: int) -> bool:
    block = text[max(0, pos - 200) : pos]
    block = block.split("\n\n")[-1]
    return bool(_RECIPIENT.search(block))
