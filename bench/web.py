"""How fast the legal team's pages are: ``python -m bench.web`` prints the figures of issue 8.

Fills a database of its own with 100,000 requests (a realistic mix of kinds, statuses,
agencies, countries and targets, most of the older ones closed) and 1,000,000 events, then
times, with Django's test Client on a signed-in session (password and TOTP), the queue's first
page in its default order, a search, a filtered queue and a request page: median and 95th
percentile over ``--runs`` runs each. Targets on PostgreSQL: queue p95 under 150 ms, and the
search over every state (issue 18: closed requests too; an exact reference jumps to the
request) p95 under 150 ms, and "my approvals" (issue 18: the My work page of an approver with
disclosures awaiting them and requests assigned) p95 under 150 ms. It also times the
navigation's count of what waits for the signed-in person alone, since every page pays it.
``--explain`` prints the plans of the slowest queries of the searches and of "my approvals",
and how often each request and target index was scanned.

The rows go in with COPY, not through the services (which would take hours), but honestly:
every event carries the hash chain ``triage/audit.py`` computes (``--verify`` walks it), and
the events table keeps its trigger refusing UPDATE and DELETE. Like bench/sweep.py it never
touches the database DATABASE_URL names: it creates ``lerq_bench_web`` on that server, migrates
it, measures, and drops it (``--keep`` leaves it; ``--reuse`` then measures that database
again without filling it, after applying any new migration).
"""

import argparse
import os
import random
import sys
import time
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from typing import Any
from urllib.parse import urlencode

from bench._database import on_own_database, say, since, verdict
from bench._web_timing import client_signed_in, explain_slowest, index_use, load, timed

TARGET_QUEUE_P95_MS = 150.0
TARGET_SEARCH_P95_MS = 150.0
TARGET_MY_APPROVALS_P95_MS = 150.0
# "My approvals" (issue 18): the My work page of an approver with disclosures awaiting them.
MY_APPROVALS_PAGE = "my work: approver (awaiting, assigned)"
NAV_COUNT = "navigation count alone (every page)"
# Of the requests in review, the share a reviewer has asked a second person to approve.
AWAITING_SHARE = 0.15
# The pages whose p95 is the all-states search figure (the slowest of them counts).
SEARCH_PAGES = (
    "search: part of a target email",
    "search: an agency word",
    "search: a closed request's target email",
    "search: exact reference (jumps)",
    "search: reference without its prefix",
)
DAY = timedelta(days=1)

