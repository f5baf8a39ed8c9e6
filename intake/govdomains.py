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
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

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
    blocked: bool = False  # an administrator switched this name off: it refuses, not accepts

    @property
    def text(self) -> str:
        """The rule as written in the rules file (".gov", "interpol.int")."""
        return f".{self.name}" if self.suffix_only else self.name

    def matches(self, domain: str) -> bool:
        if domain.endswith("." + self.name):
            return True
        return not self.suffix_only and domain == self.name


class RuleSet(tuple):
    """Rules indexed by name: a domain is matched by looking up each of its parent names, so
    16,000 imported dotgov rows cost no more per message than the shipped 130."""

    def __new__(cls, rules: Iterable[Rule] = ()) -> RuleSet:
        self = super().__new__(cls, tuple(rules))
        self.by_name: dict[str, list[Rule]] = {}
        for rule in self:
            self.by_name.setdefault(rule.name, []).append(rule)
        return self

    def matching(self, domain: str) -> list[Rule]:
        labels = domain.split(".")
        found = []
        for start in range(len(labels)):
            for rule in self.by_name.get(".".join(labels[start:]), ()):
                if rule.matches(domain):
                    found.append(rule)
        return found


def _matching(rules: Sequence[Rule], domain: str) -> list[Rule]:
    if isinstance(rules, RuleSet):
        return rules.matching(domain)
    return [rule for rule in rules if rule.matches(domain)]


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
def bundled_rules() -> RuleSet:
    text = resources.files("intake").joinpath("data", RULES_RESOURCE).read_text("utf-8")
    return RuleSet(parse_rules(text))


def is_rule_name(domain: str, *, rules: Sequence[Rule] | None = None) -> bool:
    """True when ``domain`` is written exactly as a rule (``gov.uk``, ``police.uk``)."""
    normalised = normalise_domain(domain)
    rules = bundled_rules() if rules is None else rules
    if isinstance(rules, RuleSet):
        return normalised is not None and normalised in rules.by_name
    return normalised is not None and any(rule.name == normalised for rule in rules)


def _extra_rules(extra: Iterable[str]) -> list[Rule]:
    rules = []
    for entry in extra:
        try:
            name = validate_extra_domain(entry)
        except ValueError:
            continue  # validated when the admin saved it; a bad row must not stop intake
        rules.append(Rule(name, False, "added by an administrator", SOURCE_EXTRA))
    return rules


def _deciding(candidates: Sequence[Rule]) -> Rule:
    # The most specific rule says most about the sender; on a tie a block wins, then the
    # shipped file. A block (a disabled row) refuses even below a broader accepting rule.
    return max(
        candidates,
        key=lambda rule: (len(rule.name), rule.blocked, rule.source == SOURCE_BUNDLED),
    )


def is_blocked(domain: str, *, rules: Sequence[Rule] | None = None) -> bool:
    """True when an administrator's switched-off row is the rule that decides ``domain``."""
    normalised = normalise_domain(domain)
    if normalised is None:
        return False
    candidates = _matching(bundled_rules() if rules is None else rules, normalised)
    return bool(candidates) and _deciding(candidates).blocked


def is_government_domain(
    domain: str, *, extra: Iterable[str] = (), rules: Sequence[Rule] | None = None
) -> GovernmentDomain | None:
    """The government rule that covers ``domain``, or None. Never raises on bad input.

    ``rules``: the rule set to use; the shipped file when None (``current_rules()`` adds the
    administrators' changes)."""
    normalised = normalise_domain(domain)
    if normalised is None:
        return None
    registrable = organisational_domain(normalised)
    if registrable is None:
        return None
    rules = bundled_rules() if rules is None else rules
    candidates = _matching(rules, normalised)
    candidates += [rule for rule in _extra_rules(extra) if rule.matches(normalised)]
    if not candidates:
        return None
    best = _deciding(candidates)
    if best.blocked:
        return None
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


# --- the administrators' changes (intake.models.GovernmentDomain) -----------------------------

# Second-level labels of open commercial registries: a suffix rule over them would make every
# customer of the registry a government (co.uk, com.au, ...).
_OPEN_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ltd", "plc", "me", "biz", "info"})

