"""proposal_decline (issue 16): beside accept, a reviewer declines what the agency's answer
proposed, saying why: the proposal is decided, no longer shown as waiting, and the field is
unchanged, on the record."""

import pytest

from tests.factories import request_in
from tests.triage.services.helpers import fresh, last_seq
from triage import services
from triage.models import Event, EventKind, FieldProposal
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.proposals import ERR_DECLINE_REASON, ERR_NOT_PENDING

pytestmark = pytest.mark.django_db

REASON = "4471 is the case number the answer quotes, not the agent's badge."


def propose(request, **found):
    return services.proposal_record(
        request=request, found=found, message_id="<answer@gmp.police.uk>", sha256="a" * 64
    )


def test_a_declined_proposal_leaves_the_field_and_is_on_the_record(reviewer):
    r = request_in("received", badge="", agent_phone="")
    badge, phone = propose(r, badge="4471", agent_phone="+44 161 856 0000")

    services.proposal_decline(request=r, by=reviewer, proposal=badge.pk, reason=REASON)

    assert fresh(r).badge == ""
    declined = FieldProposal.objects.get(pk=badge.pk)
    assert (declined.accepted, declined.decided_by) == (False, reviewer)
    assert list(FieldProposal.objects.filter(decided_at=None)) == [phone]
    event = Event.objects.get(request=r, action=EventKind.PROPOSAL_DECLINED)
    assert (event.actor, event.reason) == (reviewer, REASON)
    assert (event.data["field"], event.data["value"]) == ("badge", "4471")


def test_a_decided_proposal_cannot_be_declined(reviewer):
    r = request_in("received", badge="")
    (badge,) = propose(r, badge="4471")
    services.proposal_accept(request=r, by=reviewer, seen_status=r.status, proposal=badge.pk)
    since = last_seq()

    with pytest.raises(InvalidInput) as refused:
        services.proposal_decline(request=r, by=reviewer, proposal=badge.pk, reason=REASON)

    assert str(refused.value) == ERR_NOT_PENDING.format(reference=r.reference)
    assert fresh(r).badge == "4471" and last_seq() == since


def test_a_decline_says_why(reviewer):
    r = request_in("received", badge="")
    (badge,) = propose(r, badge="4471")
    with pytest.raises(InvalidInput, match=ERR_DECLINE_REASON):
        services.proposal_decline(request=r, by=reviewer, proposal=badge.pk, reason=" ")
    assert FieldProposal.objects.get(pk=badge.pk).decided_at is None


def test_a_clerk_may_not_decline(clerk):
    r = request_in("received", badge="")
    (badge,) = propose(r, badge="4471")
    with pytest.raises(ActionNotPermitted):
        services.proposal_decline(request=r, by=clerk, proposal=badge.pk, reason=REASON)
    assert FieldProposal.objects.get(pk=badge.pk).decided_at is None
