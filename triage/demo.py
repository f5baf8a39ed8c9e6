"""Demo data for `manage.py seed_demo`: the four demo users and a queue of requests in every
status and every user-notice state, from agencies of several countries.

Every request is made and moved only through ``triage.services``, so it has its reference, its
events, its hold and its timers exactly as if the team had handled it. The services take their
time from ``django.utils.timezone.now()``, and a believable queue needs a past (a hold placed 100
days ago that has since expired, a notice whose objection window is over), so each request is a
*story*: a generator that yields the moment of its next step. ``_play`` runs all the stories
interleaved in time order with the clock set to each step's moment. References are therefore
handed out in order of receipt, events are recorded in time order, and every timer is computed
from the moment it was set. Demo requests carry a Message-ID under ``MARKER_DOMAIN``: that is
how a second run knows the data is already there.
"""

import base64
import binascii
import heapq
import io
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from triage import roles, services
from triage.audit import chain_verify
from triage.demo_agents import Agent
from triage.demo_eu import EU_STORIES
from triage.models import ApproverSince, Event, Kind, Request
from triage.services.agency_messages import agency_message_draft
from triage.services.notes import request_note_add

MARKER_DOMAIN = "seed-demo.lerq.invalid"

# username, role (group), first name, last name
DEMO_USERS = (
    ("clerk", roles.INTAKE_CLERK, "Camille", "Durand"),
    ("reviewer", roles.REVIEWER, "Rafael", "Ortiz"),
    ("approver", roles.APPROVER, "Aiko", "Tanaka"),
    ("admin", roles.ADMIN, "Sam", "Okoye"),
)

MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
# Between our mail server receiving a message and intake opening the request.
_INTAKE_LAG = 4 * MINUTE

Story = Iterator[datetime | timedelta]


@dataclass(frozen=True)
class SeedResult:
    created_users: list[str]
    existing_users: list[str]
    generated_password: str | None
    requests_created: int
    events: int
    chain_intact: bool
    chain_problem: str = ""

    @property
    def already_loaded(self) -> bool:
        return not self.created_users and not self.requests_created


def demo_seed(*, password: str | None) -> SeedResult:
    """Create what is missing of the demo: users first (their own transaction), then the
    requests if there are none yet. ``password`` None: one is generated for new users."""
    created, existing, generated = _users_joined(password)
    requests_created = 0
    if not Request.objects.filter(source_message_id__endswith=f"@{MARKER_DOMAIN}>").exists():
        users = {u.username: u for u in get_user_model().objects.filter(username__in=_names())}
        cast = _Cast(anchor=timezone.now(), users=users)
        # Each service is its own durable transaction, so the requests cannot share one.
        _play([story(cast) for story in STORIES], until=cast.anchor)
        requests_created = len(cast.opened)
    report = chain_verify()
    return SeedResult(
        created_users=created,
        existing_users=existing,
        generated_password=generated,
        requests_created=requests_created,
        events=Event.objects.count(),
        chain_intact=report.intact,
        chain_problem=report.problem,
    )


# The demo team joined a year before its queue starts: their people events come first on the
# record, in time order, and (demo data) their approver grants are older than the cooling-off
# (LERQ_APPROVER_COOLING_HOURS), so the demo approver approves at once.
TEAM_JOINED = timedelta(days=365)


def _users_joined(password: str | None) -> tuple[list[str], list[str], str | None]:
    joined = timezone.now() - TEAM_JOINED
    latest = Event.objects.order_by("-seq").values_list("at", flat=True).first()
    if latest is None or latest < joined:
        with _clock(joined, []):
            result = _users_ensure(password)
    else:  # a record already under way: the new events keep to its order
        result = _users_ensure(password)
    ApproverSince.objects.filter(user__username__in=_names(), since__gt=joined).update(since=joined)
    return result


def _names() -> list[str]:
    return [username for username, *_ in DEMO_USERS]


@transaction.atomic
def _users_ensure(password: str | None) -> tuple[list[str], list[str], str | None]:
    """Create the missing demo users; leave existing ones' passwords alone (only make sure they
    are in their role). One hash for all four: hashing is the slow part, and the password is
    the same anyway."""
    roles.roles_sync()
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(username__in=_names()).values_list("username", flat=True)
    )
    generated = None
    if password is None and len(existing) < len(DEMO_USERS):
        password = generated = secrets.token_urlsafe(16)
    hashed = make_password(password) if len(existing) < len(DEMO_USERS) else ""
    created = []
    for username, role, first_name, last_name in DEMO_USERS:
        superuser = role == roles.ADMIN
        if username in existing:
            user = user_model.objects.get(username=username)
            if not user.is_staff or (superuser and not user.is_superuser):
                user.is_staff, user.is_superuser = True, user.is_superuser or superuser
                user.save(update_fields=["is_staff", "is_superuser"])
        else:
            user = user_model.objects.create(
                username=username,
                password=hashed,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@lerq.example",
                is_staff=True,  # everyone signs in to the admin; permissions limit what they see
                is_superuser=superuser,
            )
            created.append(username)
        user.groups.add(Group.objects.get(name=role))
    return created, sorted(existing, key=_names().index), generated


