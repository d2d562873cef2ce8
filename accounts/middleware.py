import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .security import (
    SEEN_RESOLUTION,
    SESSION_SEEN_KEY,
    SESSION_STARTED_KEY,
    has_totp,
    is_back_office,
    session_limits,
    session_used_mfa,
    shorten_expiry,
    start_session_clock,
)


class UserLanguageMiddleware:
    """Remember the language a logged-in person reads the site in, so emails reach them in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            lang = translation.get_language()
            if lang and lang[:2] in ("en", "fr") and user.language != lang[:2]:
                get_user_model().objects.filter(pk=user.pk).update(language=lang[:2])
                user.language = lang[:2]
        return response


class SessionTimeoutMiddleware:
    """Log out a session left idle too long or open too long (shorter limits for the back office).

    A stolen or forgotten session on a shared hospital computer must not stay usable for the two
    weeks of Django's default cookie: the limits are in settings (SESSION_IDLE_TIMEOUT*, SESSION_MAX_AGE*).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request, user):
        session, now = request.session, time.time()
        started, seen = session.get(SESSION_STARTED_KEY), session.get(SESSION_SEEN_KEY)
        if started is None or seen is None:  # a session opened before the limits existed
            start_session_clock(session, user, now)
            started = seen = now
        idle, lifetime = session_limits(user)
        if now - seen > idle or now - started > lifetime:
            logout(request)
            if now - started > lifetime:
                message = _("Your session has ended after %(hours)d hours. Please log in again.") % {
                    "hours": lifetime // 3600
                }
            else:
                message = _("You were logged out after %(minutes)d minutes without activity.") % {
                    "minutes": idle // 60
                }
            messages.info(request, message)
            return
        if now - seen >= SEEN_RESOLUTION:
            session[SESSION_SEEN_KEY] = now
            shorten_expiry(session, user)


# What a back-office session without its second factor may still open, besides static files.
ALWAYS_ALLOWED = {"account_logout", "set_language"}
ALLOWED_TO_ENROL = ALWAYS_ALLOWED | {"mfa_activate_totp", "account_reauthenticate"}
ALLOWED_TO_VERIFY = ALWAYS_ALLOWED | {"mfa_reauthenticate"}


class BackOfficeMFAMiddleware:
    """Staff, supervisors and superusers reach no page from a session not verified by TOTP.

    A back-office account without an authenticator is sent to enrol (TOTP, then its recovery
    codes); one with an authenticator whose session skipped the second factor (logged in before
    enrolling elsewhere, by a password reset, an account just given a back-office role) is asked
    for a code. With a password alone nobody can remove or replace the authenticator either: the
    two-factor pages other than these stay closed. On when settings.MFA_REQUIRED_FOR_BACK_OFFICE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_REQUIRED_FOR_BACK_OFFICE:
            response = self._require_mfa(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _require_mfa(self, request):
        user = getattr(request, "user", None)
        if user is None or not is_back_office(user) or session_used_mfa(request, user):
            return None
        if request.path_info.startswith(settings.STATIC_URL) or request.path_info == "/favicon.ico":
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            url_name = None
        if has_totp(user):
            allowed, target = ALLOWED_TO_VERIFY, "mfa_reauthenticate"
            message = _("The back office needs your second factor: enter a code from your authenticator app.")
        else:
            allowed, target = ALLOWED_TO_ENROL, "mfa_activate_totp"
            message = _(
                "The back office needs two-factor authentication: set up an authenticator app to continue."
            )
        if url_name in allowed:
            return None
        messages.warning(request, message)
        url = reverse(target)
        if target == "mfa_reauthenticate" and request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
