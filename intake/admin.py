from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from intake import govdomains
from intake.models import GovernmentDomain, InboundMessage, SecurityLogEntry, SenderHistory
from triage import roles


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "sender", "subject", "outcome", "request"]
    list_filter = ["outcome"]
    search_fields = ["message_id", "sha256", "sender", "subject"]
    exclude = ["raw"]
    readonly_fields = [
        "size",
        "sha256",
        "message_id",
        "source",
        "sender",
        "subject",
        "received_at",
        "outcome",
        "reasons",
        "unlisted_domain",
        "request",
        "routing_started_at",
        "routed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityLogEntry)
class SecurityLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "sender", "reason_codes"]
    search_fields = ["sender", "message_sha256"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


def _is_team_admin(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or user.groups.filter(name=roles.ADMIN).exists())


@admin.register(GovernmentDomain)
class GovernmentDomainAdmin(admin.ModelAdmin):
    """The administrators' changes to the shipped government-domain rules. To switch off a
    shipped rule, add a row with its name and kind and untick "active"; rows are never deleted
    (untick "active" instead), so the record of who accepted which domain stays."""

    list_display = [
        "__str__",
        "kind",
        "country",
        "organisation",
        "active",
        "source",
        "evidence",
        "shipped",
    ]
    list_filter = ["active", "kind", "source", "country"]
    search_fields = ["domain", "organisation", "note", "source_url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["domain", "kind", "country", "organisation", "note", "source_url", "active"]
    readonly_fields = ["source", "added_by", "added_at", "updated_at"]

    @admin.display(boolean=True, description="overrides a shipped rule")
    def shipped(self, obj: GovernmentDomain) -> bool:
        suffix = obj.kind == GovernmentDomain.RuleKind.SUFFIX
        return any(
            (rule.name, rule.suffix_only) == (obj.domain, suffix)
            for rule in govdomains.bundled_rules()
        )

    @admin.display(description="source page")
    def evidence(self, obj: GovernmentDomain) -> str:
        # Only an https address becomes a link; format_html escapes it either way.
        if not obj.source_url.startswith("https://"):
            return obj.source_url
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            obj.source_url,
            obj.source_url,
        )

    def get_fields(self, request, obj=None):
        return self.fields + (self.readonly_fields if obj is not None else [])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
            obj.source = GovernmentDomain.Source.ADMIN
        elif obj.source == GovernmentDomain.Source.CURATED and set(form.changed_data) - {"active"}:
            # An administrator rewrote a shipped entry: it is theirs now, and
            # government_domains_refresh leaves it as they wrote it (switching one off is not
            # rewriting it: the refresh never touches "active").
            obj.source = GovernmentDomain.Source.ADMIN
        super().save_model(request, obj, form, change)

    def has_module_permission(self, request):
        return _is_team_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_team_admin(request)

    def has_add_permission(self, request):
        return _is_team_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_team_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SenderHistory)
class SenderHistoryAdmin(admin.ModelAdmin):
    list_display = ["address", "first_seen", "last_seen", "requests_opened", "refusals"]
    search_fields = ["address", "domain", "last_agency"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
