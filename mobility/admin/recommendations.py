"""Where supervisors record their opinion on the applications of the calls they supervise."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from core.admin_mixins import ServiceErrorAdminMixin

from .. import rules as access
from .. import services
from ..models import (
    Application,
    Recommendation,
    Status,
)


@admin.register(Recommendation)
class RecommendationAdmin(ServiceErrorAdminMixin, admin.ModelAdmin):
    """Where supervisors record their opinion on the applications of the calls they supervise."""

    list_display = ["application", "supervisor", "opinion", "created"]
    list_filter = ["opinion", "application__call"]
    list_select_related = ["application__call", "application__student", "supervisor"]
    fields = ["application", "opinion", "comment"]
    autocomplete_fields = []

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.is_decider(request.user):
            return qs
        return qs.filter(supervisor=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = (
                access.applications_visible_to(request.user, Application.objects.exclude(status=Status.DRAFT))
                .select_related("call", "student")
                .order_by("last_name")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"application": request.GET.get("application")}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.supervisor_id != request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Through the service; its refusal (not a supervisor of the call, not submitted) comes back
        as a form error (ServiceErrorAdminMixin)."""
        try:
            rec = services.record_recommendation(
                form.cleaned_data["application"],
                by=request.user,
                opinion=form.cleaned_data["opinion"],
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as refusal:  # staff who supervise no call reach this form too
            raise services.ApplicationError(str(refusal)) from refusal
        obj.pk, obj.supervisor, obj._state = rec.pk, rec.supervisor, rec._state
