from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Project, ProjectPartner, TrainingSession


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["institution"]


class TrainingSessionInline(admin.StackedInline):
    model = TrainingSession
    extra = 0
    fields = [("kind", "title"), ("starts_on", "ends_on", "location"), "audience", "description"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "title", "period", "continues", "managed_by_office", "is_published"]
    list_filter = ["is_published", "managed_by_office", "start_year"]
    search_fields = ["acronym", "title", "summary"]
    prepopulated_fields = {"slug": ["acronym"]}
    list_select_related = ["continues"]
    inlines = [ProjectPartnerInline, TrainingSessionInline]
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


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "starts_on", "ends_on", "location"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "project__acronym", "location"]
    date_hierarchy = "starts_on"
    list_select_related = ["project"]
