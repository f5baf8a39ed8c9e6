"""Sender verification: may this message's sender open a request?

``check_sender`` is pure except for the DKIM key lookup, which goes through ``dns_txt`` (the
``dnsfunc`` of dkimpy: ``dns_txt(name: bytes, timeout: int = 5) -> bytes | None``; None means
real DNS through dnspython). It never raises: every outcome, including a bug, comes back as a
``SenderCheck`` with a refusal code and sentences a clerk can read.

The checks, in order; the first that fails decides the refusal:

1. ``malformed_from``: exactly one From header holding exactly one address, parsed strictly
   by this module (Python 3.11.7 lacks the CVE-2023-27043 fix, so the standard library's
   ``getaddresses`` may read ``alice@gov.example@evil.com`` differently from a mail client).
   No groups, comments, quoted local parts, domain literals or encoded words in the address.
2. ``spoofed_display_name``: the display name holds another address (``"FBI <agent@fbi.gov>"
   <x@evil.com>``), a government domain that is not the address's own (``"fbi.gov"
   <x@gmail.com>``), or bidirectional-control characters. The address decides, never the name.
3. A domain that is not a government's (``intake.govdomains``, plus the admin's
   ``extra_government_domains``) is refused only when that is clear: ``lookalike_domain`` when
   it imitates a listed government name (``intake.lookalikes``), ``not_government_sender`` for a
   free-mail provider, a domain an administrator switched off, or mail our receiving server
   could not authenticate for its own domain. One that our server authenticated for its own
   domain (dmarc=pass, or an aligned dkim=pass) is ``unlisted_sender``: the router holds it,
   content kept, for a person to decide (issue 16: a European police force's domain carries
   no government marker). Only the trusted Authentication-Results header counts here, never a
   DNS lookup of our own, as for a notified user's reply.
4. ``authentication_failed`` / ``no_authentication``: the topmost ``Authentication-Results``
   header whose authserv-id is trusted (``LERQ_TRUSTED_AUTHSERV_IDS``) must record
   ``dmarc=pass`` for this From domain or, with no DMARC result, an aligned ``dkim=pass``.
   Headers from any other authserv-id are ignored: a sender can write their own. The receiving
   server must remove inbound headers that carry its own id (RFC 8601 section 5; Postfix with
   OpenDMARC and Exim do) or a forged one would be believed. With no trusted header, lerq
   verifies DKIM itself on the raw bytes; the signing domain must share the From domain's
   organisational domain, the signature must cover From and must not limit the body (``l=``).

What the router must record from the result (sender history is not kept here; it needs a
model): on every outcome ``as_record()`` into the security log or the request's event, which
names the address, domain, government rule and its source, method, authserv-id or DKIM
domain, refusal and reasons. For an accepted sender it should also look up the history of
``address`` (and of ``government.registrable_domain``): first time seen, requests and
refusals so far, and the agency named before; a first-time sender, or one whose agency now
differs, is flagged for a closer look (issue 4). A pass proves the mail came from the
domain's servers, not that the mailbox was not hijacked.
"""

from __future__ import annotations

import email.errors
import email.header
import email.message
import email.parser
import email.policy
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import authres
import dkim

from intake import govdomains, lookalikes
from intake.mime import header_block


class Refusal(StrEnum):
    MALFORMED_FROM = "malformed_from"
    SPOOFED_DISPLAY_NAME = "spoofed_display_name"
    NOT_GOVERNMENT_SENDER = "not_government_sender"
    LOOKALIKE_DOMAIN = "lookalike_domain"
    # Authenticated for its own domain, which is not on the list: held for a person, not deleted.
    UNLISTED_SENDER = "unlisted_sender"
    AUTHENTICATION_FAILED = "authentication_failed"
    NO_AUTHENTICATION = "no_authentication"
    CHECK_FAILED = "check_failed"  # a bug in this module: refused, never raised


class Method(StrEnum):
    AUTHENTICATION_RESULTS = "authentication_results"
    DKIM = "dkim"


# A From header longer than this is refused unread (RFC 5322 lines stop at 998 characters).
MAX_FROM = 2_000
# At most this many DKIM signatures are tried: each costs a DNS lookup and an RSA check.
MAX_DKIM_SIGNATURES = 5

