"""`manage.py seed_demo`: a demo queue in every state, made through the services, loaded once."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import UserFactory
from triage import roles
from triage.audit import chain_verify
from triage.models import (
    Deadline,
    Event,
    EventKind,
    Hold,
    Kind,
    Matter,
    Notice,
    RejectionReason,
    Request,
    Status,
    Target,
)

pytestmark = pytest.mark.django_db

PASSWORD = "demo password for the tests"
URL = "http://127.0.0.1:8000/"
USERS = {
    "clerk": roles.INTAKE_CLERK,
    "reviewer": roles.REVIEWER,
    "approver": roles.APPROVER,
    "admin": roles.ADMIN,
}


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _no_totp_secret(monkeypatch):
    monkeypatch.delenv("LERQ_DEMO_TOTP_SECRET", raising=False)


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("LERQ_DEMO_PASSWORD", PASSWORD)
    return PASSWORD


@pytest.fixture
def seeded(password) -> str:
    return _seed()


def _counts() -> dict[str, int]:
    user_model = get_user_model()
    return {
        "users": user_model.objects.count(),
        "memberships": user_model.groups.through.objects.count(),
        "requests": Request.objects.count(),
        "targets": Target.objects.count(),
        "events": Event.objects.count(),
        "deadlines": Deadline.objects.count(),
        "holds": Hold.objects.count(),
        "matters": Matter.objects.count(),
    }


def _password_line(output: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith("Password: ")]
    return line


def test_every_status_and_every_notice_state_is_there(seeded):
    assert set(Request.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Request.objects.values_list("notice", flat=True)) == set(Notice.values)


def test_a_second_run_says_so_and_changes_nothing(seeded):
    before = _counts()
    hashes = dict(get_user_model().objects.values_list("username", "password"))

    again = _seed()

    assert again.splitlines()[0] == "demo data already loaded"
    assert _counts() == before
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    assert _password_line(again) == "Password: unchanged (set when the demo users were created)"


def _sign_in_request():
    # django-axes counts attempts per address: authenticate() needs the request.
    return RequestFactory().post("/account/login/")


def test_a_generated_password_is_printed_once_and_signs_in(monkeypatch):
    monkeypatch.delenv("LERQ_DEMO_PASSWORD", raising=False)

    first = _seed()
    generated = _password_line(first).split()[1]
    second = _seed()

    assert len(generated) >= 20
    for username in USERS:
        assert authenticate(_sign_in_request(), username=username, password=generated) is not None
    assert generated not in second
    assert "shown only this once" not in second


def test_the_users_are_in_their_roles_and_sign_in_with_LERQ_DEMO_PASSWORD(seeded, password):
    for username, role in USERS.items():
        user = authenticate(_sign_in_request(), username=username, password=password)
        assert user is not None, username
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_staff
        assert user.is_superuser == (username == "admin")
    assert _password_line(seeded) == "Password: the value of LERQ_DEMO_PASSWORD"
    assert password not in seeded


def test_existing_users_keep_their_password_and_get_their_role(password):
    UserFactory(username="admin", password="their own password")

    output = _seed()

    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("their own password")
    assert admin.groups.filter(name=roles.ADMIN).exists()
    assert admin.is_staff and admin.is_superuser
    assert "admin     Admin (superuser), existing account: password unchanged" in output
    assert authenticate(_sign_in_request(), username="clerk", password=password) is not None


def test_the_output_gives_the_url_and_the_logins(seeded):
    assert f"Open {URL}" in seeded
    for username, role in USERS.items():
        assert f"  {username:<9} {role}" in seeded
    assert "Demo requests: 21 created" in seeded


def test_the_audit_chain_verifies(seeded):
    report = chain_verify()

    assert report.intact, report.problem
    assert report.count == Event.objects.count()
    assert f"audit chain intact: {report.count} events" in seeded


def test_every_request_was_made_through_the_services(seeded):
    for request in Request.objects.all():
        actions = list(request.events.values_list("action", flat=True))
        assert actions[0] == EventKind.OPENED, request
        assert request.targets.exists(), request
        if request.status != Status.RECEIVED:
            assert len(actions) > 1, request
    for status in (Status.PRESERVED, Status.EXTENDED, Status.RELEASED, Status.EXPIRED):
        assert Hold.objects.filter(request__status=status).exists(), status


def test_disclosure_is_approved_by_a_second_person(seeded):
    approved = Request.objects.exclude(approved_by=None)

    assert approved.count() >= 4
    for request in approved:
        assert request.approval_requested_by.username == "reviewer"
        assert request.approved_by.username == "approver"


def test_the_requests_are_of_many_kinds_and_countries(seeded):
    kinds = set(Request.objects.values_list("kind", flat=True))
    countries = set(Request.objects.values_list("country", flat=True))

    assert kinds >= {
        Kind.PRESERVATION,
        Kind.PRESERVATION_EXTENSION,
        Kind.SUBPOENA,
        Kind.COURT_ORDER,
        Kind.SEARCH_WARRANT,
        Kind.EMERGENCY,
        Kind.INTERNATIONAL,
        Kind.INTERCEPTION,
    }
    assert countries >= {"US", "GB", "FR", "DE", "CA"}
    interception = Request.objects.get(kind=Kind.INTERCEPTION)
    assert interception.status == Status.REJECTED
    assert interception.rejection_reasons == [RejectionReason.NO_CAPABILITY]
    extension = Request.objects.get(kind=Kind.PRESERVATION_EXTENSION)
    assert extension.original.kind == Kind.PRESERVATION
    assert extension.original.status == Status.EXTENDED
    assert extension.matter_id == extension.original.matter_id


def test_every_request_names_its_agent_fully(seeded):
    for request in Request.objects.all():
        assert request.agency and request.agent_name and request.agent_email, request
        assert any(word in request.agent_phone for word in ("ext.", "poste", "Durchwahl"))
        assert request.postal_address, request


def test_requests_were_received_over_the_past_weeks(seeded):
    received = sorted(Request.objects.values_list("received_at", flat=True))

    assert received[-1] <= timezone.now()
    assert (received[-1] - received[0]).days >= 60
    assert list(Request.objects.order_by("reference").values_list("received_at", flat=True)) == (
        received
    )


def test_the_record_reads_in_time_order(seeded):
    times = list(Event.objects.order_by("seq").values_list("at", flat=True))

    assert times == sorted(times)
    assert times[-1] <= timezone.now()


def test_no_open_timer_is_already_due(seeded):
    """The sweep finds nothing to do on the fresh demo, so it shows the states it was built in."""
    assert not Deadline.objects.filter(done_at=None, due_at__lte=timezone.now()).exists()


def test_a_totp_secret_is_announced_but_not_used_yet(password, monkeypatch):
    monkeypatch.setenv("LERQ_DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXP")

    output = _seed()

    assert "LERQ_DEMO_TOTP_SECRET is set" in output
    assert "JBSWY3DPEHPK3PXP" not in output


def test_the_groups_exist_even_if_the_roles_were_never_synced(password):
    Group.objects.filter(name__in=USERS.values()).delete()

    _seed()

    assert Group.objects.filter(name__in=USERS.values()).count() == len(USERS)
