"""The directory of agencies' published numbers is kept by the Admin role in Django admin, and
every change to it is on the record: a number there is one a lawyer may call to confirm an
emergency (issue 15 point 5)."""

import pytest
from django.urls import reverse

from tests.web import sign_in
from triage.models import AgencyNumber, Event, EventKind

pytestmark = pytest.mark.django_db


def staff(client, user):
    user.is_staff = True
    user.save()
    return sign_in(client, user)


ENTRY = {
    "agency": "Federal Bureau of Investigation",
    "number": "+1 202 324 3000",
    "source": "https://www.fbi.gov/contact-us",
    "notes": "FBI headquarters switchboard",
}


def test_an_administrator_adds_a_number_and_it_goes_on_the_record(client, admin_user):
    staff(client, admin_user)

    page = client.post(reverse("admin:triage_agencynumber_add"), ENTRY)

    assert page.status_code == 302
    entry = AgencyNumber.objects.get()
    assert (entry.number, entry.source, entry.added_by) == (
        "+1 202 324 3000",
        "https://www.fbi.gov/contact-us",
        admin_user,
    )
    event = Event.objects.get(action=EventKind.AGENCY_NUMBER)
    assert (event.actor_name, event.data["change"], event.data["number"]) == (
        "teamadmin",
        "added",
        "+1 202 324 3000",
    )


def test_a_change_and_a_removal_are_on_the_record_too(client, admin_user):
    entry = AgencyNumber.objects.create(**ENTRY)
    staff(client, admin_user)

    client.post(
        reverse("admin:triage_agencynumber_change", args=[entry.pk]),
        {**ENTRY, "number": "+1 202 324 3001"},
    )
    client.post(reverse("admin:triage_agencynumber_delete", args=[entry.pk]), {"post": "yes"})

    assert not AgencyNumber.objects.exists()
    changes = Event.objects.filter(action=EventKind.AGENCY_NUMBER).order_by("seq")
    assert [(e.data["change"], e.data["number"]) for e in changes] == [
        ("changed", "+1 202 324 3001"),
        ("removed", "+1 202 324 3001"),
    ]


@pytest.mark.parametrize("role", ["reviewer", "approver"])
def test_lawyers_do_not_edit_the_directory(client, request, role):
    user = request.getfixturevalue(role)
    staff(client, user)

    page = client.post(reverse("admin:triage_agencynumber_add"), ENTRY)

    assert page.status_code == 403
    assert not AgencyNumber.objects.exists()
