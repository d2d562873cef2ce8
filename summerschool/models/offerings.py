"""What people register for: an `Offering` (a summer school, or an Erasmus+ project's activity)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .states import SEAT_STATES, State


class OfferingKind(models.TextChoices):
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    PROJECT_ACTIVITY = "project_activity", _("Project activity")


# The public page of each kind of offering (URL name taking the slug). An app that adds a kind
# registers its page here in its AppConfig.ready(); without one, links go to the registration form.
DETAIL_URL_NAMES = {OfferingKind.SUMMER_SCHOOL: "summerschool:detail"}


class OfferingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_seats(self):
        """Annotate `seats_taken` and `waitlist_length` (one query, whatever the number of rows)."""
        return self.annotate(
            seats_taken=models.Count("registrations", filter=Q(registrations__state__in=SEAT_STATES)),
            waitlist_length=models.Count("registrations", filter=Q(registrations__state=State.WAITLISTED)),
        )


class Offering(models.Model):
    """Something people register for: a summer school, or an activity of an Erasmus+ project."""

    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=OfferingKind.choices,
        default=OfferingKind.SUMMER_SCHOOL,
        db_index=True,
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address in the portal"), max_length=200, unique=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    audience = models.CharField(_("for"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    locations = models.TextField(
        _("locations"),
        blank=True,
        help_text=_("One per line."),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )
    language = models.CharField(_("language of instruction"), max_length=60, default="English")
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    fee = models.DecimalField(
        _("fee (€)"), max_digits=8, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    waiver_networks = models.ManyToManyField(
        "partners.Network",
        verbose_name=_("free for members of"),
        blank=True,
        related_name="fee_waived_offerings",
        help_text=_("Participants from a member institution of these networks pay nothing."),
    )
    ects = models.DecimalField(_("ECTS credits"), max_digits=4, decimal_places=1, default=Decimal("5"))
    hours = models.PositiveSmallIntegerField(_("hours of teaching"), default=60)
    extra_certification = models.CharField(
        _("extra certification"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the AFGSU 2 life-support diploma; printed on the certificate."),
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    offer_days = models.PositiveSmallIntegerField(
        _("days to accept a seat offered from the waiting list"), default=3, validators=[MinValueValidator(1)]
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay after acceptance"), default=21, validators=[MinValueValidator(1)]
    )
    payment_grace_days = models.PositiveSmallIntegerField(
        _("days of grace after the payment date"),
        default=7,
        help_text=_(
            "An accepted registration still unpaid this many days after its payment date is released: "
            "cancelled, the participant told, the seat offered to the waiting list."
        ),
    )
    contact_email = models.EmailField(_("contact"), blank=True)
    signatory_name = models.CharField(_("certificate signed by"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(pgettext_lazy("feminine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        indexes = [
            models.Index(fields=["kind", "is_published", "starts_on"]),
            # The admin's offering filter lists the latest offerings of every kind (admin/filters.py).
            models.Index(fields=["-starts_on", "-id"], name="offering_latest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="offering_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")),
                name="offering_registration_window_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(DETAIL_URL_NAMES.get(self.kind, "summerschool:register"), args=[self.slug])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            raise ValidationError({"registration_closes": _("Registration must close after it opens.")})

    @property
    def location_list(self):
        return [line.strip() for line in self.locations.splitlines() if line.strip()]

    @property
    def is_over(self):
        return self.ends_on < timezone.localdate()

    @property
    def session(self):
        """The project's training session this offering opens, or None (a summer school)."""
        if self.kind != OfferingKind.PROJECT_ACTIVITY:
            return None
        return getattr(self, "training_session", None)

    @property
    def the_noun(self):
        """How pages and emails name it: a project's summer school is a summer school too."""
        session = self.session
        if session is not None and session.kind != "summer_school":
            return _("the training session")
        return _("the summer school")

    @property
    def noun(self):
        session = self.session
        if session is not None and session.kind != "summer_school":
            return _("training session")
        return _("summer school")

    def has_reached_last_day(self, today=None):
        """Completion (and so a certificate) only for what happened: from the offering's last day on."""
        return (today or timezone.localdate()) >= self.ends_on

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_closes

    def seats_left(self):
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(state__in=SEAT_STATES).count()
        return max(self.capacity - taken, 0)


class SummerSchoolManager(models.Manager.from_queryset(OfferingQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=OfferingKind.SUMMER_SCHOOL)


class SummerSchool(Offering):
    """The summer schools of the medical school (offerings of kind `summer_school`)."""

    objects = SummerSchoolManager()

    class Meta:
        proxy = True
        verbose_name = _("summer school")
        verbose_name_plural = _("summer schools")

    def save(self, *args, **kwargs):
        self.kind = OfferingKind.SUMMER_SCHOOL
        super().save(*args, **kwargs)
