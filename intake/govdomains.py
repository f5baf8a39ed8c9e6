"""Which mail domains belong to a government.

Pure and offline: the rules ship as data (``intake/data/government_domains.txt``, its header
says the format) and the public-suffix list is the copy bundled with ``publicsuffixlist``.

``is_government_domain(domain, extra=...)`` answers with the rule that matched, for the audit
record, or ``None``. A domain is refused before any rule is looked at when it is not a
well-formed host name, is itself a public suffix (``gov``, ``gov.uk``), ends in an unknown
top-level domain, or spells ASCII with non-ASCII look-alikes (full-width letters that IDNA
maps back to ``fbi.gov``). Rules match whole labels from the right, so ``fbi-gov.com``,
``fbi.gov.example.com`` and ``gov.uk.evil.net`` match nothing. Internationalised labels are
compared in punycode and are only accepted where a rule names them exactly: ``xn--fb-ioc.gov``
(``fbi.gov`` with a Cyrillic letter i) is refused although it ends in ``.gov``.

Admin additions (``extra``): the admin-edited list (a model, later) passes its domains as
``extra``. Each is an exact rule (the domain and everything below it). Validate what an admin
types with ``validate_extra_domain`` (raises ``ValueError`` with a sentence to show): it
refuses public suffixes such as ``com`` or ``co.uk``, which would make every sender a
government. Entries that fail validation are skipped by ``is_government_domain``, never
raised, so a bad row cannot stop mail intake.
"""

from __future__ import annotations

import csv
import encodings.idna
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from publicsuffixlist import PublicSuffixList

RULES_RESOURCE = "government_domains.txt"

SOURCE_BUNDLED = "bundled"
SOURCE_EXTRA = "extra"

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_MAX_DOMAIN = 253

ERROR_EMPTY = "The domain is empty."
ERROR_MALFORMED = "{value!r} is not a valid domain name."
ERROR_PUBLIC_SUFFIX = (
    "{value!r} is a public suffix (anyone can register below it), not an organisation's domain."
)


@dataclass(frozen=True)
class Rule:
    """One line of the rules file, or one admin addition."""

    name: str  # lower-case ASCII, without the leading dot
    suffix_only: bool  # True for ".gov": matches below the name, not the name itself
    description: str
    source: str  # SOURCE_BUNDLED or SOURCE_EXTRA

    @property
    def text(self) -> str:
        """The rule as written in the rules file (".gov", "interpol.int")."""
        return f".{self.name}" if self.suffix_only else self.name

    def matches(self, domain: str) -> bool:
        if domain.endswith("." + self.name):
            return True
        return not self.suffix_only and domain == self.name


@dataclass(frozen=True)
class GovernmentDomain:
    """Why a domain counts as a government's: what the audit record keeps."""

    domain: str  # normalised: lower-case ASCII, punycode, no trailing dot
    registrable_domain: str  # the organisational domain by the public-suffix list
    rule: str  # the rule as written: ".gov", "polizei.bayern.de", or the admin's entry
    source: str  # "bundled" (the shipped file) or "extra" (the admin-edited list)
    description: str  # the rule's comment column

    def as_record(self) -> dict[str, str]:
        return {
            "domain": self.domain,
            "registrable_domain": self.registrable_domain,
            "rule": self.rule,
            "source": self.source,
            "description": self.description,
        }


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    # The list bundled with the package: no network, the same answer on every machine.
    return PublicSuffixList()


