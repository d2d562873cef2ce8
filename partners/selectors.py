"""Reads of the partner map used by the public pages, the coordinator dashboard and the admin.

The directory is built from one query over the agreements in force, whatever the number of
partners, then grouped in Python the way the brochure lists them: region, country, institution.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core import academic

from . import seats
from .models import Agreement, AgreementKind, Institution, Network
from .regions import Region

REGION_ORDER = [code for code, _label in Region.choices]

# The directory's filter, in the words of the brochure's sections.
KIND_FILTERS = {
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


@dataclass
class PartnerEntry:
    institution: Institution
    kinds: list = field(default_factory=list)  # labels of the kinds of agreement in force


@dataclass
class CountryGroup:
    code: str
    name: str
    partners: list = field(default_factory=list)


@dataclass
class RegionGroup:
    code: str
    name: str
    countries: list = field(default_factory=list)

    @property
    def partner_count(self):
        return sum(len(c.partners) for c in self.countries)


# The rendered directory is cached per version; any save or delete of an institution or agreement
# starts a new version (partners/apps.py). Bulk operations that bypass signals call
# directory_changed() themselves; the timeout bounds staleness for anything else.
DIRECTORY_CACHE_TIMEOUT = 15 * 60
_VERSION_KEY = "partners:directory:version"


def directory_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(_VERSION_KEY, version, None)
        version = cache.get(_VERSION_KEY, version)
    return version


def directory_changed():
    cache.set(_VERSION_KEY, time.time_ns(), None)


def directory_cache_key(kind, language, year=None):
    year = academic.current_academic_year() if year is None else year
    return f"partners:directory:{directory_version()}:{year}:{language}:{kind or 'all'}"


def search_q(text):
    q = Q()
    for word in text.split():
        q &= (
            Q(institution__name__icontains=word)
            | Q(institution__local_name__icontains=word)
            | Q(institution__city__icontains=word)
            | Q(institution__erasmus_code__icontains=word)
        )
    return q


def directory(kind="", search="", year=None) -> list[RegionGroup]:
    """Partners with an agreement in force in `year`, grouped region → country → institution."""
    agreements = Agreement.objects.in_force(year).filter(institution__is_home=False)
    if kind in KIND_FILTERS:
        agreements = agreements.filter(KIND_FILTERS[kind][1])
    if search.strip():
        agreements = agreements.filter(search_q(search.strip()))
    rows = agreements.select_related("institution").only(
        "kind",
        "institution__name",
        "institution__local_name",
        "institution__country",
        "institution__city",
        "institution__region",
    )
    kind_labels = dict(AgreementKind.choices)
    entries: dict[int, PartnerEntry] = {}
    for agreement in rows:
        entry = entries.get(agreement.institution_id)
        if entry is None:
            entry = entries[agreement.institution_id] = PartnerEntry(agreement.institution)
        label = kind_labels[agreement.kind]
        if label not in entry.kinds:
            entry.kinds.append(label)
    regions: dict[str, RegionGroup] = {}
    countries: dict[str, CountryGroup] = {}
    ordered = sorted(
        entries.values(),
        key=lambda e: (
            REGION_ORDER.index(e.institution.region),
            e.institution.country.name,
            e.institution.name.lower(),
        ),
    )
    for entry in ordered:
        institution = entry.institution
        region = regions.get(institution.region)
        if region is None:
            region = regions[institution.region] = RegionGroup(
                institution.region, institution.get_region_display()
            )
        code = institution.country.code
        country = countries.get(code)
        if country is None:
            country = countries[code] = CountryGroup(code, institution.country.name)
            region.countries.append(country)
        country.partners.append(entry)
    return list(regions.values())


def partner_detail(pk):
    """An institution with its agreements in force this year and its networks (3 queries)."""
    year = academic.current_academic_year()
    return (
        Institution.objects.prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.in_force(year).order_by("kind", "title"),
                to_attr="agreements_in_force",
            ),
            "networks",
        )
        .filter(pk=pk)
        .first()
    )


def networks():
    members = Institution.objects.order_by("country", "name")
    return Network.objects.prefetch_related(Prefetch("members", queryset=members))


@dataclass
class AgreementSeats:
    agreement: Agreement
    years: list  # [(year label, {"outgoing": SeatUsage, "incoming": SeatUsage})]


def coordinator_dashboard(user, years=None):
    """The coordinator's institutions, each with its agreements and the seats used and left per year.

    Years: the current academic year and the next (seats of the next year are being nominated).
    Constant queries: institutions, agreements, then each seat counter once per year.
    """
    current = academic.current_academic_year()
    years = years or [current, current + 1]
    institutions = list(
        Institution.objects.coordinated_by(user).prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.order_by("kind", "-valid_to_year"),
                to_attr="all_agreements",
            )
        )
    )
    agreements = [a for i in institutions for a in i.all_agreements]
    usage_by_year = {year: seats.usage(agreements, year) for year in years}
    for institution in institutions:
        institution.seat_rows = [
            AgreementSeats(a, [(academic.label(y), usage_by_year[y][a.pk]) for y in years])
            for a in institution.all_agreements
        ]
    return institutions, [academic.label(y) for y in years]


def coordinator_agreement(user, pk):
    """An agreement of one of the coordinator's institutions, or None (the view answers 404)."""
    return Agreement.objects.filter(pk=pk, institution__coordinators=user).first()
