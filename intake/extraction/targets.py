"""The identifiers a request names that the policy accepts as targets."""

import ipaddress
import re
import unicodedata

from intake.extraction import handles, takedown
from intake.extraction.contact import _DATE_TEXT, EMAIL, GOV_HINT, parse_date

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f:]{0,4}(?:[0-9A-Fa-f]{1,4})?(?![\w:])"
)
_MEETING_ID = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3,4})[ -]?(\d{4})(?![\d-])")
_MEETING_CONTEXT = re.compile(
    r"meeting|webinar|conference|réunion|reuni[oó]n|reunião|riunione|vergadering|Besprechung|"
    r"Konferenz|spotkani|toplant",
    re.I,
)
_ACCOUNT = re.compile(
    r"(?:account|acct|customer|subscriber|billing)\s*(?:number|no\.?|#|ID|identifier)\s*[:#]?\s*"
    r"([A-Z0-9][A-Z0-9\-]{3,30})\b|"
    # "Número de cuenta: 55-0917-33081", "numéro de compte", "Kontonummer"
    r"(?:n[uú]mero|numéro|n[°º])\s+(?:de\s+|da\s+|di\s+|du\s+)?(?:cuenta|compte|conta|conto)"
    r"\s*[:#]?\s*([A-Z0-9][A-Z0-9\-]{3,30})\b|"
    r"(?:Kontonummer|Konto-?Nr\.?|Kundennummer|Kunden-?Nr\.?|klantnummer|numéro (?:de )?client|"
    r"n[uú]mero de cliente|numero (?:di )?cliente)\s*[:#]?\s*([A-Z0-9][A-Z0-9\-]{3,30})\b|"
    # "le compte identifié par le numéro 1029384756102938475"
    r"(?:account|compte|cuenta|conta|Konto|conto)\s+(?:identifi\w+|registered|registrad\w+)\s+"
    r"(?:by|par|por|pelo|per|durch)\s+(?:the\s+|le\s+|el\s+|o\s+|il\s+|die\s+)?"
    r"(?:number|numéro|n[uú]mero|numero|Nummer)\s*[:#]?\s*(\d[\d\-]{3,30}\d)\b",
    re.I,
)
# "Account e-mail:", "Conta de e-mail:", "Correo electrónico de la cuenta:": the account's own
_ACCOUNT_EMAIL = re.compile(
    r"(?:(?:account|conta|cuenta|compte|Konto)\s+(?:de\s+)?e-?mail|"
    r"(?:e-?mail|correo electrónico|adresse électronique|courriel)\s+(?:de la cuenta|da conta|"
    r"du compte|of the account))\s*:?\s*$",
    re.I,
)
# words that make an IP part of what is asked for, not a fact in the story
_IP_REQUEST = re.compile(
    r"target|cible|account|subscriber|user|connect|connexion|Verbindung|Nutzer|usuario|utente|records|"
    r"assigned|identif|preserve|provide|produce|fournir|communiquer",
    re.I,
)
_CLOCK_NEAR = re.compile(r"(?<![\d:.])\d{1,2}\s*[:h]\s*\d{2}(?![\d.])")
_ROLE_MAILBOX = re.compile(
    r"^(?:abuse|admin|support|legal|legal-requests|lawenforcement|law-enforcement|lert|"
    r"subpoena|subpoenas|compliance|privacy|records|custodian|noreply|no-reply|info|contact|"
    r"security|trust-safety|trustandsafety)@",
    re.I,
)
# The provider's own point of contact, named in the addressee block of DSA/TCO orders
# ("Point of contact:", "elektronische Kontaktstelle gemäß Art. 11 DSA:", "contactpunt:"): the
# mailbox the order is served on, never an account it is about.
_CONTACT_POINT = re.compile(
    r"(?:point of contact|contact point|single point of contact|legal representative|"
    r"Kontaktstelle|Ansprechpartner|contactpunt|point de contact|punto de contacto|"
    r"punto di contatto|ponto de conta(?:c)?to|kontaktní místo|kontaktný bod|punkt kontaktowy|"
    r"kontaktpunkt|yhteyspiste|kontaktpunkti|kapcsolattartási pont|punct de contact|"
    r"σημείο επαφής|точка за контакт|kontaktna točka)\b[^:\n]{0,40}:\s*$",
    re.I,
)
_PHONE_LABEL = re.compile(
    r"\b(?:Tel|Tél|Telephone|Telefon|Telefono|Teléfono|Telefone|Telefoon|Phone|Fone|Fax|Mobile)"
    r"\b|\bteléfono\b|\btel\.",
    re.I,
)
_CLOSING = re.compile(
    r"\s*(?:Sincerely|(?:Best |Kind |Warm )?Regards|Respectfully|Yours (?:truly|faithfully|"
    r"sincerely)|(?:Bien )?[Cc]ordialement|Atentamente|Saludos|Atenciosamente|"
    r"Mit freundlichen Grüßen|Distinti saluti|Cordiali saluti|Met vriendelijke groet|"
    "\u0421 \u0443\u0432\u0430\u0436\u0435\u043d\u0438\u0435\u043c|Sayg\u0131l\u0131r\u0131mla)\\b",
    re.I,
)
_TARGET_WORDS = re.compile(
    r"\b(?:accounts?|comptes?|cuentas?|contas?|Konto\w*|utent[ei]|gebruiker\w*|users?|"
    r"usuarios?|usuários?|utilisateurs?|titular)\b",
    re.I,
)
_USER_ID_BEFORE = re.compile(
    r"(?:user\s*ID|ID de usu[áa]rio|ID de utilizador|identifiant(?: utilisateur)?|ID utente|"
    r"Nutzer-ID|account\s*(?:ID|number))\s*[:#(]?\s*$",
    re.I,
)
OVERBROAD = re.compile(
    r"\ball (?:users|accounts|subscribers|customers|meetings|persons|individuals)\b|"
    r"\b(?:every|each) (?:user|account|subscriber) (?:of|in|on|who|that)\b|"
    r"\bany (?:and all )?(?:users|accounts) (?:in|from|located|who)\b|tous les utilisateurs|"
    r"alle (?:Nutzer|Benutzer)|todos los usuarios|todos os usuários|tutti gli utenti|"
    # geofence and keyword warrants: whoever was somewhere or searched something
    r"\b(?:devices|users|accounts|persons|anyone)\s+(?:who|that)\s+(?:searched|were (?:located|"
    r"present)|was (?:located|present)|queried)\b|\bgeofence\b|\bkeyword (?:search )?warrant\b",
    re.I,
)