def normalise_domain(value: str) -> str | None:
    """Lower-case ASCII (punycode) form of a host name, or None when it is not one.

    Strips surrounding white space and one trailing dot. A non-ASCII label must encode to an
    ``xn--`` label: a label that IDNA maps to plain ASCII (full-width letters, ``ß``) is a
    disguise and refused.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.endswith("."):
        value = value[:-1]
    if not value or len(value) > _MAX_DOMAIN * 4:
        return None
    labels = []
    for label in value.split("."):
        if label.isascii():
            label = label.lower()
        else:
            try:
                label = encodings.idna.ToASCII(label).decode("ascii")
            except (UnicodeError, ValueError):
                return None
            if not label.startswith("xn--"):
                return None
        if not _LABEL.match(label):
            return None
        if label.startswith("xn--") and not _valid_punycode(label):
            return None
        labels.append(label)
    domain = ".".join(labels)
    if len(labels) < 2 or len(domain) > _MAX_DOMAIN:
        return None
    return domain


def _valid_punycode(label: str) -> bool:
    try:
        decoded = encodings.idna.ToUnicode(label)
    except (UnicodeError, ValueError):
        return False
    return bool(decoded) and decoded != label


def organisational_domain(domain: str) -> str | None:
    """The registrable domain (DMARC's organisational domain) of a host name, or None.

    None when the name is malformed, is itself a public suffix, or ends in an unknown top-level
    domain.
    """
    normalised = normalise_domain(domain)
    if normalised is None:
        return None
    psl = _psl()
    if psl.publicsuffix(normalised, accept_unknown=False) is None:
        return None
    return psl.privatesuffix(normalised, accept_unknown=False)


def validate_extra_domain(value: str) -> str:
    """Normalise an admin's entry for the extra list; raise ValueError with a sentence if bad."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(ERROR_EMPTY)
    candidate = value.strip().strip(".")
    if "." not in candidate and _LABEL.match(candidate.lower()):
        raise ValueError(ERROR_PUBLIC_SUFFIX.format(value=value))  # a top-level domain
    normalised = normalise_domain(candidate)
    if normalised is None:
        raise ValueError(ERROR_MALFORMED.format(value=value))
    if organisational_domain(normalised) is None:
        raise ValueError(ERROR_PUBLIC_SUFFIX.format(value=value))
    return normalised


def parse_rules(text: str, *, source: str = SOURCE_BUNDLED) -> tuple[Rule, ...]:
    """Read rules in the file format; raise ValueError naming the line of a bad one."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        token, _, description = stripped.partition(" ")
        suffix_only = token.startswith(".")
        name = token[1:] if suffix_only else token
        if normalise_domain(name) != name and not (suffix_only and _LABEL.match(name)):
            raise ValueError(f"line {number}: {token!r} is not a lower-case ASCII domain")
        if not suffix_only and organisational_domain(name) is None:
            raise ValueError(
                f"line {number}: {token!r} is a public suffix; write it as a suffix rule"
            )
        rules.append(Rule(name, suffix_only, description.strip(), source))
    return tuple(rules)


@lru_cache(maxsize=1)
def bundled_rules() -> tuple[Rule, ...]:
    text = resources.files("intake").joinpath("data", RULES_RESOURCE).read_text("utf-8")
    return parse_rules(text)


def is_rule_name(domain: str) -> bool:
    """True when ``domain`` is written exactly as a bundled rule (``gov.uk``, ``police.uk``)."""
    normalised = normalise_domain(domain)
    return normalised is not None and any(rule.name == normalised for rule in bundled_rules())


def _extra_rules(extra: Iterable[str]) -> list[Rule]:
    rules = []
    for entry in extra:
        try:
            name = validate_extra_domain(entry)
        except ValueError:
            continue  # validated when the admin saved it; a bad row must not stop intake
        rules.append(Rule(name, False, "added by an administrator", SOURCE_EXTRA))
    return rules


def is_government_domain(domain: str, *, extra: Iterable[str] = ()) -> GovernmentDomain | None:
    """The government rule that covers ``domain``, or None. Never raises on bad input."""
    normalised = normalise_domain(domain)
    if normalised is None:
        return None
    registrable = organisational_domain(normalised)
    if registrable is None:
        return None
    candidates = [rule for rule in bundled_rules() if rule.matches(normalised)]
    candidates += [rule for rule in _extra_rules(extra) if rule.matches(normalised)]
    if not candidates:
        return None
    # The most specific rule says most about the sender; on a tie the shipped file wins.
    best = max(candidates, key=lambda rule: (len(rule.name), rule.source == SOURCE_BUNDLED))
    below = normalised[: -len(best.name)].rstrip(".")
    if any(label.startswith("xn--") for label in below.split(".") if label):
        # No government registry we list hands out IDN names under its suffix: a punycode
        # label there is a homoglyph of a real name. Only an exact rule may name one.
        return None
    return GovernmentDomain(
        domain=normalised,
        registrable_domain=registrable,
        rule=best.text,
        source=best.source,
        description=best.description,
    )


@dataclass(frozen=True)
class DotgovDomain:
    domain: str
    domain_type: str
    organisation: str


def read_dotgov(csv_path: str | Path) -> list[DotgovDomain]:
    """Rows of CISA's dotgov CSV (``Domain name``, ``Domain type``, ``Organization name``, ...).

    Rows whose domain is not a valid ``.gov`` name are skipped; duplicates are dropped. Raises
    ValueError when the file lacks the ``Domain name`` column.
    """
    found: dict[str, DotgovDomain] = {}
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {name.strip().lower(): name for name in reader.fieldnames or []}
        if "domain name" not in columns:
            raise ValueError(f"{csv_path}: no 'Domain name' column; is this CISA's dotgov CSV?")
        type_column = columns.get("domain type")
        organisation_column = columns.get("organization name")
        for row in reader:
            domain = normalise_domain(row.get(columns["domain name"]) or "")
            if domain is None or not domain.endswith(".gov") or domain in found:
                continue
            found[domain] = DotgovDomain(
                domain=domain,
                domain_type=(row.get(type_column) or "").strip() if type_column else "",
                organisation=(
                    (row.get(organisation_column) or "").strip() if organisation_column else ""
                ),
            )
    return list(found.values())


def import_dotgov(csv_path: str | Path) -> list[str]:
    """The domains of CISA's dotgov CSV, normalised, in file order, without duplicates.

    Every ``.gov`` domain is already covered by the bundled ``.gov`` rule; the import is for the
    admin list and the sender history, where the organisation names help (see ``read_dotgov``).
    """
    return [entry.domain for entry in read_dotgov(csv_path)]
