"""Print the state machines as Mermaid, or write them into the README (--write)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.diagram import mermaid

START, END = "<!-- state-diagram:start -->", "<!-- state-diagram:end -->"


def readme_with_diagram(text: str) -> str:
    if START not in text or END not in text:
        raise CommandError(f"README.md has no {START} … {END} block")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{mermaid()}{END}{tail}"


class Command(BaseCommand):
    help = "Print the request's state machines as Mermaid; --write updates README.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="update README.md in place")

    def handle(self, *args: object, write: bool = False, **options: object) -> None:
        if not write:
            self.stdout.write(mermaid(), ending="")
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        readme.write_text(readme_with_diagram(readme.read_text()))
        self.stdout.write(f"updated {readme}")