REASON_NO_FROM = "The message has no From header."
REASON_MANY_FROM = "The message has {count} From headers; exactly one is accepted."
REASON_RAW_DIFFERS = "The From address in the headers differs from the one in the raw message."
REASON_NOT_GOVERNMENT = "{domain} is not a government domain."
REASON_FREE_MAIL = "{domain} is a free-mail provider: anyone can open an address there."
REASON_SWITCHED_OFF = "An administrator switched off {domain} as a government domain."
REASON_LOOKALIKE = "{domain} imitates the government name {imitated}."
REASON_UNLISTED_UNAUTHENTICATED = "It cannot be shown to come from {domain}: {why}."
REASON_UNLISTED_HELD = (
    "{domain} authenticated as its own domain but is not on the government list: held for a "
    "person to decide whether it is a government's."
)
REASON_NO_SIGNATURE = (
    "No trusted Authentication-Results header and no DKIM signature: the sender cannot be "
    "authenticated."
)
REASON_INTERNAL = "Sender verification failed unexpectedly ({error}); refused to be safe."


@dataclass(frozen=True)
class SenderCheck:
    ok: bool
    address: str | None = None  # local@domain, the domain normalised to lower-case punycode
    domain: str | None = None
    display_name: str | None = None  # decoded, for display only: never trusted
    government_rule: str | None = None  # ".gov", "polizei.bayern.de", an admin entry
    government: govdomains.GovernmentDomain | None = None
    method: Method | None = None
    authserv_id: str | None = None  # set when a trusted Authentication-Results decided
    dkim_domain: str | None = None  # the aligned d= that passed (either method)
    refusal: Refusal | None = None
    reasons: list[str] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        """JSON-ready summary for the security log or the request's event."""
        return {
            "ok": self.ok,
            "address": self.address,
            "domain": self.domain,
            "government_rule": self.government_rule,
            "government_source": self.government.source if self.government else None,
            "method": str(self.method) if self.method else None,
            "authserv_id": self.authserv_id,
            "dkim_domain": self.dkim_domain,
            "refusal": str(self.refusal) if self.refusal else None,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class _Domains:
    """Which domains are a government's, for one check: the rule set and exact additions."""

    extra: tuple[str, ...] = ()
    rules: Sequence[govdomains.Rule] | None = None

    def government(self, domain: str) -> govdomains.GovernmentDomain | None:
        return govdomains.is_government_domain(domain, extra=self.extra, rules=self.rules)

    def is_rule_name(self, domain: str) -> bool:
        return govdomains.is_rule_name(domain, rules=self.rules)

    def is_blocked(self, domain: str) -> bool:
        return govdomains.is_blocked(domain, rules=self.rules)


class _Refused(Exception):
    def __init__(self, refusal: Refusal, *reasons: str) -> None:
        super().__init__(refusal, reasons)
        self.refusal = refusal
        self.reasons = list(reasons)


HeaderSource = Mapping[str, Any] | email.message.Message


def check_sender(
    *,
    headers: HeaderSource,
    raw: bytes,
    trusted_authserv_ids: Iterable[str],
    dns_txt: Callable[..., bytes | None] | None = None,
    extra_government_domains: Iterable[str] = (),
    government_rules: Sequence[govdomains.Rule] | None = None,
) -> SenderCheck:
    """Verify the sender of one message; see the module docstring for the rules.

    ``headers``: the parsed message, or a mapping of header name to value (a list of values
    for a repeated header). ``raw``: the message's bytes as received, for DKIM; its From must
    name the same address. ``trusted_authserv_ids``: ``LERQ_TRUSTED_AUTHSERV_IDS``, as a list
    or as the setting's comma-separated string. ``extra_government_domains``: more exact
    rules. ``government_rules``: the rule set (``govdomains.current_rules()`` in intake, with
    the administrators' changes); the shipped file when None.
    """
    partial: dict[str, Any] = {}
    try:
        return _check(
            headers,
            raw,
            trusted_authserv_ids,
            dns_txt,
            _Domains(tuple(extra_government_domains), government_rules),
            partial,
        )
    except _Refused as refused:
        return SenderCheck(ok=False, refusal=refused.refusal, reasons=refused.reasons, **partial)
    except Exception as error:
        reason = REASON_INTERNAL.format(error=type(error).__name__)
        return SenderCheck(ok=False, refusal=Refusal.CHECK_FAILED, reasons=[reason], **partial)


def _check(
    headers: HeaderSource,
    raw: bytes,
    trusted_authserv_ids: Iterable[str],
    dns_txt: Callable[..., bytes | None] | None,
    domains: _Domains,
    partial: dict[str, Any],
) -> SenderCheck:
    from_values = header_values(headers, "from")
    if not from_values:
        raise _Refused(Refusal.MALFORMED_FROM, REASON_NO_FROM)
    if len(from_values) > 1:
        raise _Refused(Refusal.MALFORMED_FROM, REASON_MANY_FROM.format(count=len(from_values)))
    sender = parse_from(from_values[0])
    partial.update(address=sender.address, domain=sender.domain)
    _compare_with_raw(sender, raw)
    partial["display_name"] = sender.display_name

    spoof = display_name_problems(sender, extra=domains)
    if spoof:
        raise _Refused(Refusal.SPOOFED_DISPLAY_NAME, *spoof)

    if isinstance(trusted_authserv_ids, str):  # the setting's raw comma-separated form
        trusted_authserv_ids = trusted_authserv_ids.split(",")
    trusted = {value.strip().lower() for value in trusted_authserv_ids if value.strip()}
    results = header_values(headers, "authentication-results")
    government = domains.government(sender.domain)
    if government is None:
        _unlisted(sender.domain, results, trusted, domains, partial)  # always raises
    partial.update(government=government, government_rule=government.rule)

    passed = _authenticate(sender.domain, results, trusted, raw, dns_txt, partial)
    return SenderCheck(ok=True, reasons=[passed], **partial)


def _unlisted(
    domain: str,
    results: Sequence[str],
    trusted: set[str],
    domains: _Domains,
    partial: dict[str, Any],
) -> None:
    """A domain off the government list: refused when that is clear, else held (see the module
    docstring). Raises in every case."""
    not_government = REASON_NOT_GOVERNMENT.format(domain=domain)
    if domains.is_blocked(domain):
        raise _Refused(Refusal.NOT_GOVERNMENT_SENDER, REASON_SWITCHED_OFF.format(domain=domain))
    if lookalikes.is_free_mail(domain):
        raise _Refused(
            Refusal.NOT_GOVERNMENT_SENDER, not_government, REASON_FREE_MAIL.format(domain=domain)
        )
    imitated = lookalikes.lookalike_of(domain, domains)
    if imitated is not None:
        raise _Refused(
            Refusal.LOOKALIKE_DOMAIN, REASON_LOOKALIKE.format(domain=domain, imitated=imitated)
        )
    passed = None
    for value in results:
        unfolded = _unfold(value)
        authserv_id = authserv_id_of(unfolded)
        if authserv_id is None or authserv_id not in trusted:
            continue
        partial.update(method=Method.AUTHENTICATION_RESULTS, authserv_id=authserv_id)
        try:
            passed = check_authentication_results(unfolded, domain, partial)
        except _Refused as refused:
            why = " ".join(refused.reasons)
            raise _Refused(
                Refusal.NOT_GOVERNMENT_SENDER,
                not_government,
                REASON_UNLISTED_UNAUTHENTICATED.format(domain=domain, why=why.rstrip(".")),
            ) from None
        break
    if passed is None:
        why = REASON_USER_NO_RESULTS
        raise _Refused(
            Refusal.NOT_GOVERNMENT_SENDER,
            not_government,
            REASON_UNLISTED_UNAUTHENTICATED.format(domain=domain, why=why),
        )
    raise _Refused(Refusal.UNLISTED_SENDER, passed, REASON_UNLISTED_HELD.format(domain=domain))


def _authenticate(
    domain: str,
    results: Sequence[str],
    trusted: set[str],
    raw: bytes,
    dns_txt: Callable[..., bytes | None] | None,
    partial: dict[str, Any],
) -> str:
    for value in results:
        unfolded = _unfold(value)
        authserv_id = authserv_id_of(unfolded)
        if authserv_id is not None and authserv_id in trusted:
            partial.update(method=Method.AUTHENTICATION_RESULTS, authserv_id=authserv_id)
            return check_authentication_results(unfolded, domain, partial)
    partial["method"] = Method.DKIM
    return verify_dkim(raw, domain, dns_txt, partial)


# --- headers ------------------------------------------------------------------------------------


def header_values(headers: HeaderSource, name: str) -> list[str]:
    """Every value of header ``name``, top to bottom, as received (not decoded)."""
    name = name.lower()
    if isinstance(headers, email.message.Message):
        return [str(value) for key, value in headers.raw_items() if key.lower() == name]
    values: list[str] = []
    for key, value in headers.items():
        if str(key).lower() != name:
            continue
        if isinstance(value, str | bytes):
            values.append(_as_text(value))
        else:
            values.extend(_as_text(item) for item in value)
    return values


def _as_text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii", "surrogateescape")
    return str(value)


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value)


