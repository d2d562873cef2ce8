"""What an application's change page shows below its fields: preferences, documents (staff check
them there), staff's eligibility checks, recommendations, history."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import HistoryInline, RecordInline
from core.templatetags.paris_time import paris

from ..models import (
    Application,
    ApplicationDocument,
    ApplicationTransition,
    CriterionAssessment,
    DocumentStatus,
    EligibilityCriterion,
    Preference,
    Recommendation,
)


class PreferenceInline(admin.TabularInline):
    model = Preference
    extra = 0
    fields = ["rank", "agreement"]
    readonly_fields = ["rank", "agreement"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement__institution")


class DocumentReviewForm(forms.ModelForm):
    class Meta:
        model = ApplicationDocument
        fields = ["status", "reason"]

    def clean(self):
        data = super().clean()
        if "status" in self.changed_data and data.get("status") == DocumentStatus.PENDING:
            self.add_error(
                "status", _("A checked document cannot go back to “not yet checked”: accept or reject it.")
            )
        if data.get("status") == DocumentStatus.REJECTED and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Say why the document is rejected: the student needs to know what to fix.")
            )
        return data


def document_reviews(formset):
    """The checks staff made in one save of the documents inline: (document, accepted, reason)."""
    return [
        (
            f.instance,
            f.cleaned_data.get("status") == DocumentStatus.ACCEPTED,
            f.cleaned_data.get("reason", ""),
        )
        for f in formset.forms
        if f.has_changed() and f.instance.pk and f.cleaned_data.get("status") != DocumentStatus.PENDING
    ]


class DocumentInline(admin.TabularInline):
    """Each document with a preview link; staff accept or reject it (the student is emailed)."""

    model = ApplicationDocument
    form = DocumentReviewForm
    extra = 0
    can_delete = False
    fields = ["requirement", "preview", "received", "status", "reason", "reviewed"]
    readonly_fields = ["requirement", "preview", "received", "reviewed"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requirement", "reviewed_by")

    @admin.display(description=_("file"))
    def preview(self, obj):
        url = reverse("mobility:document_file", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> <span class="quiet">({}, {} KB)</span>',
            url,
            obj.original_name,
            obj.kind.upper(),
            max(1, obj.size // 1024),
        )

    @admin.display(description=_("received"))
    def received(self, obj):
        return paris(obj.uploaded_at)

    @admin.display(description=_("checked"))
    def reviewed(self, obj):
        if not obj.reviewed_at:
            return "—"
        return f"{obj.reviewed_by.display_name if obj.reviewed_by else '?'}, {paris(obj.reviewed_at)}"


class AssessmentInline(admin.TabularInline):
    model = CriterionAssessment
    extra = 0
    fields = ["criterion", "result", "note"]
    verbose_name = _("eligibility check by staff")
    verbose_name_plural = _("eligibility checks by staff (they override what the portal infers)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            object_id = request.resolver_match.kwargs.get("object_id")
            call_id = Application.objects.filter(pk=object_id).values("call_id")[:1] if object_id else []
            kwargs["queryset"] = EligibilityCriterion.objects.filter(call_id__in=call_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(RecordInline):
    """What the change page shows but nobody edits there: history, supervisors' opinions."""

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(HistoryInline):
    model = ApplicationTransition
    verbose_name_plural = _("status history")


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = ["supervisor", "opinion", "comment", "created"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("supervisor")
