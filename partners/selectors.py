"""Reads of the partner map used by the public pages, the coordinator dashboard and the admin.

The directory is a few queries whatever the number of partners, a page at a time, grouped the way
the brochure lists them: region, country, institution.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django_countries.fields import Country

from core import academic
from core.paging import page_of

from . import seats, services
from .models import DIRECTORY_KINDS, Agreement, AgreementKind, DirectoryCount, Institution, Network
from .regions import Region

REGION_ORDER = [code for code, _label in Region.choices]


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


DIRECTORY_PAGE_SIZE = 100  # the real directory (about fifty partners) is one page


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
    first_id: int | None = None  # the first and last partner of the page: the pager's cursors
    last_id: int | None = None


def _counts_per_country(institutions, kind, search, year):
    """[(region, country code, partners)] of the directory with these filters (the region aside).

    Without a search: the counts the services keep (DirectoryCount: one query of a few hundred
    rows at most, counted again only when a year starts). A search narrows the rows: counted live.
    """
    if search:
        return list(institutions.order_by().values_list("region", "country").annotate(n=Count("pk")))
    kept = list(
        DirectoryCount.objects.filter(year=year)
        .filter(Q(kind=kind) | Q(kind="", country=""))
        .values_list("region", "country", "partners")
    )
    if not any(not country for _region, country, _n in kept):  # the year's first visit: count it
        services.recount_directory(year=year)
        return _counts_per_country(institutions, kind, search, year)
    return [row for row in kept if row[1]]


@dataclass
class Cursor:
    """A row the visitor saw on the page next to the one asked (the pager's links carry its id):
    the page is read from it, by the index, instead of counting the rows before it."""

    pk: int
    country: str
    sort_name: str  # lower(name): the index's order, with the id


def cursor(pk):
    """The Cursor of institution `pk` (one query), or None for an id that is not a number or no row."""
    text = str(pk or "")
    if not text.isdigit():
        return None
    row = Institution.objects.filter(pk=int(text)).values_list("country", Lower("name")).first()
    return Cursor(int(text), *row) if row else None


class _CountrySlices:
    """The directory's rows in its order (country by country, then by name), read a page at a time
    as slices of the countries it covers, in one query. Each slice is an index-ordered read of its
    country (`institution_directory_order`) that starts where it must without walking the rows
    before it: at the country's first row, backwards from its last row, or after the row ending the
    page before (`after`, or before the row starting the page after: `before`). Only a page inside
    one country reached by its number alone walks rows: those between it and the nearer end of the
    country."""

    def __init__(self, institutions, countries, *, after=None, before=None):
        self.institutions, self.countries = institutions, countries  # [(rank, code, start, n)]
        self.after, self.before = after, before

    def _rows(self, code, first, last, start, n):
        """The ids of rows [first, last) of the country `code`, which holds rows [start, start + n)."""
        sort_name = Lower("name")
        country = self.institutions.filter(country=code).annotate(sort_name=sort_name)
        forwards = country.order_by(sort_name, "pk").values("pk")
        backwards = country.order_by(sort_name.desc(), "-pk").values("pk")
        size = last - first
        if first == start:
            return forwards[:size]
        if last == start + n:
            return backwards[:size]
        after, before = self.after, self.before
        if after is not None and after.country == code:
            return forwards.filter(sort_name__gte=after.sort_name).exclude(
                sort_name=after.sort_name, pk__lte=after.pk
            )[:size]
        if before is not None and before.country == code:
            return backwards.filter(sort_name__lte=before.sort_name).exclude(
                sort_name=before.sort_name, pk__gte=before.pk
            )[:size]
        if first - start <= start + n - last:
            return forwards[first - start : last - start]
        return backwards[start + n - last : start + n - first]

    def __getitem__(self, index):
        bottom, top = index.start, index.stop
        parts, whole = [], {}
        for rank, code, start, n in self.countries:
            first, last = max(bottom, start), min(top, start + n)
            if first >= last:
                continue
            if first == start and last == start + n:
                whole[code] = rank  # the whole country is on this page
                continue
            rows = self._rows(code, first, last, start, n)
            parts.append(Institution.objects.filter(pk__in=rows).annotate(rank=Value(rank)))
        if whole:
            rank = Case(*(When(country=code, then=Value(r)) for code, r in whole.items()), default=Value(0))
            parts.append(self.institutions.filter(country__in=list(whole)).annotate(rank=rank))
        if not parts:
            return []
        parts = [p.order_by().only(*DIRECTORY_FIELDS).annotate(sort_name=Lower("name")) for p in parts]
        return list(parts[0].union(*parts[1:], all=True).order_by("rank", "sort_name", "pk"))


DIRECTORY_FIELDS = ("name", "local_name", "country", "city", "region")


def directory(kind="", search="", region="", page=1, year=None, after=None, before=None) -> DirectoryPage:
    """Partners with an agreement in force in `year`, grouped region → country → institution.

    Three queries whatever the number of partners: the partners per country (kept by the services;
    they also order the countries by their name in the visitor's language and feed the region
    navigation), the page's institutions (slices of its countries, core.paging), and the kinds of
    agreement of that page. `after` / `before`: the Cursor the pager's link carried (the last row of
    the page before, the first of the page after), for a page inside one country.
    """
    year = academic.current_academic_year() if year is None else year
    kind = kind if kind in DIRECTORY_KINDS else ""
    search = search.strip()
    agreements = Agreement.objects.in_force(year).filter(institution=OuterRef("pk"))
    if kind:
        agreements = agreements.filter(DIRECTORY_KINDS[kind][1])
    institutions = Institution.objects.filter(is_home=False).filter(Exists(agreements))
    if search:
        institutions = institutions.filter(search_q(search))

    countries = sorted(
        ((region_code, Country(code).name, code, n) for region_code, code, n in _counts_per_country(
            institutions, kind, search, year
        )),
        key=lambda row: (REGION_ORDER.index(row[0]), str(row[1])),
    )  # fmt: skip
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

    # Where each country starts in the whole list: the page's slices, and "continued" on the pages after.
    starts, position = {}, 0
    for rank, (_r, _name, code, n) in enumerate(countries):
        starts[code] = (rank, position, n)
        position += n
    total = position
    current = page_of(
        _CountrySlices(
            institutions,
            [(rank, code, start, n) for code, (rank, start, n) in starts.items()],
            after=after,
            before=before,
        ),
        page,
        per_page=DIRECTORY_PAGE_SIZE,
        count=total,
    )

    entries = [PartnerEntry(institution) for institution in current.object_list]
    kinds_of = {}
    if entries:
        in_force = Agreement.objects.in_force(year).filter(
            institution__in=[e.institution.pk for e in entries]
        )
        if kind:
            in_force = in_force.filter(DIRECTORY_KINDS[kind][1])
        kind_labels = dict(AgreementKind.choices)
        for institution_id, agreement_kind in in_force.values_list("institution_id", "kind").order_by("kind"):
            labels = kinds_of.setdefault(institution_id, [])
            if kind_labels[agreement_kind] not in labels:
                labels.append(kind_labels[agreement_kind])

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
            _rank, start, country.total = starts[code]
            country.continued = start < first_index
            group.countries.append(country)
        country.partners.append(entry)
    ids = [entry.institution.pk for entry in entries]
    return DirectoryPage(
        list(regions.values()),
        region_counts,
        total,
        current,
        ids[0] if ids else None,
        ids[-1] if ids else None,
    )


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
