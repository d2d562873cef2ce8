"""The applications export (CSV/XLSX), one row per application."""

from django.utils import timezone
from import_export import fields as ie_fields
from import_export import resources

from core import academic

from ..models import (
    Application,
)


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
