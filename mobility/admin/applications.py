"""The back office of calls and applications.

IRO staff review and decide here; academic supervisors see only the applications of the calls
they supervise (read-only) and record recommendations. Every status change goes through
`services.transition` — the admin only asks for the comment.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

from core import academic
from core.admin_mixins import ServiceErrorAdminMixin
from core.exports import SAFE_EXPORT_FORMATS
from core.rules import ObjectRulesAdminMixin
from core.templatetags.paris_time import paris, paris_short

from .. import rules as access
from .. import selectors, services
from ..models import (
    APPLICATION_MACHINE,
    Application,
    ApplicationDocument,
    ClerkshipRotation,
    CriterionAssessment,
    Eligibility,
    Preference,
    Status,
)
from ..services import periods
from .actions import STAFF_ACTIONS, ApplicationAdminForm, TransitionCommentForm, make_transition_action
from .exports import ApplicationResource
from .filters import (
    AcademicYearFilter,
    CallFilter,
    CriterionFlagFilter,
    MissingDocumentsFilter,
    PreferenceInstitutionFilter,
    StudyYearFilter,
)
from .inlines import (
    AssessmentInline,
    DocumentInline,
    PreferenceInline,
    RecommendationInline,
    TransitionInline,
    document_reviews,
)
from .plans import plan_inlines, save_clerkship_plan
from .selection import MarkInline, marks_url


@admin.register(Application)
class ApplicationAdmin(ServiceErrorAdminMixin, ObjectRulesAdminMixin, ExportMixin, admin.ModelAdmin):
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
        CallFilter, "status", StudyYearFilter, PreferenceInstitutionFilter, "eligibility",
        CriterionFlagFilter, MissingDocumentsFilter,
        AcademicYearFilter, "direction",
    ]  # fmt: skip
    list_select_related = ["student", "call", "allocated_agreement__institution"]
    form = ApplicationAdminForm
    search_fields = ["first_name", "last_name", "student__email", "student__first_name", "student__last_name"]
    search_help_text = _("Search by name or email address.")
    list_per_page = 50
    actions = [make_transition_action(s, v) for s, v in STAFF_ACTIONS]
    inlines = [PreferenceInline, MarkInline, DocumentInline, AssessmentInline, RecommendationInline, TransitionInline]  # fmt: skip
    readonly_fields = [
        "student", "call", "direction", "status", "eligibility_summary", "document_summary", "submitted_at",
        "decided_at", "created", "updated", "first_name", "last_name", "date_of_birth", "nationality", "phone",
        "student_number", "study_year", "home_institution", "good_standing", "motivation", "declared",
        "next_moves", "score", "merit_rank", "offer_expires_at",
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
        (_("Selection by merit"), {"fields": ["score", "merit_rank", "offer_expires_at"]}),
        (_("Documents"), {"fields": ["document_summary"]}),
        (
            _("Personal details"),
            {"fields": ["first_name", "last_name", "date_of_birth", "nationality", "phone"]},
        ),
        (
            _("Academic situation"),
            {"fields": ["student_number", "study_year", "home_institution", "good_standing", periods.FIELDS]},
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
            call_id = Application.objects.filter(pk=object_id).values_list("call_id", flat=True).first()
            extra_context["marks_url"] = marks_url(call_id, int(object_id)) if call_id else None
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
        return paris_short(obj.submitted_at) if obj.submitted_at else "—"

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
            reviews = document_reviews(formset)
            if reviews:  # one email to the student for the whole save
                services.review_documents(form.instance, reviews, by=request.user)
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
        """Only the place and the period are editable, through the services (seats and the call's
        periods are checked); a refusal comes back as a form error (ServiceErrorAdminMixin)."""
        periods.correct_from_form(obj, by=request.user, data=form.cleaned_data, changed=form.changed_data)
        if "allocated_agreement" in form.changed_data:
            try:
                services.allocate(obj, form.cleaned_data["allocated_agreement"], by=request.user)
            except PermissionDenied as refusal:
                raise services.ApplicationError(str(refusal)) from refusal

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
