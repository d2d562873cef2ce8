from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..formats import paris as paris_time

register = template.Library()


@register.filter
def paris(value):
    """'1 November 2026, 23:59 Paris time'"""
    return paris_time(value) if value else ""


@register.filter
def closes_in(deadline, now=None):
    """'closes in 12 days', 'closes in 5 hours', 'closed'."""
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


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