AGENCIES = [
    ("Federal Bureau of Investigation", "US", "fbi.gov"),
    ("Drug Enforcement Administration", "US", "dea.gov"),
    ("U.S. Secret Service", "US", "usss.dhs.gov"),
    ("New York City Police Department", "US", "nypd.org"),
    ("Los Angeles County Sheriff's Department", "US", "lasd.org"),
    ("Texas Department of Public Safety", "US", "dps.texas.gov"),
    ("Cook County State's Attorney", "US", "cookcountysao.org"),
    ("Metropolitan Police Service", "GB", "met.police.uk"),
    ("National Crime Agency", "GB", "nca.gov.uk"),
    ("Police Scotland", "GB", "scotland.police.uk"),
    ("Gendarmerie nationale", "FR", "gendarmerie.interieur.gouv.fr"),
    ("Police nationale — OFAC", "FR", "interieur.gouv.fr"),
    ("Parquet de Paris", "FR", "justice.fr"),
    ("Bundeskriminalamt", "DE", "bka.bund.de"),
    ("Landeskriminalamt Berlin", "DE", "polizei.berlin.de"),
    ("Royal Canadian Mounted Police", "CA", "rcmp-grc.gc.ca"),
    ("Ontario Provincial Police", "CA", "opp.ca"),
    ("Australian Federal Police", "AU", "afp.gov.au"),
    ("Policía Nacional", "ES", "policia.es"),
    ("Guardia di Finanza", "IT", "gdf.it"),
    ("Politie Nederland", "NL", "politie.nl"),
    ("Polícia Federal", "BR", "pf.gov.br"),
    ("National Police Agency", "JP", "npa.go.jp"),
    ("Polisen", "SE", "polisen.se"),
    ("An Garda Síochána", "IE", "garda.ie"),
    ("Federal Police", "BE", "police.belgium.eu"),
]
FIRST = "Dana Fox Walter Jesse Maria Akira Chloé Lukas Aoife Sven Priya Omar Elena Tom Nadia"
LAST = "Scully Mulder Skinner Pinkman Garcia Tanaka Martin Schmidt Byrne Lund Patel Haddad Rossi"
KINDS = {  # kind: weight
    "subpoena": 30,
    "court_order": 15,
    "search_warrant": 8,
    "preservation": 20,
    "preservation_extension": 4,
    "emergency": 6,
    "international": 8,
    "interception": 1,
    "access_restriction": 3,
    "user_consent": 2,
    "records_authentication": 3,
}
PRESERVATION_STATUSES = {"received": 3, "needs_info": 2, "validated": 2, "preserved": 10}
PRESERVATION_STATUSES |= {"extended": 3, "released": 2, "expired": 1}
LEGAL_STATUSES = {"received": 6, "needs_info": 3, "validated": 4, "in_review": 8}
LEGAL_STATUSES |= {"approved": 2, "disclosed": 3, "rejected": 2}
EMERGENCY_STATUSES = {"received": 1, "in_review": 1, "approved": 1, "disclosed": 3, "rejected": 1}
FINISHED = {"disclosed", "rejected", "released", "expired", "closed"}
NOTICES = ["not_decided", "sent", "delayed", "not_permitted", "not_required"]
EVENT_ACTIONS = [
    "validate",
    "start_review",
    "assigned",
    "reminded",
    "note",
    "message",
    "submit_for_approval",
    "approve",
    "notice_send",
    "disclose",
    "close",
    "overdue",
]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n")[0])
    p.add_argument("--requests", type=int, default=100_000)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=40, help="timed runs of each page (at least 30)")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--db-name", default="lerq_bench_web", help="the database created and dropped")
    p.add_argument("--force", action="store_true", help="drop an existing --db-name first")
    p.add_argument("--keep", action="store_true", help="leave the database at the end")
    p.add_argument("--verify", action="store_true", help="walk the whole audit chain at the end")
    p.add_argument(
        "--explain", action="store_true", help="print the plans of the slowest pages' queries"
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="use the database a --keep run left, as it is (migrated, not filled again)",
    )
    return p.parse_args(argv)


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


# --- COPY, with every column the model has ---------------------------------------------------
def _copy(model: Any, rows: Iterable[dict[str, Any]], *, with_pk: bool = False) -> int:
    """COPY ``rows`` (dicts by attname) into ``model``'s table; columns a row leaves out get
    the field's default, so a column added later does not break the benchmark. The primary key
    is the database's unless ``with_pk``."""
    from django.db import connection
    from psycopg.types.json import Jsonb

    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    is_json = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        copy_sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                values = []
                for f in fields:
                    value = row.get(f.attname, defaults[f.attname])
                    if f.attname in is_json:
                        value = Jsonb(value)
                    values.append(value)
                copy.write_row(values)
                count += 1
    return count


def _reset_sequences(*models: Any) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


