"""The disclosure package: exactly what a disclosure sends, so that what the approver signs off
is what goes out (REQUIREMENTS.md "Trust").

A package is the records of the request's latest built production (by SHA-256, with the hash of
its manifest and of the zip), the records added since that are not built yet, where it goes, the
legal basis (the request's kind and its targets) and the letter; or, instead of records, a
reviewer's reasoned decision that there is nothing to produce. ``package_sha256`` is the
SHA-256 of its canonical JSON: approval stores the package and its hash, and disclosure sends
only a package whose hash is the approved one.

Reads only; the services in triage/services/approval.py act on it. ``eu_category_for``
raises the services' InvalidInput for an EPOC's record the certificate does not allow.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from typing import Any

from publicsuffixlist import PublicSuffixList

from triage import eu_orders
from triage.models import Production, ProductionFile, Request
from triage.models.choices import DataCategory, Kind
from triage.models.production import ALLOWED, CONTENT_CATEGORIES, NON_CONTENT, RecordCategory
from triage.services._core import InvalidInput

LETTER = "disclosure"
NOTHING_OBTAINED = "a {kind} obtains no records: nothing is produced"
# An EPOC obtains only the data categories its certificate ticks (Regulation (EU) 2023/1543,
# Article 5 and Annex I), and traffic or content data only once the enforcing authority was
# notified (Article 8(1)) unless the issuing authority says Article 8(2) applies.
ERR_EU_CATEGORY_MISSING = (
    "{name}: say which of the certificate's data categories it holds (subscriber, "
    "identification, traffic, content)."
)
ERR_EU_CATEGORY_NOT_ORDERED = (
    "{name} holds {category} data, which the certificate does not ask for (it asks for "
    "{ordered}): leave it out of the production (Regulation (EU) 2023/1543, Article 5)."
)
ERR_EU_CATEGORY_NOT_NOTIFIED = (
    "{name} holds {category} data, and the certificate says the enforcing authority was not "
    "notified: Regulation (EU) 2023/1543, Article 8(1) requires it for traffic and content "
    "data (unless the issuing authority states that Article 8(2) applies). Not produced until "
    "the issuing authority notifies it."
)
_PSL = PublicSuffixList()
ERR_EU_MISMATCH = "{name}: a record of {category} is not {eu_category} data (Article 3)."
# The record kinds that belong to one data category only (Regulation (EU) 2023/1543, Article
# 3(9), (12)); IP logs, metadata, device ids and location are traffic data, or identification
# data when asked only to identify the user (3(10)): a reviewer says which.
EU_IMPLIED = {
    RecordCategory.SUBSCRIBER: DataCategory.SUBSCRIBER,
    **{c: DataCategory.CONTENT for c in CONTENT_CATEGORIES},
}


def manifest_csv(records: Iterable[dict[str, Any]]) -> bytes:
    """manifest.csv of a production zip: one row per record with its size and SHA-256."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["file name", "size", "SHA-256", "description"])
    for r in records:
        writer.writerow([r["name"], r["size"], r["sha256"], r["description"]])
    return out.getvalue().encode("utf-8")


def latest_production(request: Request) -> Production | None:
    return (
        Production.objects.filter(request=request, status=Production.Status.BUILT)
        .order_by("-built_at", "-pk")
        .first()
    )


def _target_line(target: Any) -> str:
    names = ("user_id", "email", "ip", "account_number", "meeting_id", "host_email", "url")
    found = [f"{n}={getattr(target, n)}" for n in names if getattr(target, n)]
    if target.meeting_time:
        found.append(f"meeting_time={target.meeting_time.isoformat()}")
    return f"{target.type}: {', '.join(found)}"


