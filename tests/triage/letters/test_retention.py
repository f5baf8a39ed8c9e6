"""At the end of retention a request's letters go with it: rows and signed PDFs."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage

from tests.triage.letters.support import letters_env, signing_pair  # noqa: F401 (fixtures)
from tests.triage.timers.helpers import sweep_at
from tests.triage.timers.test_retention_purge import PURGE, closed_request
from triage import services
from triage.models import Letter, LetterStatus, Request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("letters_env")]


def test_the_purge_removes_the_letters_and_their_files(
    django_capture_on_commit_callbacks, reviewer
):
    r = closed_request()
    for letter in Letter.objects.filter(request=r):
        if letter.status == LetterStatus.DRAFT:  # the rejection: a person sends it
            services.letter_send(letter=letter, by=reviewer)
        services.letter_deliver(letter_id=letter.pk)
    paths = [letter.file.name for letter in Letter.objects.filter(request=r)]
    assert len(paths) == 2 and all(default_storage.exists(p) for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        sweep_at(PURGE + timedelta(minutes=1))

    assert not Request.objects.filter(pk=r.pk).exists()
    assert not Letter.objects.filter(request_id=r.pk).exists()
    assert not any(default_storage.exists(p) for p in paths)
