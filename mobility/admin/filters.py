"""The filters of the applications and nominations lists.

Each lists what exists through the calls (a few dozen a year), never through the applications or
nominations themselves: a filter's choices cost the same at 100 rows as at 100,000 (issue 19; the
first version listed the partners ranked in any preference with a DISTINCT over every preference,
210 ms at 100,000 applications).
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core import academic
from core.rules import EVERYTHING, is_active_person
from partners.models import Institution

from .. import rules as access
from ..models import (
    Call,
    Eligibility,
    EligibilityCriterion,
    EligibilityFlag,
    Preference,
)
from ..models.calls import STUDY_YEAR_VALIDATORS


def calls_with_visible_applications(user):
    """The calls of the applications `user` may read: every call for IRO staff; for the others, the
    calls where one such application exists (one index probe per call, not a scan of applications)."""
    if not is_active_person(user):
        return Call.objects.none()
    if access.view_application.q(user) is EVERYTHING:
        return Call.objects.all()
    return Call.objects.filter(Exists(access.applications_visible_to(user).filter(call=OuterRef("pk"))))


class CallFilter(admin.SimpleListFilter):
    """The calls this person reads applications of (newest year first)."""

    title = _("call")
    parameter_name = "call__id__exact"

    def lookups(self, request, model_admin):
        calls = calls_with_visible_applications(request.user).order_by("-academic_year", "title")
        return [(c.pk, str(c)) for c in calls.only("pk", "title", "academic_year")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(call_id=self.value())
        return queryset


class StudyYearFilter(admin.SimpleListFilter):
    """Years 1 to 6 (the model's bounds), not a DISTINCT over every application."""

    title = _("study year during the mobility")
    parameter_name = "study_year__exact"

    def lookups(self, request, model_admin):
        low, high = (v.limit_value for v in STUDY_YEAR_VALIDATORS)
        return [(str(y), str(y)) for y in range(low, high + 1)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(study_year=self.value())
        return queryset


class PreferenceInstitutionFilter(admin.SimpleListFilter):
    title = _("preference institution")
    parameter_name = "institution"

    def lookups(self, request, model_admin):
        # The partners the calls this person reads offer (a student can only rank those).
        calls = calls_with_visible_applications(request.user)
        qs = Institution.objects.filter(agreements__calls__in=calls.values("pk")).distinct().order_by("name")
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
        # Criteria are per call but their wording repeats: one line per wording of the calls this
        # person reads, and per result.
        calls = calls_with_visible_applications(request.user)
        texts = (
            EligibilityCriterion.objects.filter(call__in=calls.values("pk"))
            .order_by("text")
            .values_list("text", flat=True)
            .distinct()
        )
        labels = {Eligibility.NOT_MET: _("not met"), Eligibility.TO_CHECK: _("to be checked")}
        return [
            (f"{result}|{text}", _("%(label)s: %(value)s") % {"label": text, "value": labels[result]})
            for text in texts
            for result in labels
        ]

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
