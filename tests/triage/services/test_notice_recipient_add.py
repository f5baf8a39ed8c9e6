"""notice_recipient_add: the team enters who is told (lerq never looks users up in the product's
database); an address that could carry a header, or is not one, is refused."""

import pytest

from tests.factories import notice_send, request_in
from tests.triage.services.helpers import last_seq, not_permitted, refused, the_one_event_since
from triage import services
from triage.models import EventKind, NoticeRecipient
from triage.services import ActionNotPermitted, InvalidInput
from triage.services.notice_recipients import (
    ERR_BAD_ADDRESS,
    ERR_NO_RECIPIENT,
    ERR_RECIPIENT_TWICE,
)


def test_a_lawyer_adds_the_users_address_on_the_record(reviewer):
    r = request_in("in_review")
    since = last_seq()

    recipient = services.notice_recipient_add(
        request=r, by=reviewer, email=" user@example.org ", name="  Sam   User "
    )

    assert (recipient.email, recipient.name, recipient.added_by) == (
        "user@example.org",
        "Sam User",
        reviewer,
    )
    event = the_one_event_since(since)
    assert (event.action, event.data["email"]) == (EventKind.NOTICE_RECIPIENT, "user@example.org")
    assert services.notice_recipients(r) == ["user@example.org"]


@pytest.mark.parametrize(
    "address",
    [
        "victim@example.org\r\nBcc: everyone@example.org",
        "victim@example.org\nX-Injected: 1",
        "a@example.org, b@example.org",
        "not an address",
        "",
    ],
)
def test_an_address_that_is_not_one_plain_address_is_refused(reviewer, address):
    r = request_in("in_review")

    refused(
        lambda: services.notice_recipient_add(request=r, by=reviewer, email=address),
        InvalidInput,
        ERR_BAD_ADDRESS.format(address=address.strip()[:100]),
    )
    assert not NoticeRecipient.objects.exists()


def test_the_same_address_twice_is_refused(reviewer):
    r = request_in("in_review")
    services.notice_recipient_add(request=r, by=reviewer, email="user@example.org")

    refused(
        lambda: services.notice_recipient_add(request=r, by=reviewer, email="USER@example.org"),
        InvalidInput,
        ERR_RECIPIENT_TWICE.format(address="USER@example.org", reference=r.reference),
    )


@pytest.mark.parametrize("role", ["clerk", "outsider"])
def test_only_a_lawyer_adds_a_recipient(request, role):
    user = request.getfixturevalue(role)
    r = request_in("in_review")

    refused(
        lambda: services.notice_recipient_add(request=r, by=user, email="user@example.org"),
        ActionNotPermitted,
        not_permitted(user, "add a user notice recipient", r),
    )


def test_with_no_address_at_all_the_notice_is_refused_and_nothing_changes(reviewer):
    r = request_in("in_review", targets=[{"type": "user", "user_id": "u-77", "ip": "192.0.2.1"}])

    refused(
        lambda: notice_send(request=r, by=reviewer),
        InvalidInput,
        ERR_NO_RECIPIENT.format(reference=r.reference),
    )
    assert not NoticeRecipient.objects.exists()
