"""An emergency's mail leaves when the transaction that opens (or holds) it commits: the team's
alert and the agency's acknowledgement do not wait for the minute's send. Other mail does."""

import pytest
from django.utils import timezone

from config.celery import app
from intake.routing import ingest
from tests.factories import open_request
from tests.intake.held_emergency import TRUSTED, child_in_danger_eml
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from triage.models import Kind, OutboundMail
from triage.notices.reminders import emergency_received_mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]
RECEIVED = "EMERGENCY received"


@pytest.fixture(autouse=True)
def _settings(settings, monkeypatch):
    settings.LERQ_TRUSTED_AUTHSERV_IDS = TRUSTED
    settings.LERQ_TEAM_EMAIL = ["legal-team@example.com"]
    settings.LERQ_BASE_URL = "https://lerq.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the tasks run in-process


def test_an_emergency_opened_mails_the_team_and_the_agency_on_the_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        r = open_request(Kind.EMERGENCY, response_due_date=None)
    alert = next(m for m in mailoutbox if RECEIVED in m.subject)
    assert alert.subject == f"[{r.reference}] {RECEIVED}"
    assert alert.to == ["legal-team@example.com"]
    assert [m.to for m in mailoutbox if m is not alert] == [["dscully@fbi.gov"]]
    assert not OutboundMail.objects.filter(sent_at__isnull=True).exists()
    # The team hears first: the acknowledgement is rendered after.
    assert RECEIVED in mailoutbox[0].subject


def test_nothing_leaves_before_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        open_request(Kind.EMERGENCY, response_due_date=None)
    assert mailoutbox == []
    assert len(callbacks) == 2  # the send, then the acknowledgement's rendering


def test_an_ordinary_request_alerts_nobody(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        open_request(Kind.SUBPOENA)
    assert len(callbacks) == 1  # its acknowledgement's rendering, as before
    assert not OutboundMail.objects.filter(subject__contains=RECEIVED).exists()


def test_a_held_emergency_mails_the_team_on_the_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(child_in_danger_eml(timezone.now()), source="test")
    (alert,) = mailoutbox
    assert alert.subject.endswith(f"] {RECEIVED}")
    assert alert.subject.startswith("[Held message ")


def test_the_alert_queued_again_is_the_same_mail():
    r = open_request(Kind.EMERGENCY, response_due_date=None)
    again = emergency_received_mail(
        key=r.reference,
        label=r.reference,
        sentence="again",
        due_at=r.received_at,
        basis={},
        kind="",
        status="",
        agency="",
        url="",
    )
    assert again is None
    assert OutboundMail.objects.filter(subject__contains=RECEIVED).count() == 1
