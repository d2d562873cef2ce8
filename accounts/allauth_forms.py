"""allauth's signup form, answering in the same time whether or not the address has an account.

Kept apart from accounts.forms: allauth's forms module imports accounts.forms.SignupDetailsForm
(ACCOUNT_SIGNUP_FORM_CLASS), so accounts.forms cannot import it back.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """For an address that already has an account allauth creates nothing and only emails its
        owner (ACCOUNT_PREVENT_ENUMERATION), which skipped the password hashing a new account costs
        (70 ms against 850 ms): hashing the submitted password anyway keeps the two answers equally slow."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
