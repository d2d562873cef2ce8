"""Open a back-office account from the command line: the first one of a new site has nobody to
invite it from the admin (and `createsuperuser` leaves an unverified address that allauth's login
stops at)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.services import open_staff_account

# Backends that deliver nothing to anyone: the link would be lost in a worker's log.
NOT_DELIVERING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def email_is_configured() -> bool:
    """Whether EMAIL_URL names a real mail server (EMAIL_CONFIG is what the settings read from it)."""
    config = getattr(settings, "EMAIL_CONFIG", None) or {}
    return config.get("EMAIL_BACKEND", settings.EMAIL_BACKEND) not in NOT_DELIVERING


class Command(BaseCommand):
    help = (
        "Create (or update) an IRO staff account with a verified address and send its owner a link to "
        "choose a password; without EMAIL_URL the link is printed instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--superuser", action="store_true", help="Also a superuser (every right).")
        parser.add_argument("--name", default="", help='Full name, e.g. "Marie Dupont".')
        parser.add_argument("--language", choices=[code for code, _ in settings.LANGUAGES], default=None)
        parser.add_argument(
            "--print-link", action="store_true", help="Print the link here instead of emailing it."
        )

    def handle(self, *args, email, superuser, name, language, print_link, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        first_name, _, last_name = name.strip().partition(" ")
        send_link = email_is_configured() and not print_link
        user, url = open_staff_account(
            email=email,
            superuser=superuser,
            first_name=first_name,
            last_name=last_name.strip(),
            language=language,
            send_link=send_link,
        )
        kind = "superuser and IRO staff" if user.is_superuser else "IRO staff"
        self.stdout.write(f"{user.email}: {kind} account ready, address verified.")
        if send_link:
            self.stdout.write(f"A link to choose the password was emailed to {user.email}.")
        else:
            if not print_link:
                self.stdout.write("No email is configured (EMAIL_URL), so the link is not sent.")
            self.stdout.write(f"Give {user.email} this link to choose the password (it works once):")
            self.stdout.write(url)
