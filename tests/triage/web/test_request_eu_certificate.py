"""The EU certificate's fields are on the request page and a person corrects them there, on
the record; an unknown data category is refused."""

import html

import pytest
from django.urls import reverse

from tests.factories import open_request
from tests.triage.services.helpers import fresh
from tests.web import sign_in
from triage import services
from triage.models import Event, EventKind, Kind, Request, Status

pytestmark = pytest.mark.django_db


def _epoc():
    return open_request(
        Kind.EU_PRODUCTION_ORDER,
        badge="",
        response_due_date=None,
        eu_issuing_state="FR",
        eu_data_categories=["subscriber"],
        eu_offence="Escroquerie",
        eu_legal_basis="Article 313-1 du code pénal",
    )


def _post(client, r, **data):
    post = {
        "seen_status": r.status,
        "seen_notice": r.notice,
        "initial-eu_data_categories": ",".join(r.eu_data_categories),
        "initial-eu_issuing_state": r.eu_issuing_state,
        **data,
    }
    return client.post(reverse("triage:request_act", args=[r.reference, "fields"]), post)


def test_the_page_shows_the_certificate_and_a_clerk_corrects_its_categories(client, clerk):
    r = _epoc()
    sign_in(client, clerk)
    page = html.unescape(client.get(r.get_absolute_url()).text)
    assert "issuing State (ISO 3166-1)" in page or "Issuing state (ISO 3166-1)" in page
    assert 'name="eu_data_categories"' in page

    response = _post(client, r, eu_data_categories="subscriber,content", eu_issuing_state="FR")

    assert response.status_code == 302
    assert fresh(r).eu_data_categories == ["subscriber", "content"]
    event = Event.objects.get(request=r, action=EventKind.FIELDS_CHANGED)
    assert event.data["changes"] == {
        "eu_data_categories": {"from": ["subscriber"], "to": ["subscriber", "content"]}
    }


def test_the_categories_read_as_words_not_as_a_python_list(client, clerk):
    r = _epoc()
    Request.objects.filter(pk=r.pk).update(eu_data_categories=["subscriber", "traffic"])
    sign_in(client, clerk)

    page = html.unescape(client.get(r.get_absolute_url()).text)

    assert "subscriber, traffic" in page and "['subscriber'" not in page


def test_an_unknown_data_category_is_refused(client, clerk):
    r = _epoc()
    sign_in(client, clerk)

    response = _post(client, r, eu_data_categories="subscriber,metadata", eu_issuing_state="FR")

    assert response.status_code >= 400
    assert fresh(r).eu_data_categories == ["subscriber"]


def test_a_reviewer_records_the_annex_vi_extension_of_an_epoc_pr(client, reviewer):
    r = open_request(
        Kind.EU_PRESERVATION_ORDER,
        badge="",
        response_due_date=None,
        eu_issuing_state="ES",
        eu_data_categories=["traffic"],
        eu_offence="Estafa",
        eu_legal_basis="Artículo 248 del Código Penal",
    )
    r = services.request_validate(request=r, by=None)
    services.hold_place(request=fresh(r), by=None)
    r = fresh(r)
    ends = r.hold.ends_at
    sign_in(client, reviewer)

    post = {"seen_status": r.status, "seen_notice": r.notice, "note": "Annex VI of 3 March"}
    response = client.post(reverse("triage:request_act", args=[r.reference, "extend"]), post)

    assert response.status_code == 302
    r = fresh(r)
    assert r.status == Status.EXTENDED
    assert r.hold.ends_at > ends


def test_a_reviewer_records_the_annex_v_confirmation_from_the_page(client, reviewer):
    r = open_request(
        Kind.EU_PRESERVATION_ORDER,
        badge="",
        response_due_date=None,
        eu_issuing_state="ES",
        eu_data_categories=["traffic"],
        eu_offence="Estafa",
        eu_legal_basis="Artículo 248 del Código Penal",
    )
    r = services.request_validate(request=r, by=None)
    services.hold_place(request=fresh(r), by=None)
    r = fresh(r)
    sign_in(client, reviewer)
    assert 'data-action="eu_confirm"' in client.get(r.get_absolute_url()).text

    post = {"seen_status": r.status, "seen_notice": r.notice, "note": "Annex V of 9 March"}
    response = client.post(reverse("triage:request_act", args=[r.reference, "eu_confirm"]), post)

    assert response.status_code == 302
    assert fresh(r).eu_production_confirmed_at is not None
    assert "Annex V recorded" in client.get(r.get_absolute_url()).text