class InvalidTotpSecret(ValueError):
    """LERQ_DEMO_TOTP_SECRET is not base32."""


def demo_totp_ensure(secret: str) -> list[str]:
    """Give each demo user a confirmed TOTP device named ``default`` (the one the sign-in page
    asks for) holding ``secret`` (base32, as authenticator apps show it; django-otp stores the
    key in hex). Re-running updates the device, never adds one; a changed secret also resets
    the device's counters. Returns the usernames that have the device."""
    try:
        secret = "".join(secret.split()).upper()
        raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except (binascii.Error, ValueError) as exc:
        raise InvalidTotpSecret("LERQ_DEMO_TOTP_SECRET is not valid base32") from exc
    if not raw:
        raise InvalidTotpSecret("LERQ_DEMO_TOTP_SECRET is empty")
    key = binascii.hexlify(raw).decode("ascii")
    users = get_user_model().objects.filter(username__in=_names()).order_by("pk")
    done = []
    with transaction.atomic():
        for user in users:
            device, created = TOTPDevice.objects.select_for_update().get_or_create(
                user=user, name="default", defaults={"key": key, "confirmed": True}
            )
            if not created and (device.key != key or not device.confirmed):
                device.key, device.confirmed = key, True
                device.last_t, device.drift = -1, 0
                device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
                device.save()
            done.append(user.get_username())
    return done


# --- time ---------------------------------------------------------------------------------
@contextmanager
def _clock(moment: datetime, last: list[datetime]) -> Iterator[None]:
    """``timezone.now()`` reads ``moment`` (plus the real time spent in the step), never going
    back behind the last time it gave (``last``), so the record stays in time order."""
    real_now = timezone.now
    started = real_now()

    def now() -> datetime:
        at = moment + (real_now() - started)
        if last and at <= last[0]:
            at = last[0] + timedelta(microseconds=1)
        last[:] = [at]
        return at

    with mock.patch.object(timezone, "now", now):
        yield


def _play(stories: list[Story], *, until: datetime) -> None:
    """Run the stories step by step, all interleaved in time order. A story yields the moment
    of its next step: a datetime, or a timedelta after its previous step."""
    queue: list[tuple[datetime, int, Story]] = []
    last: list[datetime] = []
    for number, story in enumerate(stories):
        first = next(story)
        if not isinstance(first, datetime):
            raise TypeError("a demo story starts by yielding the moment it starts")
        heapq.heappush(queue, (first, number, story))
    while queue:
        moment, number, story = heapq.heappop(queue)
        with _clock(moment, last):
            pause = next(story, None)
        if pause is None:
            continue
        following = pause if isinstance(pause, datetime) else moment + pause
        if not moment <= following <= until:
            raise ValueError(f"demo story {number} goes back in time or into the future")
        heapq.heappush(queue, (following, number, story))


# --- who asks -----------------------------------------------------------------------------
@dataclass
class _Cast:
    """What the stories share: the present moment they end at, the team, what they opened."""

    anchor: datetime
    users: dict[str, Any]
    opened: list[Request] = field(default_factory=list)

    @property
    def clerk(self) -> Any:
        return self.users["clerk"]

    @property
    def reviewer(self) -> Any:
        return self.users["reviewer"]

    @property
    def approver(self) -> Any:
        return self.users["approver"]

    def ago(self, *, days: int = 0, hours: int = 0, minutes: int = 0) -> datetime:
        return self.anchor - timedelta(days=days, hours=hours, minutes=minutes)

    def open(
        self, slug: str, kind: str, agent: Agent, *, targets: list[dict[str, Any]], **fields: Any
    ) -> Request:
        """A request as intake opens it from the agency's mail (lerq itself acting)."""
        request = services.request_open(
            by=None,
            kind=kind,
            received_at=timezone.now() - _INTAKE_LAG,
            targets=targets,
            source_message_id=f"<{slug}@{MARKER_DOMAIN}>",
            sender_address=agent.agent_email,  # the government sender intake verified
            **asdict(agent),
            **fields,
        )
        self.opened.append(request)
        return request

    def produce(self, request: Request, name: str, category: str, description: str) -> Request:
        """The reviewer adds one record (a CSV export) and builds the production, now: the
        package the approver then approves."""
        rows = "field,value\r\naccount," + request.reference + "\r\nexported_by,demo\r\n"
        record = services.production_file_add(
            request=request,
            by=self.reviewer,
            upload=io.BytesIO(rows.encode()),
            name=name,
            description=description,
            category=category,
            confirmed_needed=True,
        )
        services.production_build(production=record.production, by=self.reviewer)
        return fresh(request)


def in_days(days: int) -> date:
    """A date ``days`` after today, as the story's clock sees today."""
    return timezone.localdate() + timedelta(days=days)


