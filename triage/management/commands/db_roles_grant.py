"""Give the app's database role what lerq needs, and on events only INSERT and SELECT."""

import os

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.dbroles import RoleGrantError, app_role_grant


class Command(BaseCommand):
    help = (
        "Run as the owner of the tables after migrate: create the app's role if missing and "
        "grant it every table's ordinary rights, but only INSERT and SELECT on events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default="lerq_app", help="the app's role (lerq_app)")
        parser.add_argument(
            "--password-env",
            default="LERQ_DB_APP_PASSWORD",
            help="the environment variable holding its password (LERQ_DB_APP_PASSWORD); "
            "when it is unset or empty, the password is left as it is",
        )

    def handle(self, *args: object, role: str, password_env: str, **options: object) -> None:
        try:
            statements = app_role_grant(role=role, password=os.environ.get(password_env) or None)
        except RoleGrantError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(f"{s};" for s in statements))
