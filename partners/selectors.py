"""Reads of the partner map used by the public pages, the coordinator dashboard and the admin.

The directory is a few queries whatever the number of partners, a page at a time, grouped the way
the brochure lists them: region, country, institution.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from core import academic

from . import seats, services
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
    total: int = 0  # partners of the country over all pages
    continued: bool = False  # the country started on an earlier page


@dataclass
class RegionGroup:
    code: str
    name: str
    countries: list = field(default_factory=list)
    total: int = 0  # partners of the region over all pages

    @property
    def partner_count(self):
        return sum(len(c.partners) for c in self.countries)


# The rendered directory is cached per version; any save or delete of an institution or agreement
# starts a new version (services.directory_changed, called from partners/apps.py). The timeout
# bounds staleness for anything else.
DIRECTORY_CACHE_TIMEOUT = 15 * 60
directory_changed = services.directory_changed  # kept here for the benchmarks' and tests' imports


def directory_version() -> int:
    version = cache.get(services.DIRECTORY_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(services.DIRECTORY_VERSION_KEY, version, None)
        version = cache.get(services.DIRECTORY_VERSION_KEY, version)
    return version


def directory_cache_key(*, kind, region, page, language, year=None):
    year = academic.current_academic_year() if year is None else year
    return (
        f"partners:directory:{directory_version()}:{year}:{language}:{kind or 'all'}:{region or 'all'}:{page}"
    )


def search_q(text):
    q = Q()
    for word in text.split():
        q &= (
            Q(name__icontains=word)
            | Q(local_name__icontains=word)
            | Q(city__icontains=word)
            | Q(erasmus_code__icontains=word)
        )
    return q


DIRECTORY_PAGE_SIZE = 200


@dataclass
class RegionCount:
    code: str
    name: str
    count: int


@dataclass
class DirectoryPage:
    """One page of the directory: its partners grouped, and what the navigation needs."""

    regions: list  # [RegionGroup] of this page
    region_counts: list  # [RegionCount] of every region with partners (the region filter ignored)
    partner_count: int  # partners listed over all pages (the region filter applied)
    page: Page


class _Counted:
    """A queryset whose length is already known, so the paginator does not count it again."""

    def __init__(self, queryset, count):
        self.queryset, self._count = queryset, count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]


def directory(kind="", search="", region="", page=1, year=None) -> DirectoryPage:
    """Partners with an agreement in force in `year`, grouped region → country → institution.

    Three queries whatever the number of partners: the count per country (which also orders the
    countries by their name in the visitor's language and feeds the region navigation), the page of
    institutions, and the kinds of agreement of that page.
    """
    year = academic.current_academic_year() if year is None else year
    agreements = Agreement.objects.in_force(year).filter(institution=OuterRef("pk"))
    if kind in KIND_FILTERS:
        agreements = agreements.filter(KIND_FILTERS[kind][1])
    institutions = Institution.objects.filter(is_home=False).filter(Exists(agreements))
    if search.strip():
        institutions = institutions.filter(search_q(search.strip()))

    per_country = institutions.order_by().values_list("region", "country").annotate(n=Count("pk"))
    countries = sorted(
        ((region_code, Country(code).name, code, n) for region_code, code, n in per_country),
        key=lambda row: (REGION_ORDER.index(row[0]), str(row[1])),
    )
    region_labels = dict(Region.choices)
    region_counts = []
    for region_code, _name, _code, n in countries:
        if region_counts and region_counts[-1].code == region_code:
            region_counts[-1].count += n
        else:
            region_counts.append(RegionCount(region_code, region_labels[region_code], n))
    if region in region_labels:
        institutions = institutions.filter(region=region)
        countries = [row for row in countries if row[0] == region]
    total = sum(row[3] for row in countries)

    rank = {code: i for i, (_r, _name, code, _n) in enumerate(countries)}
    ordered = institutions.annotate(
        country_rank=Case(*(When(country=code, then=Value(i)) for code, i in rank.items()), default=Value(0))
    ).order_by("country_rank", Lower("name"), "pk")
    paginator = Paginator(
        _Counted(ordered.only("name", "local_name", "country", "city", "region"), total),
        DIRECTORY_PAGE_SIZE,
    )
    current = paginator.get_page(page)

    entries = [PartnerEntry(institution) for institution in current.object_list]
    kinds_of = {}
    if entries:
        in_force = Agreement.objects.in_force(year).filter(
            institution__in=[e.institution.pk for e in entries]
        )
        if kind in KIND_FILTERS:
            in_force = in_force.filter(KIND_FILTERS[kind][1])
        kind_labels = dict(AgreementKind.choices)
        for institution_id, agreement_kind in in_force.values_list("institution_id", "kind").order_by("kind"):
            labels = kinds_of.setdefault(institution_id, [])
            if kind_labels[agreement_kind] not in labels:
                labels.append(kind_labels[agreement_kind])

    # Where each country starts in the whole list, to say "continued" on the pages after it.
    starts, position = {}, 0
    for _r, _name, code, n in countries:
        starts[code] = (position, n)
        position += n
    first_index = (current.number - 1) * DIRECTORY_PAGE_SIZE
    regions: dict[str, RegionGroup] = {}
    groups: dict[str, CountryGroup] = {}
    for entry in entries:
        institution = entry.institution
        entry.kinds = kinds_of.get(institution.pk, [])
        group = regions.get(institution.region)
        if group is None:
            group = regions[institution.region] = RegionGroup(
                institution.region, region_labels[institution.region]
            )
            group.total = next(r.count for r in region_counts if r.code == institution.region)
        code = institution.country.code
        country = groups.get(code)
        if country is None:
            country = groups[code] = CountryGroup(code, institution.country.name)
            start, country.total = starts[code]
            country.continued = start < first_index
            group.countries.append(country)
        country.partners.append(entry)
    return DirectoryPage(list(regions.values()), region_counts, total, current)


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


NETWORK_MEMBERS_SHOWN = 120  # the largest real network (ECTS Medical Association) has 53 faculties


def networks():
    """The networks with their member count and their first members (a bounded list each)."""
    members = Institution.objects.order_by("country", "name")[:NETWORK_MEMBERS_SHOWN]
    return (
        Network.objects.annotate(member_count=Count("members"))
        .prefetch_related(Prefetch("members", queryset=members, to_attr="members_shown"))
        .order_by("name")
    )


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
