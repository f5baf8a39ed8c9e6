from django.urls import path, register_converter

from triage.views import (
    agency_messages,
    calendar,
    dashboard,
    find,
    notes,
    notice_draft,
    queue,
    records,
    reports,
)
from triage.views import request as request_views


class ReferenceConverter:
    """LER-YYYY-NNNNNN, the reference in every subject line and letter."""

    regex = r"LER-\d{4}-\d{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "ref")


class CalendarKeyConverter:
    """The calendar feed's key (not secret): 16 hex digits."""

    regex = r"[0-9a-f]{16}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CalendarSecretConverter(CalendarKeyConverter):
    """The feed's secret as secrets.token_urlsafe(32) writes it: 43 URL-safe characters."""

    regex = r"[A-Za-z0-9_-]{43}"


register_converter(CalendarKeyConverter, "calkey")
register_converter(CalendarSecretConverter, "calsecret")

app_name = "triage"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("mine/", queue.my_work, name="my_work"),
    path("export.csv", find.queue_export, name="queue_export"),
    path("filters/", find.saved_filter_save, name="saved_filter_save"),
    path("filters/<int:pk>/delete/", find.saved_filter_delete, name="saved_filter_delete"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("calendar/", calendar.calendar_link, name="calendar_link"),
    path(
        "calendar/<calkey:key>/<calsecret:secret>.ics",
        calendar.calendar_feed,
        name="calendar_feed",
    ),
    path("requests/<ref:reference>/", request_views.request_detail, name="request_detail"),
    path(
        "requests/<ref:reference>/act/<slug:action>/",
        request_views.request_act,
        name="request_act",
    ),
    path("requests/<ref:reference>/notes/", notes.note_add, name="note_add"),
    path(
        "requests/<ref:reference>/letters/<int:pk>/",
        records.letter_download,
        name="letter_download",
    ),
    path(
        "requests/<ref:reference>/letters/<int:pk>/draft/",
        records.letter_draft,
        name="letter_draft",
    ),
    path(
        "requests/<ref:reference>/notice/draft/mail/",
        notice_draft.notice_mail_draft,
        name="notice_mail_draft",
    ),
    path(
        "requests/<ref:reference>/agency/",
        agency_messages.agency_messages,
        name="agency_messages",
    ),
    path(
        "requests/<ref:reference>/agency/new/",
        agency_messages.agency_message_new,
        name="agency_message_new",
    ),
    path(
        "requests/<ref:reference>/agency/<int:pk>/send/",
        agency_messages.agency_message_send_view,
        name="agency_message_send",
    ),
    path(
        "requests/<ref:reference>/agency/<int:pk>/discard/",
        agency_messages.agency_message_discard_view,
        name="agency_message_discard",
    ),
    path(
        "requests/<ref:reference>/agency/<int:pk>/files/<int:index>/",
        agency_messages.agency_message_file,
        name="agency_message_file",
    ),
    path(
        "requests/<ref:reference>/productions/<int:pk>/",
        records.production_download,
        name="production_download",
    ),
    path("reports/transparency/", reports.transparency_report, name="report"),
]
