"""Back office of acceptance letters and mobility records (imports of past years included).

Letters are regenerated through services_records; records come from confirmed applications or
from CSV/XLSX imports (`services.imports`, also run by `manage.py import_mobilities`), which are
checked row by row: a file with one bad row imports nothing and the page lists the rows to correct.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from core import academic
from core.exports import SAFE_EXPORT_FORMATS
from core.rules import ObjectRulesAdminMixin

from .. import rules as access
from ..models import AcceptanceLetter, MobilityRecord
from ..services import imports, records
from ..services.imports import MobilityRecordResource

# --- Import of records (the rules and the summary live in services.imports) ---------------


@admin.register(MobilityRecord)
class MobilityRecordAdmin(ImportExportModelAdmin):
    resource_classes = [MobilityRecordResource]
    import_formats = [CSV, XLSX]
    export_formats = SAFE_EXPORT_FORMATS  # formulas neutralised (core/exports.py)
    list_display = [
        "student_name", "direction", "programme", "institution_name", "country", "academic_year_display",
        "start_date", "end_date", "source",
    ]  # fmt: skip
    list_filter = ["academic_year", "direction", "programme", "country", "source"]
    search_fields = ["student_name", "institution_name", "reference"]
    raw_id_fields = ["application", "institution"]
    readonly_fields = ["source", "created", "updated"]
    list_select_related = ["institution"]
    date_hierarchy = "start_date"

    @admin.display(description=_("academic year"), ordering="academic_year")
    def academic_year_display(self, obj):
        return academic.label(obj.academic_year)

    def process_dataset(self, dataset, form, request, **kwargs):
        """The confirmed import runs the service `import_mobilities` runs (same checks, all or nothing)."""
        file_name = kwargs.get("file_name") or form.cleaned_data.get("original_file_name")
        return imports.import_records(dataset, by=request.user, file_name=file_name)

    def add_success_message(self, result, request):
        summary = imports.summarise(result)
        level = messages.SUCCESS if summary.imported else messages.ERROR
        for line in summary.lines():
            messages.add_message(request, level, line)

    def save_model(self, request, obj, form, change):
        if not obj.institution_name and obj.institution_id:
            obj.institution_name = obj.institution.name
        super().save_model(request, obj, form, change)


# --- Acceptance letters --------------------------------------------------------------------


@admin.register(AcceptanceLetter)
class AcceptanceLetterAdmin(ObjectRulesAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "student", "programme", "generated_at", "generations", "download"]
    list_select_related = ["application__call", "application__student"]
    search_fields = ["reference", "application__last_name", "application__student__email"]
    list_filter = ["application__call__academic_year", "application__direction", "application__call__kind"]
    fields = [
        "application", "reference", "start_date", "end_date", "host_department", "download",
        "generated_at", "generations",
    ]  # fmt: skip
    readonly_fields = ["application", "reference", "download", "generated_at", "generations"]
    actions = ["regenerate"]

    def get_queryset(self, request):
        return access.letters_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # letters are made when an application is accepted

    @admin.display(description=_("student"), ordering="application__last_name")
    def student(self, obj):
        return obj.application.full_name

    @admin.display(description=_("programme"))
    def programme(self, obj):
        return obj.application.call.get_kind_display()

    @admin.display(description=_("PDF"))
    def download(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("mobility:acceptance_letter", args=[obj.application_id]),
            _("Download"),
        )

    @admin.action(description=_("Regenerate the selected letters (same rows, new PDF)"))
    def regenerate(self, request, queryset):
        done = records.regenerate_letters(queryset)
        self.message_user(
            request,
            ngettext("%(n)d letter regenerated.", "%(n)d letters regenerated.", done) % {"n": done},
            messages.SUCCESS,
        )
        skipped = queryset.count() - done
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d letter left as is: its application is no longer accepted.",
                    "%(n)d letters left as is: their applications are no longer accepted.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            records.generate_acceptance_letter(obj.application_id, regenerate=True)
            self.message_user(request, _("The letter was regenerated with these details."), messages.INFO)
