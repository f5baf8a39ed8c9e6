"""The required items per kind and the deficiencies of a request against them."""

from datetime import UTC, date, datetime

import pytest

from triage import rules
from triage.models.choices import Kind

RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def gov_only(address: str) -> bool:
    """Stands in for intake's sender-domain check, which deficiencies() takes."""
    return address.rpartition("@")[2].endswith(".gov")


COMPLETE = {
    "agency": "Springfield Police Department",
    "agent_name": "Maria Lopez",
    "badge": "4521",
    "agent_email": "mlopez@springfield.il.gov",
    "phone": "+1 217-555-0143 ext. 204",
    "address": "1200 Harbor Street, Springfield, IL 62701",
    "po_box": None,
    "response_date": "2026-03-30",
    "targets": [{"type": "user", "email": "suspect@gmail.com"}],
    "emergency": {"present": False, "person_at_risk": None, "imminence": None},
    "signed": True,
    "letterhead": True,
}


def names(kind, received_at=RECEIVED, **changes):
    found = rules.deficiencies(
        kind=kind,
        fields={**COMPLETE, **changes},
        received_at=received_at,
        is_government_email=gov_only,
    )
    return [d.name for d in found]


@pytest.mark.parametrize("kind", [k for k in Kind if k != Kind.INTERCEPTION])
def test_a_complete_request_has_no_deficiencies(kind):
    assert names(kind) == []


def test_every_required_name_is_one_of_the_notice_s_names():
    for required in rules.REQUIRED.values():
        assert set(required) <= set(rules.NAMES)
    assert set(rules.REQUIRED) == set(Kind)


@pytest.mark.parametrize(
    "name", ["agency", "agent_name", "badge", "agent_email", "phone", "address", "response_date"]
)
def test_each_missing_item_of_a_subpoena_is_named_with_a_sentence(name):
    found = rules.deficiencies(
        kind=Kind.SUBPOENA,
        fields={**COMPLETE, name: None},
        received_at=RECEIVED,
        is_government_email=gov_only,
    )
    assert [d.name for d in found] == [name]
    assert found[0].sentence.endswith(".")


def test_an_unsigned_request_lacks_a_signature():
    assert names(Kind.SEARCH_WARRANT, signed=False) == ["signature"]


def test_a_scanned_document_is_named_as_such():
    found = rules.deficiencies(
        kind=Kind.SUBPOENA,
        fields={**COMPLETE, "signed": False, "scanned": True},
        received_at=None,
        is_government_email=gov_only,
    )
    assert found == [rules.Deficiency("signature", rules.SCANNED)]


def test_no_targets_and_overbroad_says_why():
    found = rules.deficiencies(
        kind=Kind.SUBPOENA,
        fields={**COMPLETE, "targets": []},
        received_at=RECEIVED,
        overbroad=True,
        is_government_email=gov_only,
    )
    assert found == [rules.Deficiency("targets", rules.OVERBROAD)]
    assert names(Kind.SUBPOENA, targets=[]) == ["targets"]


def test_a_po_box_is_not_an_address():
    found = rules.deficiencies(
        kind=Kind.COURT_ORDER,
        fields={**COMPLETE, "address": None, "po_box": "P.O. Box 16130"},
        received_at=RECEIVED,
        is_government_email=gov_only,
    )
    assert [d.name for d in found] == ["address"]
    assert "P.O. Box 16130" in found[0].sentence


def test_a_non_government_email_is_a_deficiency():
    found = rules.deficiencies(
        kind=Kind.SUBPOENA,
        fields={**COMPLETE, "agent_email": "cop@gmail.com"},
        received_at=RECEIVED,
        is_government_email=gov_only,
    )
    assert [d.name for d in found] == ["agent_email"]
    assert "cop@gmail.com" in found[0].sentence


def test_the_government_email_check_can_be_plugged_in():
    found = rules.deficiencies(
        kind=Kind.SUBPOENA,
        fields={**COMPLETE, "agent_email": "officer@polizei.example"},
        received_at=RECEIVED,
        is_government_email=lambda address: address.endswith("@polizei.example"),
    )
    assert found == []


def test_response_date_must_leave_fourteen_days():
    assert names(Kind.SUBPOENA, response_date="2026-03-16") == []
    found = rules.deficiencies(
        kind=Kind.SUBPOENA,
        fields={**COMPLETE, "response_date": "2026-03-15"},
        received_at=RECEIVED,
        is_government_email=gov_only,
    )
    assert [d.name for d in found] == ["response_date"]
    assert "14 days" in found[0].sentence


def test_response_date_may_be_a_date_and_receipt_a_date():
    assert names(Kind.SUBPOENA, received_at=date(2026, 3, 2), response_date=date(2026, 3, 5)) == [
        "response_date"
    ]


def test_emergencies_need_no_response_date_phone_address_or_signature():
    assert (
        names(
            Kind.EMERGENCY,
            response_date="2026-03-02",
            phone=None,
            address=None,
            signed=False,
            letterhead=False,
        )
        == []
    )


def test_emergencies_need_agency_agent_badge_employer_email_and_targets():
    assert names(
        Kind.EMERGENCY, agency=None, agent_name=None, badge=None, agent_email=None, targets=[]
    ) == ["agency", "agent_name", "badge", "agent_email", "targets"]


def test_an_emergency_must_say_who_is_at_risk_and_how_soon():
    gaps = rules.emergency_gaps({"emergency": {"present": True}})
    assert gaps == [rules.EMERGENCY_NO_PERSON, rules.EMERGENCY_NOT_IMMINENT]
    described = {"present": True, "person_at_risk": "a child", "imminence": "tonight"}
    assert rules.emergency_gaps({"emergency": described}) == []


@pytest.mark.parametrize("kind", [Kind.PRESERVATION, Kind.PRESERVATION_EXTENSION])
def test_preservations_need_letterhead_but_no_badge_phone_address_or_date(kind):
    assert names(kind, letterhead=False) == ["letterhead"]
    assert names(kind, badge=None, phone=None, address=None, response_date=None) == []


def test_preservations_need_name_signature_government_email_and_targets():
    assert names(
        Kind.PRESERVATION, agent_name=None, signed=False, agent_email="x@yahoo.com", targets=[]
    ) == ["agent_name", "agent_email", "signature", "targets"]


def test_an_unknown_kind_is_held_to_everything():
    assert names(None, letterhead=False, badge=None) == ["badge"]


def test_interception_is_always_refused():
    assert rules.refusal(Kind.INTERCEPTION) == rules.INTERCEPTION_REFUSED
    assert rules.refusal(Kind.SUBPOENA) is None


def test_a_request_not_in_english_is_noted():
    assert rules.language_note("fr") is not None
    assert rules.language_note("en") is None
    assert rules.language_note(None) is None


def test_deficiencies_come_in_the_notice_s_order():
    found = names(Kind.SUBPOENA, targets=[], agency=None, signed=False, phone=None)
    assert found == ["agency", "phone", "signature", "targets"]
