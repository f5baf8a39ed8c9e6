"""Downloads of what lerq produced for a request: a letter's signed PDF and a production's
zip. Served from storage through these views (permission-checked), never from MEDIA_URL; a
file of another request, or one not yet made, is a 404."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from triage.models import Letter, Production
from triage.views.access import staff_required


def _attachment(name: str, filename: str, content_type: str) -> FileResponse:
    if not name or not default_storage.exists(name):
        raise Http404("Not made yet.")
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required("triage.view_request")
def letter_download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    letter = (
        Letter.objects.select_related("request").filter(pk=pk, request__reference=reference).first()
    )
    if letter is None:
        raise Http404("No such letter on this request.")
    return _attachment(letter.file.name, letter.filename, "application/pdf")


@staff_required("triage.view_request")
def production_download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    production = (
        Production.objects.select_related("request")
        .filter(pk=pk, request__reference=reference, status=Production.Status.BUILT)
        .first()
    )
    if production is None:
        raise Http404("No such production on this request.")
    filename = f"{reference}-production-{production.pk}.zip"
    return _attachment(production.zip.name, filename, "application/zip")
