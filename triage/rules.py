"""What a valid request must carry, per kind (REQUIREMENTS.md "What a valid request must
carry"), and the deficiencies of one request against it. Pure: no ORM, no settings.

`fields` is the extraction contract of DESIGN.md (`manage.py extract --json`): kind, agency,
agent_name, badge, agent_email, phone, address, po_box, response_date, targets, emergency,
signed, letterhead.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from triage.models.choices import Kind

MIN_RESPONSE_DAYS = 14

# The names ingest_eml's `missing` and the deficiency notice use (DESIGN.md).
AGENCY = "agency"
AGENT_NAME = "agent_name"
BADGE = "badge"
AGENT_EMAIL = "agent_email"
PHONE = "phone"
ADDRESS = "address"
RESPONSE_DATE = "response_date"
SIGNATURE = "signature"
TARGETS = "targets"
LETTERHEAD = "letterhead"
NAMES = (AGENCY, AGENT_NAME, BADGE, AGENT_EMAIL, PHONE, ADDRESS, RESPONSE_DATE, SIGNATURE,
         TARGETS, LETTERHEAD)  # fmt: skip

_EVERY = frozenset({AGENCY, AGENT_NAME, BADGE, AGENT_EMAIL, PHONE, ADDRESS, RESPONSE_DATE,
                    SIGNATURE, TARGETS})  # fmt: skip
# The table: per kind, the items it must carry.
REQUIRED: Mapping[str, frozenset[str]] = {
    Kind.PRESERVATION: frozenset({AGENCY, AGENT_NAME, AGENT_EMAIL, SIGNATURE, LETTERHEAD, TARGETS}),
    Kind.PRESERVATION_EXTENSION: frozenset(
        {AGENCY, AGENT_NAME, AGENT_EMAIL, SIGNATURE, LETTERHEAD, TARGETS}
    ),
    Kind.SUBPOENA: _EVERY,
    Kind.COURT_ORDER: _EVERY,
    Kind.SEARCH_WARRANT: _EVERY,
    Kind.INTERNATIONAL: _EVERY,
    Kind.ACCESS_RESTRICTION: _EVERY,
    Kind.USER_CONSENT: _EVERY,
    Kind.RECORDS_AUTHENTICATION: _EVERY,
    # Emergencies: who asks and for whom, no response date (REQUIREMENTS.md "Emergency").
    Kind.EMERGENCY: frozenset({AGENCY, AGENT_NAME, BADGE, AGENT_EMAIL, TARGETS}),
    Kind.INTERCEPTION: _EVERY,
    # EU orders (Regulation (EU) 2023/1543, Annexes I and II): the issuing authority (agency),
    # whom to answer, the targets and the signature; no letterhead, badge or response date
    # (the Regulation sets the deadlines). What the certificate itself must carry: eu_gaps.
    Kind.EU_PRODUCTION_ORDER: frozenset({AGENCY, AGENT_EMAIL, SIGNATURE, TARGETS}),
    Kind.EU_PRESERVATION_ORDER: frozenset({AGENCY, AGENT_EMAIL, SIGNATURE, TARGETS}),
}
UNKNOWN_KIND_REQUIRED = _EVERY

SENTENCES = {
    AGENCY: "The name of the requesting agency is missing.",
    AGENT_NAME: "The name of the requesting officer is missing.",
    BADGE: "The requesting officer's badge or ID number is missing.",
    AGENT_EMAIL: "An email address issued to the officer by the agency is missing.",
    PHONE: "The requesting officer's telephone number, with extension, is missing.",
    ADDRESS: "The agency's postal address is missing.",
    RESPONSE_DATE: "The date by which a response is requested is missing.",
    SIGNATURE: "The request is not signed by the requesting official.",
    TARGETS: "The request names no specific user, account or meeting (a user id, email "
    "address or IP address; an account number or the owner's email; a meeting id, the host's "
    "email and the meeting time, or the registration URL).",
    LETTERHEAD: "The request is not on the agency's letterhead.",
}
NOT_GOVERNMENT_EMAIL = (
    "The officer's email address {email} is not on an official government domain; the request "
    "must come from an address the agency issued."
)
PO_BOX_ONLY = "A PO box ({po_box}) is not accepted: the agency's street address is required."
RESPONSE_TOO_SOON = (
    "The requested response date ({due}) is less than {days} days after we received the request "
    "({received}); please allow at least {days} days."
)
OVERBROAD = "The request is vague or overbroad: it must name specific users, accounts or meetings."
EMERGENCY_NO_PERSON = "The emergency request does not say who is at risk."
EMERGENCY_NOT_IMMINENT = (
    "The emergency request does not say how imminent the harm is (a deadline or the date it "
    "will occur)."
)
INTERCEPTION_REFUSED = "Real-time interception is always refused: no such capability exists."
NOT_IN_ENGLISH = "The request is not in English ({language}); it may go unanswered."
SCANNED = "The legal document is a scanned image; please send the signed PDF itself."


@dataclass(frozen=True)
class Deficiency:
    name: str
    sentence: str


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def deficiencies(
    *,
    kind: str | None,
    fields: Mapping[str, Any],
    received_at: datetime | date | None,
    is_government_email: Callable[[str], bool],
    overbroad: bool = False,
) -> list[Deficiency]:
    """Each missing or unacceptable item, in the order of NAMES, with a sentence for the
    deficiency notice. (An interception is refused whatever it carries: see `refusal`.)

    ``is_government_email`` is intake's sender-domain check (intake/govdomains.py): triage
    does not import intake, and keeps no second list of government domains."""
    required = REQUIRED.get(kind, UNKNOWN_KIND_REQUIRED) if kind else UNKNOWN_KIND_REQUIRED
    found: dict[str, str] = {}

    def check(name: str, sentence: str) -> None:
        found.setdefault(name, sentence)

    for name in (AGENCY, AGENT_NAME, BADGE, PHONE):
        if name in required and _blank(fields.get(name)):
            check(name, SENTENCES[name])
    email = fields.get(AGENT_EMAIL)
    if AGENT_EMAIL in required:
        if _blank(email):
            check(AGENT_EMAIL, SENTENCES[AGENT_EMAIL])
        elif not is_government_email(email):
            check(AGENT_EMAIL, NOT_GOVERNMENT_EMAIL.format(email=email))
    if ADDRESS in required and _blank(fields.get(ADDRESS)):
        po_box = fields.get("po_box")
        check(ADDRESS, PO_BOX_ONLY.format(po_box=po_box) if po_box else SENTENCES[ADDRESS])
    if RESPONSE_DATE in required and kind != Kind.EMERGENCY:
        due = _as_date(fields.get(RESPONSE_DATE))
        received = _as_date(received_at)
        if due is None:
            check(RESPONSE_DATE, SENTENCES[RESPONSE_DATE])
        elif received is not None and due < received + timedelta(days=MIN_RESPONSE_DAYS):
            check(
                RESPONSE_DATE,
                RESPONSE_TOO_SOON.format(
                    due=due.isoformat(), received=received.isoformat(), days=MIN_RESPONSE_DAYS
                ),
            )
    if SIGNATURE in required and not fields.get("signed"):
        check(SIGNATURE, SCANNED if fields.get("scanned") else SENTENCES[SIGNATURE])
    if LETTERHEAD in required and not fields.get(LETTERHEAD):
        check(LETTERHEAD, SENTENCES[LETTERHEAD])
    if TARGETS in required and not fields.get(TARGETS):
        check(TARGETS, OVERBROAD if overbroad else SENTENCES[TARGETS])
    return [Deficiency(name, found[name]) for name in NAMES if name in found]


def emergency_gaps(fields: Mapping[str, Any]) -> list[str]:
    """What an emergency request must also describe (REQUIREMENTS.md "Emergency") and does
    not: they are not among the notice's field names, so they are sentences for the reviewer."""
    emergency = fields.get("emergency") or {}
    gaps = []
    if not emergency.get("person_at_risk"):
        gaps.append(EMERGENCY_NO_PERSON)
    if not emergency.get("imminence"):
        gaps.append(EMERGENCY_NOT_IMMINENT)
    return gaps