def _ip_ok(value: str) -> str | None:
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast:
        return None
    return ip.compressed


def _line_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _is_contact_email(text: str, start: int, end: int) -> bool:
    """An address in the requester's own contact details, with no word about an account
    around it: on or just after a line with a telephone number ("Tel.: …", "teléfono …, correo
    electrónico x@y"), in the signature after a closing ("Regards", "Atentamente"), or named
    after the person written just above it ("Det. Jane Roe" / jroe@…); or a role mailbox
    (abuse@, lawenforcement@) of the provider or agency."""
    line_start, line_end = _line_at(text, start)
    if _CONTACT_POINT.search(text[line_start:start]):
        return True
    if _ROLE_MAILBOX.match(text[start:end]):
        return not _TARGET_WORDS.search(text[line_start:line_end])
    above = text[: max(0, line_start - 1)].split("\n")
    window = "\n".join([*above[-2:], text[line_start:line_end]])
    if _TARGET_WORDS.search(window):
        return False
    if _PHONE_LABEL.search(window) and re.search(r"\d{3}", window):
        return True
    if any(_CLOSING.match(line) for line in above[-10:]):
        return True
    local = re.sub(r"[^a-z]", "", _fold(text[start:end].split("@")[0]))
    names = re.findall(r"\b[A-ZÀ-Ý][\w'-]{2,}", window)
    return any((len(n) >= 4 and _fold(n) in local) or local.endswith(_fold(n)) for n in names)


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _timed(text: str, m: re.Match) -> bool:
    """An IP is a target with the time it was used ("IP 91.183.44.207, 12/11/2026 à 15:42"):
    an address named in a story ("the mails came from 203.0.113.58") identifies no account."""
    start, end = _line_at(text, m.start())
    following = text.find("\n", end + 1)
    line = text[start : m.start()] + " " + text[m.end() : len(text) if following < 0 else following]
    if _CLOCK_NEAR.search(line):
        return True
    cut = [text.rfind(mark, 0, m.start()) for mark in (". ", ".\n", "\n\n")]
    stop = [p for p in (text.find(mark, m.end()) for mark in (". ", ".\n", "\n\n")) if p >= 0]
    sentence = text[max(cut) + 1 : min(stop, default=len(text))]
    return bool(_IP_REQUEST.search(sentence))


