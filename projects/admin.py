import datetime

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.errors import ServiceError
from summerschool.admin import OfferingAdminBase

from . import services
from .models import Project, ProjectActivity, ProjectPartner, TrainingSession


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["institution"]


class TrainingSessionInline(TranslationStackedInline):
    model = TrainingSession
    extra = 0
    fields = ["kind", ("title",), ("starts_on", "ends_on"), ("location",), ("audience",), ("description",)]


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ["acronym", "title", "period", "continues", "managed_by_office", "is_published"]
    list_filter = ["is_published", "managed_by_office", "start_year"]
    search_fields = ["acronym", "title", "summary"]
    prepopulated_fields = {"slug": ["acronym"]}
    list_select_related = ["continues"]
    inlines = [ProjectPartnerInline, TrainingSessionInline]
    fields = [
        "acronym", "slug", ("title",), ("programme",), ("summary",), ("description",),
        ("start_year", "end_year"), "continues", "website", "contact_email", "managed_by_office", "is_published",
    ]  # fmt: skip
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Show on the public site"))
    def publish(self, request, queryset):
        n = services.set_published(queryset, published=True)
        messages.success(request, _("%(n)d projects shown on the public site.") % {"n": n})

    @admin.action(description=_("Hide from the public site"))
    def unpublish(self, request, queryset):
        n = services.set_published(queryset, published=False)
        messages.success(request, _("%(n)d projects hidden from the public site.") % {"n": n})

    @admin.display(description="Period")
    def period(self, obj):
        return obj.period


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
