"""Django admin for administrators: the record is read-only here.

Requests change only through the services (the state machine and its Event); the admin shows
them, their targets, holds, deadlines and events, and never edits or deletes any of them.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.http import HttpRequest

from triage.models import (
    AccessRestriction,
    AgencyNumber,
    Deadline,
    Event,
    Hold,
    Matter,
    NondisclosureOrder,
    NoticeRecipient,
    Objection,
    Request,
    Target,
)
from triage.services.callbacks import agency_number_log


class ReadOnlyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.fields or [])


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["type", "user_id", "email", "ip", "account_number", "meeting_id", "url"]


class DeadlineInline(ReadOnlyInline):
    model = Deadline
    fields = ["kind", "due_at", "done_at", "outcome"]


class EventInline(ReadOnlyInline):
    model = Event
    fields = ["seq", "at", "actor_name", "action", "from_state", "to_state", "reason"]
    ordering = ["seq"]


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "kind",
        "status",
        "notice",
        "agency",
        "country",
        "received_at",
        "response_due_date",
        "assignee",
    ]
    list_filter = ["status", "notice", "kind", "channel", "country"]
    search_fields = ["reference", "agency", "agent_name", "agent_email", "case_number"]
    date_hierarchy = "received_at"
    list_select_related = ["assignee"]
    inlines = [TargetInline, DeadlineInline, EventInline]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["request", "type", "user_id", "email", "ip", "account_number", "meeting_id"]
    list_filter = ["type"]
    search_fields = ["request__reference", "user_id", "email", "account_number", "meeting_id"]
    list_select_related = ["request"]


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ["request", "placed_at", "ends_at", "extended_once", "released_at"]
    list_select_related = ["request"]

    @admin.display(boolean=True)
    def extended_once(self, obj: Hold) -> bool:
        return obj.extended_once


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "due_at", "done_at", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["request__reference"]
    list_select_related = ["request"]
    date_hierarchy = "due_at"


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "reference", "actor_name", "action", "from_state", "to_state"]
    list_filter = ["action"]
    search_fields = ["reference", "actor_name", "reason"]
    ordering = ["-seq"]


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "created_at"]


# --- the user notice (services in triage/services/notice_*.py) ------------------------------
@admin.register(NondisclosureOrder)
class NondisclosureOrderAdmin(ReadOnlyAdmin):
    list_display = ["request", "basis", "issued_on", "days", "until", "deficiencies"]
    search_fields = ["request__reference", "basis", "document_reference"]
    list_select_related = ["request"]


@admin.register(NoticeRecipient)
class NoticeRecipientAdmin(ReadOnlyAdmin):
    list_display = ["request", "email", "added_at", "notified_at"]
    search_fields = ["request__reference", "email"]
    list_select_related = ["request"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["request", "objector", "received_at", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    search_fields = ["request__reference", "objector"]
    list_select_related = ["request"]


@admin.register(AccessRestriction)
class AccessRestrictionAdmin(ReadOnlyAdmin):
    list_display = ["request", "jurisdiction", "recorded_at"]
    search_fields = ["request__reference", "jurisdiction"]
    list_select_related = ["request"]


# --- people (every change is on the record: triage/people.py) -------------------------------
# Granting superuser or staff status, or permissions outside the roles, is a superuser's act:
# anyone else sees those fields read-only (and triage/people.py refuses it on any other path).
SUPERUSER_ONLY_FIELDS = ["is_superuser", "is_staff", "user_permissions"]

admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PersonAdmin(UserAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        return fields


# --- the directory of agencies' published numbers (offered when recording a call-back) -----
@admin.register(AgencyNumber)
class AgencyNumberAdmin(admin.ModelAdmin):
    """Editable by the Admin role (triage/roles.py); every change is an Event."""

    list_display = ["agency", "number", "source", "added_by", "added_at"]
    search_fields = ["agency", "number", "source", "notes"]
    fields = ["agency", "number", "source", "notes"]
    readonly_fields = ["added_by", "added_at"]
    list_select_related = ["added_by"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.fields + (self.readonly_fields if obj is not None else [])

    def save_model(self, request: HttpRequest, obj: AgencyNumber, form: Any, change: bool) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
        agency_number_log(entry=obj, by=request.user, change="changed" if change else "added")

    def delete_model(self, request: HttpRequest, obj: AgencyNumber) -> None:
        agency_number_log(entry=obj, by=request.user, change="removed")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            agency_number_log(entry=obj, by=request.user, change="removed")
        super().delete_queryset(request, queryset)
