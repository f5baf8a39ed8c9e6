"""Load the demo: users clerk, reviewer, approver and admin, and requests in every state.

Idempotent: a second run finds the demo users and requests, says ``demo data already loaded`` and
changes nothing. ``LERQ_DEMO_PASSWORD`` sets the demo users' password; without it one is
generated and printed once, when the users are created. ``LERQ_DEMO_TOTP_SECRET`` (base32)
gives each demo user a TOTP device with that secret; without it they enrol on first sign-in.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from triage import demo, roles


def _url() -> str:
    """Where the demo is served: LERQ_BASE_URL, which follows LERQ_RUN_ADDR unless set."""
    return settings.LERQ_BASE_URL.rstrip("/") + "/"


class Command(BaseCommand):
    help = "Load demo users and requests in every state (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        result = demo.demo_seed(password=os.environ.get("LERQ_DEMO_PASSWORD") or None)
        if not result.chain_intact:
            raise CommandError(f"audit chain broken: {result.chain_problem}", returncode=1)
        if result.already_loaded:
            self.stdout.write("demo data already loaded")
        self._logins(result)
        if result.requests_created:
            self.stdout.write(
                f"Demo requests: {result.requests_created} created, in every status and every "
                "user-notice state."
            )
            self.stdout.write(f"audit chain intact: {result.events} events")
        self._totp_note(os.environ.get("LERQ_DEMO_TOTP_SECRET", ""))
        self.stdout.write(f"Open {_url()}")

    def _logins(self, result: demo.SeedResult) -> None:
        url = _url()
        self.stdout.write(f"Demo logins (sign in at {url}, Django admin at {url}admin/):")
        # Existing accounts are only named as such when this run also created some.
        mark_existing = bool(result.created_users)
        for username, role, *_ in demo.DEMO_USERS:
            note = " (superuser)" if role == roles.ADMIN else ""
            if mark_existing and username in result.existing_users:
                note += ", existing account: password unchanged"
            self.stdout.write(f"  {username:<9} {role}{note}")
        if not result.created_users:
            self.stdout.write("Password: unchanged (set when the demo users were created)")
        elif result.generated_password:
            self.stdout.write(
                f"Password: {result.generated_password}  (generated and shown only this once; "
                "set LERQ_DEMO_PASSWORD to choose it)"
            )
        else:
            self.stdout.write("Password: the value of LERQ_DEMO_PASSWORD")

    def _totp_note(self, secret: str) -> None:
        # DESIGN.md: LERQ_DEMO_TOTP_SECRET, when set, is the demo users' TOTP secret, so demos
        # and automated checks can sign in; without it they enrol on first sign-in.
        if not secret:
            return
        try:
            users = demo.demo_totp_ensure(secret)
        except demo.InvalidTotpSecret:
            self.stdout.write("LERQ_DEMO_TOTP_SECRET is not valid base32: it was ignored.")
            return
        self.stdout.write(
            f"LERQ_DEMO_TOTP_SECRET is set: it is the TOTP secret of {', '.join(users)} "
            "(add it to an authenticator app)."
        )
