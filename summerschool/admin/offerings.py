"""Offerings: the base every kind of offering's admin shares, and the summer schools."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin_mixins import ServiceErrorAdminMixin
from core.templatetags.lang import money
from reminders.admin import OfferingOverrideInline

from .. import services
from ..models import (
    SummerSchool,
)
from .certificates import redirect_to_runs


class OfferingAdminBase(ServiceErrorAdminMixin, TranslationAdmin):
    """Shared by every kind of offering (a projects app registers its own proxy with this base)."""

    list_display = [
        "title",
        "starts_on",
        "ends_on",
        "capacity",
        "seats_taken",
        "waitlist",
        "fee_display",
        "is_published",
    ]
    list_filter = ["is_published", "starts_on"]
    search_fields = ["title", "theme", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["waiver_networks"]
    date_hierarchy = "starts_on"
    actions = ["issue_certificates"]
    fieldsets = [
        (
            None,
            {"fields": [("title",), "slug", ("theme",), ("description",), ("audience",), "is_published"]},
        ),
        (
            _("When and where"),
            {"fields": [("starts_on", "ends_on"), ("locations",), ("language",), "hours"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    ("registration_opens", "registration_closes"),
                    "capacity",
                    ("fee", "payment_days", "payment_grace_days"),
                    "waiver_networks",
                    "offer_days",
                    "contact_email",
                ]
            },
        ),
        (
            _("Certificate"),
            {"fields": ["ects", ("extra_certification",), ("signatory_name", "signatory_title")]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            offered = services.offer_free_seats(obj)
            if offered:
                messages.info(
                    request,
                    _("%(n)d seats offered to the first people on the waiting list.") % {"n": len(offered)},
                )

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats_taken(self, obj):
        return obj.seats_taken

    @admin.display(description=_("waiting list"), ordering="waitlist_length")
    def waitlist(self, obj):
        return obj.waitlist_length

    @admin.display(description=_("fee"), ordering="fee")
    def fee_display(self, obj):
        return money(obj.fee) if obj.fee else _("free")

    @admin.action(description=_("Issue the certificates of everybody who completed (existing ones are kept)"))
    def issue_certificates(self, request, queryset):
        runs = [services.start_certificate_run(offering, by=request.user) for offering in queryset]
        return redirect_to_runs(request, runs)


@admin.register(SummerSchool)
class SummerSchoolAdmin(OfferingAdminBase):
    inlines = [OfferingOverrideInline]
