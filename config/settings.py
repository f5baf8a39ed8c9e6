"""lerq settings: one file, every knob read from the environment.

With nothing set, lerq runs on the embedded default: SQLite and a filesystem Celery broker under
``LERQ_VAR_DIR``, outgoing mail written to files. A deployment sets ``DATABASE_URL``,
``CELERY_BROKER_URL``, ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` (docker-compose.yml
shows a complete production environment).
"""

import os
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Everything lerq writes at run time (SQLite database, broker queue, mail files, media) lives
# under one directory, never in the source tree's tracked files.
VAR_DIR = Path(env.str("LERQ_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The deployment's key, or one generated once for this checkout and kept under var/."""
    configured = env.str("DJANGO_SECRET_KEY", default="")
    if configured:
        return configured
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Written whole under a temporary name, then linked into place: a process starting
        # at the same moment either sees no key yet (and makes its own attempt) or the whole
        # key, and only the first link wins.
        tmp = VAR_DIR / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(64))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "django_htmx",
    "django_filters",
    "csp",
    "triage",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Changes to people made during a request are recorded as the signed-in person's.
    "triage.people.PeopleActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lerq.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker share the file: take the write lock when a transaction
    # starts (no "database is locked" half-way through a service) and wait for it.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every staff account signs in with a password and a TOTP code (django-two-factor-auth);
# an account without a device is sent to enrol before it sees anything
# (triage.views.access.staff_required).
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "triage:queue"
LOGOUT_REDIRECT_URL = "two_factor:login"
TWO_FACTOR_PATCH_ADMIN = False  # config/urls.py gives the admin the OTP-required site instead
OTP_TOTP_ISSUER = env.str("LERQ_OTP_ISSUER", default="lerq")
# Sign-in throttling: after LERQ_LOGIN_FAILURES failed attempts for one username from one
# address, that pair is locked out for LERQ_LOCKOUT_HOURS (an admin can lift it sooner with
# `manage.py axes_reset_username`).
AXES_FAILURE_LIMIT = env.int("LERQ_LOGIN_FAILURES", default=5)
AXES_COOLOFF_TIME = env.float("LERQ_LOCKOUT_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# authenticate() passes `username`; the two-factor wizard's form posts `auth-username`.
AXES_USERNAME_CALLABLE = "triage.views.access.axes_username"
# An idle session ends after LERQ_SESSION_SECONDS (every request renews it) and at browser close.
SESSION_COOKIE_AGE = env.int("LERQ_SESSION_SECONDS", default=2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Time -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True  # stored in UTC
TIME_ZONE = env.str("LERQ_TIME_ZONE", default="Europe/Paris")  # shown in the team's zone

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("LERQ_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("LERQ_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="triage.mailbackend.MessageFileBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # a hung mail server must not hang lerq
LERQ_MAILBOX_ADDRESS = env.str("LERQ_MAILBOX_ADDRESS", default="lawenforcement@lerq.example")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=LERQ_MAILBOX_ADDRESS)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LERQ_COMPANY_NAME = env.str("LERQ_COMPANY_NAME", default="Example Video Inc.")
LERQ_MAIL_MAX_ATTEMPTS = env.int("LERQ_MAIL_MAX_ATTEMPTS", default=10)
LERQ_TRUSTED_AUTHSERV_IDS = env.list("LERQ_TRUSTED_AUTHSERV_IDS", default=[])

# --- Celery ---------------------------------------------------------------------------------
# Default: a filesystem broker under var/ so `make run` needs no service. Redis by setting.
# The host is named: kombu warns "No hostname was supplied" on every connection without one.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    # Every task is idempotent (DESIGN.md "Time"), so redelivery after a lost worker is safe.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Several deployments (or test runs) can share one Redis, each on its own queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE  # crontab hours in the beat schedule are the team's
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# --- lerq: periods of the legal process (REQUIREMENTS.md "Timers") --------------------------
LERQ_HOLD_DAYS = env.int("LERQ_HOLD_DAYS", default=90)
LERQ_EXTENSION_DAYS = env.int("LERQ_EXTENSION_DAYS", default=90)
LERQ_HOLD_REMINDER_DAYS = env.list("LERQ_HOLD_REMINDER_DAYS", cast=int, default=[14, 3])
LERQ_OBJECTION_WINDOW_DAYS = env.int("LERQ_OBJECTION_WINDOW_DAYS", default=7)
LERQ_NEEDS_INFO_DAYS = env.int("LERQ_NEEDS_INFO_DAYS", default=30)
# Letters are drafts a person sends (issue 16); an acknowledgement of receipt says nothing a
# person decides, so it leaves at once unless this is off.
LERQ_AUTO_ACKNOWLEDGE = env.bool("LERQ_AUTO_ACKNOWLEDGE", default=True)
# On: intake asks the agency for what it found missing by itself (deficiency notice sent with
# no person). Off (default): intake proposes the list, a clerk decides and sends.
LERQ_AUTO_DEFICIENCY = env.bool("LERQ_AUTO_DEFICIENCY", default=False)
# With LERQ_AUTO_DEFICIENCY on, the notice leaves alone only when every field it rests on (the
# missing ones and the kind) was read at least this sure (calibrated: 0.95 is right 19 in 20).
LERQ_AUTO_DEFICIENCY_CONFIDENCE = env.float("LERQ_AUTO_DEFICIENCY_CONFIDENCE", default=0.95)
# A field read less sure than this is highlighted on the request page for a person to confirm.
LERQ_CONFIRM_BELOW = env.float("LERQ_CONFIRM_BELOW", default=0.9)
LERQ_MIN_RESPONSE_DAYS = env.int("LERQ_MIN_RESPONSE_DAYS", default=14)
LERQ_EMERGENCY_ACK_MINUTES = env.int("LERQ_EMERGENCY_ACK_MINUTES", default=60)
LERQ_EMERGENCY_ESCALATION_MINUTES = env.int("LERQ_EMERGENCY_ESCALATION_MINUTES", default=30)
# Regulation (EU) 2023/1543, Article 19: e-CODEX. No connector exists (docs/eu-channel.md);
# even set, an answer by e-CODEX is refused, by name, and never pretended.
LERQ_ECODEX_ENABLED = env.bool("LERQ_ECODEX_ENABLED", default=False)
LERQ_RESPONSE_REMINDER_DAYS = env.list("LERQ_RESPONSE_REMINDER_DAYS", cast=int, default=[7, 2])
LERQ_RETENTION_YEARS = env.int("LERQ_RETENTION_YEARS", default=7)  # closed requests
LERQ_SECURITY_LOG_MONTHS = env.int("LERQ_SECURITY_LOG_MONTHS", default=12)
# Public holidays that move reminders to a working day (python-holidays country and subdivision).
LERQ_HOLIDAY_COUNTRY = env.str("LERQ_HOLIDAY_COUNTRY", default="FR")
LERQ_HOLIDAY_SUBDIVISION = env.str("LERQ_HOLIDAY_SUBDIVISION", default="") or None
# Timer mail goes to the request's assignee, else to this list, else to every reviewer.
LERQ_TEAM_EMAIL = env.list("LERQ_TEAM_EMAIL", default=[])


def _run_url(addr: str) -> str:
    """The URL `make run` serves on, from ``LERQ_RUN_ADDR`` as runserver reads it: "8100",
    "127.0.0.1:8100" or "0.0.0.0:8100" (every interface: this machine's links use 127.0.0.1)."""
    host, _, port = addr.rpartition(":")
    if host in ("", "0.0.0.0", "[::]", "0"):  # noqa: S104 (read, not bound: a link's host)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# Where `make run` serves; links in mail and the URLs seed_demo prints follow it unless
# LERQ_BASE_URL (a deployment's public address) says otherwise.
LERQ_RUN_ADDR = env.str("LERQ_RUN_ADDR", default="127.0.0.1:8000")
LERQ_BASE_URL = env.str("LERQ_BASE_URL", default="") or _run_url(LERQ_RUN_ADDR)
LERQ_DIGEST_ENABLED = env.bool("LERQ_DIGEST_ENABLED", default=True)
LERQ_DIGEST_HOUR = env.int("LERQ_DIGEST_HOUR", default=7)  # in the team's time zone
LERQ_SWEEP_BATCH = env.int("LERQ_SWEEP_BATCH", default=200)
# A person who gained the approve permission less than this many hours ago cannot approve yet
# (triage/models/people.py): one administrator cannot make an approver and use it at once.
LERQ_APPROVER_COOLING_HOURS = env.float("LERQ_APPROVER_COOLING_HOURS", default=24.0)
# A calendar feed fetched more often than this is answered 429 (calendar programs poll every
# 15 minutes or more; each fetch reads every open deadline of its owner).
LERQ_CALENDAR_MIN_POLL_SECONDS = env.int("LERQ_CALENDAR_MIN_POLL_SECONDS", default=60)

# --- Security -------------------------------------------------------------------------------
# Secure by default; `make run` sets DJANGO_DEBUG=1 for plain-HTTP local use.
_https = not DEBUG
SECURE_SSL_REDIRECT = env.bool("LERQ_SSL_REDIRECT", default=_https)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("LERQ_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page says where what it runs may come from (issue 15): our own static files only, no
# inline script or style (templates keep their JS and CSS in static/), nothing framing us.
# A view that serves a stored file sets its own stricter policy ("sandbox"), which the
# middleware leaves as it is.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LERQ_LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every step at INFO; django-axes every sign-in (it logs
    # failures and lockouts at WARNING, which stay).
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}

# --- Letters (triage/letters.py) ------------------------------------------------------------
# The letterhead and the signature block of every letter; the key and certificate that sign
# them (PAdES). `manage.py signing_cert_create` makes a self-signed pair at these paths for
# development and the demo; a deployment points them at the organisation's own.
LERQ_COMPANY_ADDRESS = env.str(
    "LERQ_COMPANY_ADDRESS",
    default="Legal Department\n100 Example Street\n75001 Paris\nFrance",
)
LERQ_SIGNING_KEY = Path(env.str("LERQ_SIGNING_KEY", default=str(VAR_DIR / "signing" / "key.pem")))
LERQ_SIGNING_CERT = Path(
    env.str("LERQ_SIGNING_CERT", default=str(VAR_DIR / "signing" / "cert.pem"))
)
LERQ_SIGNATORY_NAME = env.str("LERQ_SIGNATORY_NAME", default="Alex Morgan")
LERQ_SIGNATORY_TITLE = env.str(
    "LERQ_SIGNATORY_TITLE", default="Law Enforcement Response Team, Legal Department"
)

# --- Audit checkpoints (triage/checkpoints.py) ---------------------------------------------
# Signed tree heads of the Merkle tree over the events, kept outside the database: the Ed25519
# key that signs them (`manage.py audit_signing_key_create --if-missing` makes one) and the
# directory of the append-only witness file. Point the directory at storage the database's
# owner cannot rewrite (another host, a WORM volume, `chattr +a`) in a deployment.
LERQ_AUDIT_SIGNING_KEY_FILE = Path(
    env.str("LERQ_AUDIT_SIGNING_KEY_FILE", default=str(VAR_DIR / "audit" / "signing-key.pem"))
)
LERQ_AUDIT_WITNESS_DIR = Path(
    env.str("LERQ_AUDIT_WITNESS_DIR", default=str(VAR_DIR / "audit" / "witness"))
)
# A second witness: each day's checkpoint lines mailed there (empty: none are mailed).
LERQ_AUDIT_COMPLIANCE_EMAIL = env.list("LERQ_AUDIT_COMPLIANCE_EMAIL", default=[])
# An RFC 3161 timestamp authority (empty: none) that timestamps each checkpoint's line.
LERQ_AUDIT_TSA_URL = env.str("LERQ_AUDIT_TSA_URL", default="")
LERQ_AUDIT_TSA_TIMEOUT = env.int("LERQ_AUDIT_TSA_TIMEOUT", default=10)  # seconds

# --- The record (triage/audit.py) ----------------------------------------------------------
# The key every event's MAC is made with: a file outside the database, so that someone who can
# write to the database cannot write an event that verifies. `manage.py audit_key_create` makes
# it (mode 0600); back it up with the deployment's other secrets: without it the record cannot
# be verified.
LERQ_AUDIT_KEY_FILE = Path(env.str("LERQ_AUDIT_KEY_FILE", default=str(VAR_DIR / "audit" / "key")))

# --- IMAP mailbox (intake/fetcher.py) -------------------------------------------------------
# Empty host: fetching is off. Security: ssl (IMAPS), starttls, or none (127.0.0.1 only, tests).
LERQ_IMAP_HOST = env.str("LERQ_IMAP_HOST", default="")
LERQ_IMAP_PORT = env.int("LERQ_IMAP_PORT", default=993)
LERQ_IMAP_SECURITY = env.str("LERQ_IMAP_SECURITY", default="ssl")
LERQ_IMAP_USER = env.str("LERQ_IMAP_USER", default="")
LERQ_IMAP_PASSWORD = env.str("LERQ_IMAP_PASSWORD", default="")
LERQ_IMAP_OAUTH2_TOKEN = env.str("LERQ_IMAP_OAUTH2_TOKEN", default="")  # XOAUTH2 when set
LERQ_IMAP_FOLDER = env.str("LERQ_IMAP_FOLDER", default="INBOX")
LERQ_IMAP_DONE_FOLDER = env.str("LERQ_IMAP_DONE_FOLDER", default="")  # empty: mark \Seen
LERQ_IMAP_BATCH = env.int("LERQ_IMAP_BATCH", default=50)  # messages a run reads at most
LERQ_IMAP_TIMEOUT = env.int("LERQ_IMAP_TIMEOUT", default=30)  # seconds; a hung server fails
# The IDLE watcher (intake/watcher.py, `manage.py watch_mail`): IDLE is re-issued after this many
# seconds (RFC 2177: servers may end it after 30 minutes); a server without IDLE is polled every
# LERQ_IMAP_POLL_SECONDS; after a failure it connects again after 1, 2, 4 … seconds, at most this.
LERQ_IMAP_IDLE_SECONDS = env.int("LERQ_IMAP_IDLE_SECONDS", default=25 * 60)
LERQ_IMAP_POLL_SECONDS = env.int("LERQ_IMAP_POLL_SECONDS", default=10)
LERQ_IMAP_BACKOFF_MAX_SECONDS = env.float("LERQ_IMAP_BACKOFF_MAX_SECONDS", default=300)

# --- Transparency report (triage/reports) -------------------------------------------------
# Counts below this are published as the band 0-(threshold-1); 0 publishes every count.
LERQ_REPORT_BAND_THRESHOLD = env.int("LERQ_REPORT_BAND_THRESHOLD", default=10)

# --- Attachments (intake/attachments.py) ----------------------------------------------------
# Each attached file of an accepted message is stored in Django's default storage under a
# name derived from its SHA-256: the filesystem under LERQ_MEDIA_ROOT by default. For an
# S3-compatible store, install a storage backend (e.g. django-storages) and set
# LERQ_STORAGE_BACKEND=storages.backends.s3.S3Storage with its options as JSON in
# LERQ_STORAGE_OPTIONS ({"bucket_name": "lerq", "endpoint_url": "https://…"}); credentials come
# from that backend's own environment variables, never from this file.
LERQ_ATTACHMENT_MAX_BYTES = env.int("LERQ_ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024)
LERQ_MESSAGE_ATTACHMENTS_MAX_BYTES = env.int(
    "LERQ_MESSAGE_ATTACHMENTS_MAX_BYTES", default=50 * 1024 * 1024
)
if env.str("LERQ_STORAGE_BACKEND", default=""):
    STORAGES["default"] = {
        "BACKEND": env.str("LERQ_STORAGE_BACKEND"),
        "OPTIONS": env.json("LERQ_STORAGE_OPTIONS", default={}),
    }

# --- User notice ----------------------------------------------------------------------------
# After an emergency disclosure with notice undecided, the team is reminded this many days
# later to tell the user, the emergency having passed (REQUIREMENTS.md "Lifecycle"). The
# objection window itself is LERQ_OBJECTION_WINDOW_DAYS above.
LERQ_EMERGENCY_NOTICE_DAYS = env.int("LERQ_EMERGENCY_NOTICE_DAYS", default=3)

# --- Letters and productions (triage/services/letters.py, productions.py) --------------------
# A letter that fails to render is tried again with a growing delay (1, 2, 4 … minutes, at most
# an hour), this many times in all; then it stays failed, with its error, for a person to see.
LERQ_LETTER_MAX_ATTEMPTS = env.int("LERQ_LETTER_MAX_ATTEMPTS", default=8)
# One uploaded record at most: a meeting recording of a few hours is a few hundred MB.
LERQ_PRODUCTION_FILE_MAX_BYTES = env.int(
    "LERQ_PRODUCTION_FILE_MAX_BYTES", default=512 * 1024 * 1024
)
# A production zip up to this size travels attached to the disclosure letter's email;
# larger ones are delivered by another channel (most mail servers refuse over 25 MB).
LERQ_PRODUCTION_EMAIL_MAX_BYTES = env.int(
    "LERQ_PRODUCTION_EMAIL_MAX_BYTES", default=15 * 1024 * 1024
)

# --- Government domains and sender history (intake) ----------------------------------------------
# How long a process keeps the government-domain rules (the shipped file plus the admin's rows)
# before reading the table again; a save in the same process takes effect at once.
LERQ_GOVDOMAINS_CACHE_SECONDS = env.int("LERQ_GOVDOMAINS_CACHE_SECONDS", default=60)
