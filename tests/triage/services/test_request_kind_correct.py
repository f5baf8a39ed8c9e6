"""request_kind_correct: a person corrects the kind of legal process lerq read. The record has
the old and new kind; the emergency clock follows the kind; the letters name the corrected
process; on an approved request the approval falls."""

import pytest
from django.core.files.storage import default_storage

from tests.factories import open_request, request_in
from tests.triage.letters.support import (  # noqa: F401 (fixtures)
    letters_env,
    pdf_text,
    signing_pair,
)
from tests.triage.services.helpers import (
    approved,
    fresh,
    last_seq,
    open_deadlines,
    refused,
    the_one_event_since,
    walk_to,
    with_notice,
)
from triage import rules, services
from triage.models import DeadlineKind, Event, EventKind, Kind, Letter, Notice, Status
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused
from triage.services.corrections import ERR_KIND_HOLD, ERR_UNKNOWN_KIND
from triage.services.readings import ERR_REVIEWER_CORRECTS

pytestmark = pytest.mark.django_db

EMERGENCY_TIMERS = {DeadlineKind.EMERGENCY_ACK, DeadlineKind.EMERGENCY_ESCALATION}


def _kinds(r) -> set[str]:
    return {kind for kind, _ in open_deadlines(r)}


def correct(r, by, kind, **kw):
    return services.request_kind_correct(request=r, by=by, kind=kind, seen_status=r.status, **kw)


def test_a_clerk_corrects_the_kind_before_review_and_the_record_has_old_and_new(clerk):
    r = open_request(Kind.COURT_ORDER)
    since = last_seq()

    correct(r, clerk, Kind.SUBPOENA, note="A grand-jury subpoena, not an order.")

    assert fresh(r).kind == Kind.SUBPOENA
    event = the_one_event_since(since)
    assert (event.action, event.actor_name, event.reason) == (
        "kind_corrected",
        "clerk",
        "A grand-jury subpoena, not an order.",
    )
    assert event.data["changes"] == {"kind": {"from": "court_order", "to": "subpoena"}}
    assert event.data["rules_missing"] == []


def test_the_same_kind_records_nothing(clerk):
    r = open_request(Kind.SUBPOENA)
    since = last_seq()

    correct(r, clerk, Kind.SUBPOENA)

    assert last_seq() == since


def test_the_rules_of_the_new_kind_are_run_and_recorded(clerk):
    # A preservation needs no phone; a subpoena does.
    r = open_request(Kind.PRESERVATION, agent_phone="")
    since = last_seq()

    correct(r, clerk, Kind.SUBPOENA)

    assert the_one_event_since(since).data["rules_missing"] == [rules.SENTENCES[rules.PHONE]]


def test_an_emergency_switched_on_starts_its_clock(clerk):
    r = open_request(Kind.SUBPOENA)
    assert not _kinds(r) & EMERGENCY_TIMERS

    correct(r, clerk, Kind.EMERGENCY)

    assert _kinds(r) >= EMERGENCY_TIMERS
    event = Event.objects.filter(request=r, action=EventKind.KIND_CORRECTED).get()
    assert set(event.data["timers"]["started"]) == EMERGENCY_TIMERS


def test_an_emergency_in_review_is_escalated_but_not_acknowledged_again(reviewer):
    r = request_in("in_review", Kind.SUBPOENA)

    correct(r, reviewer, Kind.EMERGENCY)

    assert DeadlineKind.EMERGENCY_ESCALATION in _kinds(r)
    assert DeadlineKind.EMERGENCY_ACK not in _kinds(r)


def test_an_emergency_switched_off_stops_its_clock(clerk):
    r = open_request(Kind.EMERGENCY)
    assert _kinds(r) >= EMERGENCY_TIMERS

    correct(r, clerk, Kind.SUBPOENA)

    assert not _kinds(r) & EMERGENCY_TIMERS


def test_once_in_review_only_a_reviewer_corrects_the_kind(clerk):
    r = request_in("in_review", Kind.COURT_ORDER)

    refused(
        lambda: correct(r, clerk, Kind.SUBPOENA),
        ActionNotPermitted,
        ERR_REVIEWER_CORRECTS.format(
            reference=r.reference, state="in review", what="the kind of legal process"
        ),
    )


def test_someone_outside_the_team_corrects_nothing(outsider):
    r = open_request(Kind.COURT_ORDER)

    refused(lambda: correct(r, outsider, Kind.SUBPOENA), ActionNotPermitted)


def test_an_unknown_kind_is_refused(clerk):
    r = open_request(Kind.COURT_ORDER)

    refused(lambda: correct(r, clerk, "writ"), InvalidInput, ERR_UNKNOWN_KIND.format(kind="writ"))


def test_a_preserved_request_stays_a_preservation(reviewer):
    r = walk_to(Status.PRESERVED)

    refused(
        lambda: correct(r, reviewer, Kind.SUBPOENA),
        TransitionRefused,
        ERR_KIND_HOLD.format(reference=r.reference, state="preserved"),
    )


def test_on_an_approved_request_a_kind_change_withdraws_the_approval(reviewer):
    r = approved(Kind.COURT_ORDER)

    correct(r, reviewer, Kind.SUBPOENA)

    r = fresh(r)
    assert (r.status, r.approved_by, r.approved_package_sha256) == (Status.IN_REVIEW, None, "")
    withdrawn = Event.objects.filter(request=r, action=EventKind.WITHDRAW_APPROVAL).get()
    assert withdrawn.data["cause"] == "the kind of legal process was corrected"


@pytest.mark.usefixtures("letters_env")
def test_a_subpoena_read_as_a_court_order_is_answered_as_a_subpoena(reviewer, approver):
    r = approved(Kind.COURT_ORDER)
    correct(r, reviewer, Kind.SUBPOENA, note="Grand-jury subpoena.")
    r = services.request_approve(request=fresh(r), by=approver)
    r = with_notice(fresh(r), Notice.NOT_REQUIRED)

    services.request_disclose(request=r, by=reviewer)

    letter = Letter.objects.get(request=r, kind="disclosure")
    services.letter_send(letter=letter, by=reviewer)  # the draft is read and sent
    services.letter_deliver(letter_id=letter.pk)
    letter.refresh_from_db()
    with default_storage.open(letter.file.name, "rb") as f:
        text = pdf_text(f.read())
    assert "In response to your subpoena" in text
    assert "court order" not in text
