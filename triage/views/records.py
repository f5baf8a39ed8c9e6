"""Downloads of what lerq produced for a request: a letter's signed PDF and a production's
zip. Served from storage through these views (permission-checked), never from MEDIA_URL; a
file of another request, or one not yet made, is a 404."""

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from triage.letters.context import letter_context, render_kind
from triage.letters.errors import LetterRenderError
from triage.letters.render import render_html
from triage.models import Letter, LetterStatus, Production
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


# The draft is the HTML the PDF is made from, with its own <style>: it may style itself and
# load nothing (no script, no image, no font from anywhere), and only our request page may
# show it in a frame.
DRAFT_CSP = {
    "default-src": [NONE],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "frame-ancestors": [SELF],
    "base-uri": [NONE],
    "form-action": [NONE],
}


@csp(DRAFT_CSP)
@xframe_options_sameorigin
@staff_required("triage.view_request")
def letter_draft(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A draft letter as it will be sent (the HTML WeasyPrint renders and lerq signs)."""
    letter = (
        Letter.objects.select_related("request", "production")
        .filter(pk=pk, request__reference=reference, status=LetterStatus.DRAFT)
        .first()
    )
    if letter is None:
        raise Http404("No such draft on this request (it may have been sent).")
    try:
        html = render_html(render_kind(letter), letter_context(letter))
    except LetterRenderError as exc:
        return HttpResponse(str(exc), content_type="text/plain; charset=utf-8", status=409)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response
