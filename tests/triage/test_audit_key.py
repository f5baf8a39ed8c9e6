"""The audit key: made once, never replaced, needed to record anything and to verify the
record; events are only valid under the key that signed them."""

import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import request_in
from triage import services
from triage.audit_key import AUDIT_KEY_EXISTS, AUDIT_KEY_INVALID, AUDIT_KEY_MISSING, AuditKeyError
from triage.models import Event, Request


def test_the_command_makes_a_private_key_once(settings, tmp_path):
    settings.LERQ_AUDIT_KEY_FILE = path = tmp_path / "audit" / "key"
    call_command("audit_key_create", stdout=StringIO())
    key = path.read_text()
    assert len(key.strip()) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    call_command("audit_key_create", "--if-missing", stdout=StringIO())
    assert path.read_text() == key
    with pytest.raises(CommandError) as replaced:
        call_command("audit_key_create", stdout=StringIO())
    assert str(replaced.value) == AUDIT_KEY_EXISTS.format(path=path)
    assert path.read_text() == key


@pytest.mark.django_db
def test_nothing_is_recorded_without_the_key(settings, tmp_path):
    settings.LERQ_AUDIT_KEY_FILE = missing = tmp_path / "nowhere"
    with pytest.raises(AuditKeyError) as failure:
        request_in("received")
    assert str(failure.value) == AUDIT_KEY_MISSING.format(path=missing)
    assert not Event.objects.exists()
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_a_key_that_is_not_one_is_refused(settings, tmp_path):
    settings.LERQ_AUDIT_KEY_FILE = path = tmp_path / "key"
    path.write_text("secret\n")
    with pytest.raises(AuditKeyError) as failure:
        request_in("received")
    assert str(failure.value) == AUDIT_KEY_INVALID.format(path=path)


@pytest.mark.django_db
def test_verifying_needs_the_key_and_names_the_first_event_it_cannot_check(settings, tmp_path):
    request_in("validated")
    settings.LERQ_AUDIT_KEY_FILE = tmp_path / "nowhere"
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=StringIO())
    assert failure.value.returncode == 1
    assert str(failure.value).startswith("audit chain broken at event #1: cannot check event #1")
    assert AUDIT_KEY_MISSING.format(path=tmp_path / "nowhere") in str(failure.value)


@pytest.mark.django_db
def test_events_signed_with_another_key_do_not_verify(settings, tmp_path, reviewer, audit_key_file):
    """A copy of lerq with a key of its own (an attacker's) writes events that lerq rejects."""
    r = request_in("in_review")
    count = Event.objects.count()
    settings.LERQ_AUDIT_KEY_FILE = tmp_path / "other"
    call_command("audit_key_create", stdout=StringIO())
    services.request_reject(request=r, by=reviewer, reasons=["overbroad"])
    settings.LERQ_AUDIT_KEY_FILE = audit_key_file  # lerq's own
    with pytest.raises(CommandError, match=rf"#{count + 1}: .* was not written by lerq"):
        call_command("verify_audit", stdout=StringIO())
