"""The back office of calls and applications.

IRO staff review and decide here; academic supervisors see only the applications of the calls
they supervise (read-only) and record recommendations. Every status change goes through
`services.transition` — the admin only asks for the comment.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields as ie_fields
from import_export import resources
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

from core import academic
from core.exports import SAFE_EXPORT_FORMATS
from core.rules import ObjectRulesAdminMixin
from partners.models import Institution

from . import rules as access
from . import selectors, services
from .admin_plans import plan_inlines, save_clerkship_plan
from .formats import paris
from .models import (
    APPLICATION_MACHINE,
    Application,
    ApplicationDocument,
    ApplicationTransition,
    Call,
    ClerkshipRotation,
    CriterionAssessment,
    DocumentRequirement,
    DocumentStatus,
    Eligibility,
    EligibilityCriterion,
    EligibilityFlag,
    Preference,
    Recommendation,
    Status,
)
from .services import nominations

# --- Calls ---------------------------------------------------------------------------------


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
    inlines = [DocumentRequirementInline, EligibilityCriterionInline]
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
            {"fields": ["opens_at", "application_deadline", "documents_deadline", "decision_date"]},
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


# --- Applications: inlines -----------------------------------------------------------------


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
        return (
            f"{obj.reviewed_by.display_name if obj.reviewed_by else '?'}, {paris(obj.reviewed_at)}"
        )


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


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    fields = ["when", "from_label", "to_label", "actor", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("when"))
    def when(self, obj):
        return paris(obj.at)

    @admin.display(description=_("from"))
    def from_label(self, obj):
        return Status(obj.from_state).label if obj.from_state else "—"

    @admin.display(description=_("to"))
    def to_label(self, obj):
        return Status(obj.to_state).label


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    can_delete = False
    fields = ["supervisor", "opinion", "comment", "created"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("supervisor")


# --- Applications: filters -----------------------------------------------------------------


class PreferenceInstitutionFilter(admin.SimpleListFilter):
    title = _("preference institution")
    parameter_name = "institution"

    def lookups(self, request, model_admin):
        # Only the partners ranked in applications this person may read (supervisors: their calls).
        visible = access.applications_visible_to(request.user).values("pk")
        qs = (
            Institution.objects.filter(agreements__preferences__application__in=visible)
            .distinct()
            .order_by("name")
        )
        return [(i.pk, i.name) for i in qs.only("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                pk__in=Preference.objects.filter(agreement__institution_id=self.value()).values(
                    "application_id"
                )
            )
        return queryset


class CriterionFlagFilter(admin.SimpleListFilter):
    """One criterion, not met or still to be checked (e.g. "language certificate: not met")."""

    title = _("eligibility criterion")
    parameter_name = "criterion"

    def lookups(self, request, model_admin):
        # Criteria are per call but their wording repeats: one line per wording and result that
        # some application the person may read actually has.
        visible = access.applications_visible_to(request.user).values("pk")
        flags = (
            EligibilityFlag.objects.filter(application__in=visible)
            .order_by("criterion__text", "result")
            .values_list("criterion__text", "result")
            .distinct()
        )
        labels = {Eligibility.NOT_MET: _("not met"), Eligibility.TO_CHECK: _("to be checked")}
        return [(f"{result}|{text}", f"{text}: {labels[result]}") for text, result in flags]

    def queryset(self, request, queryset):
        result, _sep, text = (self.value() or "").partition("|")
        if not text:
            return queryset
        flagged = EligibilityFlag.objects.filter(criterion__text=text, result=result).values("application_id")
        return queryset.filter(pk__in=flagged)


class AcademicYearFilter(admin.SimpleListFilter):
    title = _("academic year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Call.objects.order_by("-academic_year").values_list("academic_year", flat=True).distinct()
        return [(y, academic.label(y)) for y in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(call__academic_year=self.value())
        return queryset


class MissingDocumentsFilter(admin.SimpleListFilter):
    title = _("documents")
    parameter_name = "documents"

    def lookups(self, request, model_admin):
        return [
            ("missing", _("Some required documents missing")),
            ("complete", _("All required documents in")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(missing_documents__gt=0)
        if self.value() == "complete":
            return queryset.filter(missing_documents=0)
        return queryset


# --- Applications: export ------------------------------------------------------------------


class ApplicationResource(resources.ModelResource):
    student_email = ie_fields.Field(attribute="student__email", column_name="email")
    call_title = ie_fields.Field(attribute="call__title", column_name="call")
    year = ie_fields.Field(column_name="academic year")
    status_label = ie_fields.Field(column_name="status")
    eligibility_label = ie_fields.Field(column_name="eligibility")
    preferences_text = ie_fields.Field(column_name="preferences")

    class Meta:
        model = Application
        fields = [
            "id", "last_name", "first_name", "student_email", "call_title", "year", "status_label",
            "study_year", "student_number", "home_institution", "nationality", "preferences_text",
            "eligibility_label", "missing_documents", "submitted_at", "decided_at",
        ]  # fmt: skip
        export_order = fields

    def dehydrate_year(self, obj):
        return academic.label(obj.call.academic_year)

    def dehydrate_status_label(self, obj):
        return str(obj.get_status_display())

    def dehydrate_eligibility_label(self, obj):
        return str(obj.get_eligibility_display())

    def dehydrate_nationality(self, obj):
        return obj.nationality.name if obj.nationality else ""

    def dehydrate_preferences_text(self, obj):
        return "; ".join(f"{p.rank}. {p.agreement.institution.name}" for p in obj.preferences.all())

    def dehydrate_submitted_at(self, obj):
        return timezone.localtime(obj.submitted_at).strftime("%Y-%m-%d %H:%M") if obj.submitted_at else ""

    def dehydrate_decided_at(self, obj):
        return timezone.localtime(obj.decided_at).strftime("%Y-%m-%d %H:%M") if obj.decided_at else ""


# --- Applications: transitions as admin actions --------------------------------------------


class ApplicationAdminForm(forms.ModelForm):
    """Only the allocated place is edited here; the service re-checks the seats when saving."""

    class Meta:
        model = Application
        fields = ["allocated_agreement"]
        help_texts = {
            "allocated_agreement": _(
                "Leave empty to give, on acceptance, the best-ranked preference with a seat left."
            )
        }

    def clean_allocated_agreement(self):
        agreement = self.cleaned_data.get("allocated_agreement")
        if agreement is not None and "allocated_agreement" in self.changed_data:
            holds = self.instance.holds_seat_on(agreement)
            left = selectors.seats_left(agreement, self.instance.direction, self.instance.call.academic_year)
            if not holds and left <= 0:
                raise forms.ValidationError(
                    _("No seat left at %(partner)s for %(year)s.")
                    % {"partner": agreement.institution, "year": self.instance.call.academic_year_label}
                )
        return agreement


class TransitionCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (sent to the students and kept in the history)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        required=False,
        max_length=2000,
    )


def make_transition_action(to_state, verb):
    def action(modeladmin, request, queryset):
        return modeladmin.run_transition(request, queryset, to_state, verb)

    action.__name__ = f"move_to_{to_state}"
    return admin.action(description=verb, permissions=["decide"])(action)


STAFF_ACTIONS = [
    (Status.UNDER_REVIEW, _("Start the review of the selected applications")),
    (Status.ACCEPTED, _("Accept the selected applications")),
    (Status.WAITLISTED, _("Put the selected applications on the waiting list")),
    (Status.REJECTED, _("Reject the selected applications")),
    (Status.COMPLETED, _("Mark the selected mobilities as completed")),
    (Status.WITHDRAWN, _("Withdraw the selected applications (at the student's request)")),
]


@admin.register(Application)
class ApplicationAdmin(ObjectRulesAdminMixin, ExportMixin, admin.ModelAdmin):
    class Media:
        css = {"all": ["mobility/admin.css"]}

    resource_classes = [ApplicationResource]
    export_formats = SAFE_EXPORT_FORMATS  # formulas neutralised (core/exports.py)
    export_form_class = ExportForm  # every column, no field picking: one click to a spreadsheet
    list_display = [
        "student_name", "email", "call_link", "status_badge", "study_year", "first_choice", "place",
        "eligibility_badge", "missing_documents", "submitted",
    ]  # fmt: skip
    list_display_links = ["student_name"]
    list_filter = [
        ("call", admin.RelatedOnlyFieldListFilter), "status", "study_year", PreferenceInstitutionFilter, "eligibility",
        CriterionFlagFilter, MissingDocumentsFilter,
        AcademicYearFilter, "direction",
    ]  # fmt: skip
    list_select_related = ["student", "call", "allocated_agreement__institution"]
    form = ApplicationAdminForm
    search_fields = ["first_name", "last_name", "student__email", "student__first_name", "student__last_name"]
    search_help_text = _("Search by name or email address.")
    list_per_page = 50
    actions = [make_transition_action(s, v) for s, v in STAFF_ACTIONS]
    inlines = [PreferenceInline, DocumentInline, AssessmentInline, RecommendationInline, TransitionInline]
    readonly_fields = [
        "student", "call", "direction", "status", "eligibility_summary", "document_summary", "submitted_at",
        "decided_at", "created", "updated", "first_name", "last_name", "date_of_birth", "nationality", "phone",
        "student_number", "study_year", "home_institution", "good_standing", "motivation", "declared",
        "next_moves",
    ]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "student",
                    "call",
                    "direction",
                    "status",
                    "next_moves",
                    "allocated_agreement",
                    "submitted_at",
                    "decided_at",
                ]
            },
        ),
        (_("Eligibility"), {"fields": ["eligibility_summary"]}),
        (_("Documents"), {"fields": ["document_summary"]}),
        (
            _("Personal details"),
            {"fields": ["first_name", "last_name", "date_of_birth", "nationality", "phone"]},
        ),
        (
            _("Academic situation"),
            {"fields": ["student_number", "study_year", "home_institution", "good_standing"]},
        ),
        (_("Motivation"), {"fields": ["motivation", "declared"]}),
    ]

    change_form_template = "mobility/admin/application_change_form.html"

    def get_urls(self):
        from django.urls import path

        urls = super().get_urls()
        return [
            path(
                "<int:pk>/status/<slug:to_state>/",
                self.admin_site.admin_view(self.transition_view),
                name="mobility_application_transition",
            ),
            *urls,
        ]

    def transition_view(self, request, pk, to_state):
        """One application, one move, with the comment: the change page's status buttons land here."""
        if not self.has_decide_permission(request):
            raise PermissionDenied
        if to_state not in Status.values:
            raise Http404
        application = self.get_queryset(request).filter(pk=pk).first()
        if application is None:
            raise Http404
        change_url = reverse("admin:mobility_application_change", args=[pk])
        form = TransitionCommentForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            ok, why = services.safe_transition(
                application, to_state, by=request.user, comment=form.cleaned_data["comment"]
            )
            if ok:
                self.message_user(
                    request,
                    _("%(name)s: now “%(s)s”; the student was emailed.")
                    % {"name": application.full_name, "s": Status(to_state).label},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("Not changed — %(why)s") % {"why": why}, messages.ERROR)
            return HttpResponseRedirect(change_url)
        possible = to_state in application.next_states()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set to “%(s)s”") % {"s": Status(to_state).label},
            "opts": self.model._meta,
            "applications": [application],
            "possible": [application] if possible else [],
            "impossible": [] if possible else [application],
            "to_label": Status(to_state).label,
            "form": form,
            "single": True,
            "cancel_url": change_url,
        }
        return TemplateResponse(request, "mobility/admin/transition_confirm.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if request.user.is_supervisor and self.has_view_permission(request):
            extra_context["recommend_url"] = (
                reverse("admin:mobility_recommendation_add") + f"?application={int(object_id)}"
            )
        if self.has_decide_permission(request):
            status = Application.objects.filter(pk=object_id).values_list("status", flat=True).first()
            if status:
                extra_context["moves"] = [
                    (
                        reverse("admin:mobility_application_transition", args=[int(object_id), s]),
                        Status(s).label,
                    )
                    for s in Status.values
                    if APPLICATION_MACHINE.can(status, s) and s not in (Status.SUBMITTED, Status.CONFIRMED)
                ]
        return super().change_view(request, object_id, form_url, extra_context)

    # Permissions: supervisors read; only IRO staff decide and export. Nobody creates applications here.
    def has_export_permission(self, request):
        return access.is_decider(request.user)

    def has_decide_permission(self, request):
        return access.is_decider(request.user) and self.has_change_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            qs = qs.prefetch_related(
                Prefetch(
                    "preferences",
                    queryset=Preference.objects.filter(rank=1).select_related("agreement__institution"),
                    to_attr="first_preferences",
                )
            )
        return access.applications_visible_to(request.user, qs)

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("student", "call")
            .prefetch_related(
                Prefetch("preferences", queryset=Preference.objects.select_related("agreement__institution"))
            )
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj = (
                Application.objects.select_related("call", "student")
                .prefetch_related(
                    "call__criteria", "call__document_requirements", "documents__requirement", "assessments"
                )
                .get(pk=obj.pk)
            )
        return obj

    # Columns
    @admin.display(description=_("student"), ordering="last_name")
    def student_name(self, obj):
        return f"{obj.last_name.upper()} {obj.first_name}".strip() or obj.student.email

    @admin.display(description=_("email"), ordering="student__email")
    def email(self, obj):
        return obj.student.email

    @admin.display(description=_("call"), ordering="call__title")
    def call_link(self, obj):
        title = obj.call.title if len(obj.call.title) <= 32 else obj.call.title[:30].rstrip() + "…"
        return format_html(
            '<span title="{}">{}</span> <span class="quiet">{}</span>',
            obj.call.title,
            title,
            academic.label(obj.call.academic_year),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="mobility-status mobility-status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description=_("eligibility"), ordering="eligibility")
    def eligibility_badge(self, obj):
        icon = {Eligibility.MET: "✔", Eligibility.NOT_MET: "✘", Eligibility.TO_CHECK: "?"}[obj.eligibility]
        return f"{icon} {obj.get_eligibility_display()}"

    @admin.display(description=_("first choice"))
    def first_choice(self, obj):
        prefs = getattr(obj, "first_preferences", None)
        return prefs[0].agreement.institution.name if prefs else "—"

    @admin.display(description=_("place"))
    def place(self, obj):
        return obj.allocated_agreement.institution.name if obj.allocated_agreement_id else "—"

    @admin.display(description=_("submitted (Paris time)"), ordering="submitted_at")
    def submitted(self, obj):
        return timezone.localtime(obj.submitted_at).strftime("%d/%m/%Y %H:%M") if obj.submitted_at else "—"

    # Change page
    @admin.display(description=_("criteria"))
    def eligibility_summary(self, obj):
        results = selectors.evaluate_eligibility(obj)
        if not results:
            return _("This call lists no eligibility criteria.")
        return format_html(
            '<table class="mobility-criteria"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><td class="mobility-elig mobility-elig-{}">{}</td><td>{}</td><td class="quiet">{}</td></tr>',
                ((r.result, r.label, r.criterion.text, r.detail) for r in results),
            ),
        )

    @admin.display(description=_("checklist"))
    def document_summary(self, obj):
        rows = []
        for item in selectors.document_checklist(obj):
            doc = item.document
            if doc is None:
                link, state = "—", _("missing") if item.requirement.required else _("not given (optional)")
            else:
                link = format_html(
                    '<a href="{}" target="_blank" rel="noopener">{} ↗</a>',
                    reverse("mobility:document_file", args=[doc.pk]),
                    doc.original_name,
                )
                state = doc.get_status_display() + (f": {doc.reason}" if doc.reason else "")
            rows.append(
                (
                    item.requirement.name,
                    _("required") if item.requirement.required else _("optional"),
                    link,
                    state,
                )
            )
        deadline = paris(obj.call.documents_deadline)
        return format_html(
            '<table class="mobility-docs"><tbody>{}</tbody></table><p class="help">{}</p>',
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
            _("Documents deadline: %(d)s.") % {"d": deadline},
        )

    @admin.display(description=_("declared by the student"))
    def declared(self, obj):
        declared = set(obj.declarations or [])
        texts = [c.text for c in obj.call.criteria.all() if c.pk in declared]
        return format_html_join("", "<div>✔ {}</div>", ((t,) for t in texts)) or "—"

    @admin.display(description=_("possible next steps"))
    def next_moves(self, obj):
        nxt = [Status(s).label for s in obj.next_states()]
        return ", ".join(str(s) for s in sorted(nxt, key=str)) or _("none (final state)")

    def get_inlines(self, request, obj):
        return [*self.inlines, *plan_inlines(obj)]

    # Document reviews go through the service (and email the student)
    def save_formset(self, request, form, formset, change):
        if formset.model is ClerkshipRotation:
            return save_clerkship_plan(request, form, formset)
        if formset.model in (ApplicationDocument, CriterionAssessment):
            formset.save(commit=False)  # only for the admin's change message: the services write
        if formset.model is ApplicationDocument:
            for f in formset.forms:
                status = f.cleaned_data.get("status")
                if f.has_changed() and f.instance.pk and status != DocumentStatus.PENDING:
                    services.review_document(
                        ApplicationDocument.objects.get(pk=f.instance.pk),
                        accepted=status == DocumentStatus.ACCEPTED,
                        reason=f.cleaned_data.get("reason", ""),
                        by=request.user,
                    )
            return
        if formset.model is CriterionAssessment:
            for f in formset.forms:
                if not f.has_changed() and not f.cleaned_data.get("DELETE"):
                    continue
                data = f.cleaned_data
                if not data.get("criterion"):
                    continue
                services.assess_criterion(
                    form.instance,
                    data["criterion"],
                    result=None if data.get("DELETE") else data["result"],
                    note=data.get("note", ""),
                    by=request.user,
                )
            return
        super().save_formset(request, form, formset, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "allocated_agreement":
            object_id = request.resolver_match.kwargs.get("object_id")
            call_id = Application.objects.filter(pk=object_id).values("call_id")[:1] if object_id else []
            kwargs["queryset"] = (
                db_field.related_model.objects.filter(calls__in=call_id)
                .select_related("institution")
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Only the place is editable here, and it goes through the service (seats are checked)."""
        if "allocated_agreement" in form.changed_data:
            try:
                services.allocate(obj, form.cleaned_data["allocated_agreement"], by=request.user)
            except (services.ApplicationError, PermissionDenied) as exc:
                self.message_user(request, str(getattr(exc, "message", None) or exc), messages.ERROR)

    # Transition actions with an intermediate page asking for the comment
    def run_transition(self, request, queryset, to_state, verb):
        if not access.is_decider(request.user):
            raise PermissionDenied
        if request.POST.get("confirm") == "yes":
            form = TransitionCommentForm(request.POST)
            if form.is_valid():
                done, refused = 0, []
                for application in queryset.select_related("student"):
                    ok, why = services.safe_transition(
                        application, to_state, by=request.user, comment=form.cleaned_data["comment"]
                    )
                    if ok:
                        done += 1
                    else:
                        refused.append(f"{application.full_name}: {why}")
                if done:
                    self.message_user(
                        request,
                        ngettext(
                            "%(n)d application is now “%(s)s”; the student was emailed.",
                            "%(n)d applications are now “%(s)s”; the students were emailed.",
                            done,
                        )
                        % {"n": done, "s": Status(to_state).label},
                        messages.SUCCESS,
                    )
                for line in refused:
                    self.message_user(request, _("Not changed — %(why)s") % {"why": line}, messages.ERROR)
                return None
        else:
            form = TransitionCommentForm()
        applications = list(queryset.select_related("student", "call"))
        possible = [a for a in applications if to_state in a.next_states()]
        context = {
            **self.admin_site.each_context(request),
            "title": verb,
            "opts": self.model._meta,
            "applications": applications,
            "possible": possible,
            "impossible": [a for a in applications if a not in possible],
            "to_label": Status(to_state).label,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "mobility/admin/transition_confirm.html", context)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
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
        try:
            rec = services.record_recommendation(
                form.cleaned_data["application"],
                supervisor=request.user,
                opinion=form.cleaned_data["opinion"],
                comment=form.cleaned_data["comment"],
            )
        except (PermissionDenied, services.ApplicationError) as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk, obj.supervisor, obj._state = rec.pk, rec.supervisor, rec._state


from . import (  # noqa: E402
    admin_nominations,  # noqa: F401
    admin_records,  # noqa: F401  (acceptance letters, mobility records)
)
