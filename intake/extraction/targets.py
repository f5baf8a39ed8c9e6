"""The identifiers a request names that the policy accepts as targets."""

import ipaddress
import re

from intake.extraction.contact import _DATE_TEXT, EMAIL, GOV_HINT, parse_date

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f:]{0,4}(?:[0-9A-Fa-f]{1,4})?(?![\w:])"
)
_MEETING_ID = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3,4})[ -]?(\d{4})(?![\d-])")
_MEETING_CONTEXT = re.compile(r"meeting|webinar|conference|réunion|Besprechung|Konferenz", re.I)
_ACCOUNT = re.compile(
    r"(?:account|acct|customer|subscriber|billing)\s*(?:number|no\.?|#|ID|identifier)\s*[:#]?\s*"
    r"([A-Z0-9][A-Z0-9\-]{3,30})\b",
    re.I,
)
_USER_ID = re.compile(
    r"(?:user\s*(?:ID|name|identifier)|username|handle|screen name|identifiant|"
    r"nom d'utilisateur|pseudo(?:nyme)?|(?:Be)?[Nn]utzer(?:name|kennung|-ID)n?|Benutzerkennung|"
    r"nome de usu[áa]rio|nombre de usuario|ID utente|gebruikersnaam)\s*[:#]?\s*"
    r"[\"“„«]?\s*([\w.\-]{3,40})",
    re.I,
)
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
OVERBROAD = re.compile(
    r"\ball (?:users|accounts|subscribers|customers|meetings|persons|individuals)\b|"
    r"\bany (?:and all )?(?:users|accounts) (?:in|from|located|who)\b|tous les utilisateurs|"
    r"alle (?:Nutzer|Benutzer)",
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
    meeting_emails: set[str] = set()
    for i, line in enumerate(lines):
        context = " ".join(lines[max(0, i - 1) : i + 1])
        if not _MEETING_CONTEXT.search(context) or re.search(
            r"\b(?:Tel|Phone|Fax|Téléphone)\b", line, re.I
        ):
            continue
        for m in _MEETING_ID.finditer(line):
            host = _host_email(lines, i)
            when = _meeting_time(lines, i, order)
            if host:
                meeting_emails.add(host)
            add("meeting", meeting_id=" ".join(m.groups()), host_email=host, meeting_time=when)
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;")
        if re.search(r"regist|/j/|/w/|/webinar|/meeting|/s/\d", url, re.I):
            add("meeting", url=url)
    for m in EMAIL.finditer(text):
        address = m.group(0).lower().rstrip(".")
        if (
            address in excluded_emails
            or address in meeting_emails
            or GOV_HINT.search(address.split("@")[-1])
        ):
            continue
        line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end()) % (len(text) + 1)]
        if re.search(r"^\s*(?:From|To|Cc|Sent|De|À|Von|An)\s*:|E-?mail\s*:\s*$", line, re.I):
            continue
        kind = "account" if re.search(r"account|compte|Konto", line, re.I) else "user"
        add(kind, email=address)
    for m in _ACCOUNT.finditer(text):
        if any(c.isdigit() for c in m.group(1)):
            add("account", account_number=m.group(1))
    for m in _USER_ID.finditer(text):
        if "@" not in m.group(1) and not m.group(1).lower().startswith(("the", "and")):
            add("user", user_id=m.group(1).rstrip("."))
    for pattern in (_IPV4, _IPV6):
        for m in pattern.finditer(text):
            ip = _ip_ok(m.group(0))
            if ip and m.group(0) not in relay_ips and ip not in relay_ips:
                add("user", ip=ip)
    return targets


_HOST = re.compile(
    r"(?:host(?:ed by)?|organi[sz]ed by|organi[sz]er|hôte|Gastgeber)(?:'s)?\s*(?:e-?mail)?"
    r"\s*(?:address)?\s*[:\-]?\s*<?(" + EMAIL.pattern + ")",
    re.I,
)


def _host_email(lines: list[str], i: int) -> str | None:
    m = _HOST.search("\n".join(lines[max(0, i - 2) : i + 4]))
    return m.group(1).lower() if m else None


_CLOCK = re.compile(
    r",?\s*(?:at|à|às|a las|alle|um|om|-)?\s*(\d{1,2})(?:\s*([:hH.])\s*(\d{2}))?\s*"
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
