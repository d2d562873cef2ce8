from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .roles import ROLE_PERMISSIONS
from .security import start_session_clock


@receiver(post_migrate)
def sync_role_permissions(sender, using="default", **kwargs):
    """Give each back-office group exactly the permissions listed in accounts.roles."""
    from django.contrib.auth.models import Group, Permission

    for group_name, specs in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        perms = []
        for spec in specs:
            app_label, codename = spec.split(".", 1)
            qs = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codename != "*":
                qs = qs.filter(codename=codename)
            perms.extend(qs)
        group.permissions.set(perms)


@receiver(user_logged_in)
def start_the_session_clock(sender, request, user, **kwargs):
    """Idle timeout and absolute lifetime count from the login (accounts.middleware)."""
    if request is not None and hasattr(request, "session"):
        start_session_clock(request.session, user)


@receiver(authenticator_added)
def enrolment_verifies_the_session(sender, request, user, authenticator, **kwargs):
    """Activating TOTP took a valid code from the new authenticator: the session has proved the
    second factor, so the back office opens without asking for another code at once."""
    from allauth.account.internal.flows.login import record_authentication

    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    if getattr(request, "user", None) is not None and request.user.pk == user.pk:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
