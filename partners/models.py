import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import academic

from .regions import Region, local_language, region_of

ERASMUS_CODE_RE = re.compile(r"^[A-Z]{1,3}\s{1,2}[A-Z][A-Z-]{1,12}\d{2,3}$")


def validate_erasmus_code(value):
    if not ERASMUS_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "“%(code)s” is not an Erasmus code: expected a country letter code, a city and a number, e.g. “F PARIS482”."
            ),
            code="erasmus_code",
            params={"code": value},
        )


SCHAC_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def validate_schac_id(value):
    if not SCHAC_RE.match(value or ""):
        raise ValidationError(
            _("“%(id)s” is not a SCHAC identifier: expected an internet domain in lower case, e.g. “ki.se”."),
            code="schac_id",
            params={"id": value},
        )


def normalise_schac_id(value):
    return (value or "").strip().lower() or None


def normalise_erasmus_code(value):
    return re.sub(r"\s+", " ", (value or "").strip().upper()) or None


class InstitutionQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        return self.filter(coordinators=user)

    def partners(self):
        return self.filter(is_home=False)


class Institution(models.Model):
    """A university, school or hospital the school works with (or could)."""

    name = models.CharField(_("name"), max_length=255)
    local_name = models.CharField(_("name in the local language"), max_length=255, blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    erasmus_code = models.CharField(
        _("Erasmus code"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_erasmus_code],
        help_text=_("E.g. “F PARIS482”. Optional; unique when present."),
    )
    schac_id = models.CharField(
        _("SCHAC identifier"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_schac_id],
        help_text=_("The institution's EWP identifier, its internet domain in lower case, e.g. “ki.se”."),
    )
    region = models.CharField(
        _("world region"), max_length=30, choices=Region.choices, editable=False, db_index=True
    )
    is_home = models.BooleanField(
        _("the school's own university"),
        default=False,
        help_text=_(
            "Université Paris Cité itself: a member of networks and projects, never listed as a partner."
        ),
    )
    email_domains = models.TextField(
        _("email domains"),
        blank=True,
        max_length=2000,
        help_text=_(
            "One per line, e.g. “uio.no”. A participant who verifies an address at one of these domains "
            "(or a subdomain) in their account proves they belong to this institution: network fee "
            "waivers need this proof, a waiver code or a staff decision."
        ),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner coordinators"),
        related_name="coordinated_institutions",
        blank=True,
        limit_choices_to={"role": "coordinator"},
    )
    created = models.DateTimeField(pgettext_lazy("masculine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("masculine", "updated"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            models.Index(fields=["country", "name"]),
            # The public directory reads a page as slices of countries in this order (selectors.directory).
            models.Index(F("country"), Lower("name"), F("id"), name="institution_directory_order"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.erasmus_code = normalise_erasmus_code(self.erasmus_code)
        self.schac_id = normalise_schac_id(self.schac_id)
        self.region = region_of(str(self.country))
        super().save(*args, **kwargs)

    @property
    def domain_list(self):
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split() if d.strip()]

    def owns_email(self, email):
        """An address at one of the institution's domains or their subdomains (student.uio.no)."""
        if "@" not in (email or ""):
            return False
        domain = email.rsplit("@", 1)[1].strip().lower()
        return bool(domain) and any(domain == d or domain.endswith("." + d) for d in self.domain_list)

    @property
    def erasmus_code_official(self):
        """The code as the Commission writes it: the country part padded to three characters
        (“S  STOCKHO03”, “F  PARIS482”); the portal stores it with one space."""
        if not self.erasmus_code:
            return ""
        country, _sep, rest = self.erasmus_code.partition(" ")
        return f"{country:<3}{rest}"

    @property
    def local_name_language(self):
        """`lang` of the local name ("" where the country has several languages)."""
        return local_language(self.country.code)

    def clean(self):
        self.erasmus_code = normalise_erasmus_code(self.erasmus_code)
        self.schac_id = normalise_schac_id(self.schac_id)


class AgreementKind(models.TextChoices):
    ACADEMIC_EXCHANGE = "academic_exchange", _("Erasmus+ academic exchange")
    CLINICAL_PLACEMENT = "clinical_placement", _("Clinical placement")
    BILATERAL_EXCHANGE = "bilateral_exchange", _("Bilateral exchange")
    SUMMER_PROGRAMME = "summer_programme", _("Short summer programme")


class Duration(models.TextChoices):
    SEMESTER = "semester", _("One semester")
    YEAR = "year", _("Full academic year")
    SEMESTER_OR_YEAR = "semester_or_year", _("One semester or a full year")
    MONTHS_1_3 = "months_1_3", _("1 to 3 months")
    WEEKS_2_4 = "weeks_2_4", _("2 to 4 weeks")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing")
    INCOMING = "incoming", _("Incoming")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")


class AgreementQuerySet(models.QuerySet):
    def in_force(self, year=None):
        """Signed agreements valid in academic year `year` (default: the current one)."""
        year = academic.current_academic_year() if year is None else year
        return self.filter(is_signed=True, valid_from_year__lte=year, valid_to_year__gte=year)

    def with_status(self, status, year=None):
        """Agreements whose derived status (draft / active / expired) is `status` in `year`."""
        year = academic.current_academic_year() if year is None else year
        if status == AgreementStatus.DRAFT:
            return self.filter(is_signed=False)
        if status == AgreementStatus.EXPIRED:
            return self.filter(is_signed=True, valid_to_year__lt=year)
        return self.filter(is_signed=True, valid_to_year__gte=year)


class Agreement(models.Model):
    """An agreement with one institution for one kind of mobility, over a span of academic years."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("institution")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices, db_index=True)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “IMEP — International Medical Exchange Program”."),
    )
    valid_from_year = models.PositiveSmallIntegerField(
        _("valid from (academic year)"), help_text=_("2026 means 2026–27.")
    )
    valid_to_year = models.PositiveSmallIntegerField(
        _("valid to (academic year)"), help_text=_("Inclusive: 2028 means until the end of 2028–29.")
    )
    outgoing_seats = models.PositiveSmallIntegerField(_("outgoing seats per year"), default=0)
    incoming_seats = models.PositiveSmallIntegerField(_("incoming seats per year"), default=0)
    study_year_min = models.PositiveSmallIntegerField(
        _("from study year"), default=3, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    study_year_max = models.PositiveSmallIntegerField(
        _("to study year"), default=6, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    duration = models.CharField(_("duration"), max_length=20, choices=Duration.choices)
    french_track = models.BooleanField(_("French track"), default=True)
    english_track = models.BooleanField(_("English track"), default=False)
    is_signed = models.BooleanField(
        _("signed"),
        default=False,
        help_text=_(
            "A draft agreement offers no seats. Once signed it is active until its last year, then expired."
        ),
    )
    signed_document = models.FileField(_("signed agreement"), upload_to="agreements/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(pgettext_lazy("masculine", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("masculine", "updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name", "kind", "-valid_from_year"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to_year__gte=models.F("valid_from_year")), name="agreement_years_ordered"
            ),
            models.CheckConstraint(
                condition=Q(study_year_max__gte=models.F("study_year_min")),
                name="agreement_study_years_ordered",
            ),
        ]
        indexes = [models.Index(fields=["kind", "is_signed", "valid_to_year"])]

    def __str__(self):
        return gettext("%(institution)s — %(title)s (%(first)s to %(last)s)") % {
            "institution": self.institution,
            "title": self.title or self.get_kind_display(),
            "first": academic.label(self.valid_from_year),
            "last": academic.label(self.valid_to_year),
        }

    def clean(self):
        errors = {}
        if self.valid_from_year and self.valid_to_year and self.valid_to_year < self.valid_from_year:
            errors["valid_to_year"] = _("The agreement cannot end before it starts.")
        if self.study_year_min and self.study_year_max and self.study_year_max < self.study_year_min:
            errors["study_year_max"] = _("The last study year cannot come before the first.")
        # Tracks are the language of a clinical placement at UPCité (the brochure's "French and
        # English tracks"); other kinds name none.
        if self.kind == AgreementKind.CLINICAL_PLACEMENT and not (self.french_track or self.english_track):
            errors["english_track"] = _("Choose at least one language track.")
        if errors:
            raise ValidationError(errors)

    def status_in(self, year=None) -> str:
        year = academic.current_academic_year() if year is None else year
        if not self.is_signed:
            return AgreementStatus.DRAFT
        if year > self.valid_to_year:
            return AgreementStatus.EXPIRED
        return AgreementStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_in()

    def get_status_display(self):
        return AgreementStatus(self.status).label

    @property
    def status_tone(self):
        """The colour of its badge (templates/includes/state_badge.html): in force, expired, draft."""
        return {AgreementStatus.ACTIVE: "success", AgreementStatus.EXPIRED: "secondary"}.get(
            self.status, "warning"
        )

    def is_in_force(self, year) -> bool:
        return self.is_signed and self.valid_from_year <= year <= self.valid_to_year

    def seats(self, direction, year) -> int:
        """Seats offered in `direction` for academic year `year`: none outside its validity or unsigned."""
        if not self.is_in_force(year):
            return 0
        return self.outgoing_seats if direction == Direction.OUTGOING else self.incoming_seats

    @property
    def tracks_display(self):
        return " / ".join(
            str(t)
            for t, on in (
                (pgettext_lazy("language track", "French"), self.french_track),
                (pgettext_lazy("language track", "English"), self.english_track),
            )
            if on
        )

    @property
    def validity_display(self):
        return f"{academic.label(self.valid_from_year)} – {academic.label(self.valid_to_year)}"

    @property
    def study_years_display(self):
        return f"{self.study_year_min}–{self.study_year_max}"


class Network(models.Model):
    """An association of institutions the school belongs to; members may get fee waivers."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    school_role = models.TextField(_("the school's role"), blank=True)
    members = models.ManyToManyField(
        Institution, verbose_name=_("member institutions"), related_name="networks", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


# The public directory's filter, in the words of the brochure's sections (conditions on agreements).
DIRECTORY_KINDS = {
    "exchange-europe": (
        _("Academic exchanges in Europe"),
        Q(kind=AgreementKind.ACADEMIC_EXCHANGE, institution__region=Region.EUROPE),
    ),
    "exchange-world": (
        _("Academic exchanges outside Europe"),
        Q(kind__in=[AgreementKind.ACADEMIC_EXCHANGE, AgreementKind.BILATERAL_EXCHANGE])
        & ~Q(institution__region=Region.EUROPE),
    ),
    "clinical": (_("Clinical placements"), Q(kind=AgreementKind.CLINICAL_PLACEMENT)),
    "summer": (_("Summer programmes"), Q(kind=AgreementKind.SUMMER_PROGRAMME)),
}


class DirectoryCount(models.Model):
    """How many partners the public directory lists in a country, for an academic year and a filter.

    Counting them on a visitor's request scanned every institution and agreement (issue 19: 1.6 s
    at 100,000 partners); the services recount the countries a write touches, in the writer's
    transaction (services.recount_directory). One row per year with an empty country says that
    year's counts are complete; it is also the lock that orders concurrent recounts.
    """

    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, blank=True)  # "" for every kind, else a key of DIRECTORY_KINDS
    region = models.CharField(max_length=30, blank=True)
    country = models.CharField(max_length=2, blank=True)
    partners = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "region", "country"], name="directory_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.kind or 'all'} {self.country or 'complete'}: {self.partners}"
