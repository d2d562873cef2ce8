from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyAdminMixin
from core.content import html_message

from . import services
from .conf import retention
from .models import AccountingRecord, DataRequest, LegalHold, ProcessingRegister, RequestKind, RetentionRun
from .register import register_rows


class IroStaffOnly(ReadOnlyAdminMixin):
    """IRO staff (and superusers) handle personal-data matters; supervisors never see them."""

    def may_view(self, request):
        return request.user.is_active and request.user.is_iro_staff


@admin.register(LegalHold)
class LegalHoldAdmin(IroStaffOnly, admin.ModelAdmin):
    list_display = ["__str__", "reason", "set_by", "set_at", "lifted_at"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["user", "application"]
    fields = ["user", "application", "reason", "set_by", "set_at", "lifted_at"]
    readonly_fields = ["set_by", "set_at", "lifted_at"]
    actions = ["lift"]

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.is_active)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Lift the selected holds"))
    def lift(self, request, queryset):
        for hold in queryset.filter(lifted_at__isnull=True):
            services.lift_hold(hold)
        self.message_user(request, gettext("Holds lifted: retention applies again at the next run."))


@admin.register(RetentionRun)
class RetentionRunAdmin(IroStaffOnly, admin.ModelAdmin):
    list_display = ["started_at", "as_of", "dry_run", "trigger", "total", "summary"]
    list_filter = ["dry_run", "trigger"]
    readonly_fields = ["started_at", "finished_at", "as_of", "dry_run", "trigger", "summary"]
    fields = readonly_fields
    change_list_template = "admin/privacy/retentionrun/change_list.html"

    @admin.display(description=_("records per category"))
    def summary(self, obj):
        return ", ".join(f"{k}: {v}" for k, v in obj.counts.items() if v) or "—"

    @admin.display(description=_("records"))
    def total(self, obj):
        return obj.total

    def changelist_view(self, request, extra_context=None):
        extra = {"retention_rules": register_rows(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)


@admin.register(DataRequest)
class DataRequestAdmin(IroStaffOnly, admin.ModelAdmin):
    list_display = ["kind", "account_id", "user", "status", "requested_at", "handled_by", "handled_at"]
    list_filter = ["kind", "status"]
    search_fields = ["user__email", "user__last_name"]
    fields = [
        "kind",
        "account_id",
        "user",
        "status",
        "requested_at",
        "assessment",
        "handled_by",
        "handled_at",
        "note",
    ]
    readonly_fields = fields
    actions = ["confirm_erasure", "refuse"]

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)  # the actions; every field stays read-only

    def get_actions(self, request):
        return super().get_actions(request) if self.has_module_permission(request) else {}

    @admin.display(description=_("what cannot be erased yet, and what is kept"))
    def assessment(self, obj):
        if obj.kind != RequestKind.ERASURE or obj.user is None:
            return "—"
        blockers = services.erasure_blockers(obj.user)
        keeps = services.erasure_keeps(obj.user)
        parts = []
        if blockers:
            parts.append(
                format_html(
                    "<p><strong>{}</strong></p><ul>{}</ul>",
                    gettext("Cannot be erased yet:"),
                    format_html_join("", "<li>{}</li>", ((b,) for b in blockers)),
                )
            )
        else:
            parts.append(format_html("<p>{}</p>", gettext("Nothing stops the erasure.")))
        if keeps:
            parts.append(
                format_html(
                    "<p><strong>{}</strong></p><ul>{}</ul>",
                    gettext("Kept after the erasure:"),
                    format_html_join("", "<li>{}</li>", ((k,) for k in keeps)),
                )
            )
        return format_html("{}", format_html_join("", "{}", ((p,) for p in parts)))

    @admin.action(description=_("Confirm the selected erasure requests (erase now)"))
    def confirm_erasure(self, request, queryset):
        done = 0
        for data_request in queryset.filter(kind=RequestKind.ERASURE):
            try:
                services.confirm_erasure(data_request, request.user, now=timezone.now())
                done += 1
            except services.ErasureBlocked as blocked:
                self.message_user(
                    request,
                    html_message(
                        gettext("Request #%(pk)s not erased: %(reasons)s"),
                        pk=data_request.pk,
                        reasons=format_html_join(" ", "{}", ((r,) for r in blocked.reasons)),
                    ),
                    messages.WARNING,
                )
        if done:
            self.message_user(request, gettext("%(n)s erasure(s) done.") % {"n": done})

    @admin.action(description=_("Refuse the selected requests"))
    def refuse(self, request, queryset):
        for data_request in queryset:
            services.refuse_request(data_request, request.user, gettext("Refused by the office."))


@admin.register(AccountingRecord)
class AccountingRecordAdmin(IroStaffOnly, admin.ModelAdmin):
    list_display = ["payer_name", "paid_on", "payment", "recorded_at"]
    readonly_fields = ["payment", "payer_name", "payer_address", "paid_on", "recorded_at"]
    fields = readonly_fields


@admin.register(ProcessingRegister)
class ProcessingRegisterAdmin(IroStaffOnly, admin.ModelAdmin):
    """The record of processing (GDPR art. 30): each category, why, on what basis, how long, how many."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Record of processing"),
            "opts": self.model._meta,
            "rows": register_rows(),
            "retention": retention(),
            "last_run": RetentionRun.objects.filter(dry_run=False).first(),
        }
        return TemplateResponse(request, "admin/privacy/register.html", context)
