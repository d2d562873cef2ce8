"""Incoming mobility: partner coordinators nominate their students, who then apply by invitation.

Incoming students never apply on their own ("application submission at your home university"):
a `Nomination` is the only way into an incoming application, and it takes one of the agreement's
incoming seats until it is withdrawn or refused.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import academic
from core.workflow import StateMachine, TransitionRecord
from partners.models import Agreement, AgreementKind

from .applications import Application
from .calls import Call


def new_token():
    return secrets.token_urlsafe(32)


class NominationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CLAIMED = "claimed", _("Application started")
    WITHDRAWN = "withdrawn", _("Withdrawn by the coordinator")
    DECLINED = "declined", _("Application withdrawn")
    REFUSED = "refused", _("Refused by the IRO")


NOMINATION_MACHINE = StateMachine(
    {
        NominationStatus.INVITED: {
            NominationStatus.CLAIMED,
            NominationStatus.WITHDRAWN,
            NominationStatus.REFUSED,
        },
        # The application's own end frees the seat too: withdrawn (DECLINED) or rejected (REFUSED).
        NominationStatus.CLAIMED: {
            NominationStatus.WITHDRAWN,
            NominationStatus.DECLINED,
            NominationStatus.REFUSED,
        },
        NominationStatus.WITHDRAWN: set(),
        NominationStatus.DECLINED: set(),
        NominationStatus.REFUSED: set(),
    },
    field="status",
    labels=NominationStatus.choices,
)
# Nominations that hold one of the agreement's incoming seats.
ACTIVE_NOMINATION_STATES = frozenset({NominationStatus.INVITED, NominationStatus.CLAIMED})


class Length(models.TextChoices):
    SEMESTER = "semester", _("One semester")
    YEAR = "year", _("Full academic year")
    MONTH_1 = "1_month", _("1 month")
    MONTHS_2 = "2_months", _("2 months")
    MONTHS_3 = "3_months", _("3 months")


# The lengths each programme allows (the form offers them, the service checks them); a kind not
# listed is a semester or a year.
LENGTHS_BY_KIND = {
    AgreementKind.ACADEMIC_EXCHANGE: (Length.SEMESTER, Length.YEAR),
    AgreementKind.CLINICAL_PLACEMENT: (Length.MONTH_1, Length.MONTHS_2, Length.MONTHS_3),
    AgreementKind.BILATERAL_EXCHANGE: (Length.YEAR,),
}
DEFAULT_LENGTHS = (Length.SEMESTER, Length.YEAR)


def lengths_for(kind):
    return LENGTHS_BY_KIND.get(kind, DEFAULT_LENGTHS)


class Track(models.TextChoices):
    FRENCH = "french", _("French track")
    ENGLISH = "english", _("English track")


class Nomination(models.Model):
    """A partner coordinator's nomination of one of their students for an incoming call."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("call")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("agreement")
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="nominations_made",
        verbose_name=_("nominated by"),
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language of the invitation"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    study_year = models.PositiveSmallIntegerField(
        _("study year during the mobility"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    length = models.CharField(_("length"), max_length=10, choices=Length.choices)
    track = models.CharField(_("language track"), max_length=10, choices=Track.choices, blank=True)
    wished_departments = models.CharField(_("wished departments or specialities"), max_length=300, blank=True)
    wished_start = models.DateField(_("wished start"))
    wished_end = models.DateField(_("wished end"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.INVITED
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
        verbose_name=_("student account"),
    )
    application = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nomination",
        verbose_name=_("application"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    created = models.DateTimeField(_("nominated at"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "email"],
                condition=Q(status__in=["invited", "claimed"]),
                name="nomination_one_active_per_call_email",
            ),
            models.CheckConstraint(
                condition=Q(wished_end__gte=models.F("wished_start")), name="nomination_dates"
            ),
        ]
        indexes = [
            models.Index(fields=["agreement", "status"]),
            # The default ordering with the admin's tie-break: a page of the list without a sort.
            models.Index(fields=["-created", "-id"], name="nomination_newest_first"),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.call}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self):
        return self.status in ACTIVE_NOMINATION_STATES

    @property
    def application_submitted(self):
        """The nominee has sent their application (from then on only the IRO withdraws it)."""
        return self.application is not None and not self.application.is_draft

    @property
    def is_withdrawable(self):
        """Whether the coordinator may still take the nomination back: active, not yet submitted."""
        return self.is_active and not self.application_submitted

    @property
    def shows_application_status(self):
        """Once the nominee has an application, its status says more than the nomination's."""
        return self.application_id is not None and self.is_active

    @property
    def academic_year_label(self):
        return academic.label(self.call.academic_year)


class NominationTransition(TransitionRecord):
    """One move of a nomination (`NominationTransition.move` makes and records it)."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("nomination")
    )

    machine = NOMINATION_MACHINE
    subject_field = "nomination"

    class Meta(TransitionRecord.Meta):
        verbose_name = _("nomination status change")
        verbose_name_plural = _("nomination history")


class Clerkship(models.TextChoices):
    INTERNAL_MEDICINE = "internal_medicine", _("Internal medicine (core clerkship)")
    PAEDIATRICS = "paediatrics", _("Paediatrics (core clerkship)")
    SURGERY = "surgery", _("Surgery (core clerkship)")
    RESEARCH = "research", _("Research elective")
    ELECTIVE = "elective", _("Other medical elective")


CORE_CLERKSHIPS = frozenset({Clerkship.INTERNAL_MEDICINE, Clerkship.PAEDIATRICS, Clerkship.SURGERY})


class ClerkshipRotation(models.Model):
    """One line of an IMEP student's yearlong plan (checked by `clerkship_plan_problems`): an
    incoming UT Southwestern student's, on their nomination, or one of our students' at UT
    Southwestern, on their outgoing application."""

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="rotations",
        null=True,
        blank=True,
        verbose_name=_("nomination"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="rotations",
        null=True,
        blank=True,
        verbose_name=_("application"),
    )
    clerkship = models.CharField(_("clerkship"), max_length=20, choices=Clerkship.choices)
    months = models.PositiveSmallIntegerField(
        _("months"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    department = models.CharField(_("department or laboratory"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rotation")
        verbose_name_plural = _("IMEP clerkship plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination__isnull=True, application__isnull=False)
                | Q(nomination__isnull=False, application__isnull=True),
                name="rotation_of_a_nomination_or_an_application",
            )
        ]

    def __str__(self):
        return f"{self.get_clerkship_display()}: {self.months}"

    @property
    def is_core(self):
        return self.clerkship in CORE_CLERKSHIPS
