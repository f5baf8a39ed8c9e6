"""The identifiers a request names that the policy accepts as targets."""

import ipaddress
import re

from intake.extraction.contact import EMAIL, GOV_HINT, parse_date

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
    r"(?:user\s*(?:ID|name|identifier)|username|handle|screen name|identifiant)\s*[:#]?\s*"
    r"[\"“]?([\w.\-]{3,40})",
    re.I,
)
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}|(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})(?:,?\s+(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?)"
)
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


def _meeting_time(lines: list[str], i: int, order: str) -> str | None:
    for line in lines[max(0, i - 1) : i + 4]:
        if not re.search(r"held|scheduled|took place|time|date|on\b|start", line, re.I):
            continue
        m = _TIME.search(line)
        if m:
            import dateparser

            parsed = dateparser.parse(m.group(1), settings={"DATE_ORDER": order})
            if parsed:
                return (
                    parsed.strftime("%Y-%m-%dT%H:%M")
                    if ":" in m.group(1) or "m" in m.group(1)[-3:].lower()
                    else parsed.date().isoformat()
                )
    return None


def is_overbroad(text: str) -> bool:
    return bool(OVERBROAD.search(text))


__all__ = ["find_targets", "is_overbroad", "parse_date"]
