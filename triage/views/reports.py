"""The transparency report page: choose a half, see the tables and charts, download them."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from triage.reports import (
    CONTENT_TYPES,
    BadHalf,
    half_last_complete,
    half_of,
    half_parse,
    report_figures,
    report_publish,
    report_render,
)
from triage.reports.present import Bands
from triage.reports.render import report_page_context
from triage.views.access import staff_required

DOWNLOADS = ("csv", "json", "pdf")
HALVES_OFFERED = 10  # the current half and the nine before it


@staff_required("triage.view_request")
def transparency_report(request: HttpRequest) -> HttpResponse:
    current = half_of(timezone.localdate())
    error = ""
    try:
        half = half_parse(request.GET["half"]) if request.GET.get("half") else half_last_complete()
    except BadHalf as exc:
        half, error = half_last_complete(), str(exc)
    if half > current:
        half, error = half_last_complete(), f"{half} has not started yet"
    fmt = request.GET.get("format", "")
    if fmt and fmt not in DOWNLOADS:
        return HttpResponse(f"format must be one of {', '.join(DOWNLOADS)}", status=400)
    if fmt and error:
        return HttpResponse(error, status=400)

    figures = report_figures(half)
    if fmt:
        # What is published: small counts in bands.
        response = HttpResponse(
            report_render(report_publish(figures), fmt), content_type=CONTENT_TYPES[fmt]
        )
        name = f"transparency-report-{half}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # The page is the team's own (staff only): exact counts. Bands protect the published
    # formats, where a count of one or two could point at a person.
    context = report_page_context(report_publish(figures, threshold=0))
    threshold = settings.LERQ_REPORT_BAND_THRESHOLD
    context.update(
        half=str(half),
        halves=[str(h) for h in reversed(current.last(HALVES_OFFERED))],
        error=error,
        published_band=Bands(threshold).band if threshold else None,
        published_threshold=threshold,
    )
    return render(request, "triage/report.html", context, status=400 if error else 200)
