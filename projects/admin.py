import datetime

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from core.errors import ServiceError
from core.templatetags.lang import money
from partners.models import Institution
from summerschool.admin import OfferingAdminBase

from . import services
from .models import (
    AgencyReport,
    Deliverable,
    DeliverableStatus,
    Project,
    ProjectActivity,
    ProjectPartner,
    TrainingSession,
    WorkPackage,
)


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["institution"]


def _project_id(request):
    """The project whose change page is open (None on the add page)."""
    return request.resolver_match.kwargs.get("object_id")


class WorkPackageInline(TranslationTabularInline):
    model = WorkPackage
    extra = 0
    fields = ["number", "title", "lead", "starts_on", "ends_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead":  # one of this project's partners
            kwargs["queryset"] = Institution.objects.filter(
                project_partnerships__project_id=_project_id(request)
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DeliverableInline(TranslationTabularInline):
    model = Deliverable
    extra = 0
    fields = ["code", "work_package", "title", "due_on", "status", "delivered_on", "public", "link"]
    show_change_link = True  # the description, in both languages, on the deliverable's own page

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "work_package":
            kwargs["queryset"] = WorkPackage.objects.filter(project_id=_project_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AgencyReportInline(admin.TabularInline):
    model = AgencyReport
    extra = 0
    fields = ["kind", "deadline", "submitted_at", "note"]


class TrainingSessionInline(TranslationStackedInline):
    model = TrainingSession
    extra = 0
    fields = ["kind", ("title",), ("starts_on", "ends_on"), ("location",), ("audience",), ("description",)]


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = [
        "acronym",
        "title",
        "period",
        "eu_grant",
        "continues",
        "managed_by_office",
        "is_published",
    ]
    list_filter = ["is_published", "managed_by_office", "start_year"]
    search_fields = ["acronym", "title", "summary"]
    prepopulated_fields = {"slug": ["acronym"]}
    list_select_related = ["continues"]
    inlines = [
        ProjectPartnerInline,
        WorkPackageInline,
        DeliverableInline,
        AgencyReportInline,
        TrainingSessionInline,
    ]
    fieldsets = [
        (None, {"fields": [
            "acronym", "slug", ("title",), ("programme",), ("summary",), ("description",),
            ("start_year", "end_year"), "continues", "website", "contact_email", "managed_by_office", "is_published",
        ]}),
        (_("Funding"), {"fields": ["grant_agreement", ("eu_grant", "co_financing"), "budget"]}),
    ]  # fmt: skip
    readonly_fields = ["budget"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Show on the public site"))
    def publish(self, request, queryset):
        n = services.set_published(queryset, published=True)
        messages.success(request, _("%(n)d projects shown on the public site.") % {"n": n})

    @admin.action(description=_("Hide from the public site"))
    def unpublish(self, request, queryset):
        n = services.set_published(queryset, published=False)
        messages.success(request, _("%(n)d projects hidden from the public site.") % {"n": n})

    @admin.display(description=_("period"))
    def period(self, obj):
        return obj.period

    @admin.display(description=_("total budget"))
    def budget(self, obj):
        return money(obj.total_budget) if obj.pk else "—"


class OpenRegistrationsForm(forms.Form):
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, initial=30)
    fee = forms.DecimalField(label=_("Fee (€)"), min_value=0, initial=0, max_digits=8, decimal_places=2)
    registration_opens = forms.DateTimeField(
        label=_("Registration opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    registration_closes = forms.DateTimeField(
        label=_("Registration closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ects = forms.DecimalField(label=_("ECTS credits"), min_value=0, initial=0, max_digits=4, decimal_places=1)
    hours = forms.IntegerField(label=_("Hours of teaching"), min_value=0, initial=0)
    signatory_name = forms.CharField(label=_("Certificate signed by"), max_length=200, required=False)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=200, required=False)


@admin.register(TrainingSession)
class TrainingSessionAdmin(TranslationAdmin):
    list_display = ["title", "project", "kind", "starts_on", "ends_on", "location", "registrations"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "project__acronym", "location"]
    date_hierarchy = "starts_on"
    list_select_related = ["project", "offering"]
    readonly_fields = ["offering"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/open-registrations/",
                self.admin_site.admin_view(self.open_registrations_view),
                name="projects_trainingsession_open_registrations",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("registrations"))
    def registrations(self, obj):
        if obj.offering_id:
            url = reverse("admin:projects_projectactivity_change", args=[obj.offering_id])
            return format_html('<a href="{}">{}</a>', url, _("Open: seats and registrations"))
        url = reverse("admin:projects_trainingsession_open_registrations", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Open registrations"))

    def open_registrations_view(self, request, pk):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        session = get_object_or_404(TrainingSession.objects.select_related("project"), pk=pk)
        closes = timezone.make_aware(datetime.datetime.combine(session.starts_on, datetime.time(0)))
        form = OpenRegistrationsForm(
            request.POST or None,
            initial={
                "registration_opens": timezone.localtime().replace(second=0, microsecond=0),
                "registration_closes": closes,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                offering = services.open_registrations(session, by=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Registrations are open for “%(title)s”: the project page shows “Register”.")
                    % {"title": session.title},
                )
                return redirect("admin:projects_projectactivity_change", offering.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Open registrations: %(title)s") % {"title": session},
            "form": form,
            "session": session,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "projects/admin/open_registrations.html", context)


@admin.register(ProjectActivity)
class ProjectActivityAdmin(OfferingAdminBase):
    """A training session's registrations: the summer schools' admin, for this kind of offering."""


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Past and not done"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        if queryset.model is AgencyReport:
            return queryset.outstanding().filter(deadline__lt=timezone.now())
        return queryset.exclude(status=DeliverableStatus.DELIVERED).filter(due_on__lt=timezone.localdate())


class SubmittedFilter(admin.SimpleListFilter):
    title = _("submitted")
    parameter_name = "submitted"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(submitted_at__isnull=self.value() == "no")
        return queryset


@admin.register(Deliverable)
class DeliverableAdmin(TranslationAdmin):
    """Every project's deliverables, to follow: what is due, late or done (edited on the project too)."""

    list_display = ["code", "title", "project", "work_package", "due_on", "status", "delivered_on", "public"]
    list_filter = [OverdueFilter, "status", "public", "project"]
    search_fields = ["code", "title", "project__acronym"]
    list_select_related = ["project", "work_package"]
    date_hierarchy = "due_on"
    fields = [
        "project", "work_package", "code", ("title",), ("description",), "due_on", "status", "delivered_on",
        "public", "link",
    ]  # fmt: skip
    actions = ["deliver_today"]

    @admin.action(description=_("Mark as delivered today"))
    def deliver_today(self, request, queryset):
        n = services.mark_delivered(queryset, by=request.user)
        messages.success(request, _("%(n)d deliverables marked as delivered.") % {"n": n})


@admin.register(AgencyReport)
class AgencyReportAdmin(admin.ModelAdmin):
    """What every project owes the national agency, by deadline (staff are reminded before it)."""

    list_display = ["project", "kind", "deadline", "submitted_at", "note"]
    list_filter = [OverdueFilter, SubmittedFilter, "kind", "project"]
    search_fields = ["project__acronym", "note"]
    list_select_related = ["project"]
    date_hierarchy = "deadline"
    actions = ["submit_now"]

    @admin.action(description=_("Mark as submitted now"))
    def submit_now(self, request, queryset):
        n = services.mark_submitted(queryset, by=request.user)
        messages.success(request, _("%(n)d reports marked as submitted.") % {"n": n})