def find_targets(
    text: str, *, excluded_emails: set[str], relay_ips: set[str], order: str
) -> list[dict]:
    targets: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, **ids: str | None) -> None:
        key = (kind, "|".join(f"{k}={v}" for k, v in sorted(ids.items()) if v))
        if key not in seen:
            seen.add(key)
            targets.append({"type": kind, **{k: v for k, v in ids.items() if v}})

    lines = text.splitlines()
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    host_spans = {m.start(1) for m in _HOST.finditer(text)}
    for i, line in enumerate(lines):
        context = " ".join(lines[max(0, i - 1) : i + 1])
        if not _MEETING_CONTEXT.search(context) or re.search(
            r"\b(?:Tel|Phone|Fax|Téléphone)\b", line, re.I
        ):
            continue
        for m in _MEETING_ID.finditer(line):
            before = (lines[i - 1] + " " if i else "") + line[: m.start()]
            if _USER_ID_BEFORE.search(before):
                continue  # "user ID 9930715526" is a user, whatever the page is about
            host = _host_email(lines, i)
            when = _meeting_time(lines, i, order)
            add("meeting", meeting_id=" ".join(m.groups()), host_email=host, meeting_time=when)
    for m in takedown.URL.finditer(text):
        url = m.group(0).rstrip(".,;")
        if takedown.official(url.split("/")[2].split(":")[0]):
            continue
        if re.search(r"regist(?:er|ration)|/j/|/w/|/webinar|/meeting|/s/\d", url, re.I):
            i = next(n for n, off in enumerate(offsets) if off > m.start()) - 1
            add("meeting", url=url, host_email=_host_email(lines, i, before=0))
    own_domains = {e.split("@")[-1] for e in excluded_emails}
    for url in takedown.content_urls(text, own_domains):
        if not any(t.get("url") == url for t in targets):
            add("user", url=url)
    for m in EMAIL.finditer(text):
        address = m.group(0).lower().rstrip(".")
        if m.start() > 0 and text[m.start() - 1] == "@":
            # "@name@instance.social" is a fediverse handle, not a mail address
            add("user", user_id="@" + m.group(0).rstrip("."))
            continue
        labelled = _ACCOUNT_EMAIL.search(text, max(0, m.start() - 40), m.start())
        if (
            (address in excluded_emails and not labelled)
            or m.start() in host_spans
            or GOV_HINT.search(address.split("@")[-1])
            or _is_contact_email(text, m.start(), m.end())
        ):
            continue
        start, end = _line_at(text, m.start())
        line = text[start:end]
        if re.search(r"^\s*(?:From|To|Cc|Sent|De|À|Von|An)\s*:|E-?mail\s*:\s*$", line, re.I):
            continue
        kind = "account" if re.search(r"account|compte|Konto", line, re.I) else "user"
        add(kind, email=address)
    for m in _ACCOUNT.finditer(text):
        number = next(g for g in m.groups() if g)
        if any(c.isdigit() for c in number):
            add("account", account_number=number)
    for user_id in handles.user_ids(text):
        add("user", user_id=user_id)
    for pattern in (_IPV4, _IPV6):
        for m in pattern.finditer(text):
            ip = _ip_ok(m.group(0))
            if ip and m.group(0) not in relay_ips and ip not in relay_ips and _timed(text, m):
                add("user", ip=ip)
    return targets


_HOST = re.compile(
    r"(?:host(?:ed by)?|organi[sz]ed by|organi[sz]er|organisateur|organizador|organizzatore|"
    r"Veranstalter|Organisator|hôte|Gastgeber|anfitri[oó]n|anfitrião)"
    r"(?:'s)?\s*(?:e-?mail)?\s*(?:address)?[\s|]*[:\-]?[\s|]*<?(" + EMAIL.pattern + ")",
    re.I,
)


def _host_email(lines: list[str], i: int, before: int = 2) -> str | None:
    m = _HOST.search("\n".join(lines[max(0, i - before) : i + 4]))
    return m.group(1).lower() if m else None


_CLOCK = re.compile(
    r",?\s*(?:at|à|às|a\s+las|alle|um|om|-)?\s*(\d{1,2})(?:\s*([:hH.])\s*(\d{2}))?\s*"
    r"(a\.?m\.?|p\.?m\.?|Uhr|h\b)?",
    re.I,
)


def _meeting_time(lines: list[str], i: int, order: str) -> str | None:
    """The meeting's date (and time when given) written near its id, in any common form:
    "March 2, 2026 at 3:15 PM", "le 02/03/2026 à 14h00", "am 02.03.2026 um 21:14 Uhr"."""
    window = " ".join(lines[max(0, i - 1) : i + 4])
    pos = 0
    while m := _DATE_TEXT.search(window, pos):
        pos = m.start() + 1  # a failed parse must not swallow a date that overlaps it
        day = parse_date(m.group(0), order=order)
        if day is None:
            continue
        clock = _CLOCK.match(window, m.end())
        if clock and (clock.group(3) or clock.group(4)):
            hour, minute = int(clock.group(1)), int(clock.group(3) or 0)
            meridiem = (clock.group(4) or "").lower().replace(".", "")
            if meridiem == "pm" and hour < 12:
                hour += 12
            elif meridiem == "am" and hour == 12:
                hour = 0
            if hour < 24 and minute < 60:
                return f"{day.isoformat()}T{hour:02d}:{minute:02d}"
        return day.isoformat()
    return None


def is_overbroad(text: str) -> bool:
    return bool(OVERBROAD.search(text))


__all__ = ["find_targets", "is_overbroad", "parse_date"]
