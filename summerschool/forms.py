from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.files import validate_upload
from core.forms import MOTIVATION_MAX_LENGTH, LongTextField
from partners.models import Institution

from .models import LevelOfStudy

CV_MAX_BYTES = 10 * 1024 * 1024


class RegistrationForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Your institution"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("— not in the list —"),
    )
    institution_name = forms.CharField(
        label=_("Your institution, if it is not in the list"), max_length=255, required=False
    )
    field_of_study = forms.CharField(
        label=_("Field of study"),
        max_length=200,
        help_text=_("E.g. medicine, nursing, biomedical engineering."),
    )
    level_of_study = forms.ChoiceField(label=_("Level of study"), choices=LevelOfStudy.choices)
    motivation = LongTextField(
        label=_("Motivation"),
        rows=5,
        max_length=MOTIVATION_MAX_LENGTH,
        help_text=_("Why you wish to take part, and what you hope to take home (a few paragraphs)."),
    )
    address = LongTextField(
        label=_("Postal address"),
        rows=3,
        max_length=500,
        help_text=_("Printed on your payment receipts (your institution may need it to reimburse you)."),
    )
    cv = forms.FileField(label=_("CV"), help_text=_("PDF, JPEG or PNG, 10 MB at most."))
    waiver_code = forms.CharField(
        label=_("Waiver code (if your network office gave you one)"),
        max_length=30,
        required=False,
        help_text=_(
            "E.g. ABCD-EFGH-JKMN. Without a code, the fee waiver of a member university is proven "
            "by a verified address at its email domain, or decided by our office."
        ),
    )

    def __init__(self, *args, offering=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering
        if offering is None or offering.fee <= 0 or not offering.waiver_networks.exists():
            del self.fields["waiver_code"]

    def clean_waiver_code(self):
        return _checked_code(self.cleaned_data.get("waiver_code"), self.offering)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors and "cv" in self.fields and "cv" not in self._errors:
            # A browser never sends a file back: after a refusal the CV has to be chosen again.
            self.fields["cv"].help_text = _(
                "Choose your CV again: the browser does not keep a file when the form is refused. "
                "PDF, JPEG or PNG, 10 MB at most."
            )

    def clean_cv(self):
        cv = self.cleaned_data["cv"]
        validate_upload(cv, max_bytes=CV_MAX_BYTES)
        return cv

    def clean(self):
        data = super().clean()
        if not data.get("institution") and not (data.get("institution_name") or "").strip():
            raise ValidationError(
                {"institution_name": _("Choose your institution in the list, or type its name here.")}
            )
        return data


def _checked_code(typed, offering):
    from . import selectors

    if not (typed or "").strip():
        return None
    code = selectors.waiver_code(typed)
    if code is None:
        raise ValidationError(_("This waiver code is unknown. Check it with the office that gave it to you."))
    refusal = code.refusal_for(offering)
    if refusal:
        raise ValidationError(refusal)
    return code


class WaiverCodeForm(forms.Form):
    """A pending waiver proven afterwards with a code, on the registration page."""

    waiver_code = forms.CharField(label=_("Waiver code"), max_length=30)

    def __init__(self, *args, offering=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering

    def clean_waiver_code(self):
        return _checked_code(self.cleaned_data.get("waiver_code"), self.offering)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=60)
