"""`{% load paris_time %}`: dates and instants formatted one way on every page, email and PDF.

Instants are shown in Europe/Paris whatever the active time zone, in the active language:

- `{{ instant|paris }}`: "1 November 2026, 23:59 Paris time" (a deadline, an offer's end: the
  sentence around it does not repeat the zone). Python code (emails, messages) calls `paris(dt)`.
- `{{ instant|paris_datetime }}`: "1 November 2026, 23:59" (a sentence naming the zone once for
  two instants: "from … to … (Paris time)").
- `{{ instant|paris_short }}`: "1 Nov 2026, 23:59", "1 nov. 2026, 23:59" (history lines and tables, where the page
  footer says once that every time is Paris time).
- `{{ date|day }}` (a date, or an instant's day in Paris): "1 November 2026"; `{{ date|day_short }}`: "1 Nov 2026"; `{{ date|month }}`:
  "November 2026".
- `{{ start|period:end }}`: "1 July 2026 – 14 July 2026" (the dates of a school, a session).
- `{{ deadline|closes_in }}` (or `closes_in:now`): "closes in 12 days", "closes in 5 hours", "closed".
  `closes_in_changes_at(deadline, now)`: when those words change next (a cached page expires then).
"""

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

PARIS = ZoneInfo("Europe/Paris")


def in_paris(value):
    """An aware datetime in Paris; dates (and naive datetimes) as they are."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, PARIS)
    return value


def paris(value):
    """'1 November 2026, 23:59 Paris time' in the active language."""
    local = in_paris(value)
    return _("%(date)s, %(time)s Paris time") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }


@register.filter(name="paris")
def paris_filter(value):
    return paris(value) if value else ""


# name: the language's date format (config/formats/<language>/formats.py: "1 Nov 2026" in English,
# "1 nov. 2026" in French); an instant is put in Paris first, an empty value gives "".
FORMATS = {
    "paris_datetime": "DATETIME_FORMAT",
    "paris_short": "SHORT_DATETIME_FORMAT",
    "day": "DATE_FORMAT",
    "day_short": "SHORT_DATE_FORMAT",
    "month": "YEAR_MONTH_FORMAT",
}


def formatter(date_format):
    def format_value(value):
        return formats.date_format(in_paris(value), date_format) if value else ""

    return format_value


for _name, _format in FORMATS.items():
    register.filter(_name, formatter(_format))
day = formatter(FORMATS["day"])
paris_short = formatter(FORMATS["paris_short"])


@register.filter
def period(start, end):
    return f"{day(start)} – {day(end)}"


@register.filter
def closes_in(deadline, now=None):
    now = now or timezone.now()
    delta = deadline - now
    if delta.total_seconds() < 0:
        return _("closed")
    days = delta.days
    if days >= 1:
        return ngettext("closes in %(n)d day", "closes in %(n)d days", days) % {"n": days}
    hours = int(delta.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("closes in %(n)d hour", "closes in %(n)d hours", hours) % {"n": hours}
    return _("closes in less than an hour")


def closes_in_changes_at(deadline, now):
    """The instant after which `closes_in(deadline)` says something else than at `now` (None once
    it says "closed": nothing changes any more)."""
    delta = deadline - now
    if delta.total_seconds() < 0:
        return None
    if delta.days >= 1:
        return deadline - datetime.timedelta(days=delta.days)
    hours = int(delta.total_seconds() // 3600)
    return deadline - datetime.timedelta(hours=hours)
