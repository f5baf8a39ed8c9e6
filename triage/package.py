"""The disclosure package: exactly what a disclosure sends, so that what the approver signs off
is what goes out (REQUIREMENTS.md "Trust").

A package is the records of the request's latest built production (by SHA-256, with the hash of
its manifest and of the zip), the records added since that are not built yet, where it goes, the
legal basis (the request's kind and its targets) and the letter; or, instead of records, a
reviewer's reasoned decision that there is nothing to produce. ``package_sha256`` is the
SHA-256 of its canonical JSON: approval stores the package and its hash, and disclosure sends
only a package whose hash is the approved one.

Reads only; the services in triage/services/approval.py act on it.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from typing import Any

from publicsuffixlist import PublicSuffixList

from triage.models import Production, ProductionFile, Request
from triage.models.production import ALLOWED

LETTER = "disclosure"
NOTHING_OBTAINED = "a {kind} obtains no records: nothing is produced"
_PSL = PublicSuffixList()


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
    """What a disclosure of ``request`` would send now."""
    production, unbuilt = _productions(request)
    built = None
    if production is not None:
        built = {
            "id": production.pk,
            "sha256": production.sha256,
            "size": production.size,
            "manifest_sha256": hashlib.sha256(manifest_csv(production.manifest)).hexdigest(),
            "records": [
                {k: r.get(k) for k in ("name", "sha256", "size", "category")}
                for r in production.manifest
            ],
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
    }


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
    if approved.get("no_data") != current.get("no_data"):
        changes.append("the decision that there is nothing to produce changed")
    if not changes and approved != current:
        changes.append("the package changed")
    return changes


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
