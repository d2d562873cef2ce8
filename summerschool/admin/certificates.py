"""Certificates and the runs producing them (with their progress page)."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.rules import ObjectRulesAdminMixin

from .. import rules as access
from ..models import (
    Certificate,
    CertificateRun,
)
from .filters import offering_filter


def redirect_to_runs(request, runs):
    runs = [r for r in runs if r is not None]
    if not runs:
        messages.info(request, _("Nothing to do."))
        return None
    if len(runs) == 1:
        return redirect("admin:summerschool_certificaterun_progress", runs[0].pk)
    messages.success(request, _("%(n)d certificate runs started.") % {"n": len(runs)})
    return redirect("admin:summerschool_certificaterun_changelist")


@admin.register(Certificate)
class CertificateAdmin(ObjectRulesAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "code", "issued_at", "emailed_at"]
    search_fields = [
        "code",
        "registration__participant__email",
        "registration__participant__last_name",
        "registration__offering__title",
    ]
    list_filter = [offering_filter("registration__offering")]
    list_select_related = ["registration__participant", "registration__offering"]
    readonly_fields = ["registration", "code", "issued_at", "pdf", "emailed_at", "verify_link"]

    def get_queryset(self, request):
        return access.of_visible_registrations(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("public verification page"))
    def verify_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', obj.verify_path, obj.verify_url)


@admin.register(CertificateRun)
class CertificateRunAdmin(admin.ModelAdmin):
    list_display = [
        "offering",
        "started_by",
        "started_at",
        "total",
        "done",
        "failed",
        "finished_at",
        "progress_link",
    ]
    list_filter = [offering_filter("offering")]
    search_fields = ["offering__title"]
    list_select_related = ["offering", "started_by"]
    readonly_fields = ["offering", "started_by", "started_at", "total", "done", "failed", "finished_at"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="summerschool_certificaterun_progress",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("progress"))
    def progress_link(self, obj):
        url = reverse("admin:summerschool_certificaterun_progress", args=[obj.pk])
        return format_html('<a href="{}">{}%</a>', url, obj.percent)

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        run = get_object_or_404(CertificateRun.objects.select_related("offering", "started_by"), pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Certificates: %(school)s") % {"school": run.offering},
            "run": run,
            "opts": self.model._meta,
            "status_url": reverse("summerschool:certificate_run_status", args=[run.pk]),
            "registrations_url": reverse("admin:summerschool_registration_changelist")
            + f"?offering__id__exact={run.offering_id}&state__exact=completed",
        }
        return TemplateResponse(request, "summerschool/admin/run_progress.html", context)
