"""The production on the request page: records uploaded by a reviewer (refused with the
service's sentence and nothing stored when the legal basis or the bytes say no), the build
asked of a worker, and the built zip downloaded with its SHA-256."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from tests import activefiles
from tests.factories import request_in
from tests.triage.letters.records import CSV, MP4
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from tests.web import sign_in
from triage import services
from triage.models import Kind, Production, ProductionFile, Request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]


def page(client, r: Request):
    return client.get(reverse("triage:request_detail", args=[r.reference]))


def upload(client, r: Request, name: str, data: bytes, category="subscriber", **extra):
    post = {
        "seen_status": r.status,
        "seen_notice": r.notice,
        "record": SimpleUploadedFile(name, data),
        "description": "Basic subscriber information",
        "category": category,
        **extra,
    }
    return client.post(reverse("triage:request_act", args=[r.reference, "production_add"]), post)


def build(client, r: Request, production: Production):
    post = {"seen_status": r.status, "seen_notice": r.notice, "production": production.pk}
    return client.post(reverse("triage:request_act", args=[r.reference, "production_build"]), post)


def stored() -> list[str]:
    try:
        return default_storage.listdir("productions")[0]
    except FileNotFoundError:
        return []


def add(r: Request, by, name="subscriber.csv", data=CSV, category="subscriber"):
    return services.production_file_add(
        request=r, by=by, upload=io.BytesIO(data), name=name, description="Records",
        category=category,
    )  # fmt: skip


def test_a_reviewer_uploads_a_record_and_sees_it_with_its_hash(client, reviewer):
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    response = upload(client, r, "subscriber.csv", CSV)

    assert response.status_code == 302
    record = ProductionFile.objects.get(production__request=r)
    assert (record.name, record.size, record.category) == ("subscriber.csv", len(CSV), "subscriber")
    html = client.get(response["Location"]).text
    assert "Record added to the production." in html
    assert hashlib.sha256(CSV).hexdigest() in html
    assert "Subscriber information" in html
    assert 'data-action="production_build"' in html


def test_the_upload_form_offers_the_models_categories(client, reviewer):
    r = request_in("in_review", Kind.SEARCH_WARRANT)
    sign_in(client, reviewer)

    html = page(client, r).text

    assert 'enctype="multipart/form-data"' in html
    assert '<option value="recordings">Recordings (content)</option>' in html
    assert '<option value="ip_logs">IP address logs</option>' in html
    assert 'name="confirmed_needed"' not in html


def test_content_under_a_subpoena_is_refused_with_the_sentence_and_nothing_stored(client, reviewer):
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    response = upload(client, r, "recording.mp4", MP4, category="recordings")

    assert response.status_code == 400
    assert "recording.mp4: recordings is content, and a subpoena allows only non-content" in (
        response.text
    )
    assert 'class="error form-error"' in response.text  # on the form itself
    assert not ProductionFile.objects.filter(production__request=r).exists()
    assert stored() == []


def test_bytes_that_are_not_an_accepted_type_are_refused(client, reviewer):
    r = request_in("in_review", Kind.SEARCH_WARRANT)
    sign_in(client, reviewer)

    response = upload(client, r, "notes.csv", b"\x00\x01 binary", category="files")

    assert response.status_code == 400
    assert "notes.csv: its bytes are not a CSV, JSON, PDF, DOCX or MP4 file." in response.text
    assert stored() == []


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("records.docx", activefiles.docx_with_macros(), "macros (word/vbaProject.bin)"),
        ("records.pdf", activefiles.pdf_with_javascript(), "JavaScript (/JavaScript)"),
    ],
)
def test_a_record_that_acts_when_opened_is_refused_with_the_sentence_and_nothing_stored(
    client, reviewer, name, data, found
):
    r = request_in("in_review", Kind.SEARCH_WARRANT)
    sign_in(client, reviewer)

    response = upload(client, r, name, data, category="files")

    assert response.status_code == 400
    sentence = f"{name}: it carries active content, and nothing active goes out: "
    assert sentence in response.text
    assert found in response.text
    assert not ProductionFile.objects.filter(production__request=r).exists()
    assert stored() == []


def test_an_emergency_record_needs_the_reviewers_confirmation(client, reviewer):
    r = request_in("in_review", Kind.EMERGENCY)
    sign_in(client, reviewer)
    assert 'name="confirmed_needed"' in page(client, r).text

    refused = upload(client, r, "subscriber.csv", CSV)
    accepted = upload(client, r, "subscriber.csv", CSV, confirmed_needed="on")

    assert refused.status_code == 400
    assert "confirm that this record is needed" in refused.text
    assert accepted.status_code == 302
    assert Production.objects.get(request=r).emergency_confirmed_by == reviewer


def test_a_record_over_the_limit_is_refused(client, reviewer, settings):
    settings.LERQ_PRODUCTION_FILE_MAX_BYTES = 20
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    response = upload(client, r, "subscriber.csv", CSV)

    assert response.status_code == 400
    assert "the file is larger than 0 MB, the most a record may be" in response.text
    assert stored() == []
    assert not ProductionFile.objects.exists()


def test_an_over_size_record_is_dropped_while_it_streams_in(
    client, reviewer, settings, monkeypatch
):
    # The bound sits in front of Django's upload handlers: the service never sees the file,
    # and no temporary file holds more than the limit.
    settings.LERQ_PRODUCTION_FILE_MAX_BYTES = 64 * 1024
    called = []
    monkeypatch.setattr(services, "production_file_add", lambda **kw: called.append(kw))
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    response = upload(client, r, "subscriber.csv", CSV * 10_000)

    assert response.status_code == 400
    assert "the most a record may be" in response.text
    assert called == []


def test_uploading_a_record_still_needs_the_csrf_token(reviewer):
    client = sign_in(Client(enforce_csrf_checks=True), reviewer)
    r = request_in("in_review", Kind.SUBPOENA)

    response = upload(client, r, "subscriber.csv", CSV)

    assert response.status_code == 403
    assert not ProductionFile.objects.exists()


def test_a_record_larger_than_the_memory_and_body_limits_uploads_through_a_file_on_disk(
    client, reviewer, settings, monkeypatch
):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (so Django spills it to a temporary file, not memory)
    # and over DATA_UPLOAD_MAX_MEMORY_SIZE (which does not count file uploads).
    big = CSV + b"48213377,lena.ward@example.net,2024-02-01\r\n" * 150_000
    limits = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    assert len(big) > max(limits)
    given = []
    service = services.production_file_add
    monkeypatch.setattr(
        services, "production_file_add", lambda **kw: given.append(kw["upload"]) or service(**kw)
    )
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, reviewer)

    response = upload(client, r, "subscriber.csv", big)

    assert response.status_code == 302
    assert ProductionFile.objects.get(production__request=r).size == len(big)
    assert [type(u) for u in given] == [TemporaryUploadedFile]


def test_no_upload_form_before_review(client, reviewer):
    r = request_in("validated", Kind.SUBPOENA)
    sign_in(client, reviewer)

    assert 'data-action="production_add"' not in page(client, r).text


def test_a_preservation_has_no_production_section(client, reviewer):
    r = request_in("validated", Kind.PRESERVATION)
    sign_in(client, reviewer)

    assert 'id="productions"' not in page(client, r).text


def test_a_clerk_cannot_upload_and_sees_no_form(client, clerk):
    r = request_in("in_review", Kind.SUBPOENA)
    sign_in(client, clerk)

    assert 'data-action="production_add"' not in page(client, r).text
    assert upload(client, r, "subscriber.csv", CSV).status_code == 403
    assert stored() == []


def test_building_is_left_to_a_worker_after_the_commit(
    client, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    dispatched = []
    monkeypatch.setattr("triage.tasks.production_build.delay", lambda *a: dispatched.append(a))
    r = request_in("in_review", Kind.SUBPOENA)
    production = add(r, reviewer).production
    sign_in(client, reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = build(client, r, production)

    assert response.status_code == 302
    assert dispatched == [(production.pk, reviewer.pk)]


def test_a_clerk_cannot_build(client, reviewer, clerk, monkeypatch):
    monkeypatch.setattr("triage.tasks.production_build.delay", pytest.fail)
    r = request_in("in_review", Kind.SUBPOENA)
    production = add(r, reviewer).production
    sign_in(client, clerk)

    assert build(client, r, production).status_code == 403


def test_another_requests_production_cannot_be_built_from_this_page(client, reviewer, monkeypatch):
    monkeypatch.setattr("triage.tasks.production_build.delay", pytest.fail)
    r, other = request_in("in_review", Kind.SUBPOENA), request_in("in_review", Kind.SUBPOENA)
    theirs = add(other, reviewer).production
    sign_in(client, reviewer)

    assert build(client, r, theirs).status_code == 400


@pytest.fixture
def built(reviewer) -> tuple[Request, Production]:
    r = request_in("in_review", Kind.SUBPOENA)
    production = add(r, reviewer).production
    return r, services.production_build(production=production, by=reviewer)


def test_the_built_zip_is_shown_with_its_hash_and_how_to_verify_it(client, reviewer, built):
    r, production = built
    sign_in(client, reviewer)

    html = page(client, r).text

    assert production.sha256 in html
    assert reverse("triage:production_download", args=[r.reference, production.pk]) in html
    assert "manage.py verify_production ZIP" in html


def test_the_built_zip_downloads_as_an_attachment(client, clerk, built):
    r, production = built
    sign_in(client, clerk)

    response = client.get(reverse("triage:production_download", args=[r.reference, production.pk]))

    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert hashlib.sha256(body).hexdigest() == production.sha256
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{r.reference}-production-{production.pk}.zip"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_production_is_not_found_under_another_request_nor_before_it_is_built(
    client, reviewer, built
):
    _, production = built
    other = request_in("in_review", Kind.SUBPOENA)
    unbuilt = add(other, reviewer).production
    sign_in(client, reviewer)

    url = "triage:production_download"
    assert client.get(reverse(url, args=[other.reference, production.pk])).status_code == 404
    assert client.get(reverse(url, args=[other.reference, unbuilt.pk])).status_code == 404


def test_an_outsider_cannot_download_a_production(client, outsider, built):
    r, production = built
    sign_in(client, outsider)

    url = reverse("triage:production_download", args=[r.reference, production.pk])
    assert client.get(url).status_code == 403
