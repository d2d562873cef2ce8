"""Who counts as back office, and what their session proved: shared by the middleware and signals."""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings

# When the session's login happened and when it was last used (epoch seconds).
SESSION_STARTED_KEY = "iro_session_started_at"
SESSION_SEEN_KEY = "iro_session_seen_at"
# Activity is written to the session at most once a minute, not on every request.
SEEN_RESOLUTION = 60


def is_back_office(user) -> bool:
    """Staff, supervisors and superusers: the admin and everyone's personal data."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def session_limits(user) -> tuple[int, int]:
    """(idle timeout, absolute lifetime) in seconds for `user`'s sessions."""
    if is_back_office(user):
        return settings.SESSION_IDLE_TIMEOUT_BACK_OFFICE, settings.SESSION_MAX_AGE_BACK_OFFICE
    return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_MAX_AGE


def start_session_clock(session, user, now=None):
    """A new login: its lifetime and idle time count from now."""
    now = time.time() if now is None else now
    session[SESSION_STARTED_KEY] = now
    session[SESSION_SEEN_KEY] = now
    shorten_expiry(session, user)


def shorten_expiry(session, user):
    """Let the session row and a remembered cookie die with the idle timeout, not after the two
    weeks of SESSION_COOKIE_AGE (a cookie that ends with the browser stays so)."""
    if not session.get_expire_at_browser_close():
        session.set_expiry(session_limits(user)[0] + SEEN_RESOLUTION)


def session_used_mfa(request, user) -> bool:
    """Whether this session proved a second factor for `user` (at login, on reauthentication or
    when enrolling): allauth records each authentication step in the session."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
