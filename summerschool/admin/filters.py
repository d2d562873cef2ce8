"""List filters more than one admin uses."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    Offering,
)

RECENT_OFFERINGS_LISTED = 30


def offering_filter(field_path):
    """A list filter by offering that lists the 30 latest offerings (and the one chosen), not every
    offering ever held: at 100,000 offerings the related-field filter made a 9 MB page (issue 19).
    Older offerings are found with the search box (the offering's title)."""

    class OfferingFilter(admin.SimpleListFilter):
        title = _("offering")
        parameter_name = f"{field_path}__id__exact"

        def lookups(self, request, model_admin):
            recent = list(
                Offering.objects.order_by("-starts_on", "-pk").only("pk", "title")[:RECENT_OFFERINGS_LISTED]
            )
            chosen = self.value()
            if chosen and chosen.isdigit() and all(str(o.pk) != chosen for o in recent):
                recent += list(Offering.objects.filter(pk=chosen).only("pk", "title"))
            return [(str(o.pk), o.title) for o in recent]

        def queryset(self, request, queryset):
            if self.value() and self.value().isdigit():
                return queryset.filter(**{f"{field_path}_id": self.value()})
            return queryset

    return OfferingFilter
