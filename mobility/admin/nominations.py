"""Back office for nominations: staff see every nomination, its history and the IMEP clerkship plan."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import HistoryInline
from core.rules import ObjectRulesAdminMixin

from .. import rules as access
from ..models import ClerkshipRotation, Nomination, NominationTransition
from ..services import nominations
from .filters import AcademicYearFilter
from .plans import plan_inlines, save_clerkship_plan


class NominationTransitionInline(HistoryInline):
    model = NominationTransition


@admin.register(Nomination)
class NominationAdmin(ObjectRulesAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "agreement", "status", "application_status", "created"]
    # The year from the calls, not a DISTINCT over every nomination (filters.py).
    list_filter = ["status", AcademicYearFilter, "call__kind"]
    search_fields = ["first_name", "last_name", "email", "agreement__institution__name"]
    list_select_related = ["call", "agreement__institution", "application"]
    readonly_fields = ["call", "agreement", "nominated_by", "status", "student", "application", "invited_at"]
    actions = ["refuse"]

    def get_inlines(self, request, obj):
        return [*plan_inlines(obj), NominationTransitionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is ClerkshipRotation:
            return save_clerkship_plan(request, form, formset)
        return super().save_formset(request, form, formset, change)

    @admin.display(description=_("application"))
    def application_status(self, obj):
        return obj.application.get_status_display() if obj.application else "—"

    def get_queryset(self, request):
        return access.nominations_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # coordinators nominate, within the seats, from the portal

    @admin.action(description=_("Refuse the selected nominations"))
    def refuse(self, request, queryset):
        for nomination in queryset:
            try:
                nominations.refuse(nomination, by=request.user)
            except (nominations.NominationError, PermissionDenied, Exception) as exc:
                self.message_user(request, f"{nomination}: {exc}", messages.ERROR)
