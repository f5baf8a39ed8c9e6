"""The queue's filters and search (django-filter): parse the query string, nothing more.

What each filter means is the selectors' (triage/selectors/queue.py, find.py); a filter only
picks the selector and passes the value. The queryset given is every request: with no search
and no status chosen, the queue shows those not yet closed; a search, or any status choice,
reads every state (issue 18: closed requests must be found).
"""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from triage import selectors
from triage.models import Kind, Request, Status

SEARCH_MAX = 200  # characters: a reference, an address, a few words

UNASSIGNED = "unassigned"


class QueueFilter(filters.FilterSet):
    q = filters.CharFilter(
        label="Search",
        method="search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Reference, agency, agent, email, IP, account, meeting…",
                "autocomplete": "off",
                "maxlength": SEARCH_MAX,
            }
        ),
        max_length=SEARCH_MAX,
    )
    status = filters.ChoiceFilter(
        choices=selectors.STATUS_CHOICES,
        method="in_status",
        empty_label="Not closed (any state when searching)",
    )
    kind = filters.ChoiceFilter(choices=Kind.choices, empty_label="Any")
    agency = filters.CharFilter(label="Agency", lookup_expr="icontains")
    country = filters.CharFilter(
        label="Country",
        method="in_country",
        widget=forms.TextInput(attrs={"size": 3, "maxlength": 2, "placeholder": "US"}),
    )
    assignee = filters.ChoiceFilter(label="Assignee", method="assigned_to", empty_label="Anyone")
    overdue = filters.BooleanFilter(
        label="Overdue only", method="only_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Request
        fields: list[str] = []

    def __init__(self, *args: Any, assignee_choices: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if assignee_choices:
            people = [(str(u.pk), u.get_username()) for u in selectors.request_list_assignable()]
            self.filters["assignee"].extra["choices"] = [(UNASSIGNED, "Unassigned"), *people]
        else:  # "my work": the assignee is the signed-in person
            del self.filters["assignee"]

    def filter_queryset(self, queryset: QuerySet[Request]) -> QuerySet[Request]:
        rows = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("status") and not (data.get("q") or "").strip():
            rows = rows.exclude(status=Status.CLOSED)
        return rows

    def in_status(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        return selectors.request_status_filter(queryset, value)

    def search(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        return selectors.request_search(queryset, value)

    def in_country(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        return queryset.filter(country=value.strip().upper())

    def assigned_to(self, queryset: QuerySet[Request], name: str, value: str) -> QuerySet[Request]:
        if value == UNASSIGNED:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def only_overdue(
        self, queryset: QuerySet[Request], name: str, value: bool
    ) -> QuerySet[Request]:
        if not value:
            return queryset
        return queryset.filter(selectors.request_overdue_q(now=timezone.now()))
