"""Waiver codes: generated in batches for a network's office, exported as CSV."""

import csv
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ServiceErrorAdminMixin
from core.errors import ServiceError
from core.exports import neutralise
from partners.models import Network

from .. import services
from ..models import (
    Offering,
    WaiverCode,
)


class WaiverCodeGenerateForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.order_by("name"))
    offering = forms.ModelChoiceField(
        label=_("Only for"),
        queryset=Offering.objects.filter(fee__gt=0).order_by("-starts_on"),
        required=False,
        empty_label=_("— any programme free for the network —"),
    )
    issued_to = forms.CharField(label=_("Issued to"), max_length=200)
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=500, initial=10)
    max_uses = forms.IntegerField(
        label=_("Uses per code"), min_value=1, initial=1, help_text=_("1 for single-use codes.")
    )
    expires_on = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Paris time.")
    )


@admin.register(WaiverCode)
class WaiverCodeAdmin(ServiceErrorAdminMixin, admin.ModelAdmin):
    list_display = [
        "code_display",
        "network",
        "offering",
        "issued_to",
        "uses_display",
        "expires_on",
        "created",
    ]
    list_display_links = ["code_display"]
    list_filter = ["network", "offering", "issued_to", "expires_on"]
    search_fields = ["code", "issued_to"]
    list_select_related = ["network", "offering"]
    readonly_fields = ["code", "network", "offering", "max_uses", "created_by", "created"]
    fields = ["code", "network", "offering", "issued_to", "max_uses", "expires_on", "created_by", "created"]
    actions = ["export_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_uses()

    def has_add_permission(self, request):
        return False  # generated in batches (the "Generate codes" button)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or not obj.registrations.exists())

    @admin.display(description=_("code"), ordering="code")
    def code_display(self, obj):
        """On one line, in a typewriter font: read aloud or copied, never split at a hyphen."""
        return format_html('<span style="white-space: nowrap; font-family: monospace">{}</span>', obj.code)

    @admin.display(description=_("uses"), ordering="used")
    def uses_display(self, obj):
        return f"{obj.used} / {obj.max_uses}"

    def get_urls(self):
        return [
            path(
                "generate/",
                self.admin_site.admin_view(self.generate_view),
                name="summerschool_waivercode_generate",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "generate_url": reverse("admin:summerschool_waivercode_generate"),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def generate_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = WaiverCodeGenerateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                codes = services.generate_waiver_codes(**form.cleaned_data, by=request.user)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(n)d codes generated for %(who)s: select them and export them as CSV to send.")
                    % {"n": len(codes), "who": form.cleaned_data["issued_to"]},
                )
                url = reverse("admin:summerschool_waivercode_changelist")
                return redirect(f"{url}?{urlencode({'issued_to': form.cleaned_data['issued_to']})}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Generate waiver codes"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "summerschool/admin/waiver_generate.html", context)

    @admin.action(description=_("Export the selected codes (CSV)"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="waiver-codes.csv"'
        writer = csv.writer(response)
        writer.writerow(["code", "network", "programme", "issued_to", "uses_allowed", "uses", "valid_until"])
        for code in queryset.select_related("network", "offering").order_by("code"):
            writer.writerow(
                [
                    code.code,
                    neutralise(code.network.name),
                    neutralise(code.offering.title if code.offering_id else ""),
                    neutralise(code.issued_to),
                    code.max_uses,
                    code.used,
                    code.expires_on.isoformat(),
                ]
            )
        return response
