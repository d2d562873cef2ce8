"""Reads for the key figures: a few aggregate queries whatever the number of records."""

from django.db.models import Case, CharField, Count, Value, When
from django.utils.translation import gettext_lazy as _

from core import academic
from partners.models import AgreementKind, Direction

from ..models import MobilityRecord, Period
from ..models.calls import PERIODS_BY_KIND

YEARS_SHOWN = 6
# The brochure's tables: IMEP-like bilateral exchanges are academic exchanges too.
CATEGORIES = [
    (
        "academic",
        _("Academic exchanges"),
        [AgreementKind.ACADEMIC_EXCHANGE, AgreementKind.BILATERAL_EXCHANGE],
    ),
    ("clinical", _("Clinical placements"), [AgreementKind.CLINICAL_PLACEMENT]),
    ("short", _("Short programmes"), [AgreementKind.SUMMER_PROGRAMME]),
]
DIRECTIONS = [Direction.OUTGOING, Direction.INCOMING]
# The period asked, in the tables' words. A record imported from the office's past files may not say
# it: such records are counted as "not recorded", nothing is guessed from their dates.
NOT_RECORDED = "not_recorded"
PERIOD_LABELS = {
    Period.SEMESTER_1: _("First semester"),
    Period.SEMESTER_2: _("Second semester"),
    Period.FULL_YEAR: _("Full year"),
    Period.DATES: _("Placement dates"),
    NOT_RECORDED: _("Period not recorded"),
}
# The brochure's headline totals since 2021–22 (context/medical-school-international-brochure.txt:
# "211 outcoming / 416 incoming students" beside the academic table, "723 / 551" beside the
# clinical one) and what its yearly tables add up to: the page says how its own totals relate.
BROCHURE = {
    "academic": {"outgoing": 211, "incoming": 416, "table_outgoing": 151, "table_incoming": 271},
    "clinical": {"outgoing": 723, "incoming": 551, "table_outgoing": 723, "table_incoming": 504},
}


def _category():
    return Case(
        *[When(programme__in=kinds, then=Value(key)) for key, _label, kinds in CATEGORIES],
        default=Value("other"),
        output_field=CharField(),
    )


def _periods_of(kinds, seen):
    """The periods a category's table lists: those its programmes offer and any other recorded."""
    offered = {p for kind in kinds for p in PERIODS_BY_KIND.get(kind, ())} | set(seen)
    return [p for p in Period.values if p in offered] + [NOT_RECORDED]


def key_figures(years_shown=YEARS_SHOWN) -> dict:
    """Per category: the last `years_shown` academic years (every one, zero where none) ×
    direction, partners and countries, and the students of each direction by the period asked.

    Four queries, whatever the number of records; an empty table gives empty figures.
    """
    records = MobilityRecord.objects.annotate(category=_category())
    cells = list(
        records.values("category", "academic_year", "direction")
        .annotate(
            n=Count("id"),
            partners=Count("institution", distinct=True),
            countries=Count("country", distinct=True),
        )
        .order_by()
    )
    all_years = sorted({c["academic_year"] for c in cells})
    # Every year from the first shown to the last recorded, zero where nothing was recorded (a
    # missing column would hide a year; the brochure's tables have one per year).
    years = []
    if all_years:
        last = all_years[-1]
        years = list(range(max(all_years[0], last - years_shown + 1), last + 1))
    first = years[0] if years else None
    current = academic.current_academic_year()
    by_direction = list(
        records.filter(academic_year__gte=first or 0)
        .values("category", "direction")
        .annotate(
            n=Count("id"),
            partners=Count("institution", distinct=True),
            countries=Count("country", distinct=True),
        )
        .order_by()
    )
    overall = {
        row["category"]: row
        for row in records.filter(academic_year__gte=first or 0)
        .values("category")
        .annotate(
            n=Count("id"),
            partners=Count("institution", distinct=True),
            countries=Count("country", distinct=True),
        )
        .order_by()
    }
    by_period = {}  # (category, year, direction, period) → students
    for row in (
        records.filter(academic_year__gte=first or 0)
        .values("category", "academic_year", "direction", "period")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (row["category"], row["academic_year"], row["direction"], row["period"] or NOT_RECORDED)
        by_period[key] = by_period.get(key, 0) + row["n"]
    index = {(c["category"], c["academic_year"], c["direction"]): c for c in cells}
    totals = {(r["category"], r["direction"]): r for r in by_direction}
    categories = []
    for key, label, kinds in CATEGORIES:
        if key == "short" and not overall.get(key):
            continue  # the brochure has no table for them; shown once there are records
        periods = _periods_of(kinds, {k[3] for k in by_period if k[0] == key and k[3] != NOT_RECORDED})
        rows = []
        for direction in DIRECTIONS:
            counts = [index.get((key, y, direction), {}).get("n", 0) for y in years]
            partners = [index.get((key, y, direction), {}).get("partners", 0) for y in years]
            countries = [index.get((key, y, direction), {}).get("countries", 0) for y in years]
            total = totals.get((key, direction), {})
            rows.append(
                {
                    "direction": direction,
                    "label": Direction(direction).label,
                    "counts": counts,
                    "partners": partners,
                    "countries": countries,
                    "reach": list(zip(partners, countries, strict=True)),
                    "total": total.get("n", 0),
                    "total_partners": total.get("partners", 0),
                    "total_countries": total.get("countries", 0),
                    "by_period": [
                        {
                            "period": period,
                            "label": PERIOD_LABELS[period],
                            "counts": [by_period.get((key, y, direction, period), 0) for y in years],
                        }
                        for period in periods
                    ],
                }
            )
        whole = overall.get(key, {})
        categories.append(
            {
                "key": key,
                "label": label,
                "rows": rows,
                "brochure": BROCHURE.get(key),
                "total": whole.get("n", 0),
                "partners": whole.get("partners", 0),
                "countries": whole.get("countries", 0),
                # Both directions together, per period (the chart's stacks).
                "periods": [
                    {
                        "period": period,
                        "label": PERIOD_LABELS[period],
                        "counts": [
                            sum(by_period.get((key, y, d, period), 0) for d in DIRECTIONS) for y in years
                        ],
                    }
                    for period in periods
                ],
            }
        )
    return {
        "years": years,
        # The current year (and any later) is still being recorded: its column says so.
        "year_labels": [
            _("%(year)s (so far)") % {"year": academic.label(y)} if y >= current else academic.label(y)
            for y in years
        ],
        # The table's header: (label, still being recorded).
        "columns": [(academic.label(y), y >= current) for y in years],
        "since": academic.label(first) if first else "",
        "categories": categories,
    }


def key_figures_header():
    """The CSV's columns: the tables', then the students of each period asked (every period, so that
    every row has the same columns; "not recorded" last)."""
    return [
        _("Programme"),
        _("Direction"),
        _("Academic year"),
        _("Students"),
        _("Partners"),
        _("Countries"),
        *[_("Students: %(period)s") % {"period": label} for label in PERIOD_LABELS.values()],
    ]


def key_figures_rows(figures):
    """The tables of `key_figures` as rows (programme, direction, academic year, students,
    partners, countries, then students per period asked) for the CSV download."""
    for category in figures["categories"]:
        for row in category["rows"]:
            per_period = {p["period"]: p["counts"] for p in row["by_period"]}
            for i, year in enumerate(figures["years"]):
                yield [
                    str(category["label"]),
                    str(row["label"]),
                    academic.label(year),
                    row["counts"][i],
                    row["partners"][i],
                    row["countries"][i],
                    *[per_period[p][i] if p in per_period else 0 for p in PERIOD_LABELS],
                ]