def _compare_with_raw(sender: ParsedFrom, raw: bytes) -> None:
    """The router passes headers and raw bytes of one message; refuse if they disagree."""
    if not isinstance(raw, bytes | bytearray) or not raw:
        return
    header_parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
    parsed = header_parser.parsebytes(header_block(bytes(raw)))
    raw_from = [str(value) for key, value in parsed.raw_items() if key.lower() == "from"]
    if len(raw_from) > 1:
        raise _Refused(Refusal.MALFORMED_FROM, REASON_MANY_FROM.format(count=len(raw_from)))
    if raw_from and parse_from(raw_from[0]).address != sender.address:
        raise _Refused(Refusal.MALFORMED_FROM, REASON_RAW_DIFFERS)


# --- the From address -------------------------------------------------------------------------

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOT_ATOM = re.compile(rf"^{_ATEXT}+(\.{_ATEXT}+)*$")
_PHRASE_FORBIDDEN = set('<>()[]:;\\,"')
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class ParsedFrom:
    address: str
    local: str
    domain: str
    display_name: str  # decoded
    raw_display_name: str  # as written, quotes removed


def _malformed(reason: str) -> _Refused:
    return _Refused(Refusal.MALFORMED_FROM, f"The From header is malformed: {reason}.")


def parse_from(value: str) -> ParsedFrom:
    """Parse a From value strictly: ``addr``, ``<addr>``, ``name <addr>``, ``"name" <addr>``."""
    if len(value) > MAX_FROM:
        # No real From is this long, and decoding a long run of encoded words is quadratic.
        raise _malformed(f"it is longer than {MAX_FROM} characters")
    text = _clean_header_text(_unfold(value)).strip(" \t")
    if not text:
        raise _malformed("it is empty")
    if text.startswith('"'):
        display, rest = _read_quoted(text)
    elif "<" in text:
        display, rest = text[: text.find("<")], text[text.find("<") :]
        _check_phrase(display)
    elif ">" in text:
        raise _malformed("'>' without '<'")
    else:
        display, rest = "", None
    if rest is None:
        address_text = text
    else:
        address_text = _read_angle_addr(rest.lstrip(" \t"))
    local, domain = _check_addr_spec(address_text)
    decoded = _decode_display_name(display.strip(" \t"))
    return ParsedFrom(
        address=f"{local}@{domain}",
        local=local,
        domain=domain,
        display_name=decoded,
        raw_display_name=display.strip(" \t"),
    )


def _clean_header_text(value: str) -> str:
    if any("\udc80" <= char <= "\udcff" for char in value):
        # Undecoded 8-bit bytes (SMTPUTF8 mail): they must be valid UTF-8.
        try:
            value = value.encode("ascii", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise _malformed("it holds bytes that are not UTF-8") from None
    if any(unicodedata.category(char) == "Cc" and char != "\t" for char in value):
        raise _malformed("it holds control characters")
    return value


def _read_quoted(text: str) -> tuple[str, str]:
    chars = []
    index = 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            chars.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), text[index + 1 :]
        chars.append(char)
        index += 1
    raise _malformed("a quoted display name is not closed")


def _check_phrase(display: str) -> None:
    bad = sorted(set(display) & _PHRASE_FORBIDDEN)
    if "," in bad:
        raise _malformed("it holds more than one address (or an unquoted comma)")
    if bad:
        raise _malformed(f"the display name holds {''.join(bad)!r} without quotes")


def _read_angle_addr(rest: str) -> str:
    if not rest.startswith("<"):
        raise _malformed("the address is not enclosed in <...> after the display name")
    end = rest.find(">")
    if end < 0:
        raise _malformed("'<' is not closed")
    inner, after = rest[1:end], rest[end + 1 :].strip(" \t")
    if "<" in inner:
        raise _malformed("angle brackets are nested")
    if after.startswith(","):
        raise _malformed("it holds more than one address")
    if after:
        raise _malformed(f"text follows the address: {after[:40]!r}")
    return inner.strip(" \t")


def _check_addr_spec(text: str) -> tuple[str, str]:
    if "," in text:
        raise _malformed("it holds more than one address")
    if ":" in text or ";" in text:
        raise _malformed("group syntax or a route is not accepted")
    if "(" in text or ")" in text:
        raise _malformed("comments are not accepted")
    if "=?" in text:
        raise _malformed("an encoded word stands in the address")
    if text.count("@") != 1:
        raise _malformed(f"the address must hold exactly one '@', it holds {text.count('@')}")
    local, domain_text = text.split("@")
    if not local:
        raise _malformed("the address has no local part")
    if not domain_text:
        raise _malformed("the address has no domain")
    if len(local) > 64 or not _DOT_ATOM.match(local):
        raise _malformed(f"the local part {local[:64]!r} is not a plain dot-atom")
    if domain_text.startswith("[") or domain_text.strip(" \t") != domain_text:
        raise _malformed("the domain is not a host name")
    domain = govdomains.normalise_domain(domain_text)
    if domain is None or domain_text.endswith("."):
        raise _malformed(f"{domain_text[:80]!r} is not a valid domain")
    return local, domain


def _decode_display_name(display: str) -> str:
    if "=?" not in display:
        return display
    try:
        decoded = str(email.header.make_header(email.header.decode_header(display)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        raise _malformed("an encoded word in the display name cannot be decoded") from None
    if any(unicodedata.category(char) == "Cc" for char in decoded):
        raise _malformed("an encoded word in the display name hides control characters")
    return decoded


# --- display-name spoofing ----------------------------------------------------------------------

_ADDRESS_LIKE = re.compile(r"[^\s<>\"'(),;:\[\]]+@[^\s<>\"'(),;:\[\]]+")
_DOMAIN_LIKE = re.compile(r"(?:[\w-]+\.)+[\w-]+")


def display_name_problems(sender: ParsedFrom, *, extra: Iterable[str] | _Domains = ()) -> list[str]:
    """Sentences saying how the display name pretends to be someone else; empty if it doesn't.

    The name is read as a person reads it (``lookalikes.visible``: NFKC, no zero-width or soft
    hyphens) and again with look-alike letters made ASCII (``lookalikes.skeleton``). Only a full
    address counts as an address: ``"Last, First@AGENCY"`` (Outlook's convention in some state
    agencies) has no domain with a public suffix after the @, and is a name."""
    domains = extra if isinstance(extra, _Domains) else _Domains(tuple(extra))
    problems: list[str] = []
    own_org = govdomains.organisational_domain(sender.domain)
    if set(unicodedata.normalize("NFKC", sender.display_name)) & _BIDI_CONTROLS:
        problems.append("The display name holds bidirectional control characters.")
    shown = lookalikes.visible(sender.display_name)
    for text in dict.fromkeys((shown, lookalikes.skeleton(sender.display_name))):
        for found in _ADDRESS_LIKE.findall(text):
            address = _full_address(found)
            if address is not None and address != sender.address.casefold():
                problems.append(
                    f"The display name holds the address {found.strip('.')!r}, but the mail is "
                    f"from {sender.address}."
                )
        for token in _DOMAIN_LIKE.findall(_ADDRESS_LIKE.sub(" ", text)):
            if _names_other_government(token, sender.domain, own_org, domains):
                problems.append(
                    f"The display name names the government domain {token!r}, but the mail is "
                    f"from {sender.domain}."
                )
    return list(dict.fromkeys(problems))


def _full_address(found: str) -> str | None:
    """``local@domain`` when the domain ends in a public suffix, else None: a name."""
    local, _, domain = found.strip(".").rpartition("@")
    normalised = govdomains.normalise_domain(domain)
    if not local or normalised is None or govdomains.organisational_domain(normalised) is None:
        return None
    return f"{local}@{normalised}"


def _names_other_government(
    token: str, domain: str, own_org: str | None, domains: _Domains
) -> bool:
    normalised = govdomains.normalise_domain(token)
    if normalised is None:
        return False
    if domains.government(normalised) is not None:
        return govdomains.organisational_domain(normalised) != own_org
    if domains.is_rule_name(normalised):  # "gov.uk", "police.uk" written on their own
        return not domain.endswith("." + normalised)
    return False


# --- authentication -----------------------------------------------------------------------------

_AUTHSERV_ID = re.compile(r"^\s*(?:\([^()]*\)\s*)*([^\s;()]+)")


def authserv_id_of(value: str) -> str | None:
    """The authserv-id an Authentication-Results value starts with, lower-cased."""
    match = _AUTHSERV_ID.match(value)
    return match.group(1).lower() if match else None


def _aligned(first: str | None, second: str) -> bool:
    """Relaxed alignment: both share one organisational domain."""
    if not first:
        return False
    org = govdomains.organisational_domain(first)
    return org is not None and org == govdomains.organisational_domain(second)


def check_authentication_results(value: str, domain: str, partial: dict[str, Any]) -> str:
    """Judge the topmost trusted Authentication-Results value; return the passing sentence."""
    authserv_id = partial.get("authserv_id")
    try:
        header = authres.all_features().parse_value(value)
    except Exception:
        raise _Refused(
            Refusal.AUTHENTICATION_FAILED,
            f"The Authentication-Results header from {authserv_id} cannot be read.",
        ) from None
    dmarc_results = [result for result in header.results if result.method == "dmarc"]
    if dmarc_results:
        return _judge_dmarc(dmarc_results, domain, authserv_id)
    return _judge_dkim_results(header.results, domain, authserv_id, partial)


def _judge_dmarc(results: list[Any], domain: str, authserv_id: str | None) -> str:
    for result in results:
        header_from = govdomains.normalise_domain(getattr(result, "header_from", None) or "")
        if result.result != "pass":
            raise _Refused(
                Refusal.AUTHENTICATION_FAILED,
                f"{authserv_id} recorded dmarc={result.result} for "
                f"{header_from or 'an unnamed domain'}.",
            )
        if header_from != domain:
            raise _Refused(
                Refusal.AUTHENTICATION_FAILED,
                f"{authserv_id} recorded dmarc=pass for {header_from or 'an unnamed domain'}, "
                f"not for the From domain {domain}.",
            )
    return f"{authserv_id} recorded dmarc=pass for {domain}."


def _judge_dkim_results(
    results: list[Any], domain: str, authserv_id: str | None, partial: dict[str, Any]
) -> str:
    problems = []
    for result in results:
        if result.method != "dkim":
            continue
        signer = getattr(result, "header_d", None)
        if not signer and getattr(result, "header_i", None):
            signer = str(result.header_i).rpartition("@")[2]
        if result.result != "pass":
            problems.append(f"{authserv_id} recorded dkim={result.result} for d={signer}.")
        elif not _aligned(signer, domain):
            problems.append(
                f"{authserv_id} recorded dkim=pass for d={signer}, which is not aligned with "
                f"the From domain {domain}."
            )
        else:
            partial["dkim_domain"] = govdomains.normalise_domain(signer)
            return f"{authserv_id} recorded an aligned dkim=pass for d={signer}."
    if not problems:
        problems.append(f"{authserv_id} recorded no DMARC or DKIM result for this message.")
    raise _Refused(Refusal.AUTHENTICATION_FAILED, *problems)


def verify_dkim(
    raw: bytes,
    domain: str,
    dns_txt: Callable[..., bytes | None] | None,
    partial: dict[str, Any],
) -> str:
    """Verify the message's DKIM signatures with dkimpy; return the passing sentence."""
    if not isinstance(raw, bytes | bytearray):
        raise _Refused(Refusal.NO_AUTHENTICATION, REASON_NO_SIGNATURE)
    try:
        verifier = dkim.DKIM(bytes(raw), minkey=1024)
        count = sum(1 for name, _ in verifier.headers if name.lower() == b"dkim-signature")
    except Exception:
        count = 0
    if count == 0:
        raise _Refused(Refusal.NO_AUTHENTICATION, REASON_NO_SIGNATURE)
    problems = []
    for index in range(min(count, MAX_DKIM_SIGNATURES)):
        problem = _verify_one(verifier, index, domain, dns_txt)
        if problem is None:
            signer = verifier.domain.decode("ascii", "replace").lower()
            partial["dkim_domain"] = signer
            return f"DKIM signature by d={signer} verified and aligned with {domain}."
        problems.append(problem)
    raise _Refused(Refusal.AUTHENTICATION_FAILED, *problems)


def _verify_one(
    verifier: dkim.DKIM, index: int, domain: str, dns_txt: Callable[..., bytes | None] | None
) -> str | None:
    """None when signature ``index`` passes and aligns, else the sentence saying why not."""
    # dkimpy keeps the last signature's fields on the object: clear them between signatures.
    verifier.domain = verifier.include_headers = verifier.signature_fields = None
    lookup = {} if dns_txt is None else {"dnsfunc": dns_txt}  # None: dkimpy's real DNS
    try:
        valid = verifier.verify(idx=index, **lookup)
    except Exception as error:
        signer = _signer(verifier)
        return f"DKIM signature {index + 1} (d={signer}) cannot be verified: {error}."
    signer = _signer(verifier)
    if not valid:
        return f"DKIM signature {index + 1} (d={signer}) does not verify."
    if b"from" not in (verifier.include_headers or ()):
        return f"DKIM signature {index + 1} (d={signer}) does not cover the From header."
    if b"l" in (verifier.signature_fields or {}):
        return (
            f"DKIM signature {index + 1} (d={signer}) covers only part of the body (l=); "
            "text could have been appended."
        )
    if not _aligned(signer, domain):
        return (
            f"DKIM signature {index + 1} by d={signer} verifies but is not aligned with the "
            f"From domain {domain}."
        )
    return None


def _signer(verifier: dkim.DKIM) -> str:
    domain = getattr(verifier, "domain", None)
    return domain.decode("ascii", "replace").lower() if isinstance(domain, bytes) else "?"


# --- a notified user's own domain ---------------------------------------------------------------

REASON_USER_NO_RESULTS = "no trusted Authentication-Results header names it"


@dataclass(frozen=True)
class UserAuthentication:
    ok: bool
    sentence: str


def user_authentication(
    *, headers: HeaderSource, domain: str, trusted_authserv_ids: Iterable[str]
) -> UserAuthentication:
    """Whether a non-government sender's mail is authenticated for its own From ``domain``:
    the topmost trusted Authentication-Results records dmarc=pass for it or, with no DMARC
    result, an aligned dkim=pass (read as for a government sender). No DKIM check of our own
    here: a user's reply only moves a request on the receiving server's word, never on a DNS
    lookup made while routing."""
    if isinstance(trusted_authserv_ids, str):
        trusted_authserv_ids = trusted_authserv_ids.split(",")
    trusted = {value.strip().lower() for value in trusted_authserv_ids if value.strip()}
    for value in header_values(headers, "authentication-results"):
        unfolded = _unfold(value)
        authserv_id = authserv_id_of(unfolded)
        if authserv_id is None or authserv_id not in trusted:
            continue
        try:
            passed = check_authentication_results(unfolded, domain, {"authserv_id": authserv_id})
        except _Refused as refused:
            return UserAuthentication(ok=False, sentence=" ".join(refused.reasons))
        except Exception as error:  # never raise: an unreadable header authenticates nothing
            return UserAuthentication(ok=False, sentence=REASON_INTERNAL.format(error=error))
        return UserAuthentication(ok=True, sentence=passed)
    return UserAuthentication(ok=False, sentence=REASON_USER_NO_RESULTS)
