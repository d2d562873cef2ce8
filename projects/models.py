from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.models import Institution
from summerschool.models import Offering, OfferingKind, OfferingQuerySet


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Project(models.Model):
    """An Erasmus+ cooperation partnership (Key Action 2) the office runs or takes part in."""

    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
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
    grant_agreement = models.CharField(
        _("grant agreement number"),
        max_length=60,
        blank=True,
        help_text=_("As on the national agency's contract."),
    )
    eu_grant = models.DecimalField(
        _("EU grant (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        help_text=_("The whole partnership's."),
    )
    co_financing = models.DecimalField(
        _("co-financing (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        help_text=_("What the partners add to the EU grant (own funds, other funders)."),
    )
    created = models.DateTimeField(pgettext_lazy("masculine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("masculine", "updated"), auto_now=True)

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
            ),
            models.CheckConstraint(
                condition=models.Q(eu_grant__gte=0, co_financing__gte=0),
                name="project_amounts_not_negative",
                violation_error_message=_("The EU grant and the co-financing cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.slug])

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"

    @property
    def total_budget(self):
        return (self.eu_grant or 0) + (self.co_financing or 0)


class PartnerRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner institution")
    ASSOCIATED = "associated", _("Associated partner")


class ProjectPartner(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("project")
    )
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

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("project")
    )
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


class WorkPackage(models.Model):
    """A part of the project's work plan, led by one of its partners."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="work_packages", verbose_name=_("project")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    lead = models.ForeignKey(
        Institution,
        verbose_name=_("led by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_work_packages",
        help_text=_("One of the project's partners."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="one_work_package_per_number",
                violation_error_message=_("The project already has a work package with this number."),
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="work_package_number_positive"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="work_package_dates_ordered",
                violation_error_message=_("A work package ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def code(self):
        return f"WP{self.number}"

    def clean(self):
        if (
            self.lead_id
            and self.project_id
            and not ProjectPartner.objects.filter(
                project_id=self.project_id, institution_id=self.lead_id
            ).exists()
        ):
            raise ValidationError({"lead": _("Add this institution to the project's partners first.")})


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")


DELIVERABLE_TONES = {
    DeliverableStatus.PLANNED: "secondary",
    DeliverableStatus.IN_PROGRESS: "primary",
    DeliverableStatus.DELIVERED: "success",
}


class Deliverable(models.Model):
    """What the project promised to produce by a date; the public ones are its outputs on the site."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("project")
    )
    work_package = models.ForeignKey(
        WorkPackage,
        verbose_name=_("work package"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("As in the work plan, e.g. D2.1."))
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    public = models.BooleanField(
        _("public output"),
        default=False,
        help_text=_("Shown on the project's public page as one of its outputs."),
    )
    link = models.URLField(_("link to the output"), blank=True)

    class Meta:
        ordering = ["due_on", "code"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        indexes = [models.Index(fields=["status", "due_on"], name="deliverable_open_by_due_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="one_deliverable_per_code",
                violation_error_message=_("The project already has a deliverable with this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(status=DeliverableStatus.DELIVERED.value, delivered_on__isnull=False)
                | (~models.Q(status=DeliverableStatus.DELIVERED.value) & models.Q(delivered_on__isnull=True)),
                name="deliverable_delivered_has_its_date",
                violation_error_message=_(
                    "A delivered deliverable has its delivery date, and only a delivered one."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        if self.work_package_id and self.project_id and self.work_package.project_id != self.project_id:
            raise ValidationError({"work_package": _("Choose one of this project's work packages.")})

    @property
    def is_delivered(self):
        return self.status == DeliverableStatus.DELIVERED

    @property
    def is_overdue(self):
        return not self.is_delivered and self.due_on < timezone.localdate()

    @property
    def status_tone(self):
        """The colour of the status badge (templates/includes/state_badge.html)."""
        return "danger" if self.is_overdue else DELIVERABLE_TONES.get(self.status, "secondary")


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class AgencyReportQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(submitted_at__isnull=True)


class AgencyReport(models.Model):
    """A report the project owes the national agency (Erasmus+), by an instant in Paris time."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project")
    )
    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    deadline = models.DateTimeField(_("deadline"), help_text=_("Paris time."))
    submitted_at = models.DateTimeField(
        _("submitted"), null=True, blank=True, help_text=_("Empty until the report is sent to the agency.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AgencyReportQuerySet.as_manager()

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("report to the national agency")
        verbose_name_plural = _("reports to the national agency")
        indexes = [models.Index(fields=["submitted_at", "deadline"], name="agency_report_outstanding")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=models.Q(kind__in=[ReportKind.INTERIM.value, ReportKind.FINAL.value]),
                name="one_interim_and_one_final_report",
                violation_error_message=_("A project has one interim and one final report."),
            ),
            models.UniqueConstraint(
                fields=["project", "kind", "deadline"],
                name="one_report_per_kind_and_deadline",
                violation_error_message=_("This report is already planned for this deadline."),
            ),
        ]

    def __str__(self):
        return f"{self.project} — {self.get_kind_display()}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_overdue(self):
        return not self.is_submitted and self.deadline < timezone.now()
