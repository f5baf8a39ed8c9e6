"""`manage.py seed_demo`: a demo queue in every state, made through the services, loaded once."""

import base64
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
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

# The demo builds its productions: their certificates are signed.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]

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
    assert "Demo requests: 24 created" in seeded


def test_the_urls_follow_the_address_make_run_serves_on(password, settings):
    # LERQ_BASE_URL follows LERQ_RUN_ADDR (tests/test_run_settings.py); the output follows it.
    settings.LERQ_BASE_URL = "http://127.0.0.1:8100"
    output = _seed()
    assert "Open http://127.0.0.1:8100/" in output
    url = "http://127.0.0.1:8100/"
    assert f"sign in at {url}, Django admin at {url}admin/" in output
    assert "8000" not in output


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


TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # base32, as an authenticator app shows it


def _devices() -> list[tuple[str, str, str, bool]]:
    return sorted(TOTPDevice.objects.values_list("user__username", "name", "key", "confirmed"))


def test_without_a_totp_secret_the_demo_users_enrol_on_first_sign_in(seeded):
    assert TOTPDevice.objects.count() == 0
    assert "LERQ_DEMO_TOTP_SECRET" not in seeded


def test_LERQ_DEMO_TOTP_SECRET_gives_each_demo_user_a_confirmed_device(password, monkeypatch):
    monkeypatch.setenv("LERQ_DEMO_TOTP_SECRET", TOTP_SECRET)

    output = _seed()

    key = base64.b32decode(TOTP_SECRET).hex()
    assert _devices() == [(name, "default", key, True) for name in sorted(USERS)]
    assert "LERQ_DEMO_TOTP_SECRET is set" in output
    assert TOTP_SECRET not in output


def test_running_again_updates_the_devices_and_never_adds_one(password, monkeypatch):
    monkeypatch.setenv("LERQ_DEMO_TOTP_SECRET", TOTP_SECRET)
    _seed()
    _seed()
    assert TOTPDevice.objects.count() == len(USERS)

    monkeypatch.setenv("LERQ_DEMO_TOTP_SECRET", "KRSXG5CTMVRXEZLU")  # another secret
    _seed()

    key = base64.b32decode("KRSXG5CTMVRXEZLU").hex()
    assert _devices() == [(name, "default", key, True) for name in sorted(USERS)]


def test_a_secret_that_is_not_base32_is_ignored_and_said_so(password, monkeypatch):
    monkeypatch.setenv("LERQ_DEMO_TOTP_SECRET", "not base32 at all!")

    output = _seed()

    assert "LERQ_DEMO_TOTP_SECRET is not valid base32" in output
    assert TOTPDevice.objects.count() == 0


def test_a_demo_user_signs_in_through_the_real_page_with_a_code_from_the_secret(
    password, monkeypatch, client
):
    monkeypatch.setenv("LERQ_DEMO_TOTP_SECRET", TOTP_SECRET)
    _seed()
    login = reverse("two_factor:login")

    asked = client.post(
        login,
        {"login_view-current_step": "auth", "auth-username": "reviewer", "auth-password": password},
    )
    code = f"{totp(base64.b32decode(TOTP_SECRET)):06d}"
    signed_in = client.post(login, {"login_view-current_step": "token", "token-otp_token": code})
    queue = client.get(reverse("triage:queue"))

    assert asked.status_code == 200 and 'name="token-otp_token"' in asked.text
    assert signed_in.status_code == 302
    assert queue.status_code == 200
    assert "<h1>Requests</h1>" in queue.text
    assert Request.objects.filter(status=Status.RECEIVED).first().reference in queue.text


def test_the_groups_exist_even_if_the_roles_were_never_synced(password):
    Group.objects.filter(name__in=USERS.values()).delete()

    _seed()

    assert Group.objects.filter(name__in=USERS.values()).count() == len(USERS)


def test_the_demo_has_an_emergency_epoc_a_notified_one_and_an_epoc_pr_extended_once(seeded):
    epocs = Request.objects.filter(kind=Kind.EU_PRODUCTION_ORDER)
    emergency = epocs.get(eu_emergency=True)
    notified = epocs.get(eu_enforcing_notified=True)
    preservation = Request.objects.get(kind=Kind.EU_PRESERVATION_ORDER)

    assert emergency.deadlines.filter(kind="emergency_escalation").exists()
    assert notified.status == Status.IN_REVIEW
    assert notified.deadlines.filter(kind="eu_enforcing_window_end").exists()
    assert preservation.status == Status.EXTENDED
    assert preservation.hold.extended_at is not None
    for r in (emergency, notified, preservation):
        assert r.notice == "not_permitted" and "Article 13" in r.notice_basis
