"""Demo accounts, one per role. The password is the same for all and printed by seed_demo."""

from allauth.account.models import EmailAddress

from .models import Role, User
from .services import set_back_office_role

DEMO_PASSWORD = "demo-iro-2026"  # noqa: S105 - printed on purpose: demo accounts only

DEMO_ACCOUNTS = [
    # email, first, last, role, superuser
    ("admin@iro.example", "Magdalena", "van Eeckhout", Role.STAFF, True),
    ("staff@iro.example", "Camille", "Martin", Role.STAFF, False),
    ("supervisor@iro.example", "Victoire", "de Lastours", Role.SUPERVISOR, False),
    ("coordinator@iro.example", "Anna", "Schneider", Role.COORDINATOR, False),
    ("student@iro.example", "Léa", "Dubois", Role.STUDENT, False),
]


def demo_user(email) -> User:
    return User.objects.get(email=email)


def seed(stdout):
    for email, first, last, role, superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "role": role}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.first_name, user.last_name, user.role, user.is_superuser = first, last, role, superuser
        user.save()
        if role in (Role.STAFF, Role.SUPERVISOR):
            set_back_office_role(user, role)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )


def print_logins(stdout):
    stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})\n")
    for email, _first, _last, role, superuser in DEMO_ACCOUNTS:
        stdout.write(f"  {Role(role).label + (' (superuser)' if superuser else ''):<32} {email}\n")
    from django.conf import settings

    if settings.MFA_REQUIRED_FOR_BACK_OFFICE:
        stdout.write(
            "Two-factor authentication is required for the back office (MFA_REQUIRED_FOR_BACK_OFFICE): "
            "each back-office account sets up an authenticator app on its first login.\n"
        )
    else:
        stdout.write("The back office opens with the password alone (MFA_REQUIRED_FOR_BACK_OFFICE is off).\n")
    stdout.write("\nOpen http://127.0.0.1:8000/ — the back office is at http://127.0.0.1:8000/admin/\n")
