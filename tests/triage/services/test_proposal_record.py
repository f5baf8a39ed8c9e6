"""proposal_record: what the agency's answer gave is proposed beside the current values,
once per message and field, and only where it differs from what the request holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import open_request, request_in
from tests.triage.services.helpers import last_seq, the_one_event_since
from triage import services
from triage.models import EventKind, FieldProposal, ProposedField

pytestmark = pytest.mark.django_db


def propose(request, sha256="a" * 64, **found):
    return services.proposal_record(
        request=request, found=found, message_id=f"<{sha256[:8]}@gmp.police.uk>", sha256=sha256
    )


def pending(request):
    return {
        p.field: p.value for p in FieldProposal.objects.filter(request=request, decided_at=None)
    }


def test_only_values_that_differ_from_the_request_are_proposed():
    r = request_in("needs_info", badge="", agent_phone="")
    since = last_seq()

    made = propose(
        r,
        badge="4471",
        agent_phone="+44 161 856 0000",
        agency=r.agency,
        language="en",
        response_due_date=r.response_due_date.isoformat(),
        targets=[{"type": "user", "email": "target@example.com"}],
    )

    assert pending(r) == {"badge": "4471", "agent_phone": "+44 161 856 0000"}
    assert [p.field for p in made] == ["badge", "agent_phone"]
    event = the_one_event_since(since)
    assert (event.action, event.actor_name) == (EventKind.FIELDS_PROPOSED, "system")
    assert event.data["proposed"] == {"badge": "4471", "agent_phone": "+44 161 856 0000"}


def test_nothing_new_records_nothing():
    r = request_in("needs_info")
    since = last_seq()

    assert propose(r, badge=r.badge, agency=f"  {r.agency} ") == []

    assert not FieldProposal.objects.exists()
    assert last_seq() == since


def test_a_message_proposes_each_field_once_and_at_most_the_fields_there_are():
    r = request_in("needs_info", badge="")
    found = {name: "x" for name in ProposedField.values if name != "targets"}
    found |= {"agent_email": "dc.hale@gmp.police.uk", "response_due_date": "2027-01-31"}
    found |= {"kind": "court_order", "summary": "free text", "targets": [{"type": "user"}] * 50}

    propose(r, **found)
    propose(r, **found)  # routed again after a crash

    assert FieldProposal.objects.filter(request=r).count() == len(ProposedField.values)
    assert "summary" not in pending(r)  # only the fields the brief names are read from answers


def test_only_targets_the_request_does_not_name_are_proposed():
    r = request_in("needs_info")
    new = {"type": "account", "account_number": "88-1234"}

    propose(r, targets=[{"type": "user", "email": "TARGET@example.com"}, new])

    assert pending(r) == {"targets": [new]}


def test_a_later_answer_supersedes_what_an_earlier_one_proposed_for_the_same_field():
    r = request_in("needs_info", badge="")
    propose(r, "a" * 64, badge="4471", agent_name="DC Hale")

    propose(r, "b" * 64, badge="4417")

    assert pending(r) == {"badge": "4417", "agent_name": "DC Hale"}
    first = FieldProposal.objects.get(request=r, source_sha256="a" * 64, field="badge")
    assert (first.accepted, first.decided_by) == (False, None)


def test_a_finished_request_gets_no_proposals():
    r = request_in("rejected")

    assert propose(r, badge="4471") == []
    assert not FieldProposal.objects.exists()


def test_an_unreadable_date_is_not_proposed():
    r = open_request(response_due_date=None)

    propose(r, response_due_date="31/01/2027", badge=r.badge)
    propose(r, "c" * 64, response_due_date=(timezone.localdate() + timedelta(days=9)).isoformat())

    assert list(pending(r)) == ["response_due_date"]