def _productions(request: Request) -> tuple[Production | None, list[ProductionFile]]:
    """The latest built production and the records added since, not built yet. all() reads
    what the request page prefetched (productions with their files), else queries."""
    rows = list(request.productions.all())
    built = [p for p in rows if p.status == Production.Status.BUILT]
    latest = max(built, key=lambda p: (p.built_at, p.pk)) if built else None
    building = [p for p in rows if p.status == Production.Status.BUILDING]
    unbuilt = sorted((f for p in building for f in p.files.all()), key=lambda f: f.pk)
    return latest, unbuilt


def package_of(request: Request) -> dict[str, Any]:
    """What a disclosure of ``request`` would send now. An EPOC's package also binds each
    record's data category and the certificate's (only theirs: every other kind's package, and
    so its approved hash, is as it was)."""
    production, unbuilt = _productions(request)
    eu = request.kind == Kind.EU_PRODUCTION_ORDER
    keys = ("name", "sha256", "size", "category", *(("eu_category",) if eu else ()))
    built = None
    if production is not None:
        built = {
            "id": production.pk,
            "sha256": production.sha256,
            "size": production.size,
            "manifest_sha256": hashlib.sha256(manifest_csv(production.manifest)).hexdigest(),
            "records": [{k: r.get(k) for k in keys} for r in production.manifest],
        }
    decision = None
    if request.destination_set_by_id is not None:
        decision = {
            "by": request.destination_set_by.get_username(),
            "reason": request.destination_reason,
        }
    return {
        "letter": LETTER,
        "kind": request.kind,
        "targets": sorted(_target_line(t) for t in request.targets.all()),
        "destination": [request.agent_email.strip().lower()] if request.agent_email else [],
        "destination_verified": destination_verified(request),
        "destination_decision": decision,
        "production": built,
        "unbuilt": [{"name": f.name, "sha256": f.sha256} for f in unbuilt],
        "no_data": request.no_data_reason or _nothing_obtained(request),
        **(_eu_certificate(request) if eu else {}),
    }


def _eu_certificate(request: Request) -> dict[str, Any]:
    return {
        "eu_data_categories": sorted(request.eu_data_categories or []),
        "eu_enforcing_notified": request.eu_enforcing_notified,
        "eu_notification_exempt": request.eu_notification_exempt,
    }


def eu_record_problem(request: Request, name: str, category: str) -> str | None:
    """Why a record of data ``category`` may not go out in answer to ``request`` (None: it
    may, or the request is not an EPOC)."""
    if request.kind != Kind.EU_PRODUCTION_ORDER:
        return None
    if category not in DataCategory.values:
        return ERR_EU_CATEGORY_MISSING.format(name=name)
    label = f"{category} data"  # the Regulation's words: subscriber, traffic, content data
    ordered = list(request.eu_data_categories or [])
    if category not in ordered:
        names = ", ".join(f"{c} data" for c in ordered) or "nothing"
        return ERR_EU_CATEGORY_NOT_ORDERED.format(name=name, category=label, ordered=names)
    if (
        category in eu_orders.NOTIFIED_CATEGORIES
        and not request.eu_enforcing_notified
        and not request.eu_notification_exempt
    ):
        return ERR_EU_CATEGORY_NOT_NOTIFIED.format(name=name, category=label)
    return None


def eu_category_for(request: Request, name: str, category: str, eu_category: str) -> str:
    """An EPOC's record belongs to one of the certificate's data categories (Article 3): given,
    or read from the record's kind where only one fits (subscriber information, content).
    Raises InvalidInput, naming the record and why."""
    if request.kind != Kind.EU_PRODUCTION_ORDER:
        return ""
    implied = EU_IMPLIED.get(category, "")
    eu_category = eu_category or implied
    mismatch = implied and eu_category != implied
    if mismatch or (category in NON_CONTENT and eu_category == DataCategory.CONTENT):
        raise InvalidInput(
            ERR_EU_MISMATCH.format(name=name, category=category, eu_category=eu_category)
        )
    if problem := eu_record_problem(request, name, eu_category):
        raise InvalidInput(problem)
    return eu_category