def fresh(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


# --- the agencies (fictional officers; phone numbers from ranges reserved for fiction) ------
FBI_PHOENIX = Agent(
    "Federal Bureau of Investigation, Phoenix Field Office",
    "Special Agent Laura M. Kessler",
    "FBI SA 31877",
    "lmkessler@fbi.gov",
    "+1 623 555 0142 ext. 4410",
    "21711 N 7th Street, Phoenix, AZ 85024, USA",
    "US",
)
FBI_WFO = Agent(
    "Federal Bureau of Investigation, Washington Field Office",
    "Special Agent Marcus T. Ellery",
    "FBI SA 20417",
    "mtellery@fbi.gov",
    "+1 202 555 0147 ext. 3312",
    "601 4th Street NW, Washington, DC 20535, USA",
    "US",
)
HARRIS_COUNTY = Agent(
    "Harris County Sheriff's Office, Criminal Investigations Bureau",
    "Detective Andrea Villanueva",
    "HCSO 41873",
    "andrea.villanueva@sheriff.hctx.net",
    "+1 713 555 0119 ext. 225",
    "1200 Baker Street, Houston, TX 77002, USA",
    "US",
)
NY_STATE_POLICE = Agent(
    "New York State Police, Computer Crime Unit",
    "Investigator Thomas Brennan",
    "NYSP 5532",
    "thomas.brennan@troopers.ny.gov",
    "+1 518 555 0163 ext. 17",
    "Building 22, 1220 Washington Avenue, Albany, NY 12226, USA",
    "US",
)
SECRET_SERVICE = Agent(
    "United States Secret Service, Cyber Investigations Section",
    "Special Agent Priya Raman",
    "USSS 7790-22",
    "priya.raman@usss.dhs.gov",
    "+1 202 555 0181 ext. 6602",
    "245 Murray Lane SW, Washington, DC 20223, USA",
    "US",
)
LA_SHERIFF = Agent(
    "Los Angeles County Sheriff's Department, Special Victims Bureau",
    "Sergeant Daniel Ochoa",
    "LASD 604122",
    "dochoa@lasd.org",
    "+1 213 555 0176 ext. 3140",
    "211 West Temple Street, Los Angeles, CA 90012, USA",
    "US",
)
MIAMI_DADE = Agent(
    "Miami-Dade Police Department, Economic Crimes Bureau",
    "Detective Rosa Delgado",
    "MDPD 7314",
    "rdelgado@mdpd.com",
    "+1 305 555 0128 ext. 881",
    "9105 NW 25th Street, Doral, FL 33172, USA",
    "US",
)
COOK_COUNTY = Agent(
    "Cook County Sheriff's Office, Cybercrimes Unit",
    "Investigator Kevin Walsh",
    "CCSO 2291",
    "kevin.walsh@ccsheriff.org",
    "+1 312 555 0190 ext. 4471",
    "50 West Washington Street, Chicago, IL 60602, USA",
    "US",
)
DEA = Agent(
    "Drug Enforcement Administration, New England Field Division",
    "Special Agent Michael Osei",
    "DEA 88213",
    "michael.osei@dea.gov",
    "+1 617 555 0155 ext. 209",
    "15 New Sudbury Street, Boston, MA 02203, USA",
    "US",
)
HSI_NEW_YORK = Agent(
    "Homeland Security Investigations, New York",
    "Special Agent Jennifer Liu",
    "HSI 43019",
    "jennifer.liu@hsi.dhs.gov",
    "+1 212 555 0136 ext. 7734",
    "601 West 26th Street, New York, NY 10001, USA",
    "US",
)
TRAVIS_COUNTY_DA = Agent(
    "Travis County District Attorney's Office",
    "Investigator Marisol Peña",
    "TCDA INV-118",
    "marisol.pena@traviscountytx.gov",
    "+1 512 555 0171 ext. 36",
    "416 West 11th Street, Austin, TX 78701, USA",
    "US",
)
MET_POLICE = Agent(
    "Metropolitan Police Service, Online Child Sexual Exploitation Team",
    "Detective Constable Hannah Price",
    "MPS 217493",
    "hannah.price@met.police.uk",
    "+44 20 7946 0738 ext. 4412",
    "New Scotland Yard, Victoria Embankment, London SW1A 2JL, United Kingdom",
    "GB",
)
GREATER_MANCHESTER = Agent(
    "Greater Manchester Police, Serious Fraud Investigation Unit",
    "Detective Sergeant Owen Clarke",
    "",  # the collar number is missing: the deficiency notice asks for it
    "owen.clarke@gmp.police.uk",
    "+44 161 496 0571 ext. 3307",
    "Central Park, Northampton Road, Manchester M40 5BP, United Kingdom",
    "GB",
)
POLICE_SCOTLAND = Agent(
    "Police Scotland, Major Investigation Team (West)",
    "Detective Inspector Fiona MacLeod",
    "PS 60817",
    "fiona.macleod@scotland.police.uk",
    "+44 141 496 0219 ext. 5120",
    "Tulliallan Castle, Kincardine, Alloa FK10 4BE, United Kingdom",
    "GB",
)
GENDARMERIE = Agent(
    "Gendarmerie nationale, Unité nationale cyber (UNC)",
    "Adjudant-chef Julien Moreau",
    "NIGEND 312457",
    "julien.moreau@gendarmerie.interieur.gouv.fr",
    "+33 1 99 00 47 12 poste 305",
    "Pôle judiciaire de la Gendarmerie nationale, 5 boulevard de l'Hautil, "
    "95000 Cergy-Pontoise, France",
    "FR",
    "fr",
)
BKA = Agent(
    "Bundeskriminalamt, Abteilung Cybercrime (CC 2)",
    "Kriminalhauptkommissarin Katrin Vogel",
    "BKA 4471-CC",
    "katrin.vogel@bka.bund.de",
    "+49 30 23125 388 Durchwahl 12",
    "Am Treptower Park 5-8, 12435 Berlin, Germany",
    "DE",
)
LKA_BERLIN = Agent(
    "Landeskriminalamt Berlin, Staatsschutz (LKA 5)",
    "Kriminaloberkommissar Felix Brandt",
    "LKA 5-2219",
    "felix.brandt@polizei.berlin.de",
    "+49 30 23125 911 Durchwahl 40",
    "Tempelhofer Damm 12, 12101 Berlin, Germany",
    "DE",
)
RCMP = Agent(
    "Royal Canadian Mounted Police, National Cybercrime Coordination Centre",
    "Corporal Élise Gagnon",
    "RCMP 58213",
    "elise.gagnon@rcmp-grc.gc.ca",
    "+1 613 555 0183 ext. 227",
    "73 Leikin Drive, Ottawa, ON K1A 0R2, Canada",
    "CA",
)
GARDA = Agent(
    "An Garda Síochána, Garda National Cyber Crime Bureau",
    "Detective Garda Seán Byrne",
    "Garda 40921F",
    "sean.byrne@garda.ie",
    "+353 1 555 0148 ext. 2207",
    "PO Box 6023, Dublin 8, Ireland",  # a PO box: the deficiency notice asks for a street address
    "IE",
)


def _user(**ids: Any) -> dict[str, Any]:
    return {"type": "user", **ids}


def _account(**ids: Any) -> dict[str, Any]:
    return {"type": "account", **ids}


def _meeting(**ids: Any) -> dict[str, Any]:
    return {"type": "meeting", **ids}


# --- the stories: one per request (or per matter), each ending in the state it shows --------
def _subpoena_just_received(d: _Cast) -> Story:
    yield d.ago(hours=3, minutes=12)
    d.open(
        "hcso-subpoena",
        Kind.SUBPOENA,
        HARRIS_COUNTY,
        case_number="HCSO-26-118204",
        subject="Subpoena duces tecum - HCSO case 26-118204 - subscriber records",
        summary="Subscriber information and login IP history from 1 to 31 October for the "
        "account used to advertise stolen catalytic converters in a public webinar.",
        response_due_date=in_days(21),
        targets=[_account(email="cat.parts.hou@example.com", account_number="ACCT-004829113")],
    )


def _emergency_just_received(d: _Cast) -> Story:
    yield d.ago(minutes=18)
    d.open(
        "fbi-phx-emergency",
        Kind.EMERGENCY,
        FBI_PHOENIX,
        case_number="FBI-PX-2026-0093",
        subject="EMERGENCY DISCLOSURE REQUEST",
        summary="A 14-year-old reported missing this morning joined a meeting last night with an "
        "adult who arranged to meet her today at an unknown place. The family found the chat on "
        "her laptop. Needed: the host's account details and the IP addresses used to join, to "
        "locate her before the meeting takes place this afternoon (18 U.S.C. § 2702(b)(8)).",
        targets=[
            _meeting(
                meeting_id="845 2291 7730",
                host_email="sunny.days.2011@example.net",
                meeting_time=d.ago(hours=15),
            )
        ],
    )


def _international_needs_info(d: _Cast) -> Story:
    yield d.ago(days=6, hours=21, minutes=36)
    r = d.open(
        "gmp-needs-info",
        Kind.INTERNATIONAL,
        GREATER_MANCHESTER,
        case_number="GMP-SFIU-26-0412",
        subject="Request for account data - Operation Halyard",
        summary="Account holder details and meeting logs for an account used to run fake "
        "investment seminars that defrauded 40 victims in Greater Manchester.",
        response_due_date=in_days(10),
        targets=[_user(email="halyard.capital@example.org", ip="203.0.113.77")],
    )
    yield 3 * HOUR
    services.request_ask_info(
        request=r,
        by=d.clerk,
        missing=["badge", "signature", "response_date"],
        explanation="The letter has no collar number and is unsigned, and it asks for an answer "
        "within 10 days where our policy needs at least 14.",
    )


def _court_order_answered_and_validated(d: _Cast) -> Story:
    yield d.ago(days=16, hours=4, minutes=51)
    r = d.open(
        "nysp-court-order",
        Kind.COURT_ORDER,
        NY_STATE_POLICE,
        case_number="NYSP-CCU-26-0788",
        subject="Court order for records - NYSP CCU 26-0788",
        summary="Meeting metadata (participants, join and leave times, IP addresses) for three "
        "meetings hosted by an account linked to a ransomware negotiation.",
        response_due_date=in_days(30),
        targets=[
            _meeting(meeting_id="912 4410 0386", host_email="k.lindqvist@example.com"),
            _account(account_number="ACCT-007731904"),
        ],
    )
    yield 2 * HOUR
    r = services.request_ask_info(
        request=r,
        by=d.clerk,
        missing=["signature"],
        explanation="The order attached is not signed by the judge: please send the signed order.",
    )
    yield 4 * DAY
    r = services.request_answer(request=r, by=d.clerk, note="Signed order received as a PDF.")
    yield HOUR
    # The deficiency notice recorded the order as unsigned: the clerk records the signed one.
    r = services.request_update_fields(
        request=r, by=d.clerk, changes={"signed": True}, seen_status=r.status
    )
    r = services.request_validate(request=r, by=d.clerk)
    yield 10 * MINUTE
    services.request_assign(request=r, by=d.clerk, assignee=d.reviewer)
    yield 3 * HOUR
    # The team writes to itself on the request, and to the agency through a second person.
    request_note_add(
        request=r,
        by=d.reviewer,
        text="Two of the three meetings are outside our 90-day log retention. "
        "@approver, do we answer for the third only, or ask the agency to narrow the order?",
    )
    yield 20 * MINUTE
    agency_message_draft(
        request=r,
        by=d.reviewer,
        title="Clarification",
        body="Our logs for meetings 912 4410 0386 go back 90 days: two of the three meetings "
        "named in the order fall outside them. Please confirm whether the order may be answered "
        "for the third meeting only.",
    )


def _preservation_on_hold(d: _Cast) -> Story:
    yield d.ago(days=20, hours=1, minutes=7)
    r = d.open(
        "fbi-wfo-preservation",
        Kind.PRESERVATION,
        FBI_WFO,
        case_number="FBI-WF-2026-1174",
        subject="Preservation request pursuant to 18 U.S.C. § 2703(f)",
        summary="Preserve all records of the two accounts pending legal process in a sextortion "
        "investigation.",
        targets=[
            _user(user_id="u-8f3k2q7w", email="m.harlow@example.com"),
            _user(email="harlow.backup@example.net"),
        ],
    )
    yield HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield 2 * HOUR
    services.hold_place(request=r, by=d.reviewer, note="Snapshot SNAP-26-0412 (2 accounts).")


def _preservation_extended(d: _Cast) -> Story:
    yield d.ago(days=85, hours=6, minutes=22)
    original = d.open(
        "usss-preservation",
        Kind.PRESERVATION,
        SECRET_SERVICE,
        case_number="USSS-CID-26-3316",
        subject="Request to preserve records - 18 U.S.C. § 2703(f)",
        summary="Preserve account records and meeting metadata of an account used to sell "
        "counterfeit payment cards.",
        targets=[_account(email="cardshop.vip@example.org", account_number="ACCT-002284716")],
    )
    yield HOUR
    original = services.request_validate(request=original, by=d.clerk)
    yield HOUR
    services.hold_place(request=original, by=d.reviewer, note="Snapshot SNAP-26-0217.")
    yield d.ago(days=11, hours=2, minutes=40)
    extension = d.open(
        "usss-extension",
        Kind.PRESERVATION_EXTENSION,
        SECRET_SERVICE,
        original=fresh(original),
        case_number="USSS-CID-26-3316",
        subject=f"Extension of preservation {original.reference}",
        summary="Legal process is being obtained: extend the preservation for another 90 days.",
        targets=[_account(account_number="ACCT-002284716")],
    )
    yield 2 * HOUR
    extension = services.request_validate(request=extension, by=d.clerk)
    yield HOUR
    services.hold_extend(extension=extension, by=d.reviewer, note="On USSS letterhead, signed.")


def _preservation_released_for_warrant(d: _Cast) -> Story:
    yield d.ago(days=41, hours=5, minutes=3)
    hold = d.open(
        "lasd-preservation",
        Kind.PRESERVATION,
        LA_SHERIFF,
        case_number="LASD-SVB-26-02291",
        subject="Preservation letter - LASD SVB 26-02291",
        summary="Preserve the account and its recordings pending a search warrant.",
        targets=[_user(user_id="u-2m9x4t1c", email="coach.dre.la@example.com")],
    )
    yield HOUR
    hold = services.request_validate(request=hold, by=d.clerk)
    yield 2 * HOUR
    services.hold_place(request=hold, by=d.reviewer, note="Snapshot SNAP-26-0330 (recordings).")
    yield d.ago(days=9, hours=22, minutes=18)
    warrant = d.open(
        "lasd-search-warrant",
        Kind.SEARCH_WARRANT,
        LA_SHERIFF,
        case_number="LASD-SVB-26-02291",
        subject="Search warrant - LASD SVB 26-02291",
        summary="Content of the account: cloud recordings, chat messages and files shared in "
        "meetings with minors, 1 June to date (warrant signed by Judge of the Superior Court).",
        response_due_date=in_days(21),
        targets=[_user(user_id="u-2m9x4t1c", email="coach.dre.la@example.com")],
    )
    yield HOUR
    warrant = services.request_validate(request=warrant, by=d.clerk)
    yield 30 * MINUTE
    services.request_link(request=warrant, other=fresh(hold), by=d.clerk)
    warrant = services.request_assign(request=fresh(warrant), by=d.clerk, assignee=d.reviewer)
    yield HOUR
    services.hold_release(
        request=fresh(hold),
        by=d.reviewer,
        reason=f"Search warrant {warrant.reference} arrived: the data is produced under it.",
    )
    yield DAY
    warrant = services.request_start_review(request=warrant, by=d.reviewer)
    yield 2 * HOUR
    services.notice_delay(
        request=warrant,
        by=d.reviewer,
        until=in_days(180),
        basis="Order under 18 U.S.C. § 2705(b) attached to the warrant: no notice for 180 days.",
    )


def _preservation_expired(d: _Cast) -> Story:
    yield d.ago(days=101, hours=3, minutes=44)
    r = d.open(
        "mdpd-preservation",
        Kind.PRESERVATION,
        MIAMI_DADE,
        case_number="MDPD-ECB-26-1450",
        subject="Preservation request - MDPD ECB 26-1450",
        summary="Preserve records of an account used in a romance scam, pending a subpoena.",
        targets=[_account(email="captain.j.reyes@example.com")],
    )
    yield HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield 2 * HOUR
    hold = services.hold_place(request=r, by=d.reviewer, note="Snapshot SNAP-26-0101.")
    # No legal process came: the sweep (lerq itself) expires the hold when it ends.
    yield hold.ends_at + MINUTE
    services.hold_expire(request=fresh(r), by=None)


def _international_awaiting_approval(d: _Cast) -> Story:
    yield d.ago(days=12, hours=16, minutes=9)
    r = d.open(
        "met-opo",
        Kind.INTERNATIONAL,
        MET_POLICE,
        case_number="MPS-OCSE-26-7781",
        subject="Overseas Production Order under the UK-US Data Access Agreement",
        summary="Overseas Production Order (Crime (Overseas Production Orders) Act 2019) made at "
        "Westminster Magistrates' Court, under the CLOUD Act agreement: subscriber data and "
        "meeting logs of an account used to groom children.",
        response_due_date=in_days(30),
        targets=[_user(user_id="u-5r7v0n3k", email="gamer.lad.2008@example.co.uk")],
    )
    yield 3 * HOUR
    r = services.request_validate(request=r, by=d.clerk)
    r = services.request_assign(request=r, by=d.clerk, assignee=d.reviewer)
    yield DAY
    r = services.request_start_review(request=r, by=d.reviewer)
    yield 2 * DAY
    r = d.produce(r, "subscriber.csv", "subscriber", "Subscriber information")
    services.request_submit_for_approval(
        request=r, by=d.reviewer, note="Valid OPO under the agreement; non-content only."
    )


def _emergency_disclosed(d: _Cast) -> Story:
    yield d.ago(days=6, hours=7)
    r = d.open(
        "scotland-emergency",
        Kind.EMERGENCY,
        POLICE_SCOTLAND,
        case_number="PS-MIT-W-26-0219",
        subject="EMERGENCY DISCLOSURE REQUEST",
        summary="A user posted in a public meeting chat that he would end his life tonight; "
        "screenshots attached. Needed: subscriber details and last login IP to find him within "
        "hours.",
        targets=[_user(user_id="u-0c6h8j2p", ip="198.51.100.23")],
    )
    yield 12 * MINUTE
    r = services.request_start_review(request=r, by=d.reviewer)
    yield 25 * MINUTE
    r = d.produce(r, "subscriber.csv", "subscriber", "Subscriber information")
    r = services.request_submit_for_approval(
        request=r, by=d.reviewer, note="Imminent risk to life, facts specific: disclose."
    )
    yield 10 * MINUTE
    r = services.request_approve(request=r, by=d.approver)
    yield 5 * MINUTE
    # A hacked police mailbox looks like a real one: call back on the published number first.
    services.callback_record(
        request=r,
        by=d.reviewer,
        called_at=timezone.now() - 2 * MINUTE,
        number_called="+44 141 496 0100",
        number_source="Police Scotland website, contact page",
        person_reached="DI MacLeod, Major Investigation Team West",
        outcome="confirmed",
        details="The request and the risk to life are genuine; the case number matches.",
    )
    yield 10 * MINUTE
    r = services.request_disclose(
        request=r, by=d.reviewer, note="Subscriber details and last login IP sent to DI MacLeod."
    )
    yield 2 * DAY
    # The request named the account by id and IP only: the team enters the address it holds.
    services.notice_recipient_add(request=r, by=d.reviewer, email="u-0c6h8j2p@example.co.uk")
    services.notice_draft(request=r, by=d.reviewer)  # read as it will leave, then sent
    yield 5 * MINUTE
    services.notice_send(
        request=r, by=d.reviewer, note="The emergency has passed (found safe): user told."
    )


def _subpoena_disclosed_after_notice(d: _Cast) -> Story:
    yield d.ago(days=34, hours=2, minutes=27)
    r = d.open(
        "ccso-subpoena",
        Kind.SUBPOENA,
        COOK_COUNTY,
        case_number="CCSO-CYB-26-0644",
        subject="Grand jury subpoena - Cook County - subscriber information",
        summary="Name, email, phone and login IP addresses of an account that sent threats to an "
        "elected official.",
        response_due_date=in_days(28),
        targets=[_account(email="truth.hammer.chi@example.com")],
    )
    yield 2 * HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield DAY
    r = services.request_start_review(request=r, by=d.reviewer)
    yield 3 * HOUR
    services.notice_draft(request=r, by=d.reviewer)  # read as it will leave, then sent
    yield 5 * MINUTE
    r = services.notice_send(request=r, by=d.reviewer, note="No non-disclosure order: user told.")
    yield DAY
    r = d.produce(r, "subscriber.csv", "subscriber", "Subscriber information")
    r = services.request_submit_for_approval(request=r, by=d.reviewer)
    yield 4 * HOUR
    r = services.request_approve(request=r, by=d.approver, note="No objection from the user.")
    yield 6 * DAY  # the objection window is over
    r = services.request_disclose(request=r, by=d.reviewer, note="Production PROD-26-0193.")
    yield DAY
    services.request_close(request=r, by=d.reviewer)


def _mlat_approved_notice_forbidden(d: _Cast) -> Story:
    yield d.ago(days=23, hours=19, minutes=55)
    r = d.open(
        "bka-mlat",
        Kind.INTERNATIONAL,
        BKA,
        case_number="BKA-CC2-26-31094",
        subject="MLAT request (Germany-US treaty) executed under 18 U.S.C. § 3512",
        summary="Subscriber data and meeting metadata for accounts coordinating a botnet; the "
        "order was obtained by the US Department of Justice for the German authorities.",
        response_due_date=in_days(45),
        targets=[
            _account(account_number="ACCT-009914228"),
            _meeting(url="https://meet.example.com/register/WN_4kd8QzPq"),
        ],
    )
    yield 4 * HOUR
    r = services.request_validate(request=r, by=d.clerk)
    r = services.request_assign(request=r, by=d.clerk, assignee=d.approver)
    yield 2 * DAY
    r = services.request_start_review(request=r, by=d.reviewer)
    yield HOUR
    r = services.notice_forbid(
        request=r,
        by=d.reviewer,
        basis="Order under 18 U.S.C. § 2705(b) issued with the § 3512 order, without end date.",
    )
    yield 3 * DAY
    r = d.produce(r, "subscriber.csv", "subscriber", "Subscriber information")
    r = services.request_submit_for_approval(request=r, by=d.reviewer)
    yield DAY
    services.request_approve(request=r, by=d.approver, note="Treaty request, properly executed.")


def _interception_rejected(d: _Cast) -> Story:
    yield d.ago(days=15, hours=7, minutes=31)
    r = d.open(
        "dea-interception",
        Kind.INTERCEPTION,
        DEA,
        case_number="DEA-NE-26-0357",
        subject="Title III order - real-time interception of meetings",
        summary="Live access to the audio and video of all meetings hosted by the account for 30 "
        "days (18 U.S.C. § 2518).",
        response_due_date=in_days(14),
        targets=[_account(email="b.marsh.logistics@example.com")],
    )
    yield 5 * HOUR
    services.request_reject(
        request=r,
        by=d.reviewer,
        reasons=["no_capability"],
        explanation="The service has no ability to intercept meetings in real time.",
    )


def _french_request_rejected(d: _Cast) -> Story:
    yield d.ago(days=27, hours=9, minutes=14)
    r = d.open(
        "gendarmerie-requisition",
        Kind.INTERNATIONAL,
        GENDARMERIE,
        case_number="UNC-2026-00871",
        subject="Réquisition judiciaire (article 60-1 du code de procédure pénale)",
        summary="Identité et adresses IP de connexion du titulaire du compte (texte en français).",
        response_due_date=in_days(14),
        targets=[_user(email="l.bertin@example.fr", ip="192.0.2.145")],
    )
    yield DAY
    services.request_reject(
        request=r,
        by=d.reviewer,
        reasons=["not_in_english", "no_legal_basis"],
        explanation="Not in English, and a French requisition has no force here: please send it "
        "through the mutual legal assistance treaty.",
    )


def _needs_info_lapsed(d: _Cast) -> Story:
    yield d.ago(days=52, hours=4, minutes=2)
    r = d.open(
        "garda-lapsed",
        Kind.INTERNATIONAL,
        GARDA,
        case_number="GNCCB-26-1187",
        subject="Request for user information",
        summary="Details of the account that hosted a meeting where stolen data was sold.",
        response_due_date=in_days(21),
        targets=[_meeting(meeting_id="771 0093 6652", host_email="data.drops@example.ie")],
    )
    yield 3 * HOUR
    r = services.request_ask_info(
        request=r,
        by=d.clerk,
        missing=["address", "signature"],
        explanation="A PO box is not a postal address, and the letter is not signed.",
    )
    yield 31 * DAY
    services.request_lapse(
        request=r, by=d.reviewer, reason="No answer to the deficiency notice within 30 days."
    )


def _consent_disclosed_and_closed(d: _Cast) -> Story:
    yield d.ago(days=19, hours=1, minutes=48)
    r = d.open(
        "rcmp-consent",
        Kind.USER_CONSENT,
        RCMP,
        case_number="NC3-2026-05512",
        subject="Request with account holder consent - fraud victim",
        summary="The account holder, a fraud victim, consents in writing to the disclosure of "
        "the login history of her account, taken over by the fraudster.",
        response_due_date=in_days(30),
        targets=[_account(email="marie.tremblay.qc@example.ca")],
    )
    yield 2 * HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield DAY
    r = services.request_start_review(request=r, by=d.reviewer)
    yield HOUR
    r = services.notice_waive(
        request=r, by=d.reviewer, basis="The account holder consented (signed form attached)."
    )
    yield HOUR
    r = d.produce(r, "subscriber.csv", "subscriber", "Subscriber information")
    r = services.request_submit_for_approval(request=r, by=d.reviewer)
    yield 3 * HOUR
    r = services.request_approve(request=r, by=d.approver)
    yield DAY
    r = services.request_disclose(request=r, by=d.reviewer, note="Production PROD-26-0201.")
    yield HOUR
    services.request_close(request=r, by=d.reviewer)


def _court_order_disclosed_notice_delayed(d: _Cast) -> Story:
    yield d.ago(days=30, hours=5, minutes=26)
    r = d.open(
        "hsi-2703d",
        Kind.COURT_ORDER,
        HSI_NEW_YORK,
        case_number="HSI-NY-26-02215",
        subject="Order under 18 U.S.C. § 2703(d) - 1:26-mc-00412 (S.D.N.Y.)",
        summary="Non-content records (subscriber data, IP logs, meeting metadata) for an account "
        "used to launder proceeds of trafficking.",
        response_due_date=in_days(21),
        targets=[_account(email="golden.route.ltd@example.com", account_number="ACCT-003318850")],
    )
    yield 3 * HOUR
    r = services.request_validate(request=r, by=d.clerk)
    yield DAY
    r = services.request_start_review(request=r, by=d.reviewer)
    yield HOUR
    r = services.notice_delay(
        request=r,
        by=d.reviewer,
        until=in_days(365),
        basis="Order under 18 U.S.C. § 2705(b) in 1:26-mc-00412: no notice for one year.",
    )
    yield 2 * DAY
    r = d.produce(r, "subscriber.csv", "subscriber", "Subscriber information")
    r = services.request_submit_for_approval(request=r, by=d.reviewer)
    yield 5 * HOUR
    r = services.request_approve(request=r, by=d.approver)
    yield DAY
    services.request_disclose(request=r, by=d.reviewer, note="Production PROD-26-0188.")


def _access_restriction_validated(d: _Cast) -> Story:
    yield d.ago(days=4, hours=3, minutes=58)
    r = d.open(
        "lka-access-restriction",
        Kind.ACCESS_RESTRICTION,
        LKA_BERLIN,
        case_number="LKA5-26-04471",
        subject="Court order to restrict access in Germany (§ 130 StGB) - English translation",
        summary="Restrict access from Germany to one public webinar recording found to incite "
        "hatred; order of the Amtsgericht Tiergarten attached with a certified translation.",
        response_due_date=in_days(21),
        targets=[_meeting(url="https://meet.example.com/rec/share/Zk93LqT")],
    )
    yield 5 * HOUR
    services.request_validate(request=r, by=d.clerk)


def _records_authentication_received(d: _Cast) -> Story:
    yield d.ago(days=1, hours=2, minutes=33)
    d.open(
        "tcda-authentication",
        Kind.RECORDS_AUTHENTICATION,
        TRAVIS_COUNTY_DA,
        case_number="TCDA-D-1-DC-26-301122",
        subject="Request for certificate of authenticity of business records",
        summary="A certificate of authenticity for the records produced in August, for trial.",
        response_due_date=in_days(30),
        targets=[_account(account_number="ACCT-001177342")],
    )


STORIES: tuple[Callable[[_Cast], Story], ...] = (
    _subpoena_just_received,
    _emergency_just_received,
    _international_needs_info,
    _court_order_answered_and_validated,
    _preservation_on_hold,
    _preservation_extended,
    _preservation_released_for_warrant,
    _preservation_expired,
    _international_awaiting_approval,
    _emergency_disclosed,
    _subpoena_disclosed_after_notice,
    _mlat_approved_notice_forbidden,
    _interception_rejected,
    _french_request_rejected,
    _needs_info_lapsed,
    _consent_disclosed_and_closed,
    _court_order_disclosed_notice_delayed,
    _access_restriction_validated,
    _records_authentication_received,
    *EU_STORIES,
)
