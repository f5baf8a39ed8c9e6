"""A person's saved queue filter: a name and the query string it stands for (issue 18)."""

from django.conf import settings
from django.db import models

# Bounds: a person keeps a short list, and a query string is a few filters, not a document.
SAVED_FILTERS_MAX = 20
SAVED_FILTER_NAME_MAX = 80
SAVED_FILTER_QUERY_MAX = 1000


class SavedFilter(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(max_length=SAVED_FILTER_NAME_MAX)
    query = models.CharField(max_length=SAVED_FILTER_QUERY_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_owner_name_uniq")
        ]

    def __str__(self) -> str:
        return self.name
