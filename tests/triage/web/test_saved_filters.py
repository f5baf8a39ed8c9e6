"""Saved filters: each person keeps their own named queue filters (issue 18)."""

import pytest
from django.urls import reverse

from tests.factories import open_request
from tests.web import sign_in
from triage import services
from triage.models import SavedFilter
from triage.models.saved_filter import SAVED_FILTERS_MAX
from triage.services.find import ERR_EMPTY, ERR_NAME, ERR_TOO_MANY

pytestmark = pytest.mark.django_db

QUEUE = reverse("triage:queue")
SAVE = reverse("triage:saved_filter_save")


def test_a_person_saves_the_filters_shown_and_finds_them_on_the_queue(client, clerk):
    open_request()
    sign_in(client, clerk)

    saved = client.post(
        SAVE, {"name": "  UK   court orders ", "query": "kind=court_order&country=GB&page=3"}
    )
    page = client.get(QUEUE).text

    assert saved.status_code == 302
    assert saved["Location"] == f"{QUEUE}?kind=court_order&country=GB"
    assert SavedFilter.objects.get(owner=clerk).query == "kind=court_order&country=GB"
    assert "UK court orders" in page
    assert f'href="{QUEUE}?kind=court_order&amp;country=GB"' in page


def test_the_queue_offers_to_save_what_is_filtered(client, clerk):
    sign_in(client, clerk)

    page = client.get(QUEUE, {"status": "closed"}).text

    assert f'action="{SAVE}"' in page
    assert 'name="query" value="status=closed"' in page
    assert f'action="{SAVE}"' not in client.get(QUEUE).text  # nothing to save


def test_nobody_sees_or_deletes_another_persons_saved_filters(client, clerk, reviewer):
    theirs = services.saved_filter_save(owner=reviewer, name="Reviewer's own", query="status=open")
    sign_in(client, clerk)

    page = client.get(QUEUE).text
    client.post(reverse("triage:saved_filter_delete", args=[theirs.pk]))

    assert "Reviewer&#x27;s own" not in page and "Reviewer's own" not in page
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()


def test_a_person_deletes_their_own_saved_filter(client, clerk):
    mine = services.saved_filter_save(owner=clerk, name="Mine", query="status=open")
    sign_in(client, clerk)

    client.post(reverse("triage:saved_filter_delete", args=[mine.pk]))

    assert not SavedFilter.objects.filter(pk=mine.pk).exists()
    assert client.get(reverse("triage:saved_filter_delete", args=[1])).status_code == 405


def test_saving_under_a_used_name_replaces_that_filter(clerk):
    services.saved_filter_save(owner=clerk, name="Week", query="status=open")
    services.saved_filter_save(owner=clerk, name="Week", query="status=closed")

    assert list(SavedFilter.objects.values_list("name", "query")) == [("Week", "status=closed")]


@pytest.mark.parametrize(
    ("name", "query", "error"),
    [
        ("", "status=open", ERR_NAME.format(max=80)),
        ("x" * 81, "status=open", ERR_NAME.format(max=80)),
        ("Nothing", "page=2&bogus=1", ERR_EMPTY),
        ("Huge", "q=" + "a" * 1200, "too long"),
    ],
)
def test_a_filter_without_a_name_or_beyond_the_bounds_is_refused(clerk, name, query, error):
    with pytest.raises(services.InvalidInput, match=error):
        services.saved_filter_save(owner=clerk, name=name, query=query)
    assert not SavedFilter.objects.exists()


def test_a_person_keeps_a_bounded_number_of_filters(client, clerk):
    for i in range(SAVED_FILTERS_MAX):
        services.saved_filter_save(owner=clerk, name=f"f{i}", query=f"q=x{i}")
    sign_in(client, clerk)

    page = client.post(SAVE, {"name": "one more", "query": "status=open"}, follow=True)

    assert ERR_TOO_MANY.format(max=SAVED_FILTERS_MAX) in page.text
    assert SavedFilter.objects.filter(owner=clerk).count() == SAVED_FILTERS_MAX


def test_someone_outside_the_team_cannot_save_filters(client, outsider):
    sign_in(client, outsider)

    assert client.post(SAVE, {"name": "x", "query": "status=open"}).status_code == 403
    with pytest.raises(services.ActionNotPermitted):
        services.saved_filter_save(owner=outsider, name="x", query="status=open")
    assert client.post(reverse("triage:saved_filter_delete", args=[1])).status_code == 403
