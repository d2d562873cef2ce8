"""The back office of calls: dates, offer, documents and criteria, supervisors."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core import academic
from reminders.admin import CallOverrideInline

from .. import rules as access
from .. import services
from ..models import (
    Call,
    DocumentRequirement,
    EligibilityCriterion,
    Period,
)
from ..services import nominations, offer, selection
from .selection import SelectionCriterionInline, allocation_view, marks_view


class DocumentRequirementInline(TranslationTabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ["order", "name", "required", "allowed_kinds", "max_size_mb", "help_text"]


class EligibilityCriterionInline(TranslationTabularInline):
    model = EligibilityCriterion
    extra = 0
    fields = ["order", "text", "checked_by", "document"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            call_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = DocumentRequirement.objects.filter(call_id=call_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CallForm(forms.ModelForm):
    periods = forms.TypedMultipleChoiceField(
        label=_("periods offered"),
        choices=Period.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the application asks. None ticked: the programme's usual periods."),
    )

    class Meta:
        model = Call
        # The admin passes its fieldsets' fields. No `fields` here: modeltranslation's admin copies a
        # form's Meta.fields onto the ModelAdmin at the first page view, and the system checks then
        # refuse it (admin.E005, both fieldsets and fields) in every later management command.
        exclude = ()  # noqa: DJ006 (the admin chooses the fields: see above)


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    form = CallForm
    list_display = [
        "title", "kind", "direction", "year", "opens_at", "application_deadline", "is_published", "selection",
    ]  # fmt: skip
    list_filter = ["academic_year", "kind", "direction", "is_published"]
    search_fields = ["title"]
    # Thousands of agreements: searched, not listed.
    autocomplete_fields = ["excluded_agreements", "supervisors"]
    inlines = [
        DocumentRequirementInline,
        EligibilityCriterionInline,
        SelectionCriterionInline,
        CallOverrideInline,
    ]
    readonly_fields = ["selection", "offered_agreements"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title",),
                    "slug",
                    "kind",
                    "direction",
                    "academic_year",
                    ("description",),
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
                    "offer_reply_days",
                ]
            },
        ),
        (_("Selection by merit"), {"fields": ["selection"]}),
        (
            _("Who and where"),
            {
                "fields": [
                    "periods",
                    "study_year_min",
                    "study_year_max",
                    "max_preferences",
                    "offered_agreements",
                    "excluded_agreements",
                ]
            },
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
        offer.refresh_offer(call)  # every agreement of its kind in force, but the excluded
        services.refresh_call_summaries(call)  # criteria or documents may have changed
        selection.refresh_scores(call)  # weights or scales may have changed

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<int:pk>/allocation/",
                self.admin_site.admin_view(lambda request, pk: allocation_view(self, request, pk)),
                name="mobility_call_allocation",
            ),
            path(
                "<int:pk>/marks/",
                self.admin_site.admin_view(lambda request, pk: marks_view(self, request, pk)),
                name="mobility_call_marks",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("selection by merit"))
    def selection(self, obj):
        if not obj or not obj.pk or obj.direction != "outgoing":
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:mobility_call_allocation", args=[obj.pk]),
            _("Allocation"),
            reverse("admin:mobility_call_marks", args=[obj.pk]),
            _("Import marks"),
        )

    @admin.display(description=_("academic year"), ordering="academic_year")
    def year(self, obj):
        return academic.label(obj.academic_year)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.is_decider(request.user):
            return qs
        return qs.filter(supervisors=request.user)

    @admin.display(description=_("agreements offered"))
    def offered_agreements(self, obj):
        """The offer kept by the rule (services.offer): read-only, staff exclude below."""
        if not obj or not obj.pk:
            return _("Every signed agreement of the programme in force in the call's year, once saved.")
        names = [
            str(a.institution)
            for a in obj.agreements.select_related("institution").order_by("institution__name")
        ]
        return format_html(
            "<strong>{}</strong>: {}",
            ngettext("%(n)d agreement", "%(n)d agreements", len(names)) % {"n": len(names)},
            ", ".join(names) or "—",
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "excluded_agreements":
            kwargs["queryset"] = db_field.related_model.objects.select_related("institution")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
