"""Widgets for CSV/XLSX imports that staff fill by hand: choices, years and countries as people write them.

Shared by the partners' imports and mobility's records import; every refusal is a sentence the
staff member can act on, shown beside the row.
"""

import re

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields as ie_fields
from import_export import resources, widgets

from core import academic

from . import services
from .models import Agreement, AgreementKind, Duration, Institution


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or its label (“outgoing” or “Outgoing”), in English or French."""

    def __init__(self, choices_class, name, **kwargs):
        self.choices_class, self.name = choices_class, name
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        for code, label in self.choices_class.choices:
            if text in (code, str(label).lower(), code.replace("_", " ")):
                return code
        allowed = ", ".join(code for code, _label in self.choices_class.choices)
        raise ValueError(_("Unknown %(name)s “%(value)s”: use one of %(allowed)s.") % {
            "name": self.name, "value": value or "", "allowed": allowed
        })  # fmt: skip

    def render(self, value, obj=None, **kwargs):
        return value or ""


class AcademicYearWidget(widgets.Widget):
    """“2021–22”, “2021-2022”, “2021/22” or “2021” → 2021."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        match = re.fullmatch(r"(\d{4})(?:\.0)?(?:\s*[-–/]\s*(\d{2}|\d{4}))?", text)
        if not match:
            raise ValueError(_("“%(value)s” is not an academic year (write 2024–25).") % {"value": text})
        start = int(match.group(1))
        if match.group(2) and int(match.group(2)[-2:]) != (start + 1) % 100:
            raise ValueError(_("“%(value)s” is not an academic year (write 2024–25).") % {"value": text})
        return start

    def render(self, value, obj=None, **kwargs):
        return academic.label(value) if value else ""


class InstitutionWidget(widgets.ForeignKeyWidget):
    """A partner by its name (any language) or Erasmus code; unknown hosts stay as text."""

    def __init__(self, **kwargs):
        super().__init__(Institution, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        code = re.sub(r"\s+", " ", text.upper())
        return (
            Institution.objects.filter(name__iexact=text).first()
            or Institution.objects.filter(local_name__iexact=text).first()
            or Institution.objects.filter(erasmus_code__iexact=code).first()
        )


class CountryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text.upper() in dict(countries):
            return text.upper()
        code = countries.by_name(text)
        if not code:
            raise ValueError(
                _("Unknown country “%(value)s” (give its name or its two-letter code).") % {"value": text}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


# --- The partners' imports (staff's CSV/XLSX files; services.import_rows runs them) ---------------


class KnownInstitutionWidget(InstitutionWidget):
    """An agreement's institution must exist (import institutions first)."""

    def clean(self, value, row=None, **kwargs):
        institution = super().clean(value, row, **kwargs)
        if institution is None:
            raise ValueError(
                _(
                    "Unknown institution “%(value)s”: import it first, or write its exact name or Erasmus code."
                )
                % {"value": value or ""}
            )
        return institution


class DirectoryBatchMixin:
    """An import saves row by row: the directory's counts are recounted once, at the end, for the
    countries it touched (not at all for the preview, a dry run that is rolled back)."""

    def import_data(self, dataset, dry_run=False, *args, **kwargs):
        with services.directory_batch(recount=not dry_run):
            return super().import_data(dataset, dry_run, *args, **kwargs)


class InstitutionResource(DirectoryBatchMixin, resources.ModelResource):
    country = ie_fields.Field("country", "country", widget=CountryWidget())

    class Meta:
        model = Institution
        import_id_fields = ["name"]
        fields = ["name", "local_name", "country", "city", "website", "erasmus_code"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False

    def before_import_row(self, row, **kwargs):
        code = row.get("erasmus_code")
        row["erasmus_code"] = " ".join(str(code).upper().split()) if code else None


class AgreementResource(DirectoryBatchMixin, resources.ModelResource):
    institution = ie_fields.Field("institution", "institution", widget=KnownInstitutionWidget())
    # The English title, whatever language the admin is in (its French is typed in the admin): read
    # by the plain name, a French export would come back as the English on re-import.
    title = ie_fields.Field("title_en", "title")
    kind = ie_fields.Field("kind", "kind", widget=ChoiceWidget(AgreementKind, "kind"))
    duration = ie_fields.Field("duration", "duration", widget=ChoiceWidget(Duration, "duration"))
    french_track = ie_fields.Field("french_track", "french_track", widget=widgets.BooleanWidget())
    english_track = ie_fields.Field("english_track", "english_track", widget=widgets.BooleanWidget())
    is_signed = ie_fields.Field("is_signed", "is_signed", widget=widgets.BooleanWidget())

    class Meta:
        model = Agreement
        fields = [
            "id", "institution", "kind", "title", "valid_from_year", "valid_to_year", "outgoing_seats",
            "incoming_seats", "study_year_min", "study_year_max", "duration", "french_track",
            "english_track", "is_signed",
        ]  # fmt: skip
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False

    def dehydrate_institution(self, agreement):
        return agreement.institution.erasmus_code or agreement.institution.name