# --- the data --------------------------------------------------------------------------------
def _team() -> list[Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from triage import roles
    from triage.models.people import ApproverSince

    roles.roles_sync()
    users = []
    names = ["camille", "rafael", "aiko", "sam", "noor", "ines", "jonas", "maya"]
    groups = [roles.INTAKE_CLERK, roles.REVIEWER, roles.REVIEWER, roles.APPROVER]
    for i, name in enumerate(names):
        user, _ = get_user_model().objects.get_or_create(
            username=name,
            defaults={"email": f"{name}@legal.example", "first_name": name.title()},
        )
        user.groups.add(Group.objects.get(name=groups[i % len(groups)]))
        users.append(user)
    # Approvers of long standing: past the cooling-off a fresh grant has (triage/models/people.py).
    ApproverSince.objects.update(since=datetime.now(UTC) - timedelta(days=365))
    return users


class _Approvals:
    """The second-person approval columns: some requests in review wait for an approver
    (asked by a reviewer), approved and disclosed ones were asked and approved."""

    def __init__(self, rng: random.Random, users: list[Any]) -> None:
        from triage import roles

        def holding(group: str) -> list[int]:
            return [u.pk for u in users if u.groups.filter(name=group).exists()]

        self.rng = rng
        self.askers = holding(roles.REVIEWER)
        self.approvers = holding(roles.APPROVER)

    def columns(self, status: str, changed: datetime) -> dict[str, Any]:
        asked = status in ("approved", "disclosed") or (
            status == "in_review" and self.rng.random() < AWAITING_SHARE
        )
        if not asked:
            return {}
        row = {
            "approval_requested_by_id": self.rng.choice(self.askers),
            "approval_requested_at": changed,
        }
        if status != "in_review":
            row["approved_by_id"] = self.rng.choice(self.approvers)
            row["approved_at"] = changed + timedelta(hours=self.rng.uniform(1, 48))
        return row


def _status(rng: random.Random, kind: str, age_days: float) -> str:
    if age_days > 120 and rng.random() < 0.95:
        return "closed"
    if age_days > 45 and rng.random() < 0.5:
        return "closed"
    if kind == "emergency":
        return _weighted(rng, EMERGENCY_STATUSES)
    if kind in ("preservation", "preservation_extension"):
        return _weighted(rng, PRESERVATION_STATUSES)
    if kind == "interception":
        return "rejected"
    return _weighted(rng, LEGAL_STATUSES)


def _target(rng: random.Random, n: int, request_id: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST.split()).lower(), rng.choice(LAST.split()).lower()
    kind = rng.choices(["user", "account", "meeting"], weights=[6, 3, 2])[0]
    row: dict[str, Any] = {"request_id": request_id, "type": kind}
    if kind == "user":
        row["email"] = f"{first}.{last}{n}@mail.example"
        if rng.random() < 0.6:
            row["ip"] = (
                f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{n % 250 + 1}"
            )
        if rng.random() < 0.4:
            row["user_id"] = f"u{rng.randint(10**8, 10**9)}"
    elif kind == "account":
        row["account_number"] = f"ACCT-{rng.randint(10**6, 10**7)}"
        row["email"] = f"{last}.{first}{n}@corp.example"
    else:
        row["meeting_id"] = str(rng.randint(10**10, 10**11))
        row["host_email"] = f"host.{last}{n}@meet.example"
        row["meeting_time"] = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
        if rng.random() < 0.3:
            row["url"] = f"https://meet.example/register/{n:x}{rng.randint(1000, 9999)}"
    return row


def _fill(count: int, rng: random.Random, users: list[Any]) -> tuple[list[tuple], dict]:
    """Requests, targets, holds, deadlines. Returns, per request in order of receipt,
    (id, reference, received_at, status) for the events, and counts."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from triage.models import Deadline, Hold, ReferenceCounter, Request, Target

    zone = ZoneInfo(settings.TIME_ZONE)
    now = datetime.now(UTC)
    received = sorted(now - timedelta(days=rng.uniform(0, 730)) for _ in range(count))
    requests, targets, holds, deadlines, index = [], [], [], [], []
    per_year: dict[int, int] = {}
    assignable = [u.pk for u in users]
    # Its own generator, so the rest of the data is what it was before approvals were filled.
    approvals = _Approvals(random.Random(f"approvals {count}"), users)  # noqa: S311
    for i, at in enumerate(received, start=1):
        year = at.astimezone(zone).year
        per_year[year] = per_year.get(year, 0) + 1
        reference = f"LER-{year}-{per_year[year]:06d}"
        kind = _weighted(rng, KINDS)
        age = (now - at) / DAY
        status = _status(rng, kind, age)
        agency, country, domain = rng.choice(AGENCIES)
        first, last = rng.choice(FIRST.split()), rng.choice(LAST.split())
        due = None
        if kind != "emergency" and rng.random() < 0.9:
            due = (at + timedelta(days=rng.randint(14, 45))).astimezone(zone).date()
        finished = status in FINISHED
        assignee = (
            None if rng.random() < (0.25 if not finished else 0.05) else rng.choice(assignable)
        )
        requests.append(
            {
                "id": i,
                "reference": reference,
                "kind": kind,
                "status": status,
                "notice": rng.choice(NOTICES) if status != "received" else "not_decided",
                "agency": agency,
                "agent_name": f"{first} {last}",
                "badge": f"{domain.split('.')[0].upper()}-{rng.randint(1000, 99999)}",
                "agent_email": f"{first.lower()}.{last.lower()}@{domain}",
                "agent_phone": f"+1 202 555 {rng.randint(1000, 9999)} ext. {rng.randint(10, 999)}",
                "postal_address": f"{rng.randint(1, 999)} Main Street, {country}",
                "country": country,
                "language": "en",
                "case_number": f"{year}-{rng.randint(10000, 99999)}",
                "subject": f"{kind.replace('_', ' ').title()} — {reference}",
                "received_at": at,
                "response_due_date": due,
                "assignee_id": assignee,
                "created_at": at + timedelta(minutes=4),
                "status_changed_at": at + timedelta(days=min(age, 3)),
                "closed_at": at + timedelta(days=min(age, 40)) if status == "closed" else None,
                "source_message_id": f"<bench-{i}@{domain}>",
                **approvals.columns(status, at + timedelta(days=min(age, 3))),
            }
        )
        for _ in range(rng.choices([1, 2, 3], weights=[6, 3, 1])[0]):
            targets.append(_target(rng, len(targets) + 1, i))
        deadlines.extend(_timers(i, kind, status, at, due, zone, now))
        if status in ("preserved", "extended", "released", "expired"):
            placed = at + timedelta(days=1)
            holds.append(
                {
                    "request_id": i,
                    "placed_at": placed,
                    "ends_at": placed + timedelta(days=180 if status == "extended" else 90),
                    "extended_at": placed + timedelta(days=60) if status == "extended" else None,
                    "released_at": placed + timedelta(days=10) if status == "released" else None,
                    "expired_at": placed + timedelta(days=90) if status == "expired" else None,
                }
            )
        index.append((i, reference, at, status))
    with _search_triggers_off():
        counts = {
            "requests": _copy(Request, requests, with_pk=True),
            "targets": _copy(Target, targets),
            "holds": _copy(Hold, holds),
            "deadlines": _copy(Deadline, deadlines),
        }
    for year, last in per_year.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
    _reset_sequences(Request, Target, Hold, Deadline)
    return index, counts


@contextmanager
def _search_triggers_off() -> Iterator[None]:
    """COPY without the triggers that keep ``Request.search_text`` (per row they would make
    the fill several times slower), then compute every request's search text in one UPDATE,
    with the function the triggers call (migration 0025_request_search_text)."""
    from django.db import connection

    tables = ("triage_request", "triage_target")
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute(
                "UPDATE triage_request r SET search_text = triage_request_search_text(r)"
            )


def _timers(rid: int, kind: str, status: str, at: datetime, due: Any, zone: Any, now: datetime):
    """The timers a request in this state has: response due (open, acted or cancelled),
    emergency acknowledgement and escalation, hold end, retention."""
    rows = []
    finished = status in FINISHED
    if due is not None:
        due_at = datetime.combine(due, dtime(23, 59, 59), tzinfo=zone)
        if status == "needs_info" or (finished and due_at > now) or status == "closed":
            done, outcome = min(now, due_at), "cancelled"
        elif due_at <= now:
            done, outcome = (
                (due_at + timedelta(minutes=1), "acted")
                if not finished
                else (
                    due_at,
                    "skipped",
                )
            )
        else:
            done, outcome = None, ""
        rows.append(
            {
                "request_id": rid,
                "kind": "response_due",
                "due_at": due_at,
                "done_at": done,
                "outcome": outcome,
                "created_at": at,
            }
        )
    if kind == "emergency":
        ack = at + timedelta(hours=1)
        rows.append(
            {
                "request_id": rid,
                "kind": "emergency_ack",
                "due_at": ack,
                "done_at": min(ack, now) if ack <= now or finished else None,
                "outcome": "acted" if ack <= now else ("cancelled" if finished else ""),
                "created_at": at,
            }
        )
        if not finished and status != "approved":
            slot = at + timedelta(minutes=30)
            while slot <= now:
                slot += timedelta(minutes=30)
            rows.append(
                {
                    "request_id": rid,
                    "kind": "emergency_escalation",
                    "due_at": slot,
                    "created_at": at,
                }
            )
    if status in ("preserved", "extended"):
        end = at + timedelta(days=1 + (180 if status == "extended" else 90))
        rows.append({"request_id": rid, "kind": "hold_end", "due_at": end, "created_at": at})
    if status == "closed":
        rows.append(
            {
                "request_id": rid,
                "kind": "retention_purge",
                "due_at": at + timedelta(days=7 * 365 + 40),
                "created_at": at,
            }
        )
    for row in rows:
        row.setdefault("basis", {"rule": "bench"})
    return rows


def _events(index: list[tuple], total: int, rng: random.Random, users: list[Any]) -> str:
    """``total`` events over the requests, in time order, chained as triage/audit.py chains
    them (the canonical content and both hashes computed here, then COPY). Returns the head."""
    from triage.models import Event

    now = datetime.now(UTC).timestamp()
    n = len(index)
    # Each request has its "opened" event; the rest are spread at random after receipt.
    ats, owners, kinds = array("d"), array("i"), array("b")
    for i, (_, _, received, _) in enumerate(index):
        ats.append(received.timestamp())
        owners.append(i)
        kinds.append(-1)
    for _ in range(total - n):
        i = rng.randrange(n)
        start = index[i][2].timestamp()
        span = min(now - start, 60 * 86400.0)
        ats.append(start + 1 + rng.random() * max(span - 1, 1))
        owners.append(i)
        kinds.append(rng.randrange(len(EVENT_ACTIONS)))
    order = sorted(range(len(ats)), key=ats.__getitem__)
    names = [u.get_username() for u in users]
    ids = [u.pk for u in users]

    # Text-format COPY lines built here: per-value adaptation was most of the time.
    head = _copy_events_text(Event, order, ats, owners, kinds, index, names, ids)
    _reset_sequences(Event)
    return head


def _copy_events_text(
    event_model: Any,
    order: list[int],
    ats: array,
    owners: array,
    kinds: array,
    index: list[tuple],
    names: list[str],
    ids: list[int],
) -> str:
    import json

    from django.db import connection

    from triage.audit import GENESIS, event_seal
    from triage.audit_key import audit_key

    mine = [
        "seq", "request_id", "reference", "actor_id", "actor_name", "at", "action",
        "from_state", "to_state", "reason", "data", "content_hash", "prev_hash", "hash",
        "version", "mac",
    ]  # fmt: skip
    key = audit_key()
    fields = {f.attname: f for f in event_model._meta.concrete_fields if not f.primary_key}
    others = [f for name, f in fields.items() if name not in mine]
    for f in others:  # a column added later: its default, if it has a plain one
        if f.get_default() is None and not f.null:
            raise SystemExit(f"bench.web does not know what to put in Event.{f.attname}")
    tail = "".join(
        "\t" + ("\\N" if f.get_default() is None else str(f.get_default())) for f in others
    )
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in mine)
    columns += "".join(", " + connection.ops.quote_name(f.column) for f in others)
    # Putting the team in its groups already wrote people events (issue 15): chain after them.
    last = event_model.objects.order_by("-seq").values_list("seq", "hash").first()
    first_seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    opened_data = {"kind": "bench", "channel": "email"}
    other_data = {"bench": True}
    opened_json = json.dumps(opened_data)
    other_json = json.dumps(other_data)
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(event_model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            lines = []
            for seq, k in enumerate(order, start=first_seq):
                rid, reference, _, _ = index[owners[k]]
                at = datetime.fromtimestamp(ats[k], UTC)
                opened = kinds[k] < 0
                action = "opened" if opened else EVENT_ACTIONS[kinds[k]]
                who = -1 if action in ("opened", "reminded", "overdue") else seq % len(ids)
                actor_name = names[who] if who >= 0 else "system"
                to_state = "received" if opened else ""
                sealed = event_seal(
                    event_model(
                        seq=seq, request_id=rid, reference=reference,
                        actor_id=ids[who] if who >= 0 else None, actor_name=actor_name, at=at,
                        action=action, from_state="", to_state=to_state, reason="",
                        data=opened_data if opened else other_data,
                    ),
                    prev_hash=prev,
                    key=key,
                )  # fmt: skip
                actor = str(ids[who]) if who >= 0 else "\\N"
                lines.append(
                    f"{seq}\t{rid}\t{reference}\t{actor}\t{actor_name}\t{at.isoformat()}\t"
                    f"{action}\t\t{to_state}\t\t{opened_json if opened else other_json}\t"
                    f"{sealed.content_hash}\t{prev}\t{sealed.hash}\t{sealed.version}\t"
                    f"{sealed.mac}{tail}\n"
                )
                prev = sealed.hash
                if len(lines) >= 5000:
                    copy.write("".join(lines))
                    lines.clear()
            copy.write("".join(lines))
    return prev


# --- measuring -------------------------------------------------------------------------------
def _prepare(args: argparse.Namespace) -> list[Any]:
    """Migrate, and fill unless --reuse found a filled database; the team."""
    from django.core.management import call_command
    from django.db import connection

    from triage.audit import chain_verify
    from triage.models import Event, Request

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"database {connection.settings_dict['NAME']} migrated in {since(started):.1f} s")
    if args.reuse and Request.objects.exists():
        users = _team()
        say(f"reused as it is: {Request.objects.count():,} requests (--verify not run)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return users
    rng = random.Random(args.seed)  # noqa: S311  (made-up data, not secrets)
    users = _team()
    started = time.perf_counter()
    index, counts = _fill(args.requests, rng, users)
    say(
        f"{counts['requests']:,} requests, {counts['targets']:,} targets, {counts['holds']:,} "
        f"holds, {counts['deadlines']:,} deadlines copied in {since(started):.1f} s"
    )
    started = time.perf_counter()
    head = _events(index, args.events, rng, users)
    say(f"{Event.objects.count():,} chained events copied in {since(started):.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    open_count = Request.objects.exclude(status="closed").count()
    say(f"open requests: {open_count:,} of {Request.objects.count():,}")
    if args.verify:
        started = time.perf_counter()
        report = chain_verify()
        ok = report.intact and report.head == head
        say(
            f"audit chain {'intact' if ok else report.problem}: {report.count:,} events "
            f"({since(started):.1f} s)"
        )
    return users


def _picked(rng: random.Random, rows: Any, column: str) -> str:
    """One value of ``column`` among ``rows``, the same on every run of a seed (a reused
    database is searched for the same words as the run that filled it)."""
    rows = rows.order_by("pk").values_list(column, flat=True)
    return rows[rng.randrange(rows.count())]


def _pages(args: argparse.Namespace, users: list[Any]) -> list[tuple[str, Any, str]]:
    """(label, client, URL) of every page timed."""
    from django.urls import reverse

    from triage.models import Request, Target

    rng = random.Random(args.seed)  # noqa: S311
    reviewer, approver = users[1], users[3]
    as_reviewer, as_approver = client_signed_in(reviewer), client_signed_in(approver)
    email = _picked(rng, Target.objects.exclude(email=""), "email")
    closed_email = _picked(
        rng, Target.objects.filter(request__status="closed").exclude(email=""), "email"
    )
    closed_ref = _picked(rng, Request.objects.filter(status="closed"), "reference")
    interesting = (
        Request.objects.exclude(status="closed").filter(kind="emergency").order_by("pk").last()
        or Request.objects.order_by("pk").last()
    )
    queue = reverse("triage:queue")
    pages = [
        ("queue, first page, default order", queue, {}),
        ("search: part of a target email", queue, {"q": email.split("@")[0]}),
        ("search: an agency word", queue, {"q": "metropolitan"}),
        ("search: a closed request's target email", queue, {"q": closed_email.split("@")[0]}),
        ("search: exact reference (jumps)", queue, {"q": closed_ref.lower()}),
        ("search: reference without its prefix", queue, {"q": closed_ref.removeprefix("LER-")}),
        ("status: finished (all of them)", queue, {"status": "finished"}),
        ("status: closed, agency word", queue, {"status": "closed", "q": "police"}),
        (
            "queue filtered: in review, GB, overdue",
            queue,
            {"status": "in_review", "country": "GB", "overdue": "on"},
        ),
        ("queue, page 20", queue, {"page": 20}),
        ("my work: reviewer", reverse("triage:my_work"), {}),
        ("dashboard", reverse("triage:dashboard"), {}),
        (
            f"request page ({interesting.reference})",
            reverse("triage:request_detail", args=[interesting.reference]),
            {},
        ),
    ]
    timed_pages = [
        (label, as_reviewer, f"{url}?{urlencode(params)}" if params else url)
        for label, url, params in pages
    ]
    timed_pages.append((MY_APPROVALS_PAGE, as_approver, reverse("triage:my_work")))
    return timed_pages


def _nav_count(approver: Any) -> Callable[[], int]:
    """What every page pays for the navigation's "My work (n)": the count alone, for the
    approver, with the per-request cache of their approver grant forgotten as a new request
    would."""
    from triage.models.people import approver_cache_forget
    from triage.selectors.my_work import my_work_count

    def count() -> int:
        approver_cache_forget(approver)
        return my_work_count(user=approver)

    return count


def _run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.test.utils import override_settings

    from triage.selectors.my_work import request_list_awaiting_my_approval

    users = _prepare(args)
    approver = users[3]
    awaiting = request_list_awaiting_my_approval(user=approver).count()
    assigned = approver.assigned_requests.exclude(status="closed").count()
    say(f"{approver.get_username()} (approver): {awaiting:,} awaiting, {assigned:,} assigned")
    pages = _pages(args, users)
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    results = {}
    with override_settings(
        STORAGES={**settings.STORAGES, **static},
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
    ):
        say(f"\n== pages, {args.runs} runs each, signed in as {users[1].get_username()} (ms)")
        say(f"   load average before: {load()}")
        say(f"   {'page':<44} {'median':>8} {'p95':>8} {'cpu p95':>8} {'queries':>8}")
        timed_pages = [(label, lambda c=c, u=u: c.get(u)) for label, c, u in pages]
        timed_pages.append((NAV_COUNT, _nav_count(approver)))
        for label, get in timed_pages:
            median, p95, cpu, queries = timed(get, args.runs)
            results[label] = (median, p95)
            say(f"   {label:<44} {median:8.1f} {p95:8.1f} {cpu:8.1f} {queries:8d}")
        say(f"   load average after: {load()} ({os.cpu_count()} CPUs)")
        if args.explain:
            for label, get in timed_pages:
                if label in (*SEARCH_PAGES[:3], MY_APPROVALS_PAGE, "status: closed, agency word"):
                    explain_slowest(label, get)
            index_use()
    return _summary(results)


def _summary(results: dict[str, tuple[float, float]]) -> int:
    queue_p95 = results["queue, first page, default order"][1]
    search_p95 = max(results[label][1] for label in SEARCH_PAGES)
    approvals_p95 = results[MY_APPROVALS_PAGE][1]
    say("\n== summary")
    say(
        f"queue p95: {queue_p95:.1f} ms (target under {TARGET_QUEUE_P95_MS:.0f} ms: "
        f"{verdict(queue_p95 < TARGET_QUEUE_P95_MS)})"
    )
    say(
        f"all-states search p95 (slowest of {len(SEARCH_PAGES)} searches): {search_p95:.1f} ms "
        f"(target under {TARGET_SEARCH_P95_MS:.0f} ms: "
        f"{verdict(search_p95 < TARGET_SEARCH_P95_MS)})"
    )
    say(
        f"my approvals p95 (an approver's My work): {approvals_p95:.1f} ms "
        f"(target under {TARGET_MY_APPROVALS_P95_MS:.0f} ms: "
        f"{verdict(approvals_p95 < TARGET_MY_APPROVALS_P95_MS)})"
    )
    say(
        f"navigation count, on every page: median {results[NAV_COUNT][0]:.1f} ms, "
        f"p95 {results[NAV_COUNT][1]:.1f} ms"
    )
    passed = (
        queue_p95 < TARGET_QUEUE_P95_MS
        and search_p95 < TARGET_SEARCH_P95_MS
        and approvals_p95 < TARGET_MY_APPROVALS_P95_MS
    )
    return 0 if passed else 1


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.runs < 30:
        say("--runs must be at least 30 (a 95th percentile of fewer means little)")
        return 2
    # WhiteNoise looks for collected static files; the benchmark serves none.
    warnings.filterwarnings("ignore", message="No directory at")
    return on_own_database(
        lambda: _run(args),
        db_name=args.db_name,
        force=args.force,
        keep=args.keep,
        why_postgres=" (the target is PostgreSQL's)",
        reuse=args.reuse,
    )


if __name__ == "__main__":
    sys.exit(main())
