"""The back office of calls: dates, offer, documents and criteria, supervisors."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core import academic
from reminders.admin import CallOverrideInline

from .. import rules as access
from .. import services
from ..models import (
    Call,
    DocumentRequirement,
    EligibilityCriterion,
)
from ..services import nominations


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ["order", "name", "required", "allowed_kinds", "max_size_mb", "help_text"]


class EligibilityCriterionInline(admin.TabularInline):
    model = EligibilityCriterion
    extra = 0
    fields = ["order", "text", "checked_by", "document"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            call_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = DocumentRequirement.objects.filter(call_id=call_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "direction", "year", "opens_at", "application_deadline", "is_published"]
    list_filter = ["academic_year", "kind", "direction", "is_published"]
    search_fields = ["title"]
    # Thousands of agreements: searched, not listed.
    autocomplete_fields = ["agreements", "supervisors"]
    inlines = [DocumentRequirementInline, EligibilityCriterionInline, CallOverrideInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "direction",
                    "academic_year",
                    "description",
                    "is_published",
                ]
            },
        ),
        (
            _("Dates (Paris time)"),
            {
                "fields": [
                    "opens_at",
                    "application_deadline",
                    "documents_deadline",
                    "decision_date",
                    "confirmation_deadline",
                ]
            },
        ),
        (
            _("Who and where"),
            {"fields": ["study_year_min", "study_year_max", "max_preferences", "agreements"]},
        ),
        (_("Academic supervision"), {"fields": ["supervisors"]}),
    ]

    class Media:
        css = {"all": ["mobility/admin.css"]}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        call = form.instance
        if not change and not call.document_requirements.exists():
            added = nominations.add_standard_documents(call)
            if added:
                self.message_user(
                    request,
                    _(
                        "The documents every incoming student provides were added: %(names)s. Adjust them below."
                    )
                    % {"names": ", ".join(r.name for r in added)},
                    messages.INFO,
                )
        services.refresh_call_summaries(call)  # criteria or documents may have changed

    @admin.display(description=_("academic year"), ordering="academic_year")
    def year(self, obj):
        return academic.label(obj.academic_year)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.is_decider(request.user):
            return qs
        return qs.filter(supervisors=request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "agreements":
            kwargs["queryset"] = db_field.related_model.objects.select_related("institution")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
