"""Staff edit the grant rates here; learning agreements are read here and acted on in the portal
(the learning agreement page), where the three parties sign."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import GrantRate, GrantYear, LearningAgreement


class GrantRateInline(admin.TabularInline):
    model = GrantRate
    extra = 0


@admin.register(GrantYear)
class GrantYearAdmin(admin.ModelAdmin):
    list_display = [
        "call_year",
        "first_instalment_percent",
        "fewer_opportunities_monthly",
        "green_travel_amount",
    ]
    inlines = [GrantRateInline]


@admin.register(LearningAgreement)
class LearningAgreementAdmin(admin.ModelAdmin):
    list_display = ["record", "direction", "latest_status", "page"]
    list_filter = ["record__direction", "record__academic_year"]
    search_fields = ["record__student_name", "record__institution_name"]
    list_select_related = ["record"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("direction"))
    def direction(self, obj):
        return obj.record.get_direction_display()

    @admin.display(description=_("latest version"))
    def latest_status(self, obj):
        versions = sorted(obj.versions.all(), key=lambda v: -v.number)
        return f"{versions[0]} — {versions[0].get_status_display()}" if versions else "—"

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("learning:agreement", args=[obj.record_id]), _("Open")
        )
