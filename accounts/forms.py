from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's signup form: staff need a name on every application."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])


class CoordinatorInvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=User._meta.get_field("language").choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from partners.models import Institution

        self.fields["institutions"] = forms.ModelMultipleChoiceField(
            label=_("Institutions"),
            queryset=Institution.objects.order_by("name"),
            required=False,
            help_text=_("The coordinator nominates students of these institutions and sees only them."),
            widget=forms.SelectMultiple(attrs={"size": 10}),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email=email).first()
        if existing and existing.role != "coordinator":
            raise forms.ValidationError(
                _("%(email)s already has an account that is not a partner coordinator's."),
                params={"email": email},
            )
        return email


class AcceptInvitationForm(SetPasswordForm):
    """The coordinator chooses their password; the link in the invitation proves the address."""
