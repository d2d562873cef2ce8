"""The outbox in the admin: what was sent to whom, when, and whether it went out.

Replaces django-post-office's own Email admin for two reasons: IRO staff follow deliveries
without reading message bodies (password-reset and confirmation emails carry keys that would let
whoever reads them into that person's account), and nobody edits an email after the fact.
"""

import rules
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin as PostOfficeEmailAdmin
from post_office.models import STATUS, Email

from .admin_mixins import ReadOnlyAdminMixin
from .emails import enqueue_delivery
from .models import FileAccess


@admin.action(description=_("Send again"), permissions=["change"])
def send_again(modeladmin, request, queryset):
    count = queryset.exclude(status=STATUS.sent).update(status=STATUS.queued, scheduled_time=None)
    enqueue_delivery()
    modeladmin.message_user(
        request,
        ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count) % {"count": count},
        messages.SUCCESS,
    )


admin.site.unregister(Email)


@admin.register(Email)
class OutboxAdmin(PostOfficeEmailAdmin):
    list_display = ["to_display", "subject", "status", "created", "last_attempt", "number_of_retries"]
    list_filter = ["status", "created"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created"
    actions = [send_again]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_attempt_at=Max("logs__date"))

    @admin.display(description=_("last attempt"), ordering="last_attempt_at")
    def last_attempt(self, obj):
        return obj.last_attempt_at

    def get_fieldsets(self, request, obj=None):
        fields = ["to", "cc", "bcc", "from_email", "subject", "status", "created", "scheduled_time"]
        fields.append("number_of_retries")
        if request.user.is_superuser:
            fields += ["render_plaintext_body", "render_html_body"]
        return [(None, {"fields": fields})]

    def get_fields(self, request, obj=None):
        return self.get_fieldsets(request, obj)[0][1]["fields"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        # The attempts (sent / failed with the server's answer); attachments only for superusers.
        inlines = super().get_inlines(request, obj)
        return [i for i in inlines if request.user.is_superuser or i.__name__ == "LogInline"]

    def has_add_permission(self, request):
        return False

    def _superuser_only(self, request):
        if not request.user.is_superuser:
            raise PermissionDenied

    # post_office's preview, image and resend views show or resend bodies: superusers only.
    def preview_html(self, request, pk):
        self._superuser_only(request)
        return super().preview_html(request, pk)

    def fetch_email_image(self, request, pk, content_id):
        self._superuser_only(request)
        return super().fetch_email_image(request, pk, content_id)

    def resend(self, request, pk):
        self._superuser_only(request)
        return super().resend(request, pk)


def emails_to(address, limit=20):
    """The latest emails addressed to `address` (exactly: not to addresses that merely contain it)."""
    address = address.lower()
    candidates = Email.objects.filter(to__icontains=address).order_by("-created")[: limit * 3]
    return [e for e in candidates if address in (a.strip().lower() for a in e.to)][:limit]


@admin.register(FileAccess)
class FileAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The download audit: superusers only (IRO staff have every `core` permission through their
    group, so this admin asks the rule core.view_fileaccess, not the group), and read-only."""

    list_display = ["at", "user_email", "kind", "owner_email", "file_name", "ip_address"]
    list_filter = ["at", "kind", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user_email", "owner_email", "file_name", "object_id", "ip_address"]
    date_hierarchy = "at"
    fields = [
        "at", "user", "user_email", "owner", "owner_email", "kind", "object_type", "object_id", "file_name",
        "ip_address",
    ]  # fmt: skip
    readonly_fields = fields
    list_select_related = ["user"]

    def may_view(self, request):
        return rules.has_perm("core.view_fileaccess", request.user)
