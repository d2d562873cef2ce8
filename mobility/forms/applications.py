"""The steps of the application form. Every field may stay empty in a draft: completeness is
checked at submission, where the student is told exactly what is missing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.content import marked
from core.forms import MOTIVATION_MAX_LENGTH, LongTextField

from ..models import Application, CriterionCheck, Period

STEPS = [
    ("personal", _("Personal details")),
    ("academic", _("Academic situation")),
    ("preferences", _("Preferences")),
    ("motivation", _("Motivation")),
    ("documents", _("Documents")),
]
STEP_NAMES = [s for s, _label in STEPS]
# Incoming students do not rank partners: their home university nominated them.
INCOMING_STEPS = [(s, label) for s, label in STEPS if s != "preferences"]


def steps_for(application):
    return INCOMING_STEPS if application.direction == "incoming" else STEPS


def step_names_for(application):
    return [s for s, _label in steps_for(application)]


class PersonalForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["first_name", "last_name", "date_of_birth", "nationality", "phone"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def study_year_choices():
    """ "Year 1"… in the language of the request (built per form, not once at import)."""
    return [("", "—")] + [(y, _("Year %(y)s") % {"y": y}) for y in range(1, 7)]


class AcademicForm(forms.ModelForm):
    study_year = forms.TypedChoiceField(
        label=_("Study year during the mobility"),
        choices=study_year_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    # Every period is a valid choice of the field, so that one the call does not offer gets the
    # call's own message (clean) rather than Django's "not one of the available choices".
    period = forms.ChoiceField(
        label=_("When would you go?"), choices=Period.choices, required=False, widget=forms.RadioSelect
    )

    class Meta:
        model = Application
        fields = [
            "student_number", "study_year", "home_institution", "good_standing",
            "period", "period_start", "period_end",
        ]  # fmt: skip
        labels = {
            "good_standing": _("I am enrolled and in good standing at my school."),
            "period_start": _("First day of the placement"),
            "period_end": _("Last day of the placement"),
        }
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call
        offered = call.offered_periods
        self.fields["period"].widget.choices = [(p.value, p.label) for p in offered]
        if len(offered) == 1 and not self.instance.period:
            self.initial["period"] = offered[0].value
        if not call.asks_dates:
            del self.fields["period_start"], self.fields["period_end"]
        if self.instance.direction == "incoming":
            # Their home university gave the period when nominating them.
            for name in ("period", "period_start", "period_end"):
                self.fields.pop(name, None)
            # What the nominating university told us: the nomination's seat depends on it.
            for name in ("study_year", "home_institution"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Given by your home university when it nominated you: ask its international office to correct it."
                )

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period:  # a draft may leave it empty: submission asks for it
            start, end = data.get("period_start"), data.get("period_end")
            problems = self.instance.call.period_errors(period, start, end)
            if period == Period.DATES and not (start and end):
                problems.pop("period_start", None)  # the dates may come later in a draft
            for field, message in problems.items():
                self.add_error(field if field in self.fields else None, message)
        if period and period != Period.DATES:
            data["period_start"] = data["period_end"] = None
        return data


class PreferencesForm(forms.Form):
    """One select per rank, among the call's agreements that fit the student's study year."""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        agreements = list(application.call.eligible_agreements(application.study_year))
        self.by_pk = {a.pk: a for a in agreements}
        choices = [("", "—")] + [
            (a.pk, f"{a.institution.name} ({a.institution.country.name}) — {a.get_duration_display()}")
            for a in agreements
        ]
        current = [p.agreement_id for p in application.preferences.all()]
        for i in range(application.call.max_preferences):
            self.fields[f"choice_{i + 1}"] = forms.TypedChoiceField(
                label=_("Choice %(n)s") % {"n": i + 1},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current[i] if i < len(current) else None,
            )

    def clean(self):
        data = super().clean()
        picked = [data.get(f"choice_{i + 1}") for i in range(self.application.call.max_preferences)]
        chosen = [p for p in picked if p]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Each partner can be chosen only once."))
        data["agreements"] = [self.by_pk[p] for p in chosen]
        return data


class MotivationForm(forms.ModelForm):
    motivation = LongTextField(
        label=_("Motivation"),
        max_length=MOTIVATION_MAX_LENGTH,
        required=False,
        rows=10,
        help_text=_(
            "Why this programme and these partners, and what you expect from it (at least 200 characters)."
        ),
    )
    declarations = forms.TypedMultipleChoiceField(
        label=_("I declare that I meet these conditions (the office will check them)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["motivation", "declarations"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = [
            c for c in self.instance.call.criteria.all() if c.checked_by == CriterionCheck.DECLARATION
        ]
        # HTML labels: an English criterion on a French page is marked lang="en".
        self.fields["declarations"].choices = [(c.pk, marked(c, "text")) for c in criteria]
        if not criteria:
            del self.fields["declarations"]


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty: check that it opens on your computer, then choose it again."),
            "invalid": _("No file was received: choose the file again."),
        },
    )


class StatusChangeForm(forms.Form):
    comment = LongTextField(label=_("Comment"), max_length=2000, rows=3, required=False)
