from django.contrib import admin

from intake.models import InboundMessage, SecurityLogEntry


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
