"""The mails of approval: the approvers are told when approval is asked (never the asker), the
asker when it is given (with the memo) or withdrawn by a person (with why); each goes out
after the commit, and nothing goes out for a refused action."""

import pytest
from django.utils import timezone

from tests.factories import request_in
from tests.triage.services.helpers import (
    approved,
    asked,
    fresh,
    member,
    package_prepare,
    refused,
)
from triage import roles, services
from triage.models import ApproverSince, OutboundMail

pytestmark = pytest.mark.django_db


def _mails(r, template):
    return list(OutboundMail.objects.filter(request=r, template=template))


def test_asking_for_approval_mails_every_approver_but_the_asker(
    approver, second_approver, reviewer, django_capture_on_commit_callbacks
):
    r = package_prepare(request_in("in_review"))
    with django_capture_on_commit_callbacks() as sent:
        services.request_submit_for_approval(request=fresh(r), by=approver, note="All checked.")

    (mail,) = _mails(r, "approval_asked")
    assert second_approver.email in mail.to
    assert approver.email not in mail.to and reviewer.email not in mail.to
    assert r.reference in mail.subject
    assert "All checked." in mail.body_text
    assert f"/requests/{r.reference}/#approve" in mail.body_text
    assert sent, "the outbox is sent after the commit"


def test_an_approver_still_in_the_cooling_off_is_not_mailed(approver, reviewer):
    newcomer = member("new-approver", roles.APPROVER)
    ApproverSince.objects.filter(user=newcomer).update(since=timezone.now())
    r = package_prepare(request_in("in_review"))
    services.request_submit_for_approval(request=fresh(r), by=reviewer, note="")

    (mail,) = _mails(r, "approval_asked")
    assert approver.email in mail.to
    assert newcomer.email not in mail.to


def test_a_reviewer_asking_mails_the_approvers(approver, reviewer):
    r = asked(by=reviewer)

    (mail,) = _mails(r, "approval_asked")
    assert approver.email in mail.to


def test_approval_given_mails_the_asker_with_the_memo(reviewer, approver):
    r = asked(by=reviewer)

    services.request_approve(request=r, by=approver, note="Scope matches the subpoena.")

    (mail,) = _mails(r, "approval_given")
    assert mail.to == [reviewer.email]
    assert "Scope matches the subpoena." in mail.body_text
    assert fresh(r).approved_package_sha256 in mail.body_text


def test_a_person_withdrawing_the_approval_tells_the_asker_and_the_approver_why(
    reviewer, approver, second_reviewer
):
    r = approved(asked_by=reviewer, approved_by=approver)

    services.request_withdraw_approval(request=r, by=second_reviewer, reason="New facts.")

    (mail,) = _mails(r, "approval_refused")
    assert sorted(mail.to) == sorted([reviewer.email, approver.email])
    assert "New facts." in mail.body_text
    assert second_reviewer.email not in mail.to


def test_the_one_who_withdraws_is_not_mailed_about_it(reviewer, approver):
    r = approved(asked_by=reviewer, approved_by=approver)

    services.request_withdraw_approval(request=r, by=reviewer, reason="Wrong records.")

    (mail,) = _mails(r, "approval_refused")
    assert mail.to == [approver.email]


def test_a_refused_approval_mails_nobody(reviewer):
    r = asked(by=reviewer)

    refused(
        lambda: services.request_approve(request=r, by=member("nobody")),
        services.ActionNotPermitted,
    )

    assert _mails(r, "approval_given") == []


def test_an_over_long_memo_is_refused(reviewer, approver):
    r = asked(by=reviewer)

    with pytest.raises(services.InvalidInput, match="longer than 2000"):
        services.request_approve(request=r, by=approver, note="x" * 2001)

    assert fresh(r).approved_by is None
    assert _mails(r, "approval_given") == []
