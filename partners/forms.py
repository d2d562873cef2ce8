from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import KIND_FILTERS


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of mobility"),
        required=False,
        choices=[("", _("All kinds"))] + [(key, label) for key, (label, _q) in KIND_FILTERS.items()],
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("University, city or Erasmus code")}
        ),
    )