ERROR_OPEN_SUFFIX = "{value!r} is an open commercial registry, not a government's suffix."
ERROR_SHORT_SUFFIX = (
    "{value!r} is a top-level domain: only a shipped rule of that name may be overridden."
)


def validate_rule(value: str, *, suffix: bool) -> str:
    """An administrator's rule, normalised; ValueError with a sentence to show when bad.

    An exact rule must be an organisation's domain (``validate_extra_domain``). A suffix rule
    may be a public suffix (``gov.example``) but not a top-level domain or an open commercial
    registry. Any name written exactly as a shipped rule is accepted, so that it can be
    disabled or restated."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(ERROR_EMPTY)
    candidate = value.strip().strip(".").lower()
    if any(rule.name == candidate for rule in bundled_rules()):
        return candidate
    if not suffix:
        return validate_extra_domain(value)
    normalised = normalise_domain(candidate)
    if normalised is None:
        raise ValueError(ERROR_MALFORMED.format(value=value))
    labels = normalised.split(".")
    if len(labels) < 2:
        raise ValueError(ERROR_SHORT_SUFFIX.format(value=value))
    if len(labels) == 2 and labels[0] in _OPEN_SECOND_LEVEL:
        raise ValueError(ERROR_OPEN_SUFFIX.format(value=value))
    return normalised


@dataclass(frozen=True)
class RuleChange:
    """One administrator's row, as ``combine_rules`` takes it (no ORM needed to test it)."""

    name: str
    suffix_only: bool
    active: bool
    description: str
    source: str = SOURCE_EXTRA


def combine_rules(bundled: Sequence[Rule], changes: Iterable[RuleChange]) -> RuleSet:
    """The shipped rules with the administrators' changes applied.

    A change replaces the shipped rule of the same name and kind. An active change accepts; an
    inactive one becomes a block: that name (and what is below it) is refused even where a
    broader rule would accept it (``hacked-town.gov`` switched off while ``.gov`` stays), unless
    a more specific active rule says otherwise. The most specific rule decides."""
    by_key = {(rule.name, rule.suffix_only): rule for rule in bundled}
    for change in changes:
        # A bad row must not stop intake: rows are validated when saved, skipped here if not.
        # (A cheap check: normalising 16,000 imported names on every reload costs a second.)
        if not all(_LABEL.match(label) for label in change.name.split(".")):
            continue
        by_key[(change.name, change.suffix_only)] = Rule(
            change.name,
            change.suffix_only,
            change.description,
            change.source,
            blocked=not change.active,
        )
    return RuleSet(by_key.values())


_cache: dict[str, Any] = {"rules": None, "loaded_at": 0.0, "version": None}


def rules_changed() -> None:
    """Forget the cached rule set (called when a GovernmentDomain row is saved or deleted)."""
    _cache["rules"] = None


def current_rules() -> RuleSet:
    """The rule set intake uses: the shipped file plus the administrators' rows.

    Cached per process: one query at most every ``LERQ_GOVDOMAINS_CACHE_SECONDS`` (a save in
    this process forgets it at once; other processes see it when their copy expires), so a
    burst of messages does not query the table once per message."""
    from django.conf import settings

    ttl = float(getattr(settings, "LERQ_GOVDOMAINS_CACHE_SECONDS", 60))
    rules, loaded_at = _cache["rules"], _cache["loaded_at"]
    if rules is not None and time.monotonic() - loaded_at < ttl:
        return rules
    # Expired: one aggregate query says whether the table changed; reload only if it did
    # (16,000 imported rows take a few tenths of a second to load).
    version = _table_version()
    if rules is None or version != _cache["version"]:
        rules = combine_rules(bundled_rules(), _rule_changes())
    _cache.update(rules=rules, loaded_at=time.monotonic(), version=version)
    return rules


def _table_version() -> tuple[Any, ...]:
    from django.db.models import Count, Max

    from intake.models import GovernmentDomain as Row

    found = Row.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (found["n"], found["last"], found["top"])