def eu_category_problems(request: Request) -> list[str]:
    """Every record of the package that the certificate does not allow out, with why."""
    if request.kind != Kind.EU_PRODUCTION_ORDER:
        return []
    production, unbuilt = _productions(request)
    records = [
        (r["name"], r.get("eu_category") or "") for r in (production.manifest if production else [])
    ]
    records += [(f.name, f.eu_category) for f in unbuilt]
    return [p for name, cat in records if (p := eu_record_problem(request, name, cat))]


def _nothing_obtained(request: Request) -> str | None:
    if request.kind in ALLOWED:
        return None
    return NOTHING_OBTAINED.format(kind=request.get_kind_display().lower())


def package_sha256(package: dict[str, Any]) -> str:
    text = json.dumps(package, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _records_line(production: dict[str, Any] | None) -> str:
    if not production:
        return "no production"
    names = ", ".join(r["name"] for r in production["records"])
    return f"production {production['id']} ({names}; SHA-256 {production['sha256'][:12]}…)"


def package_changes(approved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What differs between the approved package and the current one, in words."""
    changes = []
    if approved.get("production") != current.get("production"):
        changes.append(
            f"the records changed from {_records_line(approved.get('production'))} to "
            f"{_records_line(current.get('production'))}"
        )
    if current.get("unbuilt") and approved.get("unbuilt") != current.get("unbuilt"):
        names = ", ".join(r["name"] for r in current["unbuilt"])
        changes.append(f"records were added that are not in the approved production: {names}")
    if approved.get("destination") != current.get("destination"):
        before = ", ".join(approved.get("destination") or []) or "nobody"
        after = ", ".join(current.get("destination") or []) or "nobody"
        changes.append(f"the destination changed from {before} to {after}")
    elif approved.get("destination_decision") != current.get("destination_decision"):
        changes.append("the reviewer's decision on the destination changed")
    if approved.get("kind") != current.get("kind"):
        changes.append(
            f"the legal process changed from {approved.get('kind')} to {current['kind']}"
        )
    if approved.get("targets") != current.get("targets"):
        changes.append("the targets changed")
    if approved.get("eu_data_categories") != current.get("eu_data_categories"):
        changes.append(
            "the certificate's data categories changed from "
            f"{', '.join(approved.get('eu_data_categories') or []) or 'none'} to "
            f"{', '.join(current.get('eu_data_categories') or []) or 'none'}"
        )
    elif _notification(approved) != _notification(current):
        changes.append("what the certificate says of the enforcing authority's notification")
    if approved.get("no_data") != current.get("no_data"):
        changes.append("the decision that there is nothing to produce changed")
    if not changes and approved != current:
        changes.append("the package changed")
    return changes


def _notification(package: dict[str, Any]) -> tuple[Any, Any]:
    return package.get("eu_enforcing_notified"), package.get("eu_notification_exempt")


def package_ready(request: Request) -> bool:
    """There is something to approve: a built production with nothing added since, or a
    decision that there is nothing to produce (not both)."""
    production, unbuilt = _productions(request)
    if unbuilt:
        return False
    if request.kind not in ALLOWED:
        return production is None  # its legal basis obtains no records: the letter is the package
    return (production is not None) != bool(request.no_data_reason)


def registrable_domain(address: str) -> str:
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    return _PSL.privatesuffix(domain) or domain


def same_agency(address: str, sender: str) -> bool:
    """``address`` is on the verified sender's own domain (the same registrable domain)."""
    if "@" not in address or "@" not in sender:
        return False
    return registrable_domain(address) == registrable_domain(sender)


def destination_verified(request: Request) -> bool:
    """The disclosure may go to agent_email: it is on the domain of the government sender intake
    verified, or a reviewer decided it with a reason (reset whenever the address changes)."""
    address = request.agent_email.strip()
    if not address:
        return False
    if request.destination_set_by_id is not None and request.destination_reason.strip():
        return True
    return bool(request.sender_address) and same_agency(address, request.sender_address)
