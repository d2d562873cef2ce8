from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Institution
from summerschool.models import Offering, OfferingKind, OfferingQuerySet


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Project(models.Model):
    """An Erasmus+ cooperation partnership (Key Action 2) the office runs or takes part in."""

    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    slug = models.SlugField(unique=True)
    title = models.CharField(_("full title"), max_length=255)
    programme = models.CharField(
        _("programme"), max_length=120, default="Erasmus+ Cooperation partnership (KA2)"
    )
    summary = models.CharField(
        _("summary"), max_length=400, help_text=_("One or two sentences for the list page.")
    )
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text=_(
            "The earlier project this one prolongs (IDEAL → IDEAL+ → IDEALiTER → IDEAL4PREPAREDNESS)."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact"), default="projets.international.medecine@u-paris.fr")
    managed_by_office = models.BooleanField(_("managed by the International Relations Office"), default=True)
    is_published = models.BooleanField(_("shown on the public site"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "acronym"]
        verbose_name = _("Erasmus+ project")
        verbose_name_plural = _("Erasmus+ projects")
        # /projects/ reads one page of the published ones in this order (core.paging).
        indexes = [models.Index(fields=["-start_year", "acronym"], name="project_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__gte=models.F("start_year")),
                name="project_years_ordered",
            )
        ]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.slug])

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"


class PartnerRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner institution")
    ASSOCIATED = "associated", _("Associated partner")


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    class Meta:
        ordering = ["role", "institution__name"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(fields=["project", "institution"], name="one_role_per_project_partner")
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()}) — {self.project}"


class SessionKind(models.TextChoices):
    ADVANCED = "advanced", _("Advanced training session")
    TRAIN_THE_TRAINERS = "train_the_trainers", _("“Train the Trainers” seminar")
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    ONLINE = "online", _("Online learning")
    PROFESSIONAL = "professional", _("Professional training")


class TrainingSession(models.Model):
    """An activity of a project: who it is for, when and where.

    Staff open registrations from the admin (`services.open_registrations`): the session gets an
    `Offering` of kind `project_activity`, and registration, the waiting list, payments and
    certificates are the summer schools' machinery, unchanged.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=30, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("for"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    offering = models.OneToOneField(
        Offering,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_session",
        verbose_name=_("registrations"),
        help_text=_(
            "Opened with the action “Open registrations”: seats, fee, waiting list and certificates."
        ),
    )

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.project} — {self.title}"


class ProjectActivityManager(models.Manager.from_queryset(OfferingQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=OfferingKind.PROJECT_ACTIVITY)


class ProjectActivity(Offering):
    """The registrations side of a training session (offerings of kind `project_activity`)."""

    objects = ProjectActivityManager()

    class Meta:
        proxy = True
        verbose_name = _("project activity open for registration")
        verbose_name_plural = _("project activities open for registration")

    def save(self, *args, **kwargs):
        self.kind = OfferingKind.PROJECT_ACTIVITY
        super().save(*args, **kwargs)
