"""The filters of the applications list."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import academic
from partners.models import Institution

from .. import rules as access
from ..models import (
    Call,
    Eligibility,
    EligibilityFlag,
    Preference,
)


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
