"""Reads for the key figures: a few aggregate queries whatever the number of records."""

from django.db.models import Case, CharField, Count, Value, When
from django.utils.translation import gettext_lazy as _

from core import academic
from partners.models import AgreementKind, Direction

from ..models import MobilityRecord

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


def key_figures(years_shown=YEARS_SHOWN) -> dict:
    """Per category: the last `years_shown` academic years (every one, zero where none) ×
    direction, partners and countries.

    Three queries, whatever the number of records; an empty table gives empty figures.
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
    index = {(c["category"], c["academic_year"], c["direction"]): c for c in cells}
    totals = {(r["category"], r["direction"]): r for r in by_direction}
    categories = []
    for key, label, _kinds in CATEGORIES:
        if key == "short" and not overall.get(key):
            continue  # the brochure has no table for them; shown once there are records
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


def key_figures_rows(figures):
    """The tables of `key_figures` as rows (programme, direction, academic year, students,
    partners, countries) for the CSV download."""
    for category in figures["categories"]:
        for row in category["rows"]:
            for i, year in enumerate(figures["years"]):
                yield [
                    str(category["label"]),
                    str(row["label"]),
                    academic.label(year),
                    row["counts"][i],
                    row["partners"][i],
                    row["countries"][i],
                ]
