import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory
from triage import roles
from triage.audit_key import audit_key_create

# CI replays the same generated examples on every run, so a red build is reproducible and never
# the luck of a draw; runs elsewhere keep exploring new ones (and keep what they find in
# .hypothesis/ to replay first).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def audit_key_file(tmp_path_factory):
    """One audit key for the whole run, outside the checkout (every event needs one), also
    named in the environment so the processes tests start (workers, beat) sign with it."""
    path = audit_key_create(path=tmp_path_factory.mktemp("audit") / "key")
    os.environ["LERQ_AUDIT_KEY_FILE"] = str(path)
    return path


@pytest.fixture(autouse=True)
def _audit_key(settings, audit_key_file):
    settings.LERQ_AUDIT_KEY_FILE = audit_key_file


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Transactional tests are emptied with TRUNCATE, which the event table refuses unless the
    session allows it (triage/migrations/0013): allow it on the test database only."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {name} SET lerq.event_truncate = 'allowed'")
                cursor.execute("SET lerq.event_truncate = 'allowed'")


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    # Stored attachments, letters and productions never land in the checkout's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _audit_witness_in_a_temporary_directory(settings, tmp_path):
    # Checkpoints are witnessed in a file outside the database: never the checkout's var/.
    settings.LERQ_AUDIT_WITNESS_DIR = tmp_path / "witness"
    settings.LERQ_AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-key" / "signing-key.pem"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Production settings redirect to HTTPS; the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    # Production serves collected, hashed static files; tests have not run collectstatic.
    # Every role fixture sets a password; the production hasher spends a quarter second on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _member(username: str, *groups: str):
    return UserFactory(username=username, groups=groups)


@pytest.fixture
def clerk(db):
    return _member("clerk", roles.INTAKE_CLERK)


@pytest.fixture
def reviewer(db):
    return _member("reviewer", roles.REVIEWER)


@pytest.fixture
def second_reviewer(db):
    return _member("reviewer2", roles.REVIEWER)


@pytest.fixture
def approver(db):
    return _member("approver", roles.APPROVER)


@pytest.fixture
def second_approver(db):
    return _member("approver2", roles.APPROVER)


@pytest.fixture
def admin_user(db):
    return _member("teamadmin", roles.ADMIN)


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return UserFactory(username="outsider")
