"""Academic years, as the school counts them: 2026–27 starts on 1 September 2026.

An academic year is stored as the integer of the calendar year it starts in (2026 for 2026–27).
"""

import datetime

from django.utils import timezone

FIRST_MONTH = 9


def academic_year_of(day: datetime.date | None = None) -> int:
    day = day or timezone.localdate()
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def current_academic_year() -> int:
    return academic_year_of()


def label(start_year: int) -> str:
    """2026 -> '2026–27'"""
    return f"{start_year}–{str(start_year + 1)[-2:]}"


def choices(span_back=6, span_forward=4):
    now = current_academic_year()
    return [(y, label(y)) for y in range(now - span_back, now + span_forward + 1)]
