"""The forms of the learning agreement pages: what people type, checked field by field.

The rules (who may, what a version needs before it is signed) are the services'.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LongTextField
from core.templatetags.error_summary import summary_entries

from .models import AgreementVersion, Component

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(forms.ModelForm):
    change_reason = LongTextField(
        label=_("Reason for the changes"),
        max_length=2000,
        rows=3,
        required=False,
        help_text=_("Required for a change to a signed agreement."),
    )

    class Meta:
        model = AgreementVersion
        fields = [
            "planned_start",
            "planned_end",
            "language",
            "language_level",
            "automatic_recognition",
            "change_reason",
        ]
        widgets = {"planned_start": DATE, "planned_end": DATE}

    def __init__(self, *args, is_change=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_change:
            del self.fields["change_reason"]

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot come before the planned start."))
        return data


class ComponentForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = ["code", "title", "semester", "ects", "is_virtual", "change", "change_reason"]

    def __init__(self, *args, is_change=False, semester_hint="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ects"].widget.attrs.update(step="0.5", min="0")
        if semester_hint:
            # The example is written once above the rows (_formset.html): repeated under every
            # row's semester it pushed that input out of line with the others.
            self.fields["semester"].help_text = ""
            self.fields["semester"].widget.attrs["aria-describedby"] = semester_hint
        if not is_change:
            del self.fields["change"]
            del self.fields["change_reason"]

    def clean(self):
        data = super().clean()
        if data.get("change") and not (data.get("change_reason") or "").strip():
            self.add_error("change_reason", _("Say why this component is added or removed."))
        return data


class BaseComponentFormSet(forms.BaseFormSet):
    def summary_entries(self, table):
        """The rows' errors for the page's error summary, each naming its table and row and linking
        to its field: "Table A, row 1 — ECTS credits: Ensure this value is greater than or equal to 0."."""
        entries = [(None, _("Table %(table)s") % {"table": table}, str(e)) for e in self.non_form_errors()]
        for n, form in enumerate(self.forms, start=1):
            for anchor, label, message in summary_entries(form):
                where = _("Table %(table)s, row %(n)s") % {"table": table, "n": n}
                entries.append((anchor, f"{where} — {label}" if label else where, message))
        return entries

    def rows(self, table):
        """The filled-in rows, as the service takes them (blank rows are ignored)."""
        return [
            {"table": table, **{k: v for k, v in form.cleaned_data.items() if k != "DELETE"}}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("title")
        ]


def component_formset(table, *, data=None, version=None, is_change=False, extra=2):
    initial = [
        {
            f: getattr(c, f)
            for f in ["code", "title", "semester", "ects", "is_virtual", "change", "change_reason"]
        }
        for c in (version.table(table) if version else [])
    ]
    formset_class = forms.formset_factory(
        ComponentForm, formset=BaseComponentFormSet, extra=extra, can_delete=True, max_num=40
    )
    return formset_class(
        data=data,
        initial=initial,
        prefix=f"table{table}",
        form_kwargs={"is_change": is_change, "semester_hint": f"table{table}-semester-hint"},
    )


class CommentForm(forms.Form):
    comment = LongTextField(label=_("What should the student change?"), max_length=2000, rows=3)


class StayDateForm(forms.Form):
    ARRIVAL, DEPARTURE = "arrival", "departure"
    which = forms.ChoiceField(
        choices=[(ARRIVAL, _("Arrival")), (DEPARTURE, _("Departure"))], widget=forms.HiddenInput
    )
    date = forms.DateField(label=_("Date"), widget=DATE)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Confirm a date once it has happened, not in advance."))
        return date


class AttendanceCertificateForm(forms.Form):
    file = forms.FileField(label=_("Certificate of attendance (PDF or image)"))
    arrival = forms.DateField(label=_("Arrival"), widget=DATE)
    departure = forms.DateField(label=_("Departure"), widget=DATE)


class TranscriptForm(forms.Form):
    file = forms.FileField(label=_("Transcript of Records (PDF)"))


class RecognitionForm(forms.Form):
    """One decision per component: recognised with its grade, or not with a reason."""

    def __init__(self, *args, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.components = list(components)
        for c in self.components:
            existing = getattr(c, "recognition", None)
            self.fields[f"recognised_{c.pk}"] = forms.TypedChoiceField(
                label=str(c),
                choices=[("yes", _("Recognised")), ("no", _("Not recognised"))],
                widget=forms.RadioSelect,
                coerce=lambda v: v == "yes",
                initial=None if existing is None else ("yes" if existing.recognised else "no"),
            )
            self.fields[f"grade_{c.pk}"] = forms.CharField(
                label=_("Grade at home (converted)"),
                max_length=40,
                required=False,
                initial=existing.grade if existing else "",
            )
            self.fields[f"reason_{c.pk}"] = forms.CharField(
                label=_("Reason it is not recognised"),
                max_length=300,
                required=False,
                initial=existing.reason if existing else "",
            )

    def rows(self):
        return [
            (c, self[f"recognised_{c.pk}"], self[f"grade_{c.pk}"], self[f"reason_{c.pk}"])
            for c in self.components
        ]

    def clean(self):
        data = super().clean()
        for c in self.components:
            recognised = data.get(f"recognised_{c.pk}")
            if recognised is True and not (data.get(f"grade_{c.pk}") or "").strip():
                self.add_error(f"grade_{c.pk}", _("Give the grade at home."))
            if recognised is False and not (data.get(f"reason_{c.pk}") or "").strip():
                self.add_error(f"reason_{c.pk}", _("Say why it is not recognised."))
        return data

    def decisions(self):
        d = self.cleaned_data
        return {
            c.pk: (d[f"recognised_{c.pk}"], d.get(f"grade_{c.pk}"), d.get(f"reason_{c.pk}"))
            for c in self.components
        }


class TopUpForm(forms.Form):
    fewer_opportunities = forms.BooleanField(label=_("Fewer-opportunities top-up"), required=False)
    green_travel = forms.BooleanField(label=_("Green travel top-up"), required=False)


class PaymentForm(forms.Form):
    instalment = forms.ChoiceField(
        choices=[("first", _("First instalment")), ("final", _("Final instalment"))], widget=forms.HiddenInput
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)
    reference = forms.CharField(label=_("Bank reference"), max_length=60, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Academic year"), min_value=2000, max_value=2100)
