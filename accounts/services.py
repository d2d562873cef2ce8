"""State changes of accounts: inviting partner coordinators, giving back-office roles, opening the
first staff accounts."""

from urllib.parse import quote

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.emails import send_templated_email

from .models import Role, User
from .roles import STAFF_GROUP, SUPERVISOR_GROUP


def invitation_url(user: User) -> str:
    from django.conf import settings

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:accept_invitation", args=[uid, token])


@transaction.atomic
def invite_coordinator(
    *, email, first_name, last_name, institutions=(), language="en", invited_by=None
) -> User:
    """Create (or re-invite) a partner coordinator and email them a link to choose a password.

    The link is a one-time token: it stops working once the password is set.
    """
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, role=Role.COORDINATOR)
        user.set_unusable_password()
    elif user.role != Role.COORDINATOR:
        raise ValueError(f"{email} already has an account that is not a partner coordinator's.")
    user.first_name, user.last_name, user.language = first_name, last_name, language
    user.save()
    if institutions:
        user.coordinated_institutions.add(*institutions)
    # Following the emailed link proves the address, so it counts as verified for allauth.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    send_templated_email(
        user,
        "accounts/email/coordinator_invitation",
        {
            "user": user,
            "invited_by": invited_by,
            "url": invitation_url(user),
            "institutions": list(user.coordinated_institutions.all()),
        },
    )
    return user


@transaction.atomic
def set_back_office_role(user: User, role: str) -> User:
    """Make a user IRO staff or academic supervisor (Django admin access with the role's group)."""
    if role not in (Role.STAFF, Role.SUPERVISOR):
        raise ValueError("Only IRO staff and academic supervisors work in the admin.")
    user.role = role
    user.is_staff = True
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=[STAFF_GROUP, SUPERVISOR_GROUP]))
    user.groups.add(Group.objects.get(name=STAFF_GROUP if role == Role.STAFF else SUPERVISOR_GROUP))
    return user


@transaction.atomic
def set_role(user: User, role: str) -> User:
    """Give `user` a role with exactly the access it brings: the admin and its group for IRO staff
    and supervisors, no admin for students and coordinators (superusers keep theirs)."""
    if role in (Role.STAFF, Role.SUPERVISOR):
        return set_back_office_role(user, role)
    user.role = role
    user.is_staff = user.is_superuser
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=[STAFF_GROUP, SUPERVISOR_GROUP]))
    return user


def password_setting_url(user: User) -> str:
    """allauth's password-reset link, made as its reset email makes it (same token generator, same
    view), but absolute with SITE_URL: the management command that needs it has no request."""
    from allauth.account import app_settings
    from allauth.account.utils import user_pk_to_url_str
    from django.conf import settings

    token = app_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return settings.SITE_URL + path.replace("UID-KEY", quote(key))


@transaction.atomic
def open_staff_account(
    *, email, superuser=False, first_name="", last_name="", language=None, send_link=True, by=None
) -> tuple[User, str]:
    """Create (or update) an IRO staff account and give its owner a link to choose a password.

    The address is marked verified (the link proves it, as for invited coordinators), so logging in
    leads to the admin, not to "Verify your email address". Running it again for the same address
    updates that account and makes a fresh link. Returns the user and the link; the link is emailed
    unless `send_link` is false (no email configured: the caller shows it).
    """
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        user.set_unusable_password()
    if first_name or last_name:
        user.first_name, user.last_name = first_name, last_name
    user.language = language or user.language
    user.is_active = True
    user.is_superuser = user.is_superuser or superuser
    user.save()
    set_back_office_role(user, Role.STAFF)
    EmailAddress.objects.filter(user=user).exclude(email=email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    url = password_setting_url(user)
    if send_link:
        send_templated_email(
            user, "accounts/email/staff_account", {"user": user, "url": url, "opened_by": by}
        )
    return user, url


@transaction.atomic
def enrol_totp(*, user: User, secret: str, by=None):
    """Give `user` a TOTP authenticator with a known secret, and its recovery codes.

    For accounts whose owner is a program (CI's production smoke logs into the back office and
    computes its codes): people enrol themselves at /accounts/2fa/, scanning a secret nobody else saw.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    totp = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return totp


def remember_return_to(user: User, url: str) -> None:
    """Keep the page a person signed up from (a relative URL of this site only)."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//") or len(url) > 500:
        return
    User.objects.filter(pk=user.pk).update(return_to=url)
    user.return_to = url


def take_return_to(user: User) -> str:
    """The page to go back to after signing up, once: taking it forgets it."""
    url = User.objects.filter(pk=user.pk).values_list("return_to", flat=True).first() or ""
    if url:
        User.objects.filter(pk=user.pk).update(return_to="")
        user.return_to = ""
    return url


# What the signup form starts with in this browser (an invitation says who is expected): allauth's
# signup page only reads an address from its URL, and a name has no business in a URL.
SIGNUP_DETAILS_KEY = "accounts_signup_details"


def offer_signup_details(session, *, email="", first_name="", last_name=""):
    """Prefill the signup form of this browser's next visit to it (the visitor can change anything)."""
    session[SIGNUP_DETAILS_KEY] = {"email": email, "first_name": first_name, "last_name": last_name}


def signup_details(session) -> dict:
    """The details offered to the signup form of this browser, without the empty ones."""
    return {k: v for k, v in (session.get(SIGNUP_DETAILS_KEY) or {}).items() if v}