def refusal(kind: str | None) -> str | None:
    """A reason no missing item can cure: real-time interception is always refused."""
    return INTERCEPTION_REFUSED if kind == Kind.INTERCEPTION else None


def language_note(language: str | None) -> str | None:
    if language and language != "en":
        return NOT_IN_ENGLISH.format(language=language)
    return None


# A request not to notify the user (REQUIREMENTS.md "Non-disclosure"). Not among NAMES (the
# ingest_eml contract): the reviewer records the order, and these name what it lacks.
NONDISCLOSURE_DURATION = "nondisclosure_duration"
NONDISCLOSURE_CIRCUMSTANCES = "nondisclosure_circumstances"
NONDISCLOSURE_SENTENCES = {
    NONDISCLOSURE_DURATION: "The request not to notify the user gives no specific duration "
    "(for instance 90 days, or an end date); we notify users unless the law forbids it for a "
    "stated time.",
    NONDISCLOSURE_CIRCUMSTANCES: "The request not to notify the user does not state the "
    "circumstances or the harm that justify delaying notice.",
}


def nondisclosure_gaps(
    *, days: int | None, until: date | None, circumstances: str
) -> list[Deficiency]:
    """What a non-disclosure order or request lacks, with a sentence for the deficiency
    notice: a specific duration, and the circumstances or harm that justify it."""
    gaps = []
    if days is None and until is None:
        gaps.append(NONDISCLOSURE_DURATION)
    if _blank(circumstances):
        gaps.append(NONDISCLOSURE_CIRCUMSTANCES)
    return [Deficiency(name, NONDISCLOSURE_SENTENCES[name]) for name in gaps]


# What an EU certificate must carry besides (Annex I section A to K, Annex II), by the
# Request field it is kept in (triage/models/eu_order.py); not among NAMES (the ingest_eml
# contract). The request page shows each beside the field.
EU_ISSUING_STATE = "eu_issuing_state"
EU_DATA_CATEGORIES = "eu_data_categories"
EU_OFFENCE = "eu_offence"
EU_LEGAL_BASIS = "eu_legal_basis"
EU_NAMES = (EU_ISSUING_STATE, EU_DATA_CATEGORIES, EU_OFFENCE, EU_LEGAL_BASIS)
EU_SENTENCES = {
    EU_ISSUING_STATE: "The certificate does not name the issuing State.",
    EU_DATA_CATEGORIES: "The certificate does not say which categories of data are sought "
    "(subscriber data, data requested only to identify the user, traffic data, content data).",
    EU_OFFENCE: "The certificate does not describe the offence.",
    EU_LEGAL_BASIS: "The certificate does not give the applicable provision of the issuing "
    "State's criminal law.",
}


def eu_gaps(*, kind: str | None, fields: Mapping[str, Any]) -> list[Deficiency]:
    """What an EU certificate lacks, with a sentence for the Annex III answer (Articles 10, 11):
    the issuing State, the data categories, the offence and its legal basis."""
    if kind not in (Kind.EU_PRODUCTION_ORDER, Kind.EU_PRESERVATION_ORDER):
        return []
    gaps = [name for name in EU_NAMES if _blank(fields.get(name)) or fields.get(name) == []]
    return [Deficiency(name, EU_SENTENCES[name]) for name in gaps]
