"""Staff switch rules off and change offsets; the ledger is read-only."""

from django.contrib import admin

from .models import Rule, Sent


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "enabled", "offset", "repeat"]
    list_editable = ["enabled", "offset", "repeat"]
    list_filter = ["enabled"]
    readonly_fields = ["code", "name"]
    fields = ["code", "name", "enabled", "offset", "repeat"]

    def has_add_permission(self, request):  # rules come from the code (reminders.registry)
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sent)
class SentAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "rule", "recipient", "content_type", "object_id", "deadline"]
    list_filter = ["rule", "content_type"]
    list_select_related = ["rule", "recipient", "content_type"]
    date_hierarchy = "sent_at"
    search_fields = ["recipient__email", "recipient__last_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
