"""The import of past mobility records (CSV/XLSX), one service for the admin and `import_mobilities`.

A row is matched by its `reference` when it gives one (a reference not yet known takes over a
record without reference that has the same natural key), otherwise by its natural key: student,
programme, institution and start date, compared without case or extra spaces. A row is refused,
with a reason beside it, when it would overwrite a record created from an application, when it
matches several records, or when it repeats an earlier row of the file. All or nothing: one refused
row and the file imports nothing. Importing the same file again changes nothing.
"""

import dataclasses

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields as ie_fields
from import_export import resources, widgets
from import_export.results import RowResult

from partners.importing import AcademicYearWidget, ChoiceWidget, CountryWidget, InstitutionWidget
from partners.models import AgreementKind, Direction

from ..models import MobilityRecord, Period, RecordSource


def normalised(text) -> str:
    """“ Alice  MARTIN ” and “alice martin” are the same name."""
    return " ".join(str(text or "").split()).casefold()


class ReferenceWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        return text or None


class PeriodWidget(ChoiceWidget):
    """The period asked, when the office's file says it (“semester_1”, “First semester (September
    to January)”…); empty or absent: not recorded, shown so on the key figures, never guessed."""

    def __init__(self):
        super().__init__(Period, "period")

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) if str(value or "").strip() else ""


class MobilityRecordResource(resources.ModelResource):
    reference = ie_fields.Field("reference", "reference", widget=ReferenceWidget())
    student_name = ie_fields.Field("student_name", "student")
    direction = ie_fields.Field("direction", "direction", widget=ChoiceWidget(Direction, "direction"))
    programme = ie_fields.Field("programme", "programme", widget=ChoiceWidget(AgreementKind, "programme"))
    institution = ie_fields.Field("institution", "institution", widget=InstitutionWidget())
    country = ie_fields.Field("country", "country", widget=CountryWidget())
    academic_year = ie_fields.Field("academic_year", "academic_year", widget=AcademicYearWidget())
    period = ie_fields.Field("period", "period", widget=PeriodWidget())  # optional column
    start_date = ie_fields.Field("start_date", "start", widget=widgets.DateWidget())
    end_date = ie_fields.Field("end_date", "end", widget=widgets.DateWidget())

    class Meta:
        model = MobilityRecord
        import_id_fields = ["reference"]
        fields = [
            "reference", "student_name", "direction", "programme", "institution", "country",
            "academic_year", "period", "start_date", "end_date",
        ]  # fmt: skip
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False

    def before_import(self, dataset, **kwargs):
        self._seen = {}  # key of a row → its number, to refuse a row repeated in the file
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number")
        super().before_import_row(row, **kwargs)

    def _natural_key(self, row):
        """(student, programme, institution, start) of a row, or None while a part is missing or invalid."""
        try:
            programme = self.fields["programme"].clean(row)
            start = self.fields["start_date"].clean(row)
            institution = self.fields["institution"].clean(row)
        except (ValueError, KeyError, ValidationError):
            return None
        student, place = normalised(row.get("student")), normalised(row.get("institution"))
        if not (student and programme and start and place):
            return None
        return student, programme, institution, place, start

    def get_instance(self, instance_loader, row):
        reference = ReferenceWidget().clean(row.get("reference"))
        key = self._natural_key(row)
        seen_key = ("reference", reference) if reference else key and (*key[:2], key[2] or key[3], key[4])
        if seen_key is not None:
            if seen_key in self._seen:
                raise ValidationError(
                    {NON_FIELD_ERRORS: [_("This row repeats row %(n)d.") % {"n": self._seen[seen_key]}]}
                )
            self._seen[seen_key] = self._row_number
        if reference:
            record = MobilityRecord.objects.filter(reference=reference).first()
            if record or key is None:
                return record
        if key is None:
            return None
        student, programme, institution, place, start = key
        candidates = MobilityRecord.objects.filter(programme=programme, start_date=start)
        if reference:
            candidates = candidates.filter(reference__isnull=True)
        matches = [
            record
            for record in candidates
            if normalised(record.student_name) == student
            and (
                (institution is not None and record.institution_id == institution.pk)
                or normalised(record.institution_name)
                in (place, normalised(getattr(institution, "name", "")))
            )
        ]
        if len(matches) > 1:
            raise ValidationError({
                NON_FIELD_ERRORS: [
                    _(
                        "This row matches %(n)d records (same student, programme, institution and start): "
                        "give the reference of the one to update."
                    )
                    % {"n": len(matches)}
                ]
            })  # fmt: skip
        return matches[0] if matches else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        kept_reference = instance.reference
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.error_dict
        if not instance.reference and kept_reference:
            instance.reference = kept_reference  # a row without reference keeps the record's own
        given = str(row.get("institution") or "").strip()
        if instance.institution_id:
            instance.institution_name = instance.institution.name
            if not instance.country:
                instance.country = instance.institution.country
        elif given:
            instance.institution_name = given  # a host that is not (yet) a partner
        elif "institution" not in errors:
            errors["institution"] = [ValidationError(gettext_lazy("Give the institution."))]
        if instance._state.adding or not instance.source:
            instance.source = RecordSource.IMPORT
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        skip = super().skip_row(instance, original, row, import_validation_errors)
        if (
            not skip
            and not import_validation_errors
            and original is not None
            and original.pk
            and original.source == RecordSource.APPLICATION
        ):
            raise ValidationError({
                NON_FIELD_ERRORS: [
                    _(
                        "This row would overwrite the record of %(student)s created from their application: "
                        "correct the application instead, or give this row its own reference."
                    )
                    % {"student": original.student_name}
                ]
            })  # fmt: skip
        return skip

    def dehydrate_institution(self, record):
        return record.institution_name


@dataclasses.dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list = dataclasses.field(default_factory=list)  # [(row number, [reasons])]

    @property
    def imported(self):
        return not self.refused

    def lines(self):
        """The summary as sentences, the same in the admin and on the command line."""
        if self.refused:
            head = _(
                "Nothing imported: %(refused)d row(s) refused. Correct them and import the file again."
            ) % {"refused": self.refused}
            return [head] + [
                _("Row %(n)s: %(reasons)s") % {"n": number, "reasons": " ".join(reasons)}
                for number, reasons in self.problems
            ]
        return [
            _("Import finished: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % {"new": self.new, "updated": self.updated, "unchanged": self.unchanged}
        ]


def summarise(result) -> ImportSummary:
    """What really happened (or, for a refused file, which rows to correct and why)."""
    totals = result.totals
    problems = []
    for row in result.invalid_rows:
        reasons = []
        for field, messages in row.error_dict.items():
            label = "" if field == NON_FIELD_ERRORS else f"{field}: "
            reasons.extend(f"{label}{message}" for message in messages)
        problems.append((row.number, reasons))
    for number, errors in result.row_errors():
        problems.append((number, [str(error.error) for error in errors]))
    problems.sort(key=lambda item: item[0] or 0)
    for error in result.base_errors:
        problems.append(("—", [str(error.error)]))
    return ImportSummary(
        new=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=totals[RowResult.IMPORT_TYPE_SKIP],
        refused=len(problems),
        problems=problems,
    )


def import_records(dataset, *, by=None, dry_run=False, file_name=None):
    """Import a file's rows, all or nothing; returns import-export's Result (`summarise` reads it)."""
    return MobilityRecordResource().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        rollback_on_validation_errors=True,
        use_transactions=True,
        retain_instance_in_row_result=True,
        file_name=file_name,
        user=by,
    )
