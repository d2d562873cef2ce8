"""How mobility writes instants for people: always in Paris time."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def paris(dt):
    """'1 November 2026, 23:59 Paris time' in the active language."""
    local = timezone.localtime(dt)
    return _("%(date)s, %(time)s Paris time") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }
