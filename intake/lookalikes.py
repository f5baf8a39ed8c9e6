"""What a person would take for someone else: text as a mail client shows it, domains that
imitate a government's, and the free-mail providers anyone can sign up with.

Pure and offline. ``skeleton`` is a small table of the Cyrillic, Greek and Latin letters that
look like ASCII ones (after NFKC, which already folds full-width and mathematical letters),
not the whole of Unicode TR39: the ``confusable-homoglyphs`` package (MIT) gives no skeleton
function and had no release since January 2024, and a look-alike only matters here when its
skeleton lands on a listed government domain, which is always ASCII.
"""

from __future__ import annotations

import contextlib
import encodings.idna
import re
import unicodedata
from typing import Any, Protocol

from intake import govdomains

# Lower-case letters (the text is case-folded first) drawn like an ASCII letter, written as
# escapes so that the table itself cannot be misread.
_CONFUSABLE = {
    # Cyrillic
    "\u0430": "a",  # cyrillic small letter a
    "\u0431": "6",  # cyrillic small letter be
    "\u0432": "b",  # cyrillic small letter ve
    "\u0433": "r",  # cyrillic small letter ghe
    "\u0434": "d",  # cyrillic small letter de
    "\u0435": "e",  # cyrillic small letter ie
    "\u0451": "e",  # cyrillic small letter io
    "\u0437": "3",  # cyrillic small letter ze
    "\u0438": "u",  # cyrillic small letter i
    "\u043a": "k",  # cyrillic small letter ka
    "\u043c": "m",  # cyrillic small letter em
    "\u043d": "h",  # cyrillic small letter en
    "\u043e": "o",  # cyrillic small letter o
    "\u043f": "n",  # cyrillic small letter pe
    "\u0440": "p",  # cyrillic small letter er
    "\u0441": "c",  # cyrillic small letter es
    "\u0442": "t",  # cyrillic small letter te
    "\u0443": "y",  # cyrillic small letter u
    "\u0445": "x",  # cyrillic small letter ha
    "\u0455": "s",  # cyrillic small letter dze
    "\u0456": "i",  # cyrillic small letter byelorussian-ukrainian i
    "\u0457": "i",  # cyrillic small letter yi
    "\u0458": "j",  # cyrillic small letter je
    "\u04bb": "h",  # cyrillic small letter shha
    "\u0501": "d",  # cyrillic small letter komi de
    "\u051b": "q",  # cyrillic small letter qa
    "\u051d": "w",  # cyrillic small letter we
    "\u04cf": "l",  # cyrillic small letter palochka
    "\u04af": "y",  # cyrillic small letter straight u
    "\u0261": "g",  # latin small letter script g
    "\u044c": "b",  # cyrillic small letter soft sign
    "\u0446": "u",  # cyrillic small letter tse
    # Greek
    "\u03b1": "a",  # greek small letter alpha
    "\u03b2": "b",  # greek small letter beta
    "\u03b3": "y",  # greek small letter gamma
    "\u03b5": "e",  # greek small letter epsilon
    "\u03b7": "n",  # greek small letter eta
    "\u03b9": "i",  # greek small letter iota
    "\u03ba": "k",  # greek small letter kappa
    "\u03bd": "v",  # greek small letter nu
    "\u03bf": "o",  # greek small letter omicron
    "\u03c1": "p",  # greek small letter rho
    "\u03c4": "t",  # greek small letter tau
    "\u03c5": "u",  # greek small letter upsilon
    "\u03c7": "x",  # greek small letter chi
    "\u03f2": "c",  # greek lunate sigma symbol
    "\u03f3": "j",  # greek letter yot
    "\u03c9": "w",  # greek small letter omega
    # Latin letters that are not ASCII but read as ASCII
    "\u0131": "i",  # latin small letter dotless i
    "\u0237": "j",  # latin small letter dotless j
    "\u0251": "a",  # latin small letter alpha
    "\u0269": "i",  # latin small letter iota
    "\u028b": "v",  # latin small letter v with hook
    "\u01c0": "l",  # latin letter dental click
    "\ua781": "l",  # latin small letter turned l
}
_SKELETON = str.maketrans(_CONFUSABLE)
# Labels of a domain, as a person splits them when reading: fbi-gov.com reads "fbi gov com".
_READ_SEPARATORS = re.compile(r"[.\-_]+")
_MAX_LABELS = 10  # a From domain with more labels than this is read from its right end only

FREE_MAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me",
        "tutanota.com", "tuta.io", "zoho.com", "mail.com", "gmx.com", "gmx.de", "gmx.net",
        "web.de", "t-online.de", "mail.ru", "yandex.ru", "yandex.com", "laposte.net",
        "orange.fr", "free.fr", "btinternet.com", "comcast.net", "qq.com", "163.com",
        "126.com", "naver.com", "rediffmail.com", "libero.it", "seznam.cz", "wp.pl", "o2.pl",
        "interia.pl", "inbox.lv", "abv.bg", "ymail.com", "rocketmail.com", "fastmail.com",
    }
)  # fmt: skip
# Providers that register the same name under many country domains (yahoo.co.uk, gmx.at).
FREE_MAIL_BRANDS = frozenset(
    {"gmail", "googlemail", "yahoo", "hotmail", "outlook", "gmx", "yandex"}
)


class Domains(Protocol):
    def government(self, domain: str) -> Any: ...

    def is_rule_name(self, domain: str) -> bool: ...


def visible(text: str) -> str:
    """The text as a reader sees it: NFKC, format characters (U+200B, U+00AD, U+FEFF, the
    bidirectional controls) removed, case folded."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(char for char in text if unicodedata.category(char) != "Cf").casefold()


def skeleton(text: str) -> str:
    """``visible`` with look-alike letters replaced by the ASCII letter they pass for."""
    return visible(text).translate(_SKELETON)


def is_free_mail(domain: str) -> bool:
    organisational = govdomains.organisational_domain(domain) or domain
    return organisational in FREE_MAIL or organisational.partition(".")[0] in FREE_MAIL_BRANDS


def unicode_form(domain: str) -> str:
    """The domain as a mail client displays it: punycode labels decoded."""
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):  # shown as written
                label = encodings.idna.ToUnicode(label)
        labels.append(label)
    return ".".join(labels)


def lookalike_of(domain: str, domains: Domains) -> str | None:
    """The government name that ``domain`` (normalised, not itself a government's) imitates,
    or None.

    Two ways to imitate: letters that look like others (``fb\u0456.gov`` with a Cyrillic i, whose
    skeleton is ``fbi.gov``), and a government name written inside a domain anyone can register
    (``fbi.gov.example.com``, ``fbi-gov.com``, ``met-police-uk.net``). Only the part left of the
    public suffix is read for the second, so ``police.gov.ng`` (registered under ``gov.ng``) is
    no imitation of a ``police.gov``."""
    seen = skeleton(unicode_form(domain))
    if seen != domain:
        ascii_form = govdomains.normalise_domain(seen)
        if ascii_form and ascii_form != domain and domains.government(ascii_form) is not None:
            return ascii_form
    organisational = govdomains.organisational_domain(seen) or govdomains.organisational_domain(
        domain
    )
    if organisational is None:
        return None
    suffix = organisational.partition(".")[2]
    head = seen[: -len(suffix) - 1] if seen.endswith("." + suffix) else seen
    words = [word for word in _READ_SEPARATORS.split(head) if word][-_MAX_LABELS:]
    for start in range(len(words)):
        for end in range(start + 2, len(words) + 1):
            name = ".".join(words[start:end])
            if domains.is_rule_name(name) or domains.government(name) is not None:
                return name
    return None