def _rule_changes() -> list[RuleChange]:
    from intake.models import GovernmentDomain as Row

    changes = []
    rows = Row.objects.order_by("pk").values_list(
        "domain", "kind", "active", "organisation", "note", "source"
    )
    for domain, kind, active, organisation, note, source in rows.iterator(chunk_size=2000):
        description = " — ".join(part for part in (organisation, note) if part)
        changes.append(
            RuleChange(
                name=domain,
                suffix_only=kind == Row.RuleKind.SUFFIX,
                active=active,
                description=description or "added by an administrator",
                source=source,
            )
        )
    return changes


@dataclass(frozen=True)
class DotgovDomain:
    domain: str
    domain_type: str
    organisation: str
    suborganisation: str = ""
    city: str = ""
    state: str = ""

    @property
    def name(self) -> str:
        """Who holds the domain, most specific first: "FBI (Department of Justice)"."""
        if self.suborganisation and self.organisation:
            return f"{self.suborganisation} ({self.organisation})"[:300]
        return (self.suborganisation or self.organisation)[:300]

    @property
    def note(self) -> str:
        place = ", ".join(part for part in (self.city, self.state) if part)
        return "; ".join(part for part in ("CISA dotgov list", self.domain_type, place) if part)


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

        def cell(row: dict[str, str | None], name: str) -> str:
            column = columns.get(name)
            value = (row.get(column) or "").strip() if column else ""
            return "" if value == "(blank)" else value

        for row in reader:
            domain = normalise_domain(row.get(columns["domain name"]) or "")
            if domain is None or not domain.endswith(".gov") or domain in found:
                continue
            found[domain] = DotgovDomain(
                domain=domain,
                domain_type=cell(row, "domain type"),
                organisation=cell(row, "organization name"),
                suborganisation=cell(row, "suborganization name"),
                city=cell(row, "city"),
                state=cell(row, "state"),
            )
    return list(found.values())


def import_dotgov(csv_path: str | Path) -> list[str]:
    """The domains of CISA's dotgov CSV, normalised, in file order, without duplicates.

    Every ``.gov`` domain is already covered by the bundled ``.gov`` rule; the import is for the
    admin list and the sender history, where the organisation names help (see ``read_dotgov``).
    """
    return [entry.domain for entry in read_dotgov(csv_path)]


@dataclass(frozen=True)
class DotgovImport:
    read: int
    created: int
    updated: int
    unchanged: int
    kept: int  # rows an administrator added or edited: the import leaves them alone

    def summary(self) -> str:
        return (
            f"dotgov: {self.read} domains read; {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.kept} kept as an administrator left them"
        )


def dotgov_store(entries: Sequence[DotgovDomain]) -> DotgovImport:
    """Store CISA's dotgov domains as exact rules with their organisation (idempotent).

    A row that is already there is updated only when it came from an earlier import and its
    organisation or note changed; ``active`` is never touched, so a domain an administrator
    switched off stays off, and rows an administrator wrote are kept as they are."""
    from django.db import transaction
    from django.utils import timezone

    from intake.models import GovernmentDomain as Row

    existing = {
        row.domain: row
        for row in Row.objects.filter(kind=Row.RuleKind.EXACT, domain__endswith=".gov")
    }
    new, changed, unchanged, kept = [], [], 0, 0
    for entry in entries:
        row = existing.get(entry.domain)
        if row is None:
            new.append(
                Row(
                    domain=entry.domain,
                    kind=Row.RuleKind.EXACT,
                    country="US",
                    organisation=entry.name,
                    note=entry.note,
                    source=Row.Source.DOTGOV,
                )
            )
        elif row.source != Row.Source.DOTGOV:
            kept += 1
        elif (row.organisation, row.note) != (entry.name, entry.note):
            row.organisation, row.note, row.updated_at = entry.name, entry.note, timezone.now()
            changed.append(row)
        else:
            unchanged += 1
    with transaction.atomic():
        Row.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        Row.objects.bulk_update(changed, ["organisation", "note", "updated_at"], batch_size=1000)
    rules_changed()
    return DotgovImport(len(entries), len(new), len(changed), unchanged, kept)
