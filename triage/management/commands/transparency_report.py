"""The transparency report of one half year.

    python manage.py transparency_report [--half 2026H1] [--format json|csv|html|pdf]
                                         [--output PATH] [--band-threshold N]

Without --half: the last complete half. Without --format: json. Without --output the report
goes to standard output (PDF too, as bytes, unless standard output is a terminal). A
malformed --half or an unknown format exits with code 2.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.reports import (
    FORMATS,
    BadHalf,
    half_last_complete,
    half_parse,
    report_figures,
    report_publish,
    report_render,
)

USAGE = 2


class Command(BaseCommand):
    help = "The transparency report of a half year (JSON, CSV, HTML or PDF)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--half", help="e.g. 2026H1 (January-June); default: the last complete half"
        )
        parser.add_argument(
            "--format", default="json", help=f"one of {', '.join(FORMATS)} (default json)"
        )
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument(
            "--band-threshold",
            type=int,
            help="counts below it are shown as a range (default LERQ_REPORT_BAND_THRESHOLD)",
        )

    def handle(self, *args: object, **options: object) -> None:
        fmt = str(options["format"]).lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", returncode=USAGE
            )
        try:
            half = half_parse(str(options["half"])) if options["half"] else half_last_complete()
        except BadHalf as exc:
            raise CommandError(f"--half: {exc}", returncode=USAGE) from exc
        threshold = options["band_threshold"]
        if threshold is not None and int(threshold) < 0:
            raise CommandError("--band-threshold must be 0 or more", returncode=USAGE)

        published = report_publish(report_figures(half), threshold=threshold)  # type: ignore[arg-type]
        body = report_render(published, fmt)
        if options["output"]:
            Path(str(options["output"])).write_bytes(body)
            return
        if fmt == "pdf":
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None or self.stdout.isatty():
                raise CommandError("a PDF goes to a file: give --output PATH", returncode=USAGE)
            stream.write(body)
            stream.flush()
            return
        self.stdout.write(body.decode(), ending="")
