"""Back office for nominations: staff see every nomination, its history and the IMEP clerkship plan."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from partners.models import AgreementKind

from . import services_nominations
from .models_nominations import ClerkshipRotation, Nomination, NominationTransition


class RotationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.pk is None or self.instance.call.kind != AgreementKind.BILATERAL_EXCHANGE:
            return
        rows = [
            ClerkshipRotation(clerkship=f.cleaned_data["clerkship"], months=f.cleaned_data["months"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if rows:
            problems = services_nominations.clerkship_plan_problems(rows)
            if problems:
                raise ValidationError(problems)


class RotationInline(admin.TabularInline):
    model = ClerkshipRotation
    formset = RotationFormSet
    extra = 0
    fields = ["clerkship", "months", "department", "order"]


class NominationTransitionInline(admin.TabularInline):
    model = NominationTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agreement", "status", "application_status", "created"]
    list_filter = ["status", "call__academic_year", "call__kind"]
    search_fields = ["first_name", "last_name", "email", "agreement__institution__name"]
    list_select_related = ["call", "agreement__institution", "application"]
    readonly_fields = ["call", "agreement", "nominated_by", "status", "student", "application", "invited_at"]
    actions = ["refuse"]

    def get_inlines(self, request, obj):
        # Only the yearlong IMEP exchange has a clerkship plan.
        if obj is not None and obj.call.kind == AgreementKind.BILATERAL_EXCHANGE:
            return [RotationInline, NominationTransitionInline]
        return [NominationTransitionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ClerkshipRotation:
            return super().save_formset(request, form, formset, change)
        rows = sorted(
            (f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")),
            key=lambda row: row.get("order") or 0,
        )
        # The plan is replaced through the service, which checks it again (6 core months, a year).
        old = list(form.instance.rotations.all())
        new = services_nominations.set_clerkship_plan(
            form.instance,
            [{k: row[k] for k in ("clerkship", "months", "department")} for row in rows],
            by=request.user,
        )
        # For the admin's history message ("Changed … IMEP clerkship plan").
        formset.new_objects, formset.changed_objects, formset.deleted_objects = new, [], old

    @admin.display(description=_("application"))
    def application_status(self, obj):
        return obj.application.get_status_display() if obj.application else "—"

    def has_add_permission(self, request):
        return False  # coordinators nominate, within the seats, from the portal

    @admin.action(description=_("Refuse the selected nominations"))
    def refuse(self, request, queryset):
        for nomination in queryset:
            try:
                services_nominations.refuse(nomination, by=request.user)
            except (services_nominations.NominationError, PermissionDenied, Exception) as exc:
                self.message_user(request, f"{nomination}: {exc}", messages.ERROR)
