"""State changes of accounts: inviting partner coordinators, giving back-office roles."""

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
