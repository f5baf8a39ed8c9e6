"""proposal_accept: a person accepts what the agency's answer proposed; the values go through
request_update_fields (old and new on the record, the destination rules, the approval
re-check) and the proposals are decided, on the record. Accepting twice changes nothing."""

from datetime import date

import pytest

from tests.factories import request_in
from tests.triage.services.helpers import approved, events_since, fresh, last_seq
from triage import services
from triage.models import EventKind, FieldProposal, Status
from triage.services import ActionNotPermitted, InvalidInput, RequestChanged
from triage.services.approval import ERR_DESTINATION_REASON
from triage.services.proposals import ERR_NOTHING_PENDING

pytestmark = pytest.mark.django_db


def propose(request, **found):
    return services.proposal_record(
        request=request, found=found, message_id="<answer@gmp.police.uk>", sha256="a" * 64
    )


def accept(request, by, **kwargs):
    return services.proposal_accept(request=request, by=by, seen_status=request.status, **kwargs)


def test_accepting_all_sets_the_fields_and_decides_the_proposals(clerk):
    r = request_in("received", badge="", agent_phone="", response_due_date=None)
    propose(r, badge="4471", agent_phone="+44 161 856 0000", response_due_date="2027-01-31")
    since = last_seq()

    accept(r, clerk)

    r = fresh(r)
    assert (r.badge, r.agent_phone, r.response_due_date) == (
        "4471",
        "+44 161 856 0000",
        date(2027, 1, 31),
    )
    actions = [e.action for e in events_since(since)]
    assert actions == [EventKind.FIELDS_CHANGED, EventKind.PROPOSALS_ACCEPTED]
    changed, accepted = events_since(since)
    assert changed.action == EventKind.FIELDS_CHANGED
    assert changed.data["changes"]["badge"] == {"from": "", "to": "4471"}
    assert (accepted.action, accepted.actor_name) == (EventKind.PROPOSALS_ACCEPTED, "clerk")
    assert not FieldProposal.objects.filter(decided_at=None).exists()


def test_accepting_twice_changes_nothing(clerk):
    r = request_in("received", badge="")
    propose(r, badge="4471")
    accept(r, clerk)
    since = last_seq()

    with pytest.raises(InvalidInput) as refused:
        accept(fresh(r), clerk)

    assert str(refused.value) == ERR_NOTHING_PENDING.format(reference=r.reference)
    assert last_seq() == since
    assert fresh(r).badge == "4471"


def test_accepting_one_leaves_the_others_waiting(clerk):
    r = request_in("received", badge="", agent_phone="")
    badge, phone = propose(r, badge="4471", agent_phone="+44 161 856 0000")

    accept(r, clerk, proposal=phone.pk)

    r = fresh(r)
    assert (r.badge, r.agent_phone) == ("", "+44 161 856 0000")
    assert list(FieldProposal.objects.filter(decided_at=None)) == [badge]


def test_an_agent_email_off_the_verified_domain_still_needs_a_reviewers_reason(clerk, reviewer):
    r = request_in("received", agent_email="dc.hale@gmp.police.uk")
    (proposal,) = propose(r, agent_email="hale.private@police.example")

    with pytest.raises(InvalidInput) as refused:
        accept(r, clerk)

    assert str(refused.value) == ERR_DESTINATION_REASON.format(
        address="hale.private@police.example", sender="dc.hale@gmp.police.uk"
    )
    assert fresh(r).agent_email == "dc.hale@gmp.police.uk"
    proposal.refresh_from_db()
    assert proposal.decided_at is None

    accept(r, reviewer, destination_reason="Confirmed by phone with the agency's duty officer.")

    r = fresh(r)
    assert (r.agent_email, r.destination_set_by) == ("hale.private@police.example", reviewer)
    proposal.refresh_from_db()
    assert (proposal.accepted, proposal.decided_by) == (True, reviewer)


def test_accepted_targets_are_added_and_withdraw_an_approval(reviewer):
    r = approved()
    propose(r, targets=[{"type": "account", "account_number": "88-1234"}])

    accept(r, reviewer)

    r = fresh(r)
    assert [t.account_number for t in r.targets.all()] == ["", "88-1234"]
    assert r.status == Status.IN_REVIEW


def test_a_stale_page_accepts_nothing(clerk):
    r = request_in("received", badge="")
    propose(r, badge="4471")

    with pytest.raises(RequestChanged):
        services.proposal_accept(request=r, by=clerk, seen_status=Status.NEEDS_INFO)

    assert fresh(r).badge == ""
    assert FieldProposal.objects.filter(decided_at=None).count() == 1


def test_an_outsider_may_not_accept(outsider):
    r = request_in("received", badge="")
    propose(r, badge="4471")

    with pytest.raises(ActionNotPermitted):
        accept(r, outsider)

    assert fresh(r).badge == ""
