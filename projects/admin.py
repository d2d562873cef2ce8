from django.contrib import admin

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
