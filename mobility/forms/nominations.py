from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partners.models import AgreementKind

from ..models import Track, lengths_for


class NominationForm(forms.Form):
    """One nominee; the choices follow the call's programme and the agreement's tracks."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Student's email"), help_text=_("The invitation to apply is sent there.")
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)
    study_year = forms.TypedChoiceField(label=_("Study year during the mobility"), coerce=int)
    length = forms.ChoiceField(label=_("Length"))
    track = forms.ChoiceField(label=_("Language track"), required=False)
    wished_departments = forms.CharField(
        label=_("Wished departments or specialities"), max_length=300, required=False
    )
    wished_start = forms.DateField(label=_("Wished start"), widget=forms.DateInput(attrs={"type": "date"}))
    wished_end = forms.DateField(label=_("Wished end"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, call, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["study_year"].choices = [
            (y, str(y)) for y in range(agreement.study_year_min, agreement.study_year_max + 1)
        ]
        self.fields["length"].choices = [(v.value, v.label) for v in lengths_for(call.kind)]
        if call.kind == AgreementKind.CLINICAL_PLACEMENT:
            tracks = [
                (t.value, t.label)
                for t, on in (
                    (Track.FRENCH, agreement.french_track),
                    (Track.ENGLISH, agreement.english_track),
                )
                if on
            ]
            self.fields["track"].choices = tracks
            self.fields["track"].required = True
        else:
            del self.fields["track"]
            if call.kind != AgreementKind.CLINICAL_PLACEMENT:
                self.fields["wished_departments"].label = _("Wished departments or research interests")

    def clean(self):
        data = super().clean()
        start, end = data.get("wished_start"), data.get("wished_end")
        if start and end and end < start:
            self.add_error("wished_end", _("The wished period ends before it starts."))
        return data


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)
