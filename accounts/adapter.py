from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from core.emails import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go to the outbox with the change that causes them, like every other email."""

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
        return super().save_user(request, user, form, commit=commit)
