"""The request page's reads of letters and productions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import request_in
from triage.selectors.letters import letter_list_for_request, production_list_for_request

pytestmark = pytest.mark.django_db


def test_a_request_s_letters_come_in_issue_order_with_their_mail_in_one_query():
    r = request_in("rejected")
    other = request_in("rejected")

    with CaptureQueriesContext(connection) as queries:
        rows = [(letter.kind, letter.mail) for letter in letter_list_for_request(request=r)]

    assert rows == [("acknowledgement", None), ("rejection", None)]
    assert len(queries) == 1
    assert all(letter.request_id == other.pk for letter in letter_list_for_request(request=other))


def test_a_request_without_a_production_has_none():
    assert list(production_list_for_request(request=request_in("in_review"))) == []
