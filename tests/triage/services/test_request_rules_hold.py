"""Rules hold at every step: validate, start_review and approve check triage/rules.py against
the request's current fields. Something required missing: refused with the rules' sentences,
or taken with a reviewer's override reason, which goes on the record."""

import pytest

from tests.factories import open_request, request_in
from tests.triage.services.helpers import asked, fresh, last_seq, refused, the_one_event_since
from triage import rules, services
from triage.models import Kind, Status
from triage.services import ActionNotPermitted, TransitionRefused
from triage.services.readings import ERR_OVERRIDE_ROLE, ERR_RULES_MISSING

pytestmark = pytest.mark.django_db

BADGE_AND_PHONE = f"{rules.SENTENCES[rules.BADGE]} {rules.SENTENCES[rules.PHONE]}"


def _missing(r, action: str) -> str:
    return ERR_RULES_MISSING.format(reference=r.reference, action=action, missing=BADGE_AND_PHONE)


def test_a_request_missing_badge_and_phone_is_not_validated(clerk):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")

    refused(
        lambda: services.request_validate(request=r, by=clerk),
        TransitionRefused,
        _missing(r, "validate"),
    )


def test_a_clerk_cannot_override_the_rules(clerk):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")

    refused(
        lambda: services.request_validate(request=r, by=clerk, override="the agent phoned us"),
        ActionNotPermitted,
        ERR_OVERRIDE_ROLE.format(user="clerk", reference=r.reference),
    )


def test_a_reviewer_validates_with_an_override_reason_that_goes_on_the_record(reviewer):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    since = last_seq()

    services.request_validate(request=r, by=reviewer, override="  Badge checked by phone. ")

    assert fresh(r).status == Status.VALIDATED
    event = the_one_event_since(since)
    assert event.action == "validate"
    assert event.data["override"] == {
        "reason": "Badge checked by phone.",
        "missing": [rules.SENTENCES[rules.BADGE], rules.SENTENCES[rules.PHONE]],
    }


def test_a_complete_request_is_validated_without_an_override_and_none_is_recorded(clerk):
    r = open_request(Kind.SUBPOENA)
    since = last_seq()

    services.request_validate(request=r, by=clerk, override="not needed")

    assert "override" not in the_one_event_since(since).data


def test_what_a_clerk_corrects_is_what_the_rules_check(clerk):
    r = open_request(Kind.SUBPOENA, badge="", agent_phone="")
    services.request_update_fields(
        request=r,
        by=clerk,
        changes={"badge": "FBI-4471", "agent_phone": "+1 202 555 0134"},
        seen_status=r.status,
    )

    services.request_validate(request=fresh(r), by=clerk)

    assert fresh(r).status == Status.VALIDATED


def test_a_letterhead_recorded_as_absent_stops_a_preservation(clerk):
    r = open_request(Kind.PRESERVATION, letterhead=False)
    message = ERR_RULES_MISSING.format(
        reference=r.reference, action="validate", missing=rules.SENTENCES[rules.LETTERHEAD]
    )

    refused(lambda: services.request_validate(request=r, by=clerk), TransitionRefused, message)


def test_a_deficiency_notice_for_a_signature_records_it_as_absent_until_corrected(clerk):
    r = open_request(Kind.SUBPOENA, signed=None)
    r = services.request_ask_info(request=r, by=None, missing=[rules.SIGNATURE])
    assert fresh(r).signed is False
    r = services.request_answer(request=fresh(r), by=clerk)

    with pytest.raises(TransitionRefused, match="not signed"):
        services.request_validate(request=fresh(r), by=clerk)
    services.request_update_fields(
        request=fresh(r), by=clerk, changes={"signed": True}, seen_status=Status.RECEIVED
    )
    services.request_validate(request=fresh(r), by=clerk)

    assert fresh(r).status == Status.VALIDATED


def test_lerq_itself_validates_on_intakes_own_verdict(db):
    # Intake decides by the same rules on the whole document (intake/opening.py verdict).
    r = open_request(Kind.SUBPOENA, badge="")

    services.request_validate(request=r, by=None)

    assert fresh(r).status == Status.VALIDATED


def test_start_review_holds_the_rules_too(reviewer):
    r = request_in("validated", Kind.SUBPOENA, badge="", agent_phone="")

    refused(
        lambda: services.request_start_review(request=r, by=reviewer),
        TransitionRefused,
        _missing(r, "start review"),
    )
    services.request_start_review(request=r, by=reviewer, override="Known officer.")
    assert fresh(r).status == Status.IN_REVIEW


def test_approve_holds_the_rules_on_the_fields_as_they_are_now(reviewer, approver):
    r = asked(Kind.SUBPOENA)
    services.request_update_fields(
        request=r, by=reviewer, changes={"badge": "", "agent_phone": ""}, seen_status=r.status
    )

    refused(
        lambda: services.request_approve(request=fresh(r), by=approver),
        TransitionRefused,
        _missing(r, "approve disclosure"),
    )
    services.request_approve(request=fresh(r), by=approver, override="Confirmed by call-back.")
    assert fresh(r).status == Status.APPROVED
