"""A person who became an approver less than LERQ_APPROVER_COOLING_HOURS ago cannot approve
(triage/models/people.py), and the team is told of the grant."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import UserFactory
from tests.triage.services.helpers import asked, fresh, refused
from triage import roles, services
from triage.models import OutboundMail, Status
from triage.services._core import ERR_APPROVER_COOLING, ActionNotPermitted

pytestmark = pytest.mark.django_db


def test_a_new_approver_is_refused_with_the_moment_they_may_approve(settings, reviewer):
    settings.LERQ_TEAM_EMAIL = ["legal-team@lerq.example"]
    r = asked(by=reviewer)
    newcomer = UserFactory(username="newcomer", password=None)
    newcomer.groups.add(Group.objects.get(name=roles.APPROVER))

    error = refused(lambda: services.request_approve(request=r, by=newcomer), ActionNotPermitted)

    assert str(error).startswith(
        ERR_APPROVER_COOLING.split("{when}")[0].format(user="newcomer", hours=24)
    )
    told = OutboundMail.objects.get(template="approver_granted")
    assert told.to == ["legal-team@lerq.example"] and "newcomer" in told.subject
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        services.request_approve(request=fresh(r), by=newcomer)
    assert fresh(r).status == Status.APPROVED


def test_losing_the_role_and_gaining_it_again_starts_the_cooling_off_over(reviewer, approver):
    r = asked(by=reviewer)
    group = Group.objects.get(name=roles.APPROVER)
    approver.groups.remove(group)
    approver.groups.add(group)

    refused(lambda: services.request_approve(request=r, by=approver), ActionNotPermitted)
