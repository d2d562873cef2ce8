from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DIRECTORY_KINDS
from .regions import Region


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of mobility"),
        required=False,
        choices=[("", _("All kinds"))] + [(key, label) for key, (label, _q) in DIRECTORY_KINDS.items()],
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("University, city or Erasmus code")}
        ),
    )
