from allauth.account.views import SignupView as AllauthSignupView
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from . import services
from .forms import AcceptInvitationForm
from .models import Role, User


def _user_from_uid(uidb64):
    try:
        return User.objects.get(
            pk=force_str(urlsafe_base64_decode(uidb64)), role=Role.COORDINATOR, is_active=True
        )
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def accept_invitation(request, uidb64, token):
    user = _user_from_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = AcceptInvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome! Your password is set and you are logged in."))
        return redirect("core:dashboard")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invited_user": user})


class SignupView(AllauthSignupView):
    """allauth's signup, starting from the details an invitation gave (accounts.services.offer_signup_details)."""

    def get_initial(self):
        return {**services.signup_details(self.request.session), **super().get_initial()}


signup = SignupView.as_view()
