"""restriction_record: an access restriction is limited to the jurisdiction of the authority
that ordered it, with its scope recorded; it is applied (disclose) only once recorded; the
named users are told through the user notice, which says where the restriction applies."""

import pytest

from tests.factories import notice_send, request_in
from tests.triage.services.helpers import (
    approved,
    conditions_unmet,
    fresh,
    last_seq,
    not_permitted,
    refused,
    the_one_event_since,
    with_notice,
)
from triage import services
from triage.models import AccessRestriction, EventKind, Kind, Notice, OutboundMail, Status
from triage.models import conditions as c
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.restrictions import (
    ERR_JURISDICTION,
    ERR_NOT_RESTRICTION,
    ERR_OTHER_JURISDICTION,
    ERR_SCOPE_REQUIRED,
)

SCOPE = "The public recording 'Rally 12 May' on the account, hidden to viewers in Germany."


def restriction_request(status="in_review", **fields):
    fields.setdefault("country", "DE")
    return request_in(status, Kind.ACCESS_RESTRICTION, **fields)


def test_a_lawyer_records_the_restriction_for_the_authoritys_jurisdiction(reviewer):
    r = restriction_request()
    since = last_seq()

    restriction = services.restriction_record(
        request=r, by=reviewer, jurisdiction=" de ", scope=SCOPE
    )

    assert (restriction.jurisdiction, restriction.scope, restriction.recorded_by) == (
        "DE",
        SCOPE,
        reviewer,
    )
    event = the_one_event_since(since)
    assert (event.action, event.data["jurisdiction"], event.data["replaced"]) == (
        EventKind.ACCESS_RESTRICTION,
        "DE",
        False,
    )


def test_recording_it_again_replaces_the_first(reviewer):
    r = restriction_request()
    services.restriction_record(request=r, by=reviewer, jurisdiction="DE", scope="everything")

    services.restriction_record(request=r, by=reviewer, jurisdiction="DE", scope=SCOPE)

    assert AccessRestriction.objects.get(request=r).scope == SCOPE


def test_a_restriction_outside_the_authoritys_jurisdiction_is_refused(reviewer):
    r = restriction_request()

    refused(
        lambda: services.restriction_record(request=r, by=reviewer, jurisdiction="US", scope=SCOPE),
        InvalidInput,
        ERR_OTHER_JURISDICTION.format(reference=r.reference, country="DE", jurisdiction="US"),
    )
    assert not AccessRestriction.objects.exists()


@pytest.mark.parametrize(
    ("jurisdiction", "scope", "message"),
    [
        ("Germany", SCOPE, ERR_JURISDICTION),
        ("D1", SCOPE, ERR_JURISDICTION),
        ("", SCOPE, ERR_JURISDICTION),
        ("DE", " ", ERR_SCOPE_REQUIRED),
    ],
)
def test_it_needs_a_country_code_and_a_scope(reviewer, jurisdiction, scope, message):
    r = restriction_request()

    refused(
        lambda: services.restriction_record(
            request=r, by=reviewer, jurisdiction=jurisdiction, scope=scope
        ),
        InvalidInput,
        message,
    )


def test_only_an_access_restriction_request_records_one(reviewer):
    r = request_in("in_review", Kind.SUBPOENA)

    refused(
        lambda: services.restriction_record(request=r, by=reviewer, jurisdiction="US", scope=SCOPE),
        InvalidInput,
        ERR_NOT_RESTRICTION.format(reference=r.reference),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_records_a_restriction(request, role):
    user = request.getfixturevalue(role)
    r = restriction_request()

    refused(
        lambda: services.restriction_record(request=r, by=user, jurisdiction="DE", scope=SCOPE),
        ActionNotPermitted,
        not_permitted(user, "record an access restriction", r),
    )


def test_it_is_not_applied_before_it_is_recorded(reviewer):
    r = with_notice(approved(Kind.ACCESS_RESTRICTION, country="DE"), Notice.NOT_REQUIRED)

    refused(
        lambda: services.request_disclose(request=r, by=reviewer),
        message=conditions_unmet(r, "disclose", c.restriction_recorded),
    )
    services.restriction_record(request=r, by=reviewer, jurisdiction="DE", scope=SCOPE)
    services.request_disclose(request=fresh(r), by=reviewer)
    assert fresh(r).status == Status.DISCLOSED


def test_the_named_users_notice_says_where_the_restriction_applies(reviewer):
    r = restriction_request(targets=[{"type": "account", "email": "speaker@example.org"}])
    services.restriction_record(request=r, by=reviewer, jurisdiction="DE", scope=SCOPE)

    notice_send(request=fresh(r), by=reviewer)

    (mail,) = OutboundMail.objects.filter(request=r, template="user_notice")
    assert mail.to == ["speaker@example.org"]
    assert f"restrict access in DE only: {SCOPE}" in mail.body_text
    assert "reply to this email by" in mail.body_text


def test_the_named_users_objection_pauses_it_like_any_other(reviewer):
    r = with_notice(approved(Kind.ACCESS_RESTRICTION, country="DE"), Notice.SENT)

    services.objection_record(
        request=r, by=reviewer, text="This is lawful speech.", received_at=r.notice_sent_at
    )

    assert fresh(r).status == Status.IN_REVIEW
