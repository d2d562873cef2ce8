from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    COORDINATOR = "coordinator", _("Partner coordinator")
    STAFF = "staff", _("IRO staff")
    SUPERVISOR = "supervisor", _("Academic supervisor")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.STAFF)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Everyone who logs in. The email address is the login: students and partners know it by heart."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Emails to this person are written in this language."),
    )
    # The page a person was on when they signed up (a summer school's registration form…): after
    # confirming their address and logging in, they go back there, in whichever browser they use.
    return_to = models.CharField(_("page to return to after signing up"), max_length=500, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        full = self.get_full_name()
        return f"{full} <{self.email}>" if full else self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.get_full_name() or self.email

    @property
    def is_student(self):
        return self.role == Role.STUDENT and not self.is_staff

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_iro_staff(self):
        return self.is_active and self.is_staff and (self.is_superuser or self.role == Role.STAFF)

    @property
    def is_supervisor(self):
        return self.is_active and self.is_staff and self.role == Role.SUPERVISOR
