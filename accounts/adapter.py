from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from core.emails import queue_message

from . import services


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go to the outbox with the change that causes them, like every other email.

    Signing up keeps the way back: the `next` page of the signup form (a summer school's
    registration form, any page that asked to log in) is kept on the account, and the email
    confirmation leads to the login page with that `next`, then to the page itself.
    """

    def send_mail(self, template_prefix, email, context):
        ctx = {
            "email": email,
            "current_site": get_current_site(self.request),
            "site_url": settings.SITE_URL,
            **context,
        }
        msg = self.render_mail(template_prefix, email, ctx)
        queue_message(msg)

    def save_user(self, request, user, form, commit=True):
        user.language = (translation.get_language() or "en")[:2]
        user = super().save_user(request, user, form, commit=commit)
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if commit and next_url and self.is_safe_url(next_url):
            services.remember_return_to(user, next_url)
        return user

    def get_email_verification_redirect_url(self, email_address):
        if not self.request.user.is_authenticated:
            next_url = email_address.user.return_to
            if next_url:
                return reverse("account_login") + "?" + urlencode({"next": next_url})
            return super().get_email_verification_redirect_url(email_address)
        return services.take_return_to(self.request.user) or super().get_email_verification_redirect_url(
            email_address
        )

    def login(self, request, user):
        super().login(request, user)
        if request.POST.get("next") or request.GET.get("next"):
            services.take_return_to(user)  # an explicit `next` wins; the kept page is used up

    def get_login_redirect_url(self, request):
        return services.take_return_to(request.user) or super().get_login_redirect_url(request)
