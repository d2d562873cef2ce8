from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data will be deleted once the office confirms."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want your data erased.")},
    )
