"""Records go into a production only when they are what their bytes say, within the size
limit, and allowed by the request's legal basis; a refusal names the file and why."""

import io
import re

import pytest

from tests import activefiles
from tests.factories import request_in
from tests.triage.letters.records import CSV, JSON, MP4, PDF, docx
from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from triage import services
from triage.models import Event, Kind, ProductionFile
from triage.services import ActionNotPermitted, InvalidInput, TransitionRefused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]


def _add(request, by, name, data, category="subscriber", **kw):
    return services.production_file_add(
        request=request,
        by=by,
        upload=io.BytesIO(data),
        name=name,
        description=kw.pop("description", "Records"),
        category=category,
        **kw,
    )


@pytest.mark.parametrize(
    ("name", "data", "sniffed"),
    [
        ("subscriber.csv", CSV, "text/csv"),
        ("meetings.json", JSON, "application/json"),
        ("letter.pdf", PDF, "application/pdf"),
        (
            "notes.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("recording.mp4", MP4, "video/mp4"),
    ],
)
def test_each_accepted_type_is_stored_with_its_hash_and_sniffed_type(reviewer, name, data, sniffed):
    r = request_in("in_review", Kind.SEARCH_WARRANT)

    record = _add(r, reviewer, name, data, category="files")

    assert (record.name, record.size, record.content_type) == (name, len(data), sniffed)
    assert record.file.read() == data
    event = Event.objects.filter(request=r).order_by("-seq").first()
    assert (event.action, event.data["sha256"]) == ("production_file_added", record.sha256)


def test_a_subpoena_refuses_content_and_says_which_file_and_why(reviewer):
    r = request_in("in_review", Kind.SUBPOENA)

    with pytest.raises(InvalidInput) as refused:
        _add(r, reviewer, "meeting_1.mp4", MP4, category="recordings")

    assert str(refused.value).startswith("meeting_1.mp4: recordings is content, and a subpoena")
    assert "search warrant" in str(refused.value)
    assert not ProductionFile.objects.exists()
    _add(r, reviewer, "ip_log.csv", CSV, category="ip_logs")  # non-content is fine


def test_a_preservation_produces_nothing(reviewer):
    r = request_in("preserved", Kind.PRESERVATION)
    with pytest.raises((InvalidInput, TransitionRefused), match=re.escape("subscriber.csv")):
        _add(r, reviewer, "subscriber.csv", CSV)


def test_an_emergency_record_needs_the_reviewer_to_confirm_it_prevents_the_harm(reviewer):
    r = request_in("in_review", Kind.EMERGENCY)
    with pytest.raises(InvalidInput, match=r"^location\.csv: .*it helps prevent the harm"):
        _add(r, reviewer, "location.csv", CSV, category="location")

    record = _add(r, reviewer, "location.csv", CSV, category="location", confirmed_needed=True)

    assert record.production.emergency_confirmed_by == reviewer


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("subscriber.csv", PDF, "its bytes are PDF, but its name says csv"),
        ("report.pdf", CSV, "its bytes are CSV, but its name says pdf"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "not a CSV, JSON, PDF, DOCX or MP4"),
        ("photo.csv", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "not a CSV, JSON, PDF, DOCX or MP4"),
        ("broken.json", b'{"a": ', "not a CSV, JSON, PDF, DOCX or MP4"),
    ],
)
def test_the_type_comes_from_the_bytes_not_the_name(reviewer, name, data, said):
    r = request_in("in_review", Kind.SEARCH_WARRANT)
    with pytest.raises(InvalidInput) as refused:
        _add(r, reviewer, name, data)
    assert str(refused.value).startswith(f"{name}: ")
    assert said in str(refused.value)


def test_a_record_over_the_size_limit_is_refused(reviewer, settings):
    settings.LERQ_PRODUCTION_FILE_MAX_BYTES = len(CSV) - 1
    r = request_in("in_review", Kind.SUBPOENA)
    with pytest.raises(InvalidInput, match=r"^subscriber.csv: .* over the limit"):
        _add(r, reviewer, "subscriber.csv", CSV)


def test_the_name_is_sanitised_and_never_a_path(reviewer):
    r = request_in("in_review", Kind.SUBPOENA)

    record = _add(r, reviewer, "../../etc/pass wd\r\n.csv", CSV)

    assert record.name == "pass_wd.csv"
    assert record.file.name == f"productions/{r.reference}/{record.production.pk:06d}/pass_wd.csv"


def test_a_clerk_may_not_add_records(clerk):
    r = request_in("in_review", Kind.SUBPOENA)
    with pytest.raises(ActionNotPermitted):
        _add(r, clerk, "subscriber.csv", CSV)


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("records.docx", activefiles.docx_with_macros(), "macros (word/vbaProject.bin)"),
        ("records.pdf", activefiles.pdf_with_javascript(), "JavaScript (/JavaScript)"),
        ("records.pdf", activefiles.pdf_with_javascript(), "an action run when the file opens"),
    ],
)
def test_a_record_that_acts_when_opened_is_refused_naming_the_file_and_what_was_found(
    reviewer, name, data, found
):
    r = request_in("in_review", Kind.SEARCH_WARRANT)

    with pytest.raises(InvalidInput) as refused:
        _add(r, reviewer, name, data, category="files")

    assert str(refused.value).startswith(
        f"{name}: it carries active content, and nothing active goes out: "
    )
    assert found in str(refused.value)
    assert not ProductionFile.objects.exists()
    assert not Event.objects.filter(request=r, action="production_file_added").exists()


def test_a_plain_docx_with_a_hyperlink_and_a_pdf_opening_at_page_one_are_records(reviewer):
    r = request_in("in_review", Kind.SEARCH_WARRANT)

    _add(r, reviewer, "notes.docx", activefiles.docx_plain(), category="files")
    _add(r, reviewer, "letter.pdf", activefiles.pdf_opening_a_page(), category="files")

    assert ProductionFile.objects.filter(production__request=r).count() == 2
